"""Signing keys on a PKCS#11 token (a hardware security module, a smart card, SoftHSM in the tests).

One session per token and process, opened with the first key it serves and shared by every role whose key
the token holds: logging in costs more than a signature, a token allows few sessions, and PKCS#11 logs in
the whole process (a second login fails, a logout ends every session).  ``close_all()`` logs out when the
signing keys are reset (certificates.signing.reset: settings changed, a token error) and at process exit.

A settings entry (``CERTIFICATES_SIGNING_KEYS[role]["pkcs11"]``)::

    {"module": "/usr/lib/softhsm/libsofthsm2.so", "token_label": "vet-signing",
     "key_label": "head", "cert_label": "head", "pin_env": "VET_TOKEN_PIN",
     "chain": "/etc/vet/signing-ca.pem"}

``cert_label`` defaults to ``key_label``; the CA certificates come from the token itself and from the
optional ``chain`` file (PEM), so that the chain can be validated and embedded.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _


class TokenError(Exception):
    """A key on a token cannot be used; the message is translated for the user."""


_sessions: dict[tuple, Any] = {}
_lock = threading.Lock()


def signer(entry: dict, role: str):
    """A pyHanko PKCS11Signer for ``entry`` with its certificate and key handle already looked up (so that a
    wrong label fails here, at load time, not in the middle of an issue)."""
    from pyhanko.sign.pkcs11 import PKCS11Signer

    from certificates import cms
    from certificates.keys import PreparedCms

    class TokenSigner(PreparedCms, PKCS11Signer):
        """The CMS around the token's signature written from parts prepared once (certificates.cms)."""

        async def _signature(self, data: bytes) -> bytes:
            return await self.async_sign_raw(data, "sha256")

    key_label = entry.get("key_label")
    signer = TokenSigner(
        _session(entry, role),
        cert_label=entry.get("cert_label") or key_label,
        key_label=key_label,
        ca_chain=_chain(entry.get("chain")),
        other_certs_to_pull=None,  # every certificate on the token: the CA certificates beside the key
    )
    try:
        signer._load_objects()  # pyHanko's lookup of the certificate and the key handle
    except Exception as error:
        raise TokenError(
            _("The key or certificate “%(label)s” is not on the signing token of “%(role)s”.")
            % {"label": key_label or entry.get("cert_label") or "", "role": role}
        ) from error
    signer.template = cms.Template.of(signer)
    return signer


def close_all() -> None:
    """Log out of and close every session (errors of a token already gone are ignored)."""
    with _lock:
        sessions = list(_sessions.values())
        _sessions.clear()
    for session in sessions:
        try:
            session.close()
        except Exception:  # noqa: BLE001, S110 - the token may have been removed meanwhile
            pass


def _session(entry: dict, role: str):
    # By token, not by PIN: the login is the token's (PKCS#11 logs the whole process in), and a second
    # C_Login on it fails.
    key = (entry.get("module"), entry.get("token_label"))
    with _lock:
        if key not in _sessions:
            _sessions[key] = _open(entry, role)
        return _sessions[key]


def _open(entry: dict, role: str):
    from pkcs11 import exceptions as p11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    module = entry.get("module", "")
    if not Path(module).is_file():
        raise TokenError(
            _("The PKCS#11 module of the signing token of “%(role)s” is missing (%(path)s).")
            % {"role": role, "path": module}
        )
    pin_env = entry.get("pin_env")
    pin = os.environ.get(pin_env, "") if pin_env else ""
    label = entry.get("token_label") or ""
    try:
        return open_pkcs11_session(
            module, token_criteria=TokenCriteria(label=label or None), user_pin=pin or None
        )
    except (p11.PinIncorrect, p11.PinInvalid, p11.PinLenRange, p11.PinExpired) as error:
        raise TokenError(
            _("The PIN of the signing token “%(token)s” of “%(role)s” is wrong (variable %(variable)s).")
            % {"token": label, "role": role, "variable": pin_env or "—"}
        ) from error
    except p11.PinLocked as error:
        raise TokenError(
            _("The signing token “%(token)s” of “%(role)s” is locked after wrong PINs.")
            % {"token": label, "role": role}
        ) from error
    except p11.PKCS11Error as error:
        # pyHanko raises the bare PKCS11Error when no slot holds a token with that label.
        if "No token" in str(error) or isinstance(error, (p11.NoSuchToken, p11.TokenNotPresent)):
            raise TokenError(
                _("The signing token “%(token)s” of “%(role)s” is not connected.")
                % {"token": label, "role": role}
            ) from error
        raise TokenError(
            _("The signing token “%(token)s” of “%(role)s” cannot be opened: %(error)s")
            % {"token": label, "role": role, "error": type(error).__name__}
        ) from error


def _chain(path: str | None) -> list:
    if not path:
        return []
    from asn1crypto import pem, x509

    data = Path(path).read_bytes()
    return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]


def token_errors() -> tuple[type[BaseException], ...]:
    """The exceptions a token may raise while signing (removed, logged out), for the callers to catch."""
    try:
        from pkcs11.exceptions import PKCS11Error
    except ImportError:  # python-pkcs11 is optional (pyHanko's [pkcs11] extra)
        return (TokenError,)
    return (TokenError, PKCS11Error)
