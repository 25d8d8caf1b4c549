"""pytest: fast hashing, in-memory email, no throttling except in the tests that enable it."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = False
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
ALLOWED_HOSTS = ["*"]
