"""Platform connections: name, OGC API - Features URL, SensorThings URL and an authcfg id.

Connections live in ``QgsSettings`` under ``community_governance/platform/connections/<name>/``
with only these keys: ``url``, ``sta_url``, ``authcfg`` (the 7-character id of a QGIS
authentication configuration) and ``timeout_ms``. User names, passwords and tokens are never
written there: they live in the QGIS authentication database (encrypted with the master
password). :func:`store_basic_authcfg` and :func:`store_bearer_authcfg` create such
configurations; a bearer token is kept as the password of a Basic configuration whose user is
:data:`~.http.BEARER_USER` (QGIS 3.22 has no "API header" method).

The first run gets the local demo platform of ``scripts/platform.sh`` as its default connection
(:data:`DEFAULT_URL`, :data:`DEFAULT_STA_URL`), without credentials.

The object the Monitor tab relies on: ``PlatformConnection.name`` and
``PlatformConnection.sensorthings_client()`` (a :class:`~.sensorthings.SensorThingsClient` or
``None`` when the connection has no SensorThings URL).
"""

from dataclasses import dataclass
from typing import Optional

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsSettings

from .http import BEARER_USER
from .ogcapi import FeaturesClient
from .sensorthings import SensorThingsClient

SETTINGS_ROOT = "community_governance/platform"
DEFAULT_NAME = "Local demo platform"
DEFAULT_URL = "http://127.0.0.1:8765/"
DEFAULT_STA_URL = "http://127.0.0.1:8765/sensorthings/v1.1"


@dataclass
class PlatformConnection:
    name: str
    url: str
    sta_url: str = ""
    authcfg: str = ""
    timeout_ms: int = 30000

    def features_client(self, page_size: int = 100) -> FeaturesClient:
        return FeaturesClient(self.url, self.authcfg, self.timeout_ms, page_size)

    def sensorthings_client(self) -> Optional[SensorThingsClient]:
        if not self.sta_url:
            return None
        return SensorThingsClient(self.sta_url, self.authcfg, self.timeout_ms)


def _key(name: str) -> str:
    return f"{SETTINGS_ROOT}/connections/{name.replace('/', '_')}"


def load_connections() -> list:
    """All saved connections (the local demo platform on first run)."""
    settings = QgsSettings()
    settings.beginGroup(f"{SETTINGS_ROOT}/connections")
    names = settings.childGroups()
    settings.endGroup()
    if not names and not settings.value(f"{SETTINGS_ROOT}/initialised", False, type=bool):
        save_connection(PlatformConnection(DEFAULT_NAME, DEFAULT_URL, DEFAULT_STA_URL))
        settings.setValue(f"{SETTINGS_ROOT}/initialised", True)
        names = [DEFAULT_NAME]
    return [c for c in (load_connection(n) for n in sorted(names)) if c is not None]


def load_connection(name: str) -> Optional[PlatformConnection]:
    settings = QgsSettings()
    key = _key(name)
    url = settings.value(f"{key}/url", "", type=str)
    if not url:
        return None
    return PlatformConnection(
        name=name,
        url=url,
        sta_url=settings.value(f"{key}/sta_url", "", type=str),
        authcfg=settings.value(f"{key}/authcfg", "", type=str),
        timeout_ms=settings.value(f"{key}/timeout_ms", 30000, type=int),
    )


def save_connection(connection: PlatformConnection):
    settings = QgsSettings()
    key = _key(connection.name)
    settings.setValue(f"{key}/url", connection.url)
    settings.setValue(f"{key}/sta_url", connection.sta_url)
    settings.setValue(f"{key}/authcfg", connection.authcfg)
    settings.setValue(f"{key}/timeout_ms", int(connection.timeout_ms))
    settings.setValue(f"{SETTINGS_ROOT}/initialised", True)


def delete_connection(name: str):
    QgsSettings().remove(_key(name))


def selected_connection_name() -> str:
    return QgsSettings().value(f"{SETTINGS_ROOT}/selected", "", type=str)


def set_selected_connection_name(name: str):
    QgsSettings().setValue(f"{SETTINGS_ROOT}/selected", name)


# -- authentication database -----------------------------------------------------------------
def master_password_ready() -> bool:
    """True when the auth database can be used without QGIS prompting for the master password."""
    return QgsApplication.authManager().masterPasswordIsSet()


def _store(config: QgsAuthMethodConfig, authcfg: str = "") -> str:
    manager = QgsApplication.authManager()
    if authcfg and authcfg in manager.configIds():
        config.setId(authcfg)
        ok = manager.updateAuthenticationConfig(config)
    else:
        ok = manager.storeAuthenticationConfig(config)
    if not ok:
        from ...processing.i18n import tr

        raise RuntimeError(
            tr("QGIS could not store the authentication configuration (master password not set?).")
        )
    return config.id()


def store_basic_authcfg(name: str, username: str, password: str, authcfg: str = "") -> str:
    """Create (or update) a Basic configuration in the QGIS auth database; its id."""
    config = QgsAuthMethodConfig("Basic")
    config.setName(name)
    config.setConfig("username", username)
    config.setConfig("password", password)
    config.setConfig("realm", "")
    return _store(config, authcfg)


def store_bearer_authcfg(name: str, token: str, authcfg: str = "") -> str:
    """Keep a bearer token in the QGIS auth database (as a Basic config with the bearer marker)."""
    return store_basic_authcfg(name, BEARER_USER, token, authcfg)


def resolve_connection(
    name: str = "", url: str = "", authcfg: str = "", sta_url: str = ""
) -> PlatformConnection:
    """A connection from an explicit URL (batch, ``qgis_process``) or a saved connection's name.

    Explicit ``url``/``authcfg`` win; with neither a URL nor a known name, the selected
    connection (or the first-run default) is used. Raises ``KeyError`` for an unknown name.
    """
    if url:
        return PlatformConnection(name or url, url, sta_url, authcfg or "")
    if name:
        connection = load_connection(name)
        if connection is None:
            raise KeyError(name)
        if authcfg:
            connection.authcfg = authcfg
        return connection
    connections = load_connections()
    selected = selected_connection_name()
    for connection in connections:
        if connection.name == selected:
            return connection
    if connections:
        return connections[0]
    raise KeyError(DEFAULT_NAME)
