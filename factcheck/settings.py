"""Settings for the factcheck project, driven by environment variables.

Every variable is documented in README.md ("Configuration"). A bad value
raises ImproperlyConfigured at start-up rather than misbehaving later.
"""

import datetime
import os
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false, 1/0, yes/no), got {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    # Development only: a key that is obviously not a secret.
    SECRET_KEY = "django-insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "knox",
    # Login throttling and lockout (see "Login throttling and lockout" below).
    "axes",
    "annotations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Which database this request reads from: a replica for anonymous reads, when there
    # are replicas (DATABASE_REPLICA_URLS); else, and always, the primary.
    "factcheck.replicas.ReplicaMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Login throttling and lockout: turns a locked-out login into its 429 page. Last, so
    # that it sees the response of every login view (ours, the admin's).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "annotations.context_processors.roles",
                "annotations.context_processors.states",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"
ASGI_APPLICATION = "factcheck.asgi.application"

# Django's PostgreSQL backend with a check of kept connections that asks the socket before
# the server (factcheck/postgresql/base.py): every postgres:// URL gets it.
POSTGRESQL_ENGINE = "factcheck.postgresql"


def _with_our_engine(database: dict) -> dict:
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["ENGINE"] = POSTGRESQL_ENGINE
    return database


# Database: an embedded SQLite file unless DATABASE_URL names another database
# (PostgreSQL in production and CI).
_sqlite_default = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": _with_our_engine(
            dj_database_url.parse(
                os.environ.get("DATABASE_URL") or _sqlite_default,
                conn_max_age=env_int("CONN_MAX_AGE", 600),
                conn_health_checks=True,
            )
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept (CONN_MAX_AGE) as on PostgreSQL: opening one and setting its
    # pragmas costs more than answering a conditional GET (measured by `make bench`: 2.3
    # times fewer 304s a second with a connection per request). Kept connections hold no
    # lock between requests: each request's statements commit as they run.
    DATABASES["default"]["OPTIONS"] = {
        # Writers queue on the database lock (up to `timeout` seconds) at BEGIN, instead
        # of failing half-way through a transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The test database is a file too, not shared-cache memory (which fails at once with
    # "table is locked" where a file waits), so concurrency tests see production locking.
    # One file per test process, so that two test runs at once never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"factcheck-test-{os.getpid()}.sqlite3")
    }

# PostgreSQL: server-side parameter binding lets psycopg prepare the statements that a
# connection runs again and again (from their second run): the public reads stop paying
# for planning the same queries. Turn it off behind a pooler that cannot keep prepared
# statements (PgBouncer in transaction mode) with DATABASE_PREPARED_STATEMENTS=false.
elif DATABASES["default"]["ENGINE"] == POSTGRESQL_ENGINE and env_bool(
    "DATABASE_PREPARED_STATEMENTS", True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 2}
    )

# --- Read replicas -------------------------------------------------------------------------
# DATABASE_REPLICA_URLS (comma-separated) names PostgreSQL streaming replicas of
# DATABASE_URL. Anonymous reads (GET and HEAD without a session, a token or a recent
# write) of the annotations tables go to one of them; every write, every locking read and
# every read of a logged-in user, an API client with a token or a browser that wrote in the
# last REPLICA_PIN_SECONDS goes to the primary (factcheck/replicas.py). A replica that
# cannot be reached is left alone for REPLICA_RETRY_SECONDS, with a log line, and its reads
# go to the primary.
DATABASE_ROUTERS = []
_replica_urls = env_list("DATABASE_REPLICA_URLS", [])
for _index, _replica_url in enumerate(_replica_urls):
    try:
        _replica = _with_our_engine(
            dj_database_url.parse(
                _replica_url,
                conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
                conn_health_checks=True,
            )
        )
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URLS: entry {_index + 1} is not a valid database URL: {exc}"
        ) from None
    if (
        _replica["ENGINE"] != POSTGRESQL_ENGINE
        or DATABASES["default"]["ENGINE"] != POSTGRESQL_ENGINE
    ):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URLS needs PostgreSQL: DATABASE_URL and every replica must "
            "be postgres:// URLs."
        )
    _replica["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        # A replica that does not answer is skipped after this many seconds.
        "connect_timeout": env_int("REPLICA_CONNECT_TIMEOUT", 2, minimum=1),
    }
    # The test run has one database: each replica mirrors it (no test database of its own).
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_index}"] = _replica
if _replica_urls:
    DATABASE_ROUTERS = ["factcheck.replicas.ReplicaRouter"]
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 30)
REPLICA_RETRY_SECONDS = env_int("REPLICA_RETRY_SECONDS", 30, minimum=1)
# --- End of read replicas ---------------------------------------------------------------------

