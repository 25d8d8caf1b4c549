"""Settings shared by every environment; each value that differs per machine comes from the environment."""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "portal",
    "records",
    "records.recorders",
    "certificates",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # runserver leaves /static/ to WhiteNoise: Django's own static handler answers "/static/..%2f" with a 500.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compression (issue 17): gzip (Django's) for text responses, brotli (inside it) for public ones.
    "portal.compression.TextGZipMiddleware",
    "portal.compression.BrotliMiddleware",
    # Anonymous act pages from the cache before anything else runs (issue 17): a hit replays the headers
    # the middleware below gave the stored response (CSP, X-Frame-Options, Content-Language).
    "portal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "portal.security.PortalCSPMiddleware",
    # Before CSRF and the views read the body: an oversize upload is refused unread (issue 13).
    "portal.security.RequestBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while an import or a transition writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Kazakh is the language of content and the default interface; Russian is the second
# interface language. Content (the acts) stays Kazakh under both prefixes.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский")]
# The second: Kazakh for the Wagtail admin messages staff meet most (Wagtail ships no Kazakh catalogue).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
# Django's own "kk" formats are incomplete; ours live in portal/formats/kk (a package named
# "locale" would shadow the standard library's locale module).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

# The admin offers Kazakh (project screens) and Russian (Wagtail's own screens are translated too).
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
# Staff read every time in the service's time zone (Asia/Almaty, UTC+5 since 2024-03-01); with one zone
# listed, the admin's account settings offer no other zone.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Nothing serves MEDIA_URL (issue 13): stored files go out only through views that check who asks
# (portal.protected_files); the address is kept because Django's storage needs one.
MEDIA_URL = "/media/"
# The proxy's internal location for those files (X-Accel-Redirect); empty: Django streams them (the demo).
PROTECTED_FILES_ACCEL_PREFIX = os.environ.get("PROTECTED_FILES_ACCEL_PREFIX", "")
# Body-camera recordings (records.recorders): write-once files named by their SHA-256, outside MEDIA_ROOT so
# that nothing serves them without the access checks and the access log.
RECORDER_STORAGE_ROOT = Path(os.environ.get("RECORDER_STORAGE_ROOT", BASE_DIR / "evidence"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# One cache for every worker: the rate limits (django-ratelimit) count in it, so a per-process cache would
# multiply each limit by the number of workers. REDIS_URL (production) selects Redis; without it the
# database cache is shared too (its table is made after every migrate, see portal.apps, and by
# `manage.py createcachetable` in `make demo`).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_TABLE = "portal_cache"
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "portal.cache.AtomicDatabaseCache", "LOCATION": CACHE_TABLE}
    )
    | {"TIMEOUT": 60 * 60}
}

# Whole public act pages (portal.page_cache, issue 17): the entries in Redis when REDIS_URL is set, else in
# each worker's memory; their version tokens in the same Redis, else in files every process of the machine
# reads (PAGE_CACHE_DIR): a publish in any process or worker stops the changed pages' entries everywhere.
PAGE_CACHE_DIR = Path(os.environ.get("PAGE_CACHE_DIR", BASE_DIR / "var" / "page-versions"))
CACHES["pages"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "pages"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal-pages"}
) | {"TIMEOUT": 24 * 3600, "OPTIONS": {} if REDIS_URL else {"MAX_ENTRIES": 500}}
CACHES["page_versions"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "pagever"}
    if REDIS_URL
    else {
        "BACKEND": "portal.cache.TokenFileCache",
        "LOCATION": str(PAGE_CACHE_DIR),
    }
) | {"TIMEOUT": None}
PAGE_CACHE_TIMEOUT = 24 * 3600
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", "300"))  # browsers and shared caches
PAGE_CACHE_PROXY_MAX_AGE = int(os.environ.get("PAGE_CACHE_PROXY_MAX_AGE", str(24 * 3600)))  # a purged proxy
# A caching reverse proxy that accepts PURGE (Varnish, nginx with ngx_cache_purge): Wagtail's frontend_cache
# purges the URLs of the pages a publish changes (portal.cache_invalidation).  Unset: nothing is purged.
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "")
WAGTAILFRONTENDCACHE = (
    {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
    if FRONTEND_CACHE_PURGE_URL
    else {}
)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

WAGTAIL_SITE_NAME = "Ветеринариялық қызмет порталы"
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "txt", "csv", "odt", "docx"]
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True

# Search: unset ELASTICSEARCH_URL selects the embedded backend (SQLite FTS5 / PostgreSQL FTS).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "vet")  # index aliases: vet-points, vet-records
# Deliver the search outbox right after each commit (the demo); otherwise `manage.py search_worker` does.
SEARCH_OUTBOX_INLINE = env_bool("SEARCH_OUTBOX_INLINE", False)
SEARCH_CACHE_DIR = Path(os.environ.get("SEARCH_CACHE_DIR", BASE_DIR / ".cache"))  # the hunspell stem table
SEARCH_REQUIRE_HUNSPELL = False  # production: a missing hunspell-kk is a start-up error (search/checks.py)

