"""Community Smart Governance (社区智慧治理) QGIS plugin.

QGIS calls ``classFactory`` with the desktop interface, and ``qgis_process`` calls it with
``iface=None``. Nothing heavy is imported here and ``iface`` is never touched.
"""


def classFactory(iface):  # noqa: N802 - name required by QGIS
    from .plugin.main import CommunityGovernancePlugin

    return CommunityGovernancePlugin(iface)
