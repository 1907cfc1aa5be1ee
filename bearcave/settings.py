"""Bear Cave settings: one module, every difference between deployments comes from the environment.

The variables are documented in README.md ("Configuration"). Two profiles fall out of them:
embedded (no DATABASE_URL, no REDIS_URL: SQLite and the in-memory channel layer, one Daphne
process) and scaled (PostgreSQL and Redis, any number of Daphne processes).
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from bearcave.network import host_of, public_url
from organisations.sso import GroupRolesError, parse_group_roles

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# `make run` keeps a generated SECRET_KEY here; real environment variables always win.
environ.Env.read_env(BASE_DIR / ".env")

DEBUG: bool = env.bool("DEBUG", default=False)

SECRET_KEY: str = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or in .env); "
            "only DEBUG=on may run without one."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

# Where `make run` (`manage.py serve`) listens: this machine only by default; HOST=0.0.0.0 serves
# the room's phones on the local network. `play_bots` finds the server at PORT too.
HOST: str = env.str("HOST", default="127.0.0.1")
PORT: int = env.int("PORT", default=8000)
# The address phones open (join links, QR codes): PUBLIC_URL, or unset with HOST on every
# interface, this machine's LAN address; '' when neither (links follow the request's address).
PUBLIC_URL: str = public_url(env.str("PUBLIC_URL", default=""), host=HOST, port=PORT)

# `*` is refused by the bearcave.E001 system check: it would switch off the WebSocket Origin check.
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address passes the Host check, the WebSocket Origin check (which reads
# ALLOWED_HOSTS) and the CSRF origin check, whatever else is allowed.
if PUBLIC_URL and host_of(PUBLIC_URL) not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(host_of(PUBLIC_URL))
if PUBLIC_URL and PUBLIC_URL not in CSRF_TRUSTED_ORIGINS:
    CSRF_TRUSTED_ORIGINS.append(PUBLIC_URL)

# Behind TLS (directly or at a proxy that sets X-Forwarded-Proto): secure cookies, HSTS, redirects.
HTTPS: bool = env.bool("HTTPS", default=False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
# Load balancers check health over plain HTTP and take a redirect for a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer checks health over plain HTTP and takes a redirect for a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): scripts, styles, images and sockets from this origin only
# ('self' covers ws:/wss: to it), so a name or a message that slipped past escaping still could
# not run a script or call home. The two inline blocks Django renders (the sign-in page's style,
# the API docs' start-up script) carry the per-response nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "servestatic",
    "django.contrib.staticfiles",
    "channels",
    "rest_framework",
    # Facilitators' API tokens, hashed, named, expiring (organisations.ApiToken, decision 0520).
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_vite",
    "csp",
    "axes",
    "bearcave.apps.BearCaveConfig",
    "organisations",
    "scenarios",
    "games",
    "days",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bearcave.api.api_responses_are_not_stored",
    "csp.middleware.CSPMiddleware",
    "bearcave.static.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bearcave.urls"
ASGI_APPLICATION = "bearcave.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "bearcave" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'bearcave.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests that start real Daphne processes share the test database with them, so it is a file;
    # one per test run, so two runs on one machine do not write to the same file.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    # One Daphne process runs database work on several threads: take the write lock at BEGIN
    # (no upgrade deadlocks), wait for it rather than fail, and let readers run beside a writer.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Keep connections open: Channels runs a process's database work on one thread, and
    # opening SQLite anew for each call (functions, pragmas) was a quarter of that thread's time.
    DATABASES["default"].setdefault("CONN_MAX_AGE", None)
else:
    # A test database per test run, as for SQLite: two runs on one server never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    # No health checks: Channels ends every database call as a request ends, so a check would
    # add a `SELECT 1` round trip to each command (about 40 % of the fan-out latency under load,
    # decision 0017). After a database restart a process's first call fails and the next
    # one connects afresh (docs/deployment.md).
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", False)
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", 5)
    # Parameters bound by the server, and a statement prepared the second time a connection runs
    # it: a command's statements are the same every time, and parsing and planning them anew
    # was PostgreSQL's CPU on a machine it shares (decision 0018). Not behind a pooler in
    # transaction mode (PgBouncer), which cannot keep prepared statements (docs/deployment.md).
    options.setdefault("server_side_binding", True)
    options.setdefault("prepare_threshold", 2)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL: str = env.str("REDIS_URL", default="")
# Waiting longer on a Redis that does not answer would hold up every broadcast of the process
# (they leave one after the other); what a failed broadcast missed, the sockets' next look at the
# log delivers (games/realtime/keep_up.py).
REDIS_TIMEOUT_SECONDS = 5
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            # Publish and subscribe: a broadcast is one PUBLISH, which Redis pushes to every
            # process following the game, rather than four round trips to queue it per process
            # and one more per message to read it back (decision 0021). Redis keeps nothing
            # for a process that is not connected at that moment; the look at the log covers it.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": REDIS_TIMEOUT_SECONDS,
                        "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                    }
                ],
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "bearcave.layers.InMemoryChannelLayer"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Mail (invitations): EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.com:587, and
# DEFAULT_FROM_EMAIL. Unset: no mail is sent; the invitation link is shown to the admin only.
EMAIL_URL: str = env.str("EMAIL_URL", default="")
EMAIL_CONFIGURED: bool = bool(EMAIL_URL)
if EMAIL_CONFIGURED:
    # EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, ... from the one URL.
    globals().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL: str = env.str("DEFAULT_FROM_EMAIL", default="bearcave@localhost")

# Failed sign-ins (bearcave/signin.py): after SIGN_IN_FAILURES wrong passwords for one account,
# or from one address, that account or address is refused (429, even with the right password)
# for SIGN_IN_LOCKOUT_MINUTES; a success resets the count. Counted in the database, so every
# process shares it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT: int = env.int("SIGN_IN_FAILURES", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGN_IN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "bearcave.signin.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/facilitate/"

# Single sign-on with OpenID Connect (organisations/oidc.py, decision 0530, docs/deployment.md):
# off unless OIDC_CLIENT_ID is set; then /login/ offers "Sign in with OIDC_PROVIDER_NAME" beside
# the password form. Each sign-in creates or updates the person's account and their membership of
# OIDC_ORGANISATION with the highest role their groups (the OIDC_GROUPS_CLAIM claim) map to in
# OIDC_GROUP_ROLES ("group=role,..."); no mapped group, no sign-in. Never staff through SSO.
OIDC_ENABLED: bool = bool(env.str("OIDC_CLIENT_ID", default=""))
if OIDC_ENABLED:

    def _oidc(name: str) -> str:
        value: str = env.str(name, default="")
        if not value:
            raise ImproperlyConfigured(f"OIDC_CLIENT_ID is set, so {name} must be set too.")
        return value

    OIDC_PROVIDER_NAME: str = env.str("OIDC_PROVIDER_NAME", default="single sign-on")
    OIDC_ISSUER: str = _oidc("OIDC_ISSUER")
    OIDC_OP_AUTHORIZATION_ENDPOINT = _oidc("OIDC_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = _oidc("OIDC_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = _oidc("OIDC_USERINFO_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = _oidc("OIDC_JWKS_ENDPOINT")
    OIDC_RP_CLIENT_ID: str = _oidc("OIDC_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET: str = _oidc("OIDC_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO: str = env.str("OIDC_SIGN_ALGORITHM", default="RS256")
    OIDC_RP_SCOPES: str = env.str("OIDC_SCOPES", default="openid email profile")
    OIDC_GROUPS_CLAIM: str = env.str("OIDC_GROUPS_CLAIM", default="groups")
    try:
        OIDC_GROUP_ROLES = parse_group_roles(_oidc("OIDC_GROUP_ROLES"))
    except GroupRolesError as error:
        raise ImproperlyConfigured(f"OIDC_GROUP_ROLES: {error}") from None
    OIDC_ORGANISATION: str = env.str("OIDC_ORGANISATION", default="default")
    OIDC_USE_PKCE = True
    OIDC_TIMEOUT = 10
    OIDC_CALLBACK_CLASS = "organisations.oidc.CallbackView"
    LOGIN_REDIRECT_URL_FAILURE = "/login/"
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("organisations.oidc.Backend")

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [FRONTEND_DIST]
# Serve straight from the app and frontend build folders: no collectstatic step to forget.
# Which of them browsers may keep for ever: bearcave/static.py.
SERVESTATIC_USE_FINDERS = True

DJANGO_VITE = {
    "default": {
        "dev_mode": False,
        "manifest_path": FRONTEND_DIST / ".vite" / "manifest.json",
    }
}

if REDIS_URL:
    # The API's throttles count in the cache: shared by every process in the scaled profile.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bearcave",
        }
    }

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "bearcave.api.BearCaveAutoSchema",
    # Facilitators: the browser's session (CSRF-checked for unsafe methods) or an API token
    # (`Authorization: Token <key>`, made on /facilitate/tokens or by `manage.py
    # create_api_token`). Players authenticate on the game endpoints with their join token
    # (games.api.authentication). The token comes first: it names the challenge, so a missing,
    # expired or revoked token is a 401 (`WWW-Authenticate: Token`), not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "organisations.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["bearcave.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "bearcave.api.api_exception_handler",
    # Throttled views name their scope (games.throttles); the rates are per minute or hour.
    "DEFAULT_THROTTLE_RATES": {
        # Every join attempt from one client address: room for a whole workshop behind one NAT.
        "join": env.str("THROTTLE_JOIN", default="120/minute"),
        # Join attempts with a code that names no game, per address: no brute-forcing codes.
        "join_miss": env.str("THROTTLE_JOIN_MISS", default="20/minute"),
        # Writes by one player (messages, tags, votes...), per participant.
        "player_post": env.str("THROTTLE_PLAYER_POST", default="60/minute"),
    },
    # How many proxies in front of Bear Cave append to X-Forwarded-For. 0: the client address is
    # the socket's peer, and a forged X-Forwarded-For cannot dodge a throttle.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}

# API tokens (decision 0520): django-rest-knox's, with our model (a name, when last used). A new
# token expires after API_TOKEN_DAYS unless its maker chooses otherwise, never after more than
# API_TOKEN_MAX_DAYS: there is no token that never expires.
KNOX_TOKEN_MODEL = "organisations.ApiToken"  # noqa: S105 - a model's name, not a secret
REST_KNOX = {"AUTH_HEADER_PREFIX": "Token", "TOKEN_TTL": None}
# knox's own migrations predate its swappable model: they would make its unused table anyway,
# with a key to the users that stops tests from emptying the database. Our model has its own.
MIGRATION_MODULES = {"knox": None}
API_TOKEN_DAYS: int = env.int("API_TOKEN_DAYS", default=90)
API_TOKEN_MAX_DAYS: int = env.int("API_TOKEN_MAX_DAYS", default=365)

# Request bodies are bounded before Django reads them (bearcave/limits.py): 413 over the limit.
# A scenario file is at most 1 MB; a game import (the facilitator's) may be larger.
MAX_REQUEST_BYTES: int = env.int("MAX_REQUEST_BYTES", default=2 * 1024 * 1024)
MAX_IMPORT_BYTES: int = env.int("MAX_IMPORT_BYTES", default=20_000_000)
# Django's own check of a body read into memory: never the tighter one (the limits above are).
DATA_UPLOAD_MAX_MEMORY_SIZE = max(MAX_REQUEST_BYTES, MAX_IMPORT_BYTES)

# The game socket: each connection may send SOCKET_BURST frames at once and SOCKET_RATE a second
# after that (far above what a person or the app sends); frames over it get `rate_limited`, and a
# socket that keeps flooding is closed with 4429 (games/realtime/ratelimit.py).
SOCKET_RATE: float = env.float("SOCKET_RATE", default=10.0)
SOCKET_BURST: int = env.int("SOCKET_BURST", default=40)
# Retention: a player's token stops working this many days after their game finished (a deleted
# game's at once). `manage.py purge_games --older-than DAYS` deletes games no longer in use.
PLAYER_TOKEN_DAYS: int = env.int("PLAYER_TOKEN_DAYS", default=14)

# Open sockets one player may hold at once (a phone, a laptop, a tab opened again); one more is
# refused with `too_many_sockets` and closed with 4409. Their writes share one budget in any
# case (THROTTLE_PLAYER_POST).
SOCKETS_PER_PLAYER: int = env.int("SOCKETS_PER_PLAYER", default=5)

# The technique detector runs in one worker process beside each server, off the thread that does
# the server's database work (games/services/offload.py); off, it runs on that thread. Tests that
# drive the application inside the test process turn it off (a spawned worker would not see the
# test's database); real servers in tests keep it on.
WORKER_PROCESS: bool = env.bool("WORKER_PROCESS", default=True)

SPECTACULAR_SETTINGS = {
    "TITLE": "Bear Cave API",
    "DESCRIPTION": (
        "Run customer-service recovery games: scenarios, games, rounds and results. "
        "Facilitators authenticate by session or `Authorization: Token <key>`, players by "
        "`Authorization: Player <token>` (returned when joining). Every error is "
        '`{"code", "message", "errors": [{"path", "message"}]}`. See docs/api.md.'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page's own assets come from the sidecar package: no CDN needed on a closed network.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Operations are grouped (and named) by what follows /api/v1/: games, scenarios.
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # One name for the phases, whichever field carries them.
    "ENUM_NAME_OVERRIDES": {
        "PhaseEnum": "games.api.serializers.PHASES",
        "PerspectiveEnum": "games.api.replay.PERSPECTIVE_CHOICES",
        # Two choice sets share the field name `difficulty`: the scenario's and the scripted
        # customer's.
        "ScenarioDifficultyEnum": ["introductory", "intermediate", "hard"],
        "ScriptedDifficultyEnum": ["patient", "typical", "furious"],
        # A member's role in the organisation, and how a game is shared with them.
        "OrganisationRoleEnum": "organisations.api.ROLES",
        "ShareRoleEnum": "games.api.sharing.SHARE_ROLES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "daphne": {"level": "WARNING"},
        # django-axes logs every attempt at INFO; lockouts are warnings.
        "axes": {"level": "WARNING"},
        # fpdf2 subsets the report's fonts with fontTools, which logs every table it prunes.
        "fontTools": {"level": "WARNING"},
    },
}