# --- Database roles: the app and the owner of the schema ----------------------------------
# In production DATABASE_URL connects as an unprivileged app role (it may read and write
# rows, only append to the audit trail, and owns nothing), and DATABASE_OWNER_URL as the
# role that owns the schema. When it is set, `manage.py migrate` connects with the
# owner's user and password instead of the app's (annotations/management/commands/
# migrate.py), then grants the app role its privileges again; nothing else uses it.
# `manage.py setup_database_roles` creates both roles (annotations/management/database_roles.py).
DATABASE_OWNER = None
_owner_url = os.environ.get("DATABASE_OWNER_URL")
if _owner_url:
    try:
        _owner = _with_our_engine(dj_database_url.parse(_owner_url))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_OWNER_URL is not a valid database URL: {exc}"
        ) from None
    _default = DATABASES["default"]
    if any(_owner.get(k) != _default.get(k) for k in ("ENGINE", "NAME", "HOST", "PORT")):
        raise ImproperlyConfigured(
            "DATABASE_OWNER_URL must name the same database as DATABASE_URL (engine, host, "
            "port and name); only the role and its password may differ."
        )
    DATABASE_OWNER = {key: _owner[key] for key in ("NAME", "USER", "PASSWORD")}
# --- End of database roles --------------------------------------------------------------------

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
# Home sends each user to their workspace (reviewers: My claims; moderators: the queue).
LOGIN_REDIRECT_URL = "annotations:home"
LOGOUT_REDIRECT_URL = None  # show "You are logged out"

# Internationalisation: French and English interface; French by default.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "fr")
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
if LANGUAGE_CODE not in {code for code, _name in LANGUAGES}:
    raise ImproperlyConfigured(f"LANGUAGE_CODE must be one of fr, en; got {LANGUAGE_CODE!r}.")
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not a known IANA time zone.") from None

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Production serves hashed, compressed files from STATIC_ROOT (run collectstatic);
# development and the test suite serve them straight from the apps.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST

# Security. HTTPS defaults to on whenever DEBUG is off; turn it off only behind
# plain HTTP on a trusted network (the test suite's live server, local benchmarks).
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# A form refused by the CSRF check gets the site's page, which says how to go on.
CSRF_FAILURE_VIEW = "annotations.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"

# --- Content-Security-Policy and other response headers ---
# README "Response headers". The policy is written by django-csp: enforced when DEBUG is
# off, report-only when it is on (the browser's console names what would be blocked);
# CSP_REPORT_ONLY decides either way. Only files from this site run or style a page: no
# inline script, style or event handler (JSON-LD data blocks are not scripts). The API's
# documentation and browsable pages loosen it, each for what it needs
# (annotations/api/documentation.py).
# (Names starting with CSP_ are left to django-csp: its check refuses its old settings.)
_csp_report_only = env_bool("CSP_REPORT_ONLY", DEBUG)
_csp_directives = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    # As X-Frame-Options: DENY. Browsers ignore it in a report-only policy (and say so in
    # the console), where X-Frame-Options alone forbids framing.
    "frame-ancestors": ["'none'"],
}
if _csp_report_only:
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {k: v for k, v in _csp_directives.items() if k != "frame-ancestors"}
    }
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _csp_directives}
    CONTENT_SECURITY_POLICY_REPORT_ONLY = None
