"""Production: PostgreSQL (DATABASE_URL), Elasticsearch (ELASTICSEARCH_URL), gunicorn behind TLS."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of at least 50 characters.")

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

# TLS ends at the reverse proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if host]  # noqa: F405
SEARCH_REQUIRE_HUNSPELL = True  # a missing hunspell-kk is a start-up error, not suffix-only stemming
AUDIT_REQUIRE_KEY = True  # a missing or short AUDIT_CHAIN_KEY is a start-up error (records/checks.py)
# nginx sends the stored files after the views' checks: "<prefix>media/" and "<prefix>evidence/" are
# `internal` locations aliasing MEDIA_ROOT and RECORDER_STORAGE_ROOT (README, Production).
PROTECTED_FILES_ACCEL_PREFIX = os.environ.get("PROTECTED_FILES_ACCEL_PREFIX", "/protected/")
RECORDS_PAYMENT_GATEWAY = os.environ.get("RECORDS_PAYMENT_GATEWAY", "records.payments.HttpPaymentGateway")


# Notifications: e-mail over SMTP, SMS through the gateway (records.notifications.sms.HttpBackend).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
RECORDS_SMS_BACKEND = os.environ.get("RECORDS_SMS_BACKEND", "records.notifications.sms.HttpBackend")
