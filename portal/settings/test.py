"""pytest: fast hashing, in-memory email, no throttling except in the tests that enable it."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key"
AUDIT_CHAIN_KEY = "test-audit-chain-key-not-secret"  # fixed and public: tests only
# Per test process, outside the tree: a developer's checkpoints must not meet a test database's log.
AUDIT_CHECKPOINT_PATH = Path(tempfile.gettempdir()) / f"portal-test-audit-checkpoints-{os.getpid()}.jsonl"  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
RECORDS_SMS_BACKEND = "records.notifications.sms.LocmemBackend"
AXES_ENABLED = False
# A per-process cache is enough in one pytest process (and faster); tests/certificates/test_shared_limits.py
# runs real workers on the shared caches.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "portal",
        "TIMEOUT": 3600,
    }
}
# Whole act pages and their tokens (portal.page_cache): per process too; tests/e2e runs real processes.
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal-pages"}
CACHES["page_versions"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pagever"}
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
ALLOWED_HOSTS = ["*"]

# Serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Search: the osmem test server speaks the Elasticsearch API but only plain application/json.
SEARCH_ES_NODE_CLASS = "search.testing.PlainJsonNode"
SEARCH_ES_REFRESH = True

# Signed documents: the test PKI (certificates.testpki) under test-artifacts/, written once; offline like the
# demo.  tests/certificates/pki.py switches to the online services (OCSP, CRL, TSA over HTTP, mocked).
CERTIFICATES_TEST_PKI = BASE_DIR / "test-artifacts" / "test_pki"  # noqa: F405
CERTIFICATES_SIGNING_KEYS = {"*": {"pkcs12": str(CERTIFICATES_TEST_PKI / "roles" / "{role}.p12")}}
CERTIFICATES_TSA_LOCAL = {"pkcs12": str(CERTIFICATES_TEST_PKI / "tsa.p12")}
CERTIFICATES_TRUST_ROOTS = [str(CERTIFICATES_TEST_PKI / "root.pem")]
CERTIFICATES_CRLS = [str(CERTIFICATES_TEST_PKI / "crl" / name) for name in ("root.crl", "interm.crl")]
CERTIFICATES_REVOCATION_FETCH = False