INSTALLED_APPS.append("csp")  # its system checks catch settings in django-csp 3's format
# The policy after whitenoise (static files need none); the Cache-Control of personal
# responses (private, never stored by shared caches) once the user is known.
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "annotations.api.documentation.ContentSecurityPolicyMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "annotations.caching.PrivateResponsesMiddleware",
)
# HSTS preloading (hstspreload.org) is the operator's choice: a site on the browsers'
# list stays HTTPS-only, subdomains included, for months after it asks to leave. Off by
# default; then `check --deploy`'s reminder that it is off (security.W021) is silenced.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if SECURE_HSTS_PRELOAD and (SECURE_HSTS_SECONDS < 31536000 or not SECURE_HSTS_INCLUDE_SUBDOMAINS):
    raise ImproperlyConfigured(
        "SECURE_HSTS_PRELOAD needs HTTPS and SECURE_HSTS_SECONDS of at least 31536000 "
        f"(one year); got HTTPS={HTTPS}, SECURE_HSTS_SECONDS={SECURE_HSTS_SECONDS}."
    )
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# --- end of Content-Security-Policy and other response headers ---

# --- The client's address (API rate limits and login lockout) ------------------------
# Without BEHIND_PROXY the client is REMOTE_ADDR, and X-Forwarded-For is ignored (any
# client could write one). Behind proxies, each appends the address it got the request
# from to X-Forwarded-For: the client is the PROXY_COUNT-th address from the end, which
# the nearest proxy wrote; what comes before it is the client's own to invent. The API's
# throttles (DRF's NUM_PROXIES) and the login lockout (django-axes, through
# django-ipware, whose proxy count leaves out the nearest proxy: it is REMOTE_ADDR, not
# in the header) read the same address; tests/test_client_address.py checks that.
PROXY_COUNT = env_int("PROXY_COUNT", 1, minimum=1)


def client_address_settings(*, behind_proxy: bool, proxy_count: int) -> dict:
    """DRF's NUM_PROXIES and django-axes' ipware settings, naming the same address."""
    if not behind_proxy:
        return {
            "NUM_PROXIES": 0,
            "AXES_IPWARE_PROXY_COUNT": None,
            "AXES_IPWARE_META_PRECEDENCE_ORDER": ("REMOTE_ADDR",),
        }
    return {
        "NUM_PROXIES": proxy_count,
        "AXES_IPWARE_PROXY_COUNT": proxy_count - 1,
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
    }


CLIENT_ADDRESS = client_address_settings(behind_proxy=BEHIND_PROXY, proxy_count=PROXY_COUNT)
AXES_IPWARE_PROXY_COUNT = CLIENT_ADDRESS["AXES_IPWARE_PROXY_COUNT"]
AXES_IPWARE_META_PRECEDENCE_ORDER = CLIENT_ADDRESS["AXES_IPWARE_META_PRECEDENCE_ORDER"]
# Take the address at that position even when the client prepended addresses of its own
# (a strict reading would give up on such a header and fall back to the proxy's address).
IPWARE_STRICT = False

# The REST API (annotations/api). Public data needs no login; anonymous clients are
# throttled per IP, authenticated ones per user.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Integrations send "Authorization: Token <token>" (per-user tokens, stored hashed,
    # created and revoked by their owner); the browser uses its session, with CSRF.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "600/minute"),
    },
    # The client's address: see "The client's address" above.
    "NUM_PROXIES": CLIENT_ADDRESS["NUM_PROXIES"],
    # orjson (annotations/api/renderers.py); the browsable API for people.
    "DEFAULT_RENDERER_CLASSES": [
        "annotations.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Factcheck API",
    "DESCRIPTION": "Published fact-checks: plain JSON, schema.org ClaimReview and W3C Web "
    "Annotations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc assets come from the app (drf-spectacular-sidecar), no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "annotations.api.schema.document_conditional_get",
    ],
}
REST_KNOX = {
    "TOKEN_TTL": None,  # tokens live until their owner or an admin revokes them
    "AUTO_REFRESH": False,
}

