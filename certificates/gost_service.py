"""The HTTP adapter for the national verification service, which checks what this process cannot: PDF
signatures made with GOST 34.10 / 34.310 keys (the style of records.eds.http, the sign-in adapter).

Request: ``POST CERTIFICATES_GOST_SERVICE_URL`` with ``Content-Type: application/json`` and the body
``{"document": "<base64 of the PDF>", "format": "pdf"}``.

Answer (HTTP 200, JSON)::

    {"valid": true, "signer": "…", "serial": "<certificate serial>", "signed_at": "<ISO 8601>"}
    {"valid": false, "error": "<code>", "signer": "…" (optional)}

``error`` is one of ``modified``, ``untrusted``, ``revoked``, ``expired``, ``no_timestamp``,
``no_validation_data`` (reported as such); any other code is ``damaged``.  No answer within
``CERTIFICATES_GOST_SERVICE_TIMEOUT`` seconds, another status or a body that is not this JSON is
``service_unavailable``: the page says to try again, never that the signature is valid.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.request
from datetime import datetime

from django.conf import settings

from certificates import signature_check as sc

logger = logging.getLogger(__name__)
SERVICE_ERRORS = {
    sc.MODIFIED,
    sc.UNTRUSTED,
    sc.REVOKED,
    sc.EXPIRED,
    sc.NO_TIMESTAMP,
    sc.NO_VALIDATION_DATA,
}


class _Unavailable(Exception):
    pass


def check(data: bytes) -> sc.SignatureReport:
    try:
        answer = _post({"document": base64.b64encode(data).decode(), "format": "pdf"})
    except _Unavailable as error:
        logger.warning("GOST verification service: %s", error)
        return sc.SignatureReport(sc.SERVICE_UNAVAILABLE, detail=str(error), checked_by_service=True)
    facts = {
        "signer": _text(answer, "signer"),
        "serial": _text(answer, "serial"),
        "signed_at": _moment(answer.get("signed_at")),
        "checked_by_service": True,
    }
    if answer["valid"]:
        return sc.SignatureReport(sc.VALID, **facts)
    code = answer.get("error")
    outcome = code if code in SERVICE_ERRORS else sc.DAMAGED
    return sc.SignatureReport(outcome, detail=f"service: {code}", **facts)


def _post(body: dict) -> dict:
    url = getattr(settings, "CERTIFICATES_GOST_SERVICE_URL", "")
    if not url:
        raise _Unavailable("CERTIFICATES_GOST_SERVICE_URL is not set")
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    timeout = float(getattr(settings, "CERTIFICATES_GOST_SERVICE_TIMEOUT", 10))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read(1_000_000)
    except urllib.error.HTTPError as error:
        raise _Unavailable(f"HTTP {error.code} from {url}") from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise _Unavailable(f"{url}: {error}") from error
    try:
        answer = json.loads(raw)
    except ValueError as error:
        raise _Unavailable(f"not JSON: {raw[:200]!r}") from error
    if not isinstance(answer, dict) or not isinstance(answer.get("valid"), bool):
        raise _Unavailable(f"unexpected answer: {raw[:200]!r}")
    return answer


def _text(answer: dict, key: str) -> str:
    value = answer.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
