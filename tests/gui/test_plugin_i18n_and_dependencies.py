"""The plugin speaks the user's language and survives missing optional packages."""

import re
import subprocess
import sys

import pytest
from qgis.core import QgsApplication, QgsSettings

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture()
def chinese_locale(qgis_app, pytestconfig):
    root = pytestconfig.rootpath
    subprocess.run([sys.executable, str(root / "scripts" / "i18n.py"), "compile"], check=True)
    settings = QgsSettings()
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "zh-Hans")  # what QGIS stores for 简体中文
    yield
    settings.setValue("locale/overrideFlag", False)
    settings.remove("locale/userLocale")


def test_zh_hans_gives_chinese_provider_algorithm_and_group_names(chinese_locale, without_shared_provider):
    import community_governance
    from community_governance.processing.i18n import tr

    plugin = community_governance.classFactory(None)
    plugin.initProcessing()
    try:
        provider = QgsApplication.processingRegistry().providerById("communitygov")
        assert provider.name() == "社区智慧治理"
        algorithms = provider.algorithms()
        assert algorithms
        for algorithm in algorithms:
            assert CJK.search(algorithm.displayName()), algorithm.id()
            assert CJK.search(algorithm.group()), algorithm.id()
    finally:
        plugin.unload()
    assert tr("Status") == "Status"  # the translator left with the plugin


def test_missing_optional_package_disables_only_its_tools(
    stub_iface, chinese_locale, monkeypatch, without_shared_provider
):
    import community_governance
    from community_governance.processing.provider import algorithm_classes

    needs = {cls.algorithm_id for cls in algorithm_classes() if "geopandas" in cls.requirements}
    others = {cls.algorithm_id for cls in algorithm_classes()} - needs
    assert needs, "no tool declares geopandas: nothing to simulate"

    monkeypatch.setitem(sys.modules, "geopandas", None)  # how Python itself blocks an import
    plugin = community_governance.classFactory(stub_iface)
    plugin.initGui()
    try:
        provider = QgsApplication.processingRegistry().providerById("communitygov")
        registered = {a.name() for a in provider.algorithms() if a.provider() is provider}
        assert set(provider.disabled) == needs
        assert others <= registered and not (needs & registered)
        shown = plugin.dock.status_tab.label.text()
        assert "geopandas" in shown and "python3-geopandas" in shown
        assert "缺少 Python 依赖包" in shown  # in the user's language
        assert all(tool in shown for tool in needs)
    finally:
        plugin.unload()