# --- Cache (shared by every process: the API's rate limits count there) --------------
# CACHE_URL: redis://HOST:PORT/DB (or rediss://) for Redis, shared by every worker and
# every machine; unset, the database's own cache table (`manage.py migrate` makes it),
# shared by every process that uses the database.
# locmem:// keeps a cache in each process: one process only (tests, the benchmark),
# never behind several workers. Parsed here rather than with a library:
# three schemes, each mapped to one of Django's own backends.
CACHE_TABLE = "factcheck_cache"
CACHE_URL = os.environ.get("CACHE_URL", "").strip()


def cache_from_url(url: str) -> dict:
    scheme, separator, _rest = url.partition("://")
    scheme = scheme.lower() if separator else ""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            # A rate limit's entries live a minute; culling (a third of the table, when
            # it is full) must not erase the counts of clients still being limited.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    if scheme in ("redis", "rediss"):
        # Django's Redis backend, answering from each process's memory while Redis is
        # down (factcheck/caches.py).
        return {"BACKEND": "factcheck.caches.FallbackRedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, rediss:// or locmem://, or be unset (the "
        f"database's cache table); got {url!r}."
    )


# RESPONSE_CACHE_URL: where the public reads' answers are kept (annotations/caching.py).
# Their keys hold the validator of their ETag, read on every request, so each process or
# machine may keep its own copy without ever serving a stale one. Unset: Redis when
# CACHE_URL names it (one copy for every node), else each process's memory (nothing to
# install); "off" keeps nothing.
RESPONSE_CACHE_URL = os.environ.get("RESPONSE_CACHE_URL", "").strip()
RESPONSE_CACHE_SECONDS = 600
# Kept answers per process in memory: a page of the list or a public page is some tens
# of kilobytes, so at most some tens of megabytes.
RESPONSE_CACHE_MAX_ENTRIES = 1000


def response_cache_from_url(url: str, shared_url: str) -> dict:
    if url.lower() == "off":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if not url:
        shared = shared_url.lower().startswith(("redis://", "rediss://"))
        url = shared_url if shared else "locmem://"
    if not url.lower().startswith(("redis://", "rediss://", "locmem://")):
        raise ImproperlyConfigured(
            f"RESPONSE_CACHE_URL must start with redis://, rediss:// or locmem://, be "
            f"off, or be unset; got {url!r}."
        )
    config = cache_from_url(url)
    config.update(KEY_PREFIX="response", TIMEOUT=RESPONSE_CACHE_SECONDS)
    if config["BACKEND"].endswith("LocMemCache"):
        config.update(LOCATION="responses", OPTIONS={"MAX_ENTRIES": RESPONSE_CACHE_MAX_ENTRIES})
    return config


CACHES = {
    "default": cache_from_url(CACHE_URL),
    "responses": response_cache_from_url(RESPONSE_CACHE_URL, CACHE_URL),
}

# --- Login throttling and lockout (django-axes) --------------------------------------
# Failed logins are counted in the database (axes' AccessAttempt table), which every
# worker and every machine shares. Past LOGIN_FAILURE_LIMIT failures in a row, counted
# per account (whatever the address: guessing one account's password from many
# addresses) and per client address (whatever the account: one address trying many
# accounts), logging in is refused, right password included, with a 429 and
# templates/registration/locked_out.html, for LOGIN_COOLOFF_MINUTES after the last
# attempt; every attempt meanwhile starts the wait again. A successful login forgets that
# account's failures from that address only (services.accounts says why). An admin
# unlocks in /admin/ (Axes: "Access attempts", delete the rows) or with
# `manage.py axes_reset_username NAME`, `axes_reset_ip ADDRESS` or `axes_reset`. Every
# login goes through it: the login page, the admin's, and any other that calls
# django.contrib.auth.authenticate with the request.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False  # see services.accounts.on_user_logged_in
# The page that says so (templates/registration/locked_out.html), with its 429.
AXES_LOCKOUT_CALLABLE = "annotations.views.accounts.locked_out"
# Successful logins are not recorded (axes' access log): only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True