# Working time for every deadline (records.calendar): weekends and Kazakhstan's public holidays come from
# the `holidays` package; decrees it does not know yet are listed here as ISO dates ("2026-03-27").
WORKING_HOURS = ("09:00", "18:30")
WORKING_TIME_ZONE = "Asia/Almaty"
WORKING_CALENDAR_EXTRA_HOLIDAYS: list[str] = []
WORKING_CALENDAR_EXTRA_WORKING_DAYS: list[str] = []

# Login throttling (django-axes): five failures lock the account (from any address) and, separately, the
# address (whatever accounts it tries: password spraying) for an hour. The failures live in the database,
# which every worker shares; the client is REMOTE_ADDR (axes' default), never a header the client sets.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

LOGIN_URL = "wagtailadmin_login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Framework chatter (a line per background task, per page published) is not what an operator reads.
    "loggers": {name: {"level": "WARNING"} for name in ("axes", "django_tasks", "wagtail")},
}

# Issued documents (certificates app): the fonts come from the Debian package fonts-dejavu-core (installed
# by `make setup`); the issuing body is printed in every header; QR codes point at PORTAL_BASE_URL.
CERTIFICATE_FONT_DIR = os.environ.get("CERTIFICATE_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
CERTIFICATE_ISSUER = os.environ.get("CERTIFICATE_ISSUER", "Жамбыл облысы әкімдігінің ветеринария басқармасы")
CERTIFICATE_VERIFY_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
CERTIFICATE_VERIFY_RATE = (30, 60)  # requests per client address per seconds, verification page

# Signed documents (certificates.signing, PAdES-B-LT): the key of each signing role (PKCS#12 or a PKCS#11
# token; "*" serves every role not named, "{role}" in its path replaced), the RFC 3161 timestamp server, the
# trust roots and offline CRLs; OCSP/CRL named in the certificates are fetched.  No key: documents are issued
# unsigned (a deployment check warns).  GOST-signed uploads go to the verification service.  Example:
# {"head": {"pkcs12": "/etc/portal/keys/head.p12", "passphrase_env": "PORTAL_HEAD_KEY_PASSPHRASE"},
#  "service": {"pkcs11": {"module": "/usr/lib/…/libpkcs11.so", "token_label": "…", "key_label": "…",
#                         "cert_label": "…", "pin_env": "PORTAL_TOKEN_PIN"}}}
CERTIFICATES_SIGNING_KEYS: dict = {}
CERTIFICATES_TSA_URL = os.environ.get("CERTIFICATES_TSA_URL", "")
CERTIFICATES_TSA_TIMEOUT = 10
CERTIFICATES_TSA_LOCAL: dict = {}  # {"pkcs12": path}: stamp in-process (test PKIs only)
CERTIFICATES_TRUST_ROOTS = [p for p in os.environ.get("CERTIFICATES_TRUST_ROOTS", "").split(os.pathsep) if p]
CERTIFICATES_CRLS = [p for p in os.environ.get("CERTIFICATES_CRLS", "").split(os.pathsep) if p]
CERTIFICATES_REVOCATION_FETCH = True
CERTIFICATES_SIGNER_CACHE_SECONDS = 3600  # keys and the chain's revocation data, reused per process
CERTIFICATES_TEST_PKI = ""  # a certificates.testpki directory: throwaway keys, "TEST PKI" on every document
CERTIFICATES_GOST_SERVICE_URL = os.environ.get("CERTIFICATES_GOST_SERVICE_URL", "")
CERTIFICATES_GOST_SERVICE_TIMEOUT = 10

# The transition log's chain is keyed (HMAC-SHA256): the key comes from the environment and is never stored
# in the database; production refuses to start without it (records/checks.py).  `manage.py audit_checkpoint`
# (cron) appends signed checkpoints of the chain's head to this append-only file, which verify_audit reads.
AUDIT_CHAIN_KEY = os.environ.get("AUDIT_CHAIN_KEY", "")
AUDIT_REQUIRE_KEY = False
AUDIT_CHECKPOINT_PATH = Path(
    os.environ.get("AUDIT_CHECKPOINT_PATH", BASE_DIR / "var" / "audit-checkpoints.jsonl")
)
# One chain per handling unit and year (records.audit.partition_of): appends in different units never wait
# for each other.  "0" writes one chain for the whole country (bench/bench_audit_concurrency.py compares).
AUDIT_CHAIN_PARTITIONS = os.environ.get("AUDIT_CHAIN_PARTITIONS", "1") != "0"

# Content-Security-Policy (django-csp 4): public pages run only the portal's own scripts; nothing embeds them.
# Under /admin/ portal.security.PortalCSPMiddleware sends ADMIN_POLICY instead (Wagtail's inline scripts).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# Request bodies (portal.security.RequestBodyLimitMiddleware): ten 10 MB documents of the public form plus its
# fields; the recorders' evidence upload (a working day of body-camera video, staff only) gets its own limit.
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", 101 * 1024 * 1024))
MAX_UPLOAD_BYTES_BY_PATH = {
    r"^/admin/recorders/row/\d+/upload/$": int(os.environ.get("RECORDER_UPLOAD_MAX_BYTES", 64 * 1024**3)),
}

# Uploaded documents (records.documents): PDF, JPEG, PNG by content; limits; a virus scan where ClamAV runs.
RECORDS_UPLOAD_MAX_PAGES = int(os.environ.get("RECORDS_UPLOAD_MAX_PAGES", 50))
RECORDS_UPLOAD_MAX_PIXELS = int(os.environ.get("RECORDS_UPLOAD_MAX_PIXELS", 50_000_000))
# clamd's socket ("/run/clamav/clamd.ctl" or "tcp://host:3310"); set, every upload is scanned first and
# refused when the scan cannot be done.
RECORDS_CLAMD_ADDRESS = os.environ.get("RECORDS_CLAMD_ADDRESS", "")
RECORDS_VIRUS_SCANNER = "records.documents.ClamdScanner" if RECORDS_CLAMD_ADDRESS else None

# A staff session lasts one working day.
SESSION_COOKIE_AGE = 8 * 3600

# The fee's payment gateway (records.payments): the demo gateway confirms its own references; production sets
# records.payments.HttpPaymentGateway with the gateway's URL and token.
RECORDS_PAYMENT_GATEWAY = os.environ.get("RECORDS_PAYMENT_GATEWAY", "records.payments.DemoGateway")
RECORDS_PAYMENT_GATEWAY_URL = os.environ.get("RECORDS_PAYMENT_GATEWAY_URL", "")
RECORDS_PAYMENT_GATEWAY_TOKEN = os.environ.get("RECORDS_PAYMENT_GATEWAY_TOKEN", "")
RECORDS_PAYMENT_GATEWAY_TIMEOUT = float(os.environ.get("RECORDS_PAYMENT_GATEWAY_TIMEOUT", "10"))

# Notifications to applicants (records.notifications): queued with each state change they see, sent by
# `manage.py notify_worker`.  E-mail goes through Django's EMAIL_BACKEND; SMS through RECORDS_SMS_BACKEND
# (records.notifications.sms: File-, Console-, Locmem- or HttpBackend, whose gateway contract is documented
# there).  Links in the messages start with PORTAL_BASE_URL.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@vet.example.kz")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
RECORDS_SMS_BACKEND = os.environ.get("RECORDS_SMS_BACKEND", "records.notifications.sms.ConsoleBackend")
RECORDS_SMS_FILE_PATH = Path(os.environ.get("RECORDS_SMS_FILE_PATH", BASE_DIR / "var" / "sms"))
RECORDS_SMS_GATEWAY_URL = os.environ.get("RECORDS_SMS_GATEWAY_URL", "")
RECORDS_SMS_GATEWAY_TOKEN = os.environ.get("RECORDS_SMS_GATEWAY_TOKEN", "")
RECORDS_SMS_SENDER = os.environ.get("RECORDS_SMS_SENDER", "VETPORTAL")
RECORDS_NOTIFY_MAX_ATTEMPTS = int(os.environ.get("RECORDS_NOTIFY_MAX_ATTEMPTS", "8"))
RECORDS_NOTIFY_BACKOFF_SECONDS = 60  # after the n-th failure: 60 s × 2^(n−1), at most 6 hours
RECORDS_NOTIFY_BACKOFF_MAX_SECONDS = 6 * 3600

# Applicants sign in with an EDS certificate (records.eds): the verifier (records.eds.local.verify, or
# records.eds.http.verify for the national GOST-capable service at RECORDS_EDS_SERVICE_URL), the trusted root
# certificates and CRLs (PEM files, separated by os.pathsep in the environment).  RECORDS_EDS_DEMO_SIGNER, a
# demo PKI directory, lets the login page sign with the demo certificates: development settings only.
RECORDS_EDS_VERIFIER = os.environ.get("RECORDS_EDS_VERIFIER", "records.eds.local.verify")
RECORDS_EDS_TRUST_ROOTS = [p for p in os.environ.get("RECORDS_EDS_TRUST_ROOTS", "").split(os.pathsep) if p]
RECORDS_EDS_CRLS = [p for p in os.environ.get("RECORDS_EDS_CRLS", "").split(os.pathsep) if p]
RECORDS_EDS_SERVICE_URL = os.environ.get("RECORDS_EDS_SERVICE_URL", "")
RECORDS_EDS_SERVICE_TIMEOUT = float(os.environ.get("RECORDS_EDS_SERVICE_TIMEOUT", "10"))
RECORDS_EDS_CHALLENGE_SECONDS = 300
RECORDS_EDS_DEMO_SIGNER = ""
# NCALayer, the national signing client, listens on the applicant's own machine.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"] = ["'self'", "wss://127.0.0.1:13579"]
