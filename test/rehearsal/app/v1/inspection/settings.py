"""Settings of the rehearsal app: a Django project as a Debian host runs it.

Secrets and per-host values come from the environment, else from the host's env file
(INSPECTION_ENV_FILE, by default ../etc/app.env beside the checkout): DATABASE_URL (no
password: libpq reads ~/.pgpass), CELERY_BROKER_URL, STATIC_ROOT. A variable already in the
environment wins, so `DATABASE_URL=… manage.py migrate` points a command at another database.
"""
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from .release import *  # noqa: F401,F403 — what the release changes

BASE_DIR = Path(__file__).resolve().parent.parent


def _read_env_file(path):
    try:
        lines = Path(path).read_text().splitlines()
    except FileNotFoundError:
        return
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            os.environ.setdefault(name.strip(), value.strip())


_read_env_file(os.environ.get("INSPECTION_ENV_FILE", BASE_DIR.parent / "etc" / "app.env"))


def _database(url):
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise ValueError("DATABASE_URL must be a postgresql:// URL")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")),
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
    }


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "rehearsal-only-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "audits",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "inspection.urls"
WSGI_APPLICATION = "inspection.wsgi.application"
DATABASES = {"default": _database(os.environ.get("DATABASE_URL", "postgresql://localhost/inspection"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "/static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR.parent / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_DEFAULT_QUEUE = "offline-sync"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
