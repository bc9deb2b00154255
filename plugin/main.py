"""The desktop side of the plugin: translator, Processing provider, menu, toolbar and dock.

``qgis_process`` creates the plugin with ``iface=None`` and calls only ``initProcessing``; the
desktop calls ``initGui`` (which calls ``initProcessing``). ``unload`` removes everything both
added, so that a reload leaves no trace.
"""

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from ..processing import deps
from ..processing.algorithms.base import ICON_PATH
from ..processing.i18n import I18N_DIR, QM_BASENAME, qgis_locale, tr
from ..processing.provider import register as register_provider

MESSAGE_TAG = "Community Smart Governance"


def load_translator(parent=None):
    """A QTranslator for QGIS's locale, installed into the application, or ``None``."""
    translator = QTranslator(parent)
    if translator.load(qgis_locale(), QM_BASENAME, "_", str(I18N_DIR)):
        QCoreApplication.installTranslator(translator)
        return translator
    return None


def missing_dependency_messages(disabled: dict) -> list:
    """One translated message per missing package, naming the tools it disables."""
    by_package = {}
    for algorithm_id, packages in sorted(disabled.items()):
        for package in packages:
            by_package.setdefault(package, []).append(algorithm_id)
    return [
        tr(
            "The Python package “{package}” is missing, so these tools are disabled: {tools}. "
            "Install it with: {hint}"
        ).format(package=package, tools=", ".join(tools), hint=deps.install_hint(package))
        for package, tools in sorted(by_package.items())
    ]


class CommunityGovernancePlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.translator = None
        self.dock = None
        self.action = None
        self.menu_name = ""

    # -- Processing (also under qgis_process) -------------------------------------------------
    def initProcessing(self):  # noqa: N802 - QGIS API
        if self.translator is None:
            self.translator = load_translator()
        if self.provider is None:
            self.provider = register_provider()
            for message in missing_dependency_messages(self.provider.disabled):
                QgsMessageLog.logMessage(message, MESSAGE_TAG, Qgis.MessageLevel.Warning)

    # -- desktop ------------------------------------------------------------------------------
    def initGui(self):  # noqa: N802 - QGIS API
        self.initProcessing()
        from .dock.panel import CommunityDock

        self.menu_name = tr("&Community Smart Governance")
        self.dock = CommunityDock(self.iface, self.iface.mainWindow())
        self.dock.setObjectName("CommunityGovernanceDock")
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()

        self.action = QAction(QIcon(str(ICON_PATH)), tr("Community platform panel"), self.iface.mainWindow())
        self.action.setObjectName("CommunityGovernanceDockAction")
        self.dock.setToggleVisibilityAction(self.action)
        self.iface.addToolBarIcon(self.action)
        self.iface.addPluginToMenu(self.menu_name, self.action)

        messages = missing_dependency_messages(self.provider.disabled)
        self.dock.set_dependency_messages(messages)
        for message in messages:
            self.iface.messageBar().pushMessage(MESSAGE_TAG, message, Qgis.MessageLevel.Warning, 0)

    def unload(self):
        if self.action is not None:
            self.iface.removePluginMenu(self.menu_name, self.action)
            self.iface.removeToolBarIcon(self.action)
            self.action.deleteLater()
            self.action = None
        if self.dock is not None:
            self.iface.removeDockWidget(self.dock)
            self.dock.close_connections()
            self.dock.deleteLater()
            self.dock = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
