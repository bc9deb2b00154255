"""The base class every communitygov algorithm stands on.

A subclass sets ``algorithm_id`` (permanent once released), ``group_id`` and ``requirements``,
implements ``displayName``, ``initAlgorithm`` and ``process``; help comes from
``resources/help/<algorithm_id>.yaml`` in the user's language, and engine errors become
translated :class:`QgsProcessingException` messages through ``error_messages``.
"""

import functools
from pathlib import Path

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtGui import QIcon

from ..engine.errors import EngineError
from ..i18n import PLUGIN_ROOT, help_language, tr

HELP_DIR = PLUGIN_ROOT / "resources" / "help"
ICON_PATH = PLUGIN_ROOT / "resources" / "icons" / "icon.svg"


def group_names() -> dict:
    """Translated names of the algorithm groups, by group id (ids are permanent)."""
    return {
        "lifecircles": tr("Life circles"),
        "facilities": tr("Facilities and accessibility"),
        "conformity": tr("Plan conformity"),
        "quality": tr("Data quality"),
        "monitoring": tr("Indicators and monitoring"),
        "platform": tr("Community platform"),
        "data": tr("Demo and data"),
        "healthcheck": tr("Community health check"),
    }


def common_error_messages() -> dict:
    """Translated templates for the engine's generic error codes."""
    return {
        "engine_error": tr("Analysis failed: {detail}"),
        "input_error": tr("Invalid input: {detail}"),
        "geometry_error": tr("Invalid geometry in layer “{layer}”, feature {feature}: {detail}"),
        "crs_error": tr("Coordinate reference system problem in layer “{layer}”: {detail}"),
        "config_error": tr("Invalid configuration file “{file}”: {detail}"),
        "cancelled": tr("Cancelled by the user."),
        "missing_field": tr("Layer “{layer}” has no field “{field}”."),
        "empty_layer": tr("Layer “{layer}” has no features."),
    }


@functools.cache
def load_help(algorithm_id: str, language: str) -> dict:
    """The help entry of ``algorithm_id`` in ``language`` (``zh`` or ``en``), English fallback.

    Cached: QGIS asks for it once per parameter and the provider loads at start-up.
    """
    path = HELP_DIR / f"{algorithm_id}.yaml"
    if not path.exists():
        return {}
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 - safe loader
    return data.get(language) or data.get("en") or {}


class CommunityGovAlgorithm(QgsProcessingAlgorithm):
    algorithm_id = ""
    group_id = ""
    requirements = ()

    # -- identity -----------------------------------------------------------------------------
    def name(self):
        return self.algorithm_id

    def group(self):
        return group_names().get(self.group_id, self.group_id)

    def groupId(self):  # noqa: N802 - QGIS API
        return self.group_id

    def icon(self):
        return QIcon(str(ICON_PATH))

    def createInstance(self):  # noqa: N802 - QGIS API
        return self.__class__()

    # -- help ---------------------------------------------------------------------------------
    def _help(self) -> dict:
        return load_help(self.algorithm_id, help_language())

    def shortDescription(self):  # noqa: N802 - QGIS API
        return self._help().get("description", "")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        entry = self._help()
        if not entry:
            return ""
        parts = [entry.get("summary", "").strip()]
        parameters = entry.get("parameters") or {}
        if parameters:
            items = "".join(f"<li><b>{name}</b>: {text}</li>" for name, text in parameters.items())
            parts.append(f"<ul>{items}</ul>")
        return "\n".join(p for p in parts if p)

    def parameter_help(self, name: str) -> str:
        return (self._help().get("parameters") or {}).get(name, "")

    def addParameter(self, parameter, createOutput=True):  # noqa: N802, N803 - QGIS API
        """Attach the per-locale help text to each parameter as its tool tip (QGIS >= 3.16)."""
        text = self.parameter_help(parameter.name())
        if text and hasattr(parameter, "setHelp"):
            parameter.setHelp(text)
        return super().addParameter(parameter, createOutput)

    # -- running ------------------------------------------------------------------------------
    def error_messages(self) -> dict:
        """Translated message templates by engine error code; subclasses extend."""
        return common_error_messages()

    def translate_error(self, error: EngineError) -> str:
        template = self.error_messages().get(error.code)
        if template is None:
            return str(error)
        try:
            return template.format(**error.params)
        except (KeyError, IndexError):
            return str(error)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        try:
            return self.process(parameters, context, feedback)
        except EngineError as error:
            raise QgsProcessingException(self.translate_error(error)) from error

    def process(self, parameters, context, feedback) -> dict:
        """The algorithm's work (``run`` is taken by QgsProcessingAlgorithm)."""
        raise NotImplementedError


def resource_path(*parts) -> Path:
    return PLUGIN_ROOT.joinpath("resources", *parts)
