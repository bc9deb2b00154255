"""Translation helpers shared by the Processing side and the desktop side.

Every user-facing string goes through :func:`tr`. One translation context keeps the catalog
simple: ``scripts/i18n.py`` extracts every ``tr("...")`` literal from the sources, fills the
zh_CN ``.ts`` from ``i18n/zh_CN/*.yaml`` and fails when a string has no translation.
"""

from pathlib import Path

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale

CONTEXT = "CommunityGovernance"
PLUGIN_ROOT = Path(__file__).resolve().parent.parent
I18N_DIR = PLUGIN_ROOT / "i18n"
QM_BASENAME = "community_governance"


def tr(text: str) -> str:
    """Translate ``text`` (a literal, so the extractor finds it)."""
    return QCoreApplication.translate(CONTEXT, text)


def qgis_locale() -> QLocale:
    """The locale QGIS runs in: its own override setting first, then the system locale.

    QGIS stores ``zh-Hans`` / ``zh-Hant``; ``QLocale`` understands both, whereas the common
    ``locale[0:2]`` idiom would collapse them to ``zh``.
    """
    settings = QgsSettings()
    override = settings.value("locale/overrideFlag", False, type=bool)
    name = settings.value("locale/userLocale", "", type=str) if override else ""
    if not name:
        name = settings.value("locale/globalLocale", "", type=str) or QLocale.system().name()
    return QLocale(name.replace("-", "_"))


def is_chinese() -> bool:
    return qgis_locale().language() == QLocale.Language.Chinese


def help_language() -> str:
    """``zh`` or ``en``: the language of help texts and reports."""
    return "zh" if is_chinese() else "en"
