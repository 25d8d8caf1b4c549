"""pytest: fast hashing, in-memory email, no throttling except in the tests that enable it."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = False
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
ALLOWED_HOSTS = ["*"]

# Serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Search: the osmem test server speaks the Elasticsearch API but only plain application/json.
SEARCH_ES_NODE_CLASS = "search.testing.PlainJsonNode"
SEARCH_ES_REFRESH = True
