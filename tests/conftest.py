"""Shared fixtures. Engine tests use none of the QGIS ones, so they run without QGIS."""

import os
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
DEMO_GPKG = ROOT / "resources" / "demo" / "community_demo.gpkg"

# The repository root is the plugin package; on sys.path its ``processing/`` would shadow QGIS's.
sys.path[:] = [p for p in sys.path if p not in ("", ".", str(ROOT))]
_package_parent = ROOT / "build" / "pkg"
_package_parent.mkdir(parents=True, exist_ok=True)
_link = _package_parent / "community_governance"
if not _link.exists():
    _link.symlink_to(ROOT, target_is_directory=True)
sys.path.insert(0, str(_package_parent))
for _scripts in (ROOT / "scripts",):
    sys.path.insert(0, str(_scripts))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTEST_QT_API", "pyqt5")
_config_home = tempfile.mkdtemp(prefix="communitygov-test-config-")
os.environ["XDG_CONFIG_HOME"] = _config_home  # QGIS/Qt settings of the tests stay out of $HOME
os.environ.setdefault("XDG_RUNTIME_DIR", _config_home)
# a throwaway QGIS profile (settings, auth database, outbox) instead of the user's own
os.environ.setdefault("QGIS_CUSTOM_CONFIG_PATH", os.path.join(_config_home, "qgis-profile"))
sys.path.append("/usr/share/qgis/python/plugins")  # QGIS's own "processing" package

_QGIS_APP = None


@pytest.fixture(scope="session")
def qgis_app():
    """A real QgsApplication (GUI-capable, offscreen), created once per session."""
    global _QGIS_APP
    if _QGIS_APP is None:
        from qgis.core import QgsApplication

        QgsApplication.setPrefixPath("/usr", True)
        _QGIS_APP = QgsApplication([], True)
        _QGIS_APP.initQgis()
    return _QGIS_APP


@pytest.fixture(scope="session")
def qapp(qgis_app):
    """pytest-qt uses the QgsApplication instead of creating a QApplication of its own."""
    return qgis_app


_PLUGIN = None


def _register_shared_plugin():
    global _PLUGIN
    from processing.core.Processing import Processing
    from qgis.core import QgsApplication

    Processing.initialize()
    if _PLUGIN is None or QgsApplication.processingRegistry().providerById("communitygov") is None:
        import community_governance

        _PLUGIN = community_governance.classFactory(None)
        _PLUGIN.initProcessing()
    return _PLUGIN.provider


@pytest.fixture(scope="session")
def processing_provider(qgis_app):
    """QGIS Processing initialised with the plugin's provider registered (as qgis_process does).

    The provider stays registered across tests; tests that load and unload the plugin themselves
    use ``without_shared_provider``.
    """
    return _register_shared_plugin()


@pytest.fixture()
def without_shared_provider(qgis_app):
    """Unregister the shared provider so a test can load and unload the plugin on its own."""
    global _PLUGIN
    was_registered = _PLUGIN is not None
    if was_registered:
        _PLUGIN.unload()
        _PLUGIN = None
    yield
    if was_registered:
        _register_shared_plugin()


@pytest.fixture(scope="session")
def demo_gpkg():
    assert DEMO_GPKG.exists(), f"the demo community is missing: {DEMO_GPKG}"
    return DEMO_GPKG


@pytest.fixture(scope="session")
def shared_data():
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent (real-data tests run only where it exists)")
    return SHARED_DATA


# The local community platform (pygeoapi + SensorThings behind nginx), one per session, shared by
# tests/platform and tests/gui: scripts/platform_testing.py.
from platform_testing import auth_manager, authcfgs, platform_server  # noqa: E402, F401
