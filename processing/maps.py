"""Maps rendered by QGIS for reports: layers in, PNG bytes out (offscreen, any thread)."""

import base64

from qgis.core import QgsMapRendererParallelJob, QgsMapSettings, QgsRectangle
from qgis.PyQt.QtCore import QBuffer, QByteArray, QIODevice, QSize
from qgis.PyQt.QtGui import QColor


def render_png(
    layers, crs, extent: QgsRectangle, width: int = 900, height: int = 600, margin: float = 0.05
) -> bytes:
    """Render ``layers`` (top first) over ``extent`` (in ``crs``, grown by ``margin``) to PNG."""
    extent = QgsRectangle(extent)
    extent.grow(max(extent.width(), extent.height()) * margin)
    settings = QgsMapSettings()
    settings.setDestinationCrs(crs)
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor("white"))
    settings.setLayers([layer for layer in layers if layer is not None])
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    job.renderedImage().save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
