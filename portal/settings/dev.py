"""The one-command demo: SQLite, embedded search, debug pages."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-secret-key-not-for-production"  # noqa: F405
# A fixed, public key: the demo's audit chain proves nothing; production reads its own from the environment.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY") or "dev-only-audit-chain-key-not-secret"  # noqa: F405
# Notifications land in files (var/mail/, var/sms/; EMAIL_FILE_PATH, RECORDS_SMS_FILE_PATH) for the demo.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")  # noqa: F405
RECORDS_SMS_BACKEND = os.environ.get("RECORDS_SMS_BACKEND", "records.notifications.sms.FileBackend")  # noqa: F405
SEARCH_OUTBOX_INLINE = env_bool("SEARCH_OUTBOX_INLINE", True)  # no worker to run in the demo

# Serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# EDS sign-in: seed_demo writes a demo PKI here (var/ is not committed); its root is trusted and the login
# page offers its demo certificates (DEBUG only).
RECORDS_EDS_DEMO_PKI = Path(os.environ.get("RECORDS_EDS_DEMO_PKI") or BASE_DIR / "var" / "demo_pki")  # noqa: F405
RECORDS_EDS_TRUST_ROOTS = [*RECORDS_EDS_TRUST_ROOTS, str(RECORDS_EDS_DEMO_PKI / "root.pem")]  # noqa: F405
RECORDS_EDS_DEMO_SIGNER = str(RECORDS_EDS_DEMO_PKI) if DEBUG else ""

# Signed documents: a throwaway test PKI under var/test_pki (certificates.testpki, written on first use or by
# `manage.py make_demo_pki`); timestamps by its TSA key in-process and its CRLs from disk: `make run` has no
# TSA/OCSP server (docs/decisions.md, "Signed documents").  Every document it signs says TEST PKI.
CERTIFICATES_TEST_PKI = Path(os.environ.get("CERTIFICATES_TEST_PKI") or BASE_DIR / "var" / "test_pki")  # noqa: F405
CERTIFICATES_SIGNING_KEYS = {"*": {"pkcs12": str(CERTIFICATES_TEST_PKI / "roles" / "{role}.p12")}}
CERTIFICATES_TSA_LOCAL = {"pkcs12": str(CERTIFICATES_TEST_PKI / "tsa.p12")}
CERTIFICATES_TRUST_ROOTS = [str(CERTIFICATES_TEST_PKI / "root.pem")]
CERTIFICATES_CRLS = [str(CERTIFICATES_TEST_PKI / "crl" / name) for name in ("root.crl", "interm.crl")]
CERTIFICATES_REVOCATION_FETCH = False
