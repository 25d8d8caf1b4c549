"""Settings of the certificates app, each with a default so that a project only overrides what differs."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"  # Debian fonts-dejavu-core
DEFAULT_ISSUER = "Жамбыл облысы әкімдігінің ветеринария басқармасы"
FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


def font_dir() -> Path:
    return Path(getattr(settings, "CERTIFICATE_FONT_DIR", DEFAULT_FONT_DIR))


def font_paths() -> dict[str, Path]:
    folder = font_dir()
    return {style: folder / name for style, name in FONT_FILES.items()}


def default_issuer() -> str:
    return getattr(settings, "CERTIFICATE_ISSUER", DEFAULT_ISSUER)


def verify_base_url() -> str:
    """Scheme and host printed in the QR codes; the path comes from the URLconf."""
    base = getattr(settings, "CERTIFICATE_VERIFY_BASE_URL", "") or getattr(
        settings, "WAGTAILADMIN_BASE_URL", ""
    )
    return (base or "http://127.0.0.1:8000").rstrip("/")


def verify_rate() -> tuple[int, int]:
    """(requests, seconds) allowed per client address on the public verification page."""
    return tuple(getattr(settings, "CERTIFICATE_VERIFY_RATE", (30, 60)))


def max_upload_bytes() -> int:
    return int(getattr(settings, "CERTIFICATE_VERIFY_MAX_UPLOAD", 20 * 1024 * 1024))


def holder_id_resolver() -> str:
    """Dotted path of ``callable(user) -> str | None`` giving the IIN/BIN a signed-in applicant acts for.

    Set by the records app (which knows applicants); unset means only staff download from our view.
    """
    return getattr(settings, "CERTIFICATE_HOLDER_ID_RESOLVER", "")
