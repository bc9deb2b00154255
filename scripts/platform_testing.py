"""Session fixtures for tests that need the local community platform (tests/platform, tests/gui).

Imported by ``tests/conftest.py``. ``platform_server`` starts the real platform with
``scripts/platform.sh`` (pygeoapi + SensorThings behind nginx with authentication, seeded from the
demo GeoPackage) on free ports in a throwaway folder, once per session, and stops it at the end;
``authcfgs`` stores QGIS authentication configurations for it in the test profile's auth
database (master password set programmatically).
"""

import os
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo" / "community_demo.gpkg"
MASTER_PASSWORD = "test-master-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Platform:
    url: str
    sta_url: str
    user: str
    password: str
    token: str
    expired_token: str
    state: Path
    env: dict
    data: Path

    def run(self, *args):
        return subprocess.run(
            ["bash", str(ROOT / "scripts" / "platform.sh"), *args],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )


def platform_data() -> Path:
    return Path(os.environ.get("COMMUNITYGOV_PLATFORM_DATA") or DEMO)


@pytest.fixture(scope="session")
def platform_server(tmp_path_factory):
    data = platform_data()
    assert data.exists(), f"the demo community is missing: {data}"
    if not (ROOT / ".venvs" / "pygeoapi" / "bin" / "gunicorn").exists():
        pytest.fail("the pygeoapi venv is missing: run `bash scripts/setup.sh`")
    state = tmp_path_factory.mktemp("platform")
    port = free_port()
    env = dict(os.environ)
    env.update(
        PLATFORM_STATE=str(state),
        PLATFORM_PORT=str(port),
        PLATFORM_BACKEND_PORT=str(free_port()),
        PLATFORM_STA_PORT=str(free_port()),
        PLATFORM_DATA=str(data),
        PLATFORM_PASSWORD="planner-test-pw",
        PLATFORM_STA_MAX_TOP="50",
        PLATFORM_STA="on",
    )
    platform = Platform(
        url=f"http://127.0.0.1:{port}/",
        sta_url=f"http://127.0.0.1:{port}/sensorthings/v1.1",
        user="planner",
        password="planner-test-pw",
        token="",
        expired_token="",
        state=state,
        env=env,
        data=data,
    )
    try:
        platform.run("start")
    except subprocess.CalledProcessError as error:
        subprocess.run(
            ["bash", str(ROOT / "scripts" / "platform.sh"), "stop"], env=env, capture_output=True, timeout=120
        )
        logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in (state / "logs").glob("*.log"))
        pytest.fail(f"platform.sh start failed: {error.stderr}\n{logs}")
    tokens = dict(line.split() for line in (state / "tokens").read_text().splitlines() if line.strip())
    platform.token, platform.expired_token = tokens["valid"], tokens["expired"]
    yield platform
    platform.run("stop")


@pytest.fixture(scope="session")
def auth_manager(qgis_app):
    from qgis.core import QgsApplication

    manager = QgsApplication.authManager()
    assert manager.setMasterPassword(MASTER_PASSWORD, True)
    return manager


@pytest.fixture(scope="session")
def authcfgs(auth_manager, platform_server):
    """authcfg ids: basic (right), wrong (wrong password), bearer (valid), expired (expired token)."""
    from community_governance.plugin.platform_client import connections

    return {
        "basic": connections.store_basic_authcfg(
            "test platform", platform_server.user, platform_server.password
        ),
        "wrong": connections.store_basic_authcfg(
            "test platform wrong", platform_server.user, "not-the-password"
        ),
        "bearer": connections.store_bearer_authcfg("test platform token", platform_server.token),
        "expired": connections.store_bearer_authcfg("test platform expired", platform_server.expired_token),
    }
