"""The platform dock driven with pytest-qt against the real local platform: add a connection,
test it, browse and load a collection, publish through the quality gate, watch the outbox,
update a feedback item's status. Screenshots of each tab go to docs/images/dock_*.png."""

from pathlib import Path

import pytest
from qgis.PyQt.QtCore import Qt

pytestmark = pytest.mark.timeout(600)

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "docs" / "images"
WAIT_MS = 120000


def screenshot(dock, index, name):
    dock.tabs.setCurrentIndex(index)
    dock.resize(560, 680)
    IMAGES.mkdir(parents=True, exist_ok=True)
    assert dock.grab().save(str(IMAGES / f"dock_{name}.png"))


@pytest.fixture()
def dock(qtbot, stub_iface, tmp_path, platform_server, authcfgs):
    from community_governance.plugin.dock.panel import CommunityDock
    from qgis.core import QgsProject
    from qgis.gui import QgsMapCanvas

    canvas = QgsMapCanvas(stub_iface.window)
    stub_iface.mapCanvas = lambda: canvas
    panel = CommunityDock(stub_iface, stub_iface.window, outbox_path=tmp_path / "outbox.sqlite")
    stub_iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    stub_iface.window.resize(1000, 720)
    stub_iface.window.show()
    yield panel
    panel.close_connections()
    QgsProject.instance().removeAllMapLayers()


def test_dock_end_to_end(qtbot, dock, platform_server, authcfgs):
    from community_governance.plugin.dock.connections_tab import ConnectionDialog
    from community_governance.plugin.platform_client.ogcapi import FeaturesClient
    from qgis.core import QgsProject, QgsSettings, QgsVectorLayer

    truth = QgsVectorLayer(f"{platform_server.data}|layername=facilities", "facilities", "ogr")
    client = FeaturesClient(platform_server.url, authcfgs["basic"])

    # -- Connections: the first run offers the local demo platform; add ours ----------------
    tab = dock.connections_tab
    dock.tabs.setCurrentWidget(tab)
    assert tab.combo.count() >= 1
    dialog = ConnectionDialog(None, dock)
    dialog.name_edit.setText("Test platform")
    dialog.url_edit.setText(platform_server.url)
    dialog.sta_edit.setText(platform_server.sta_url)
    dialog.auth_select.setConfigId(authcfgs["basic"])
    assert "master password" in dialog.findChildren(type(tab.details))[-1].text()
    assert tab.save(dialog.connection())
    assert dock.current_connection().name == "Test platform"
    assert dock.current_connection().authcfg == authcfgs["basic"]
    settings = QgsSettings()
    stored = " ".join(str(settings.value(key)) for key in settings.allKeys())
    assert platform_server.password not in stored and platform_server.token not in stored
    qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.result_label.text() != "Testing…", timeout=WAIT_MS)
    assert "collections" in tab.result_label.text(), tab.result_label.text()
    assert "yes" in tab.result_label.text()
    screenshot(dock, 1, "connections")

    # -- Catalog: grouped by theme, search, load as a styled layer ---------------------------
    catalog = dock.catalog_tab
    dock.tabs.setCurrentWidget(catalog)
    qtbot.mouseClick(catalog.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "collections" in catalog.status.text() or "…" not in catalog.status.text(), timeout=WAIT_MS
    )
    assert catalog.tree.topLevelItemCount() > 0, catalog.status.text()
    themes = {catalog.tree.topLevelItem(i).text(0) for i in range(catalog.tree.topLevelItemCount())}
    assert {"Facilities", "Population", "Residents' feedback"} <= themes
    catalog.search.setText("feedback")
    assert catalog.select("feedback") and not catalog.select("facilities")
    catalog.search.setText("")
    assert catalog.select("facilities")
    qtbot.mouseClick(catalog.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.last_loaded_layer is not None, timeout=WAIT_MS)
    layer = dock.last_loaded_layer
    assert layer.featureCount() == truth.featureCount()
    assert layer.id() in QgsProject.instance().mapLayers()
    assert "platform_id" in layer.fields().names()
    screenshot(dock, 2, "catalog")

    # -- Publish: the gate refuses the planted duplicate id, then clean data goes out ------------
    publish = dock.publish_tab
    dock.tabs.setCurrentWidget(publish)
    publish.schema_combo.setCurrentIndex(publish.schema_combo.findData("facilities"))
    publish.warnings_check.setChecked(True)
    before = client.count("uploads")
    publish.publish(truth, "uploads", interactive=False)
    qtbot.waitUntil(lambda: "refused" in publish.status.text(), timeout=WAIT_MS)
    assert dock.outbox().counts("Test platform")["pending"] == 0
    clean = QgsVectorLayer(f"Point?crs={truth.crs().authid()}", "survey", "memory")
    clean.dataProvider().addAttributes(truth.fields().toList())
    clean.updateFields()
    ids = [str(f["fac_id"]) for f in truth.getFeatures()]
    unique = [f for f in truth.getFeatures() if ids.count(str(f["fac_id"])) == 1][:5]
    clean.dataProvider().addFeatures(unique)
    publish.publish(clean, "uploads", interactive=False)
    qtbot.waitUntil(lambda: dock.outbox().counts("Test platform")["sent"] == len(unique), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "Sent" in publish.status.text(), timeout=WAIT_MS)
    assert client.count("uploads") == before + len(unique)
    publish.refresh_outbox()
    assert publish.table.rowCount() == len(unique)
    assert {publish.table.item(r, 3).text() for r in range(publish.table.rowCount())} == {"sent"}
    screenshot(dock, 3, "publish")

    # -- Feedback: filter, then update a status back to the platform ---------------------------
    feedback = dock.feedback_tab
    dock.tabs.setCurrentWidget(feedback)
    qtbot.mouseClick(feedback.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: feedback.table.rowCount() > 0, timeout=WAIT_MS)
    truth_fb = QgsVectorLayer(f"{platform_server.data}|layername=feedback", "feedback", "ogr")
    assert feedback.table.rowCount() == truth_fb.featureCount()
    todo = [f for f in truth_fb.getFeatures() if f["status"] == "待处理"]
    feedback.status_combo.setCurrentIndex(feedback.status_combo.findData("待处理"))
    assert feedback.table.rowCount() == len(todo)
    feedback.table.selectRow(0)
    fid = feedback.table.item(0, 0).text()
    feedback.zoom_to_selected()
    feedback.update_status("处理中")
    qtbot.waitUntil(lambda: dock.outbox().counts("Test platform")["sent"] == len(unique) + 1, timeout=WAIT_MS)
    item, _ = client.item("feedback", fid)
    assert item["properties"]["status"] == "处理中"
    feedback.status_combo.setCurrentIndex(0)
    screenshot(dock, 4, "feedback")
    screenshot(dock, 0, "status")


