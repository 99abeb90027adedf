"""Settings shared by every environment.

Safe on its own: DEBUG is off and secrets and hosts come from the environment. Each integration
switches on by its own variable: DATABASE_URL (PostgreSQL), CELERY_BROKER_URL (real worker),
REDIS_URL (shared cache and sessions), AWS_STORAGE_BUCKET_NAME (S3-compatible media).
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from courses.embeds import EMBED_FRAME_SOURCES

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
VAR_DIR = Path(env.str("HOCSO_VAR_DIR", default=str(BASE_DIR / "var")))
# The SQLite database, media and demo keys live here; a fresh clone has no var/ yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])


def env_required(name: str, *, why: str) -> str:
    """A variable production cannot guess; only the demo, dev and test settings preset one."""
    value = env.str(name, default="").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable: {why}")
    return value


# Signed into every certificate's QR code: a wrong host here is printed on paper for good.
SITE_URL = env_required(
    "SITE_URL", why="the public https:// address that certificate QR codes point to."
)
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"SITE_URL must start with https:// (got {SITE_URL!r}).")

INSTALLED_APPS = [
    "courses",
    "agencies",
    "learning",
    "certificates",
    "compliance",
    "lockouts",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_ratelimit",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who made a change, for the audit trail of agencies, staff and roles (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.middleware.PrivateNoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "config.middleware.MethodNotAllowedPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.SessionIdleTimeoutMiddleware",
    # A one-time password must be changed before anything else (agencies/accounts.py).
    "agencies.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "learning.context_processors.navigation",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL points elsewhere. Persistent connections matter on
# PostgreSQL: without them page throughput drops to about a third (see DESIGN.md).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'hocso.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    # A connection dropped by a PostgreSQL restart or failover is noticed at the start of the next
    # request and reopened, instead of failing that request (tests/ops/test_db_reconnect.py).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
    # A database host that does not answer fails the request (and /healthz) in seconds rather than
    # after the operating system's TCP timeout of minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=2)
    )
else:
    # Immediate transactions avoid "database is locked" when two requests write at once.
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: a locked-out username+address is refused before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Directory sign-on (docs/decisions/0012-single-sign-on.md), off unless LDAP_URL is set -------
# LDAP_URL: one or more ldap:// or ldaps:// addresses, tried in order (e.g. two domain
# controllers). People sign in with the login name LDAP_USER_FILTER finds ({username} is replaced,
# escaped); the directory's LDAP_EMPLOYEE_CODE_ATTRIBUTE must equal a staff record's employee code.
LDAP_URL = env.list("LDAP_URL", default=[])
LDAP_BIND_DN = env.str("LDAP_BIND_DN", default="")
LDAP_BIND_PASSWORD = env.str("LDAP_BIND_PASSWORD", default="")
LDAP_SEARCH_BASE = env.str("LDAP_SEARCH_BASE", default="")
LDAP_USER_FILTER = env.str("LDAP_USER_FILTER", default="(uid={username})")
LDAP_EMPLOYEE_CODE_ATTRIBUTE = env.str("LDAP_EMPLOYEE_CODE_ATTRIBUTE", default="employeeNumber")
LDAP_START_TLS = env.bool("LDAP_START_TLS", default=False)
LDAP_CA_FILE = env.str("LDAP_CA_FILE", default="")
LDAP_TLS_VERIFY = env.bool("LDAP_TLS_VERIFY", default=True)
# Seconds to connect and to wait for each answer: a directory that hangs fails the sign-in
# quickly and local accounts still get in.
LDAP_TIMEOUT = env.int("LDAP_TIMEOUT", default=3)
if LDAP_URL:
    if not LDAP_SEARCH_BASE:
        raise ImproperlyConfigured(
            "LDAP_URL is set: set LDAP_SEARCH_BASE too (e.g. dc=tinh,dc=vn)."
        )
    if "{username}" not in LDAP_USER_FILTER:
        raise ImproperlyConfigured("LDAP_USER_FILTER must contain {username}.")
    # After axes (a locked-out sign-in never reaches the directory), before local passwords.
    AUTHENTICATION_BACKENDS.insert(1, "agencies.sso.DirectoryBackend")

# --- OpenID Connect sign-on (docs/decisions/0012-single-sign-on.md), off unless configured -------
# On only when the client id and every endpoint of the provider are set: a "Đăng nhập bằng
# OIDC_DISPLAY_NAME" button on the sign-in page sends people to the provider (authorization code
# flow with PKCE, RS256 ID tokens checked against the provider's JWKS); the claim
# OIDC_EMPLOYEE_CODE_CLAIM must equal a staff record's employee code. Register
# SITE_URL + /dang-nhap/oidc/xac-nhan/ as the client's redirect URI at the provider.
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_OP_ISSUER = env.str("OIDC_ISSUER", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_JWKS_ENDPOINT", default="")
# Optional: the provider's end_session_endpoint. Set, signing out of HọcSố signs out of the
# provider too, so the next person at a shared computer is asked for their own password.
OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_END_SESSION_ENDPOINT", default="")
OIDC_RP_SCOPES = env.str("OIDC_SCOPES", default="openid profile")
OIDC_EMPLOYEE_CODE_CLAIM = env.str("OIDC_EMPLOYEE_CODE_CLAIM", default="employee_code")
# The provider's name as people know it ("tài khoản Sở Nội vụ"); a translated phrase without it.
OIDC_DISPLAY_NAME = env.str("OIDC_DISPLAY_NAME", default="") or _("your organisation account")
# client_secret_basic, the token endpoint's default method in the OpenID Connect spec; set
# False for providers that only take client_secret_post.
OIDC_TOKEN_USE_BASIC_AUTH = env.bool("OIDC_TOKEN_USE_BASIC_AUTH", default=True)
OIDC_VERIFY_SSL = env.bool("OIDC_VERIFY_SSL", default=True)
# Seconds for each call to the provider (token, userinfo, JWKS): a hung provider fails the
# sign-in instead of holding a worker.
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=5)
# Fixed, not configurable: asymmetric ID tokens only, a nonce and PKCE on every sign-in, never
# an account created from a claim, the ID token kept for the provider's sign-out.
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "agencies:oidc_callback"
OIDC_ENABLED = bool(
    OIDC_RP_CLIENT_ID
    and OIDC_OP_ISSUER
    and OIDC_OP_AUTHORIZATION_ENDPOINT
    and OIDC_OP_TOKEN_ENDPOINT
    and OIDC_OP_USER_ENDPOINT
    and OIDC_OP_JWKS_ENDPOINT
)
if OIDC_ENABLED:
    if not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured(
            "OIDC_CLIENT_ID is set: set OIDC_CLIENT_SECRET too (HọcSố is a confidential client)."
        )
    if not OIDC_EMPLOYEE_CODE_CLAIM:
        raise ImproperlyConfigured("OIDC_EMPLOYEE_CODE_CLAIM must name a claim.")
    # After axes (a locked-out account is refused), before local passwords. It only answers the
    # callback of its own flow, never the password form.
    AUTHENTICATION_BACKENDS.insert(1, "agencies.oidc.OidcBackend")

LOGIN_URL = "login"
# Mail (new accounts' set-password links): SMTP when EMAIL_URL is set (smtp+tls://user:pass@host:587),
# else written to the console log so nothing is sent by accident.
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="HọcSố <no-reply@localhost>")
# How long an emailed set-password link for a new account works (Django's reset token): 3 days.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)
LOGIN_REDIRECT_URL = "learning:my_courses"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Our own strings first; then our overrides of Wagtail's (and Django's) Vietnamese, whose own `vi`
# catalogues leave most of the admin in English. The overrides live in a catalogue of their own:
# `makemessages --no-obsolete` on our code would drop every Wagtail msgid from locale/vi.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Browser libraries the XBlocks expect as globals (jQuery), from npm.
    ("vendor/jquery", BASE_DIR / "node_modules" / "jquery" / "dist"),
    # The HR dashboard's charts (chart.umd.js defines the global `Chart`).
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
# Each installed XBlock's public/ files are static files too, under xblock/<package>/public/.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "learning.xblocks.finders.XBlockPublicFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "config.storage.MediaFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# node_modules is where npm puts browser assets and the certificate fonts.
NODE_MODULES_DIR = BASE_DIR / "node_modules"

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"

# --- More than one node (docs/decisions/0007-multi-node.md) -------------------------------------
# Nodes keep nothing between requests: the cache (and the rate-limit counters kept in it) is Redis
# when REDIS_URL (or CACHE_URL, a redis:// URL) is set. Without it each process has its own memory,
# which is right for `make run` and the tests and wrong for more than one node.
REDIS_URL = env.str("REDIS_URL", default="") or env.str("CACHE_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hocso",
            # A Redis that stops answering fails requests (and /healthz) in seconds, not minutes.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    # Sessions are read from Redis and written through to the database, so a Redis restart or
    # flush logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Not cached_db: with a per-process cache, a logout on one gunicorn worker would leave the
    # session cached, and valid, in the others.
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Media (certificate PDFs, uploads) in an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set.
# Objects are private; certificate downloads are streamed by our view after its permission check.
# Names under certificates/ are replaced on save, other names never are (config/storage.py).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _s3_endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    STORAGES["default"] = {
        "BACKEND": "config.storage.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _s3_endpoint,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # Empty keys leave boto3 to its own chain (instance role, ~/.aws).
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            # Self-hosted S3 servers (MinIO, Ceph, moto) answer path-style URLs only.
            "addressing_style": env.str(
                "AWS_S3_ADDRESSING_STYLE", default="path" if _s3_endpoint else ""
            )
            or None,
            "location": env.str("AWS_LOCATION", default=""),
        },
    }

# Load balancers probe /healthz over plain HTTP on the node itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
HEALTH_CHECK_TIMEOUT = 2  # seconds, per part checked

# Wagtail
WAGTAIL_SITE_NAME = "HọcSố"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = True
# Page addresses are plain ASCII made from Vietnamese titles ("đ" → "d"): percent-encoded
# Unicode slugs are unreadable when shared; courses.models.AsciiSlugMixin does the server side.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Documents (lesson videos, captions, audio, downloads) are always served by Wagtail's view from
# our own origin. With S3 media, Wagtail would otherwise redirect to the bucket's signed URL, which
# the Content-Security-Policy (media-src 'self') blocks and which caption tracks cannot load
# without CORS on the bucket.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILADMIN_USER_LOGIN_FORM = "agencies.sso.AdminSignInForm"

# Celery: without a broker, tasks run inline so `make run` needs no extra service.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Publishing runs inside a learner's request (on commit): with the broker down it must fail in
# about a second, not hang; the completion is kept and certificates_reconcile catches up.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Celery beat (`celery -A config beat`): the sweep that issues certificates the completion's
# own task never did (dead broker, killed worker, missing issuer). See decision 0005.
CERTIFICATE_RECONCILE_SECONDS = env.int("CERTIFICATE_RECONCILE_SECONDS", default=600)
# A pending certificate younger than this is probably being signed by a worker right now.
CERTIFICATE_PENDING_GRACE_MINUTES = env.int("CERTIFICATE_PENDING_GRACE_MINUTES", default=5)
CELERY_BEAT_SCHEDULE = {
    "certificates-reconcile": {
        "task": "certificates.tasks.certificates_reconcile_task",
        "schedule": CERTIFICATE_RECONCILE_SECONDS,
        # Runs that could not start in time are dropped: the next one does the same work.
        "options": {"expires": CERTIFICATE_RECONCILE_SECONDS},
    },
    # Statuses the calendar moved overnight, then the repair of any drift (compliance app).
    "compliance-daily": {
        "task": "compliance.tasks.compliance_daily_task",
        "schedule": crontab(hour=0, minute=30),
        "options": {"expires": 6 * 60 * 60},
    },
    # The day's reminder digests, after the night's status changes (compliance.reminders).
    "compliance-reminders": {
        "task": "compliance.tasks.reminders_daily_task",
        "schedule": crontab(hour=7, minute=0),
        "options": {"expires": 6 * 60 * 60},
    },
    # The month-end snapshot: cron cannot say "last day", so days 28-31 and the task checks that
    # tomorrow is the 1st. A run that starts after midnight would snapshot the wrong month: expire.
    "compliance-month-snapshot": {
        "task": "compliance.tasks.snapshot_month_task",
        "schedule": crontab(day_of_month="28-31", hour=23, minute=50),
        "options": {"expires": 9 * 60},
    },
    # Scheduled HR reports (Mondays, 1sts) after the night's statuses; then old export files go.
    "compliance-report-subscriptions": {
        "task": "compliance.tasks.report_subscriptions_task",
        "schedule": crontab(hour=6, minute=0),
        "options": {"expires": 12 * 60 * 60},
    },
    "compliance-exports-cleanup": {
        "task": "compliance.tasks.export_cleanup_task",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 12 * 60 * 60},
    },
    "progress-posts-purge": {
        "task": "learning.tasks.progress_posts_purge_task",
        "schedule": 24 * 60 * 60,
        "options": {"expires": 60 * 60},
    },
}

# Certificate signing keys are independent of SECRET_KEY; `manage.py certificates_test_pki`
# creates a local test CA and signer at these paths for the demo and the tests.
CERTIFICATE_SIGNER_PKCS12 = Path(
    env.str("CERTIFICATE_SIGNER_PKCS12", default=str(VAR_DIR / "pki" / "signer.p12"))
)
CERTIFICATE_SIGNER_PASSPHRASE = env_required(
    "CERTIFICATE_SIGNER_PASSPHRASE", why="the passphrase of the signing key (PKCS#12)."
)
CERTIFICATE_TRUST_ROOTS = [
    Path(p)
    for p in env.list("CERTIFICATE_TRUST_ROOTS", default=[str(VAR_DIR / "pki" / "root.pem")])
]
CERTIFICATE_FONT_DIR = Path(
    env.str("CERTIFICATE_FONT_DIR", default=str(NODE_MODULES_DIR / "dejavu-fonts-ttf" / "ttf"))
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Wagtail's background tasks log every search-index update at INFO.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}

# Offices share computers: a session ends after SESSION_IDLE_TIMEOUT minutes without a request
# (config.middleware.SessionIdleTimeoutMiddleware slides it) and when the browser closes.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)

# Sign-in lockout (django-axes), on the site and the admin login alike. Locking the
# username+address pair, not the username alone, keeps a guesser from locking a colleague out
# from elsewhere; not the address alone, since a whole agency often shares one. Administrators
# lift a lockout under Settings → Sign-in lockouts, or with `manage.py axes_reset_username`.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lockouts.views.lockout_response"
AXES_USERNAME_CALLABLE = "lockouts.usernames.attempted_username"
# Reverse proxies in front of gunicorn (0: none); lockouts and rate limits use the address
# config.ip.client_address reads from X-Forwarded-For through that many proxies.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "config.ip.client_address"

# Rate limits (django-ratelimit) count in the shared cache, so they hold across processes and
# nodes. Its W001 only says Django's own RedisCache is not on its list; that backend increments
# atomically, which is what the limiter needs. E003 (a per-process cache) stays an error in
# production; the single-process settings (test, dev, demo) silence it.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "config.ip.client_address"
VERIFY_RATELIMIT = env.str("VERIFY_RATELIMIT", default="30/m")
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# --- The read-only JSON API (compliance/api/, docs/api.md) --------------------------------------
# Per-user bearer tokens only: no session, so no CSRF and no browsable pages. Throttles count in
# the shared cache like the rate limits above; a token's user and an anonymous address (the
# public schema) each have their own allowance per minute. These defaults also reach Wagtail's
# admin explorer, which is DRF too but sets its own session authentication, renderers and
# pagination; parsers are left at DRF's defaults for its page actions.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["compliance.api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "compliance.api.throttling.UserRateThrottle",
        "compliance.api.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("API_USER_RATE", default="120/min"),
        "anon": env.str("API_ANON_RATE", default="20/min"),
    },
    # The client's address through TRUSTED_PROXY_COUNT proxies, as for the rate limits: without
    # it DRF would believe any X-Forwarded-For a client sends.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_PAGINATION_CLASS": "compliance.api.pagination.RowsPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "HọcSố — API tuân thủ đào tạo",
    "VERSION": "1.0.0",
    "DESCRIPTION": _(
        "Training compliance figures of officials for the province's reporting system: read "
        "only, one token per person (made at /tai-khoan/api/), sent in the header "
        "`Authorization: Bearer <token>`; each token sees exactly its owner's agencies."
    ),
    # Only our API: Wagtail's admin explorer is built on DRF too, and is not for other systems.
    "PREPROCESSING_HOOKS": ["compliance.api.schema.only_public_api"],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

# Content-Security-Policy for the site and the Wagtail admin (docs/decisions/0006): scripts only
# from our origin or carrying the per-request nonce (request.csp_nonce), so an injected <script>
# does not run. Styles allow inline: the Wagtail admin and our progress bars set style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        # Embedded lesson videos: the allow-listed players of courses/embeds.py only.
        "frame-src": [SELF, *EMBED_FRAME_SOURCES],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
if OIDC_ENABLED and OIDC_OP_LOGOUT_ENDPOINT:
    # Signing out is a form posted to us that we answer with a redirect to the provider's
    # end_session_endpoint, and browsers hold that redirect to form-action too: only that origin.
    _end_session = urlsplit(OIDC_OP_LOGOUT_ENDPOINT)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        f"{_end_session.scheme}://{_end_session.netloc}"
    )
# The admin would otherwise load avatars from gravatar.com and ask wagtail.org for releases:
# both outside the policy, and both tell third parties who works in the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Interactive exercises (docs/decisions/0008-xblock-runtime.md) ------------------------------
# The XBlock types trainers may add to a lesson: tag → ("module:Class", label). A tag whose module
# is not installed is skipped with a warning. xblock-poll is installed but not offered: its
# JavaScript compiles Handlebars templates with Function(), which the CSP (no 'unsafe-eval')
# blocks, so it cannot work on our pages.
# The largest staff or agency file HR may upload (bytes); agencies.tabular refuses larger ones.
AGENCIES_IMPORT_MAX_BYTES = env.int("AGENCIES_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)

# Roles over the agency tree that also make their holder a member of a Django/Wagtail group (the
# group is what Wagtail's admin permissions hang on). agencies.services keeps membership in step.
# The agency administrators' and HR managers' groups open the admin and nothing else (migrations
# agencies/0002 and 0008): their screens scope themselves (docs/decisions/0011-agencies-app.md).
HOCSO_ROLE_GROUPS = {
    "trainer": "Biên tập viên",
    "agency_admin": "Quản trị đơn vị",
    "hr_manager": "Cán bộ tổ chức, nhân sự",
}

HOCSO_XBLOCK_TYPES = {
    "drag-and-drop-v2": ("drag_and_drop_v2:DragAndDropBlock", _("Drag and drop")),
    "freetextresponse": ("freetextresponse.xblocks:FreeTextResponse", _("Free-text response")),
    "phishing-inbox": ("courses.exercises.phishing:PhishingInboxBlock", _("Phishing inbox")),
    "ordering-steps": ("courses.exercises.ordering:OrderingStepsBlock", _("Ordering steps")),
    "passphrase-trainer": (
        "courses.exercises.passphrase:PassphraseTrainerBlock",
        _("Passphrase trainer"),
    ),
}
# Settings handed to XBlocks through the runtime's "settings" service, by block class name.
XBLOCK_SETTINGS: dict[str, dict] = {}
