"""The community platform dock panel.

Tabs are plain widgets; each heavy action runs in a ``QgsTask`` so the panel never freezes
QGIS. This module only assembles the tabs.
"""

from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ...processing.i18n import tr


class StatusTab(QWidget):
    """What the plugin can do on this machine: missing packages and how to install them."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.label)
        self.set_messages([])

    def set_messages(self, messages):
        if messages:
            self.label.setText("\n\n".join(messages))
        else:
            self.label.setText(tr("All optional Python packages are installed; every tool is available."))


class CommunityDock(QgsDockWidget):
    def __init__(self, iface, parent=None):
        super().__init__(tr("Community Smart Governance"), parent)
        self.iface = iface
        self.tabs = QTabWidget(self)
        self.status_tab = StatusTab(self.tabs)
        self.tabs.addTab(self.status_tab, tr("Status"))
        self.setWidget(self.tabs)

    def set_dependency_messages(self, messages):
        self.status_tab.set_messages(messages)

    def close_connections(self):
        """Stop timers and running tasks before the dock is deleted (plugin unload)."""
