"""Support for running against osmem-server (tests, benchmarks): an in-memory server speaking the
Elasticsearch API that accepts only plain ``application/json``.  Production keeps the stock client."""

from __future__ import annotations

import re
import socket
from typing import Any

from elastic_transport import HttpHeaders, Urllib3HttpNode

_VENDOR_MIME = re.compile(r"application/vnd\.elasticsearch\+([\w-]+);\s*compatible-with=\d+")


class PlainJsonNode(Urllib3HttpNode):
    """Sends «application/json» where the client sends «application/vnd.elasticsearch+json;
    compatible-with=9» (and x-ndjson likewise)."""

    def perform_request(
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: HttpHeaders | None = None,
        **kwargs: Any,
    ):
        if headers:
            headers = HttpHeaders(
                {name: _VENDOR_MIME.sub(r"application/\1", value) for name, value in headers.items()}
            )
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_osmem(port: int | None = None, seed: list[str] | None = None):
    """Start an osmem-server on 127.0.0.1:``port`` (a free one by default); returns the OsmemServer
    (``.url``, ``.close()``)."""
    from osmem_server import OsmemServer

    return OsmemServer.start(seed=seed, japanese=False, addr=f"127.0.0.1:{port or free_port()}")
