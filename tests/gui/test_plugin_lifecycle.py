"""Load, unload and reload the plugin in a real QgsApplication with a stub ``iface``."""

from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QDockWidget


def window_state(iface):
    """What a plugin can leave behind in the main window and the Processing registry."""
    docks = [d.objectName() for d in iface.window.findChildren(QDockWidget) if iface.window.dockWidgetArea(d)]
    return {
        "providers": sorted(p.id() for p in QgsApplication.processingRegistry().providers()),
        "docks": sorted(docks),
        "toolbar": [a.text() for a in iface.toolbar.actions()],
        "menus": [a.text() for a in iface.plugin_menu.actions()],
    }


def test_load_unload_reload_leaves_no_trace(stub_iface, qtbot, without_shared_provider):
    iface = stub_iface
    import community_governance

    before = window_state(iface)
    assert "communitygov" not in before["providers"]

    for _ in range(2):  # load, unload, then the same again: a reload
        plugin = community_governance.classFactory(iface)
        plugin.initGui()
        try:
            loaded = window_state(iface)
            assert "communitygov" in loaded["providers"]
            assert "CommunityGovernanceDock" in loaded["docks"]
            assert len(loaded["toolbar"]) == len(before["toolbar"]) + 1
            assert len(loaded["menus"]) == len(before["menus"]) + 1
            provider = QgsApplication.processingRegistry().providerById("communitygov")
            assert provider.algorithms(), "the provider registered no algorithm"
        finally:
            plugin.unload()
        qtbot.wait(10)  # let deleteLater run
        assert window_state(iface) == before


def test_processing_only_start_needs_no_iface(without_shared_provider):
    """qgis_process creates the plugin with iface=None and calls only initProcessing."""
    import community_governance

    plugin = community_governance.classFactory(None)
    plugin.initProcessing()
    assert QgsApplication.processingRegistry().providerById("communitygov") is not None
    plugin.unload()
    assert QgsApplication.processingRegistry().providerById("communitygov") is None
