"""System checks of the records app: production does not start without the audit chain's key."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

_DEV_KEYS = ("dev-only-audit-chain-key-not-secret", "test-audit-chain-key-not-secret")
_MIN_KEY_LENGTH = 32


@register()
def audit_chain_key(app_configs, **kwargs) -> list[Error]:
    """With ``AUDIT_REQUIRE_KEY`` (production): a key of its own, long enough to be guessed by no one."""
    key = getattr(settings, "AUDIT_CHAIN_KEY", "")
    if not getattr(settings, "AUDIT_REQUIRE_KEY", False):
        return []
    if len(key) >= _MIN_KEY_LENGTH and key not in _DEV_KEYS:
        return []
    return [
        Error(
            "AUDIT_CHAIN_KEY is missing, too short or a development key.",
            hint=f"Set the environment variable AUDIT_CHAIN_KEY to a random string of at least"
            f" {_MIN_KEY_LENGTH} characters, kept outside the database"
            " (`python -c 'import secrets; print(secrets.token_hex())'`).",
            id="records.E001",
        )
    ]
