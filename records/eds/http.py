"""The HTTP adapter (``records.eds.http.verify``) for the national GOST-capable signature verification
service used in production.  The service verifies the signature, the chain (with OCSP/CRL) and the challenge.

Request: ``POST RECORDS_EDS_SERVICE_URL`` with ``Content-Type: application/json`` and the body::

    {"challenge": "<base64 of the challenge bytes>", "signature": "<base64 CMS or the signed XML>",
     "format": "cms" | "xml"}

Answer (HTTP 200, JSON)::

    {"valid": true,  "iin": "123456789012", "bin": "" | "123456789012", "name": "…",
     "organisation": "…" (optional), "serial": "<certificate serial>", "issuer": "…" (optional),
     "error": null}
    {"valid": false, "error": "<code>"}

``error`` is one of ``malformed``, ``bad_signature``, ``challenge_mismatch``, ``expired``, ``untrusted``,
``revoked``, ``key_usage``, ``no_iin``, ``unsupported_algorithm`` (each mapped to the same
``records.eds.errors`` class the local verifier raises); any other code, another status or a body that is not
this JSON is ``ServiceError``; no answer within ``RECORDS_EDS_SERVICE_TIMEOUT`` seconds (default 10) is
``ServiceUnreachable``.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request

from django.conf import settings

from ..identifiers import normalize
from . import SignedPayload, SignerIdentity
from .errors import BY_CODE, NoIdentifier, ServiceError, ServiceUnreachable
from .subject import valid_identity


def _post(body: dict) -> dict:
    url = getattr(settings, "RECORDS_EDS_SERVICE_URL", "")
    if not url:
        raise ServiceUnreachable("RECORDS_EDS_SERVICE_URL is not set")
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    timeout = float(getattr(settings, "RECORDS_EDS_SERVICE_TIMEOUT", 10))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read(1_000_000)
    except urllib.error.HTTPError as error:
        raise ServiceError(f"HTTP {error.code} from {url}") from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise ServiceUnreachable(f"{url}: {error}") from error
    try:
        answer = json.loads(raw)
    except ValueError as error:
        raise ServiceError(f"not JSON: {raw[:200]!r}") from error
    if not isinstance(answer, dict) or not isinstance(answer.get("valid"), bool):
        raise ServiceError(f"unexpected answer: {raw[:200]!r}")
    return answer


def _text(answer: dict, key: str) -> str:
    value = answer.get(key) or ""
    if not isinstance(value, str):
        raise ServiceError(f"{key} is not a string")
    return value.strip()


def verify(challenge: bytes, signed: SignedPayload) -> SignerIdentity:
    answer = _post(
        {
            "challenge": base64.b64encode(challenge).decode(),
            "signature": signed.data,
            "format": signed.format,
        }
    )
    if not answer["valid"]:
        code = answer.get("error")
        if code in BY_CODE:
            raise BY_CODE[code](f"service: {code}")
        raise ServiceError(f"service error {code!r}")
    identity = SignerIdentity(
        iin=normalize(_text(answer, "iin")),
        name=" ".join(_text(answer, "name").split()),
        bin=normalize(_text(answer, "bin")),
        organisation=_text(answer, "organisation"),
        serial=_text(answer, "serial"),
        issuer=_text(answer, "issuer") or "verification service",
    )
    if not valid_identity(identity):
        raise NoIdentifier(f"service answered iin={identity.iin!r} bin={identity.bin!r}")
    return identity
