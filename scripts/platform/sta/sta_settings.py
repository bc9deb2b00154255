"""Django settings of the local SensorThings API v1.1 server (django-ogc-sensorthings).

Started by ``scripts/platform.sh`` in its own venv (``.venvs/sensorthings``), on 127.0.0.1 only.
Environment: ``STA_DB`` (SQLite file), ``STA_SERVICE_URL`` (public base URL, ending in
``/sensorthings``), ``STA_MAX_TOP`` (page size, small so that paging is exercised).
"""

import os
from uuid import UUID

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = os.environ.get("STA_SECRET_KEY", "local-loopback-demo-only")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "sta_urls"
USE_TZ = True
TIME_ZONE = "UTC"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "sensorthings.versions.v1_1",
    "sensorthings.versions.v1_1.backends.django",
    "sensorthings.versions.v1_1.extensions.dataarray",
]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("STA_DB", os.path.join(BASE_DIR, "sta.sqlite3")),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
SENSORTHINGS_V1_1_SERVICE_URL = os.environ.get("STA_SERVICE_URL", "http://127.0.0.1:8767/sensorthings")
SENSORTHINGS_V1_1_BACKEND_ADAPTER = "sensorthings.versions.v1_1.backends.django.adapter.DjangoBackendAdapter"
SENSORTHINGS_V1_1_ID_TYPE = UUID
SENSORTHINGS_V1_1_ID_DELIMITER = "'"
SENSORTHINGS_V1_1_MAX_TOP = int(os.environ.get("STA_MAX_TOP", "100"))
