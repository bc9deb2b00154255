"""GUI fixtures: a stub QGIS interface backed by real widgets."""

import pytest
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtWidgets import QMainWindow, QMenu, QToolBar


class StubIface:
    """The parts of QgisInterface the plugin uses, backed by real widgets."""

    def __init__(self):
        self.window = QMainWindow()
        self.toolbar = QToolBar("Plugins", self.window)
        self.window.addToolBar(self.toolbar)
        self.plugin_menu = QMenu("Plugins", self.window)
        self.window.menuBar().addMenu(self.plugin_menu)
        self.bar = QgsMessageBar(self.window)
        self.submenus = {}

    def mainWindow(self):
        return self.window

    def messageBar(self):
        return self.bar

    def addDockWidget(self, area, dock):
        self.window.addDockWidget(area, dock)

    def removeDockWidget(self, dock):
        self.window.removeDockWidget(dock)

    def addToolBarIcon(self, action):
        self.toolbar.addAction(action)

    def removeToolBarIcon(self, action):
        self.toolbar.removeAction(action)

    def addPluginToMenu(self, name, action):
        menu = self.submenus.get(name)
        if menu is None:
            menu = self.submenus[name] = self.plugin_menu.addMenu(name)
        menu.addAction(action)

    def removePluginMenu(self, name, action):
        menu = self.submenus.get(name)
        if menu is None:
            return
        menu.removeAction(action)
        if not menu.actions():
            self.plugin_menu.removeAction(menu.menuAction())
            del self.submenus[name]


@pytest.fixture()
def stub_iface(qgis_app):
    stub = StubIface()
    yield stub
    stub.window.deleteLater()
