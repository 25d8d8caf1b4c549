"""PAdES signatures on issued documents (pyHanko): the key of the signing official's role, a trusted
timestamp, and the validation data of the chain embedded (PAdES-B-LT), so the PDF proves itself years later.

Settings (portal/settings; docs/decisions.md, "Signed documents"):

- ``CERTIFICATES_SIGNING_KEYS``: role -> ``{"pkcs12": path, "passphrase_env": NAME}`` or
  ``{"pkcs11": {"module": path, "token_label": …, "key_label": …, "cert_label": …, "pin_env": NAME}}``;
  the entry ``"*"`` serves every role not named (``{role}`` in its path is replaced).  Empty: documents are
  issued unsigned (a development machine without a PKI; a deployment check warns).
- ``CERTIFICATES_TSA_URL``: the RFC 3161 timestamp server; ``CERTIFICATES_TSA_LOCAL`` (``{"pkcs12": path}``)
  stamps in-process instead (the demo and the tests: a test PKI's own TSA key).
- ``CERTIFICATES_TRUST_ROOTS``, ``CERTIFICATES_CRLS`` (files), ``CERTIFICATES_REVOCATION_FETCH`` (fetch the
  OCSP/CRL the certificates name): what the chain is validated and its revocation data collected with.
- ``CERTIFICATES_TEST_PKI``: a directory for ``certificates.testpki`` (written on first use); every document
  signed then says TEST PKI.

Keys, certificates and the revocation data of the chains are loaded once per process and reused for
``CERTIFICATES_SIGNER_CACHE_SECONDS``: a document costs one hash, one private-key operation and its
timestamp.
"""

from __future__ import annotations

import asyncio
import atexit
import io
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.utils.translation import gettext as _
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

FIELD_NAME = "Signature1"


class SigningError(ValidationError):
    """The document cannot be signed; the message is translated for the user (a ValidationError, so that the
    callers' forms and API show it like any other refusal)."""


@dataclass(frozen=True)
class SigningKey:
    role: str
    signer: Any  # pyhanko.sign.signers.Signer
    serial: str  # of the certificate, hexadecimal
    issuer: str  # common name of the certification authority
    test_pki: bool


T = TypeVar("T")


def run_outside_event_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call one of pyHanko's synchronous functions, which run their coroutines with ``asyncio.run``: that
    fails in a thread whose event loop is running (an ASGI server, a Playwright session driving the same
    thread), so there it runs in a short-lived worker thread, and the caller waits for it."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def enabled() -> bool:
    """Are issued documents signed (some key configured)?"""
    return bool(getattr(settings, "CERTIFICATES_SIGNING_KEYS", None))


def key_for(role: str) -> SigningKey:
    """The loaded key of ``role`` (raises SigningError when none is configured or it cannot be read)."""
    return _toolkit().key(role)