def add_connection(dock, platform_server, authcfgs, name="Test platform"):
    from community_governance.plugin.platform_client.connections import PlatformConnection

    connection = PlatformConnection(name, platform_server.url, platform_server.sta_url, authcfgs["basic"])
    assert dock.connections_tab.save(connection)
    return connection


def test_dock_incremental_refresh_and_conflict(qtbot, dock, platform_server, authcfgs):
    from community_governance.plugin.dock.catalog_tab import TIME_PROPERTY
    from community_governance.plugin.platform_client.ogcapi import FeaturesClient

    add_connection(dock, platform_server, authcfgs)
    client = FeaturesClient(platform_server.url, authcfgs["basic"])
    crs = client.collection("feedback").storage_crs

    # load the feedback collection, then a resident reports something new on the platform
    catalog = dock.catalog_tab
    dock.tabs.setCurrentWidget(catalog)
    qtbot.waitUntil(lambda: catalog.select("feedback"), timeout=WAIT_MS)
    catalog.load_selected()
    qtbot.waitUntil(lambda: dock.last_loaded_layer is not None, timeout=WAIT_MS)
    layer = dock.last_loaded_layer
    count = layer.featureCount()
    since = layer.customProperty(TIME_PROPERTY, "")
    assert since, (layer.name(), layer.customPropertyKeys(), layer.fields().names())
    template, _ = client.item("feedback", next(iter(f["platform_id"] for f in layer.getFeatures())), crs=crs)
    new = {
        "type": "Feature",
        "id": "FB-NEW-1",
        "geometry": template["geometry"],
        "properties": dict(
            template["properties"],
            fb_id="FB-NEW-1",
            cg_uid="FB-NEW-1",
            created_at="2099-01-01T08:00:00+08:00",
        ),
    }
    client.create("feedback", new, crs=crs)
    catalog.refresh_active_layer(layer)
    qtbot.waitUntil(lambda: "merged" in catalog.status.text(), timeout=WAIT_MS)
    assert catalog.status.text().startswith("1 new and 0 changed")
    assert layer.featureCount() == count + 1
    assert layer.customProperty(TIME_PROPERTY) == "2099-01-01T08:00:00+08:00"

    # a status update that meets a colleague's edit: conflict, then the planner overwrites
    feedback = dock.feedback_tab
    dock.tabs.setCurrentWidget(feedback)
    feedback.load()
    qtbot.waitUntil(lambda: feedback.table.rowCount() > 0, timeout=WAIT_MS)
    row = next(r for r in range(feedback.table.rowCount()) if feedback.table.item(r, 0).text() == "FB-NEW-1")
    feedback.table.selectRow(row)
    theirs = dict(new, properties=dict(new["properties"], text="已由网格员补充说明"))
    client.replace("feedback", "FB-NEW-1", theirs, crs=crs)
    feedback.update_status("已办结")
    outbox = dock.outbox()
    qtbot.waitUntil(lambda: outbox.counts("Test platform")["conflict"] == 1, timeout=WAIT_MS)
    assert client.item("feedback", "FB-NEW-1")[0]["properties"]["text"] == "已由网格员补充说明"
    op = outbox.list("Test platform", ["conflict"])[0]
    dock.publish_tab.resolve_conflict(op, "overwrite")
    dock.send_outbox(ignore_backoff=True)
    qtbot.waitUntil(
        lambda: outbox.counts("Test platform")["conflict"] == 0
        and outbox.counts("Test platform")["pending"] == 0,
        timeout=WAIT_MS,
    )
    assert client.item("feedback", "FB-NEW-1")[0]["properties"]["status"] == "已办结"
