"""The Processing provider "communitygov".

Algorithms are discovered from ``processing/algorithms`` (one per module), so a new tool needs no
edit here. An algorithm whose optional packages are missing is not registered; the provider
remembers why, and the plugin tells the user.
"""

import importlib
import inspect
import pkgutil

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMessageLog,
    QgsProcessingModelAlgorithm,
    QgsProcessingProvider,
)
from qgis.PyQt.QtGui import QIcon

from . import algorithms as algorithms_package
from . import deps
from .algorithms.base import ICON_PATH, CommunityGovAlgorithm
from .i18n import PLUGIN_ROOT, tr

PROVIDER_ID = "communitygov"
MODELS_DIR = PLUGIN_ROOT / "resources" / "models"


def metadata_version() -> str:
    for line in (PLUGIN_ROOT / "metadata.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("version="):
            return line.split("=", 1)[1].strip()
    return ""


def algorithm_classes():
    """Every algorithm class of the package, each once, in module order."""
    classes = []
    for module_info in pkgutil.iter_modules(algorithms_package.__path__):
        if module_info.name == "base":
            continue
        module = importlib.import_module(f"{algorithms_package.__name__}.{module_info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, CommunityGovAlgorithm)
                and cls.algorithm_id
                and cls.__module__ == module.__name__
            ):
                classes.append(cls)
    return classes


def model_display_names() -> dict:
    """Translated names of the shipped models, by model name (the model file holds one name)."""
    return {"community_health_check": tr("Community health check")}


class ShippedModel(QgsProcessingModelAlgorithm):
    """A model from ``resources/models`` under a stable id, shown with a translated name."""

    def __init__(self, path):
        super().__init__()
        self.path = path
        self.loaded = self.fromFile(str(path))

    def displayName(self):
        return model_display_names().get(self.name(), self.name())

    def createInstance(self):
        return ShippedModel(self.path)


class CommunityGovernanceProvider(QgsProcessingProvider):
    def __init__(self):
        super().__init__()
        # algorithm id -> missing packages, for the tools that could not be registered
        self.disabled = {}

    def id(self):
        return PROVIDER_ID

    def name(self):
        return tr("Community Smart Governance")

    def longName(self):  # noqa: N802 - QGIS API
        return f"{self.name()} {metadata_version()}"

    def icon(self):
        return QIcon(str(ICON_PATH))

    def loadAlgorithms(self):  # noqa: N802 - QGIS API
        self.disabled = {}
        for cls in algorithm_classes():
            missing = deps.missing(cls.requirements)
            if missing:
                self.disabled[cls.algorithm_id] = missing
                continue
            self.addAlgorithm(cls())
        if QgsApplication.processingRegistry().providerById(PROVIDER_ID) is not self:
            return  # models resolve their steps through the registry: see register()
        for path in sorted(MODELS_DIR.glob("*.model3")):
            model = ShippedModel(path)
            if model.loaded:
                self.addAlgorithm(model)
            else:
                QgsMessageLog.logMessage(
                    tr("Could not load the model “{path}”.").format(path=path.name),
                    tr("Community Smart Governance"),
                    Qgis.MessageLevel.Warning,
                )


def register() -> CommunityGovernanceProvider:
    """Add the provider to the Processing registry, with its models.

    A model finds its steps (our own algorithms) in the registry, which knows the provider only
    once it is added, so the models load in a second pass.
    """
    provider = CommunityGovernanceProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    if any(MODELS_DIR.glob("*.model3")):
        provider.refreshAlgorithms()
    return provider