def sign(pdf: bytes, key: SigningKey, *, page: int, box: tuple[float, ...]) -> bytes:
    """``pdf`` with a PAdES-B-LT signature by ``key`` whose field covers ``box`` on ``page`` (the block the
    layout drew; the field itself has no appearance of its own)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError as HankoError
    from pyhanko.sign.timestamps import TimestampRequestError
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.stamp import NoOpStampStyle

    from certificates import tokens

    toolkit = _toolkit()
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        # The validation data goes in with the signature (below), collected once per process: pyHanko's own
        # embed_validation_info would validate the chain and append a second revision for every document.
        embed_validation_info=False,
        use_pades_lta=False,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=key.signer,
        timestamper=toolkit.timestamper,
        stamp_style=NoOpStampStyle(),
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=page, box=tuple(box)),
    )
    try:
        with toolkit.lock:
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
            DocumentSecurityStore.supply_dss_in_writer(writer, None, **toolkit.validation_data(key))
            out = run_outside_event_loop(pdf_signer.sign_pdf, writer, bytes_reserved=toolkit.reserve)
    except TimestampRequestError as error:
        raise SigningError(
            _("The timestamp service does not answer, so the document could not be signed. Try again later.")
        ) from error
    except (HankoError, OSError, ValueError, *tokens.token_errors()) as error:
        if isinstance(error, tokens.token_errors()) or isinstance(error.__cause__, tokens.token_errors()):
            reset()  # a token removed or logged out: the next document opens it again
        raise SigningError(
            _("The document could not be signed with the key of “%(role)s”: %(error)s")
            % {"role": key.role, "error": error}
        ) from error
    return out.getvalue()


def reset() -> None:
    """Forget the loaded keys and revocation data (settings changed; a key rotated)."""
    global _cached
    with _cache_lock:
        _cached = None
    from certificates import tokens

    tokens.close_all()  # log out: the next key loaded opens its token again


# --- the per-process toolkit ---------------------------------------------------------------------------

_cached: _Toolkit | None = None
_cache_lock = threading.Lock()


def _toolkit() -> _Toolkit:
    global _cached
    with _cache_lock:
        lifetime = float(getattr(settings, "CERTIFICATES_SIGNER_CACHE_SECONDS", 3600))
        if _cached is None or time.monotonic() - _cached.created > lifetime:
            _cached = _Toolkit()  # token sessions are the process's (certificates.tokens): they stay open
        return _cached


class _Toolkit:
    """Keys, the timestamper and the validation context (with the revocation data it fetched) of one
    process; rebuilt after CERTIFICATES_SIGNER_CACHE_SECONDS so that fresh OCSP answers are embedded."""

    def __init__(self) -> None:
        self.created = time.monotonic()
        self.lock = threading.Lock()
        self.test_pki = _test_pki_directory()
        if self.test_pki:
            from certificates import testpki

            testpki.ensure(self.test_pki)
        self.validation_context = validation_context(fetch=_fetching())
        self.timestamper = _timestamper()
        self._keys: dict[str, SigningKey] = {}
        # Room for the CMS: pyHanko would otherwise make a whole dummy signature (and timestamp) per document
        # to measure it.  Certificates, a timestamp token and their headroom fit; a bigger chain raises it.
        self.reserve = int(getattr(settings, "CERTIFICATES_SIGNATURE_BYTES", 16384))

        self._validation_data: dict[str, dict] = {}

    def key(self, role: str) -> SigningKey:
        with self.lock:
            if role not in self._keys:
                self._keys[role] = _load_key(role, test_pki=bool(self.test_pki))
            return self._keys[role]

    def validation_data(self, key: SigningKey) -> dict:
        """The chains of the key and of the TSA with their OCSP answers and CRLs (fetched once): what a
        validator needs years later.  Refuses a key that is revoked, expired or not trusted now."""
        if key.role not in self._validation_data:
            try:
                paths = run_outside_event_loop(asyncio.run, self._paths(key))
            except (PathBuildingError, PathValidationError) as error:
                raise SigningError(
                    _("The certificate of “%(role)s” is revoked, expired or not trusted: %(error)s")
                    % {"role": key.role, "error": error}
                ) from error
            context = self.validation_context
            self._validation_data[key.role] = {
                "paths": paths,
                "ocsps": list(context.ocsps),
                "crls": list(context.crls),
            }
        return self._validation_data[key.role]

    async def _paths(self, key: SigningKey) -> list:
        from pyhanko_certvalidator import CertificateValidator

        validator = CertificateValidator(
            key.signer.signing_cert,
            intermediate_certs=key.signer.cert_registry,
            validation_context=self.validation_context,
        )
        paths = [await validator.async_validate_usage({"non_repudiation"})]
        paths.extend([path async for path in self.timestamper.validation_paths(self.validation_context)])
        return paths


def ensure_test_pki() -> None:
    """Write the configured test PKI if it is not there yet (its root is then a trust root)."""
    directory = _test_pki_directory()
    if directory:
        from certificates import testpki

        testpki.ensure(directory)


def _test_pki_directory() -> Path | None:
    value = getattr(settings, "CERTIFICATES_TEST_PKI", "")
    return Path(value) if value else None


def _fetching() -> bool:
    return bool(getattr(settings, "CERTIFICATES_REVOCATION_FETCH", True))


def trust_roots() -> list:
    from asn1crypto import pem, x509

    roots = []
    for path in getattr(settings, "CERTIFICATES_TRUST_ROOTS", []):
        data = Path(path).read_bytes()
        if pem.detect(data):
            roots.extend(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True))
        else:
            roots.append(x509.Certificate.load(data))
    return roots


def offline_crls() -> list[bytes]:
    return [Path(path).read_bytes() for path in getattr(settings, "CERTIFICATES_CRLS", [])]


def validation_context(*, fetch: bool, **extra: Any):
    """A pyHanko validation context on the configured roots (hard-fail revocation checking)."""
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

    return ValidationContext(
        trust_roots=trust_roots(),
        crls=[*offline_crls(), *extra.pop("crls", [])],
        allow_fetching=fetch,
        # requests, not aiohttp: one backend for the whole process, whatever event loop signs.
        fetcher_backend=RequestsFetcherBackend() if fetch else None,
        revocation_mode="hard-fail",
        **extra,
    )


def _timestamper():
    url = getattr(settings, "CERTIFICATES_TSA_URL", "")
    if url:
        # requests, not aiohttp (pyHanko's default when installed): one client whatever event loop signs.
        from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper

        timeout = float(getattr(settings, "CERTIFICATES_TSA_TIMEOUT", 10))
        return HTTPTimeStamper(url, timeout=timeout)
    local = getattr(settings, "CERTIFICATES_TSA_LOCAL", None)
    if local:
        from certificates.keys import KeptKeyTimeStamper

        tsa = _load_pkcs12(local, "TSA")
        return KeptKeyTimeStamper(
            tsa_cert=tsa.signing_cert,
            tsa_key=tsa.signing_key,
            certs_to_embed=tsa.cert_registry,
        )
    raise SigningError(_("No timestamp authority is configured: documents cannot be signed."))


def _entry(role: str) -> dict:
    keys = getattr(settings, "CERTIFICATES_SIGNING_KEYS", {}) or {}
    entry = keys.get(role) or keys.get("*")
    if not entry:
        raise SigningError(_("No signing key is configured for the role “%(role)s”.") % {"role": role})
    return _with_role(entry, role)


def _with_role(value: Any, role: str) -> Any:
    """``value`` with ``{role}`` replaced in its strings, nested ones too (a PKCS#11 entry's labels)."""
    if isinstance(value, str):
        return value.replace("{role}", role)
    if isinstance(value, dict):
        return {name: _with_role(item, role) for name, item in value.items()}
    return value


def _load_key(role: str, *, test_pki: bool) -> SigningKey:
    entry = _entry(role)
    signer = _load_pkcs11(entry["pkcs11"], role) if "pkcs11" in entry else _load_pkcs12(entry, role)
    cert = signer.signing_cert
    return SigningKey(
        role=role,
        signer=signer,
        serial=format(cert.serial_number, "X"),
        issuer=cert.issuer.native.get("common_name", cert.issuer.human_friendly),
        test_pki=test_pki,
    )


def _passphrase(entry: dict) -> bytes | None:
    name = entry.get("passphrase_env")
    value = os.environ.get(name, "") if name else ""
    return value.encode() if value else None


def _load_pkcs12(entry: dict, role: str):
    from pyhanko.sign import signers

    path = Path(entry.get("pkcs12", ""))
    if not path.is_file():
        raise SigningError(
            _("The signing key of “%(role)s” is missing (%(path)s).") % {"role": role, "path": path}
        )
    signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=_passphrase(entry))
    if signer is None:  # pyHanko logs why: a wrong passphrase, a damaged file
        raise SigningError(
            _("The signing key of “%(role)s” cannot be opened (%(path)s).") % {"role": role, "path": path}
        )
    from certificates.keys import KeptKeySigner

    return KeptKeySigner.of(signer)


def _load_pkcs11(entry: dict, role: str):
    from certificates import tokens

    try:
        return tokens.signer(entry, role)
    except tokens.TokenError as error:
        raise SigningError(str(error)) from error


def _forget(*, setting: str, **_kwargs: Any) -> None:
    if setting.startswith("CERTIFICATES_"):
        reset()


setting_changed.connect(_forget, dispatch_uid="certificates.signing.reset")
atexit.register(reset)  # log out of the tokens when the process ends