# The organisation that publishes the fact-checks (ClaimReview's author).
PUBLISHER_NAME = os.environ.get("PUBLISHER_NAME", "Factcheck")
PUBLISHER_URL = os.environ.get("PUBLISHER_URL", "https://factcheck.example.org")

# Webhooks (annotations/webhooks.py): signed POSTs to the endpoints registered in the admin
# when a claim is published, corrected or retracted.
# Private, loopback and link-local receivers are refused unless this is on (tests only).
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", False)
WEBHOOK_TIMEOUT = env_int("WEBHOOK_TIMEOUT", 10, minimum=1)  # seconds, per connection step
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
# Background work: webhook deliveries and claim matching's vectors, after a publication
# or an import. "worker" (the default unless DEBUG): left to the worker process
# (`manage.py worker`), never done in a web process, so that web nodes only serve;
# "thread" (the default with DEBUG, so that `make run` needs nothing else): in a
# background thread of the web process; "sync": at once, in the request (tests).
# "command", an earlier name of "worker", is still accepted (the work is left to
# `deliver_webhooks` and `embed_factchecks` from cron, or to the worker).
_BACKGROUND_MODES = {"worker", "thread", "sync", "command"}


def background_mode(name: str) -> str:
    mode = os.environ.get(name, "thread" if DEBUG else "worker").strip().lower()
    if mode not in _BACKGROUND_MODES:
        raise ImproperlyConfigured(f"{name} must be worker, thread or sync; got {mode!r}.")
    return "worker" if mode == "command" else mode


WEBHOOK_DELIVERY = background_mode("WEBHOOK_DELIVERY")
MATCHING_EMBED = background_mode("MATCHING_EMBED")
# How long a sender holds the deliveries it took before another may take them again (a
# sender killed mid-delivery): longer than an attempt can last.
WEBHOOK_LEASE_SECONDS = env_int(
    "WEBHOOK_LEASE_SECONDS", 4 * WEBHOOK_TIMEOUT + 60, minimum=WEBHOOK_TIMEOUT + 1
)
# Blind double review (annotations/services/blind.py): when a claim is submitted, ask
# for a second, blind verdict on "all" of them, on "extremes" (rated True or False), or
# on "none" (moderators ask for one where they see fit).
SECOND_VERDICT_REQUIRED = os.environ.get("SECOND_VERDICT_REQUIRED", "none").strip().lower()
if SECOND_VERDICT_REQUIRED not in {"none", "all", "extremes"}:
    raise ImproperlyConfigured(
        f"SECOND_VERDICT_REQUIRED must be none, all or extremes; got {SECOND_VERDICT_REQUIRED!r}."
    )
# The site's public address, for absolute links where there is no request (webhooks).
SITE_URL = os.environ.get("SITE_URL", PUBLISHER_URL).rstrip("/")

# --- Idempotency-Key of the write API (annotations/api/idempotency.py) -----------------------
# How long a stored answer is sent again to a retry with the same key; older ones are
# deleted by `manage.py purge_idempotency_keys` (or replaced when their key comes again).
IDEMPOTENCY_KEY_HOURS = env_int("IDEMPOTENCY_KEY_HOURS", 24, minimum=1)
# --- End of Idempotency-Key -------------------------------------------------------------------

# Importing articles.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
# Uploads up to the import limit stay in memory; larger requests are refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES + 1024 * 1024

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL; got {LOG_LEVEL!r}."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
