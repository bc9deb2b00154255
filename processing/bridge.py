"""QGIS <-> engine.

Layers are read once into GeoDataFrames in a metric working CRS; engine results come back as
features in the input CRS. Feedback becomes the engine's ``progress``/``cancelled`` callbacks.
Nothing here analyses anything.
"""

import math

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsUnitTypes,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QVariant

from .engine import crs as engine_crs
from .i18n import tr

CGCS2000 = QgsCoordinateReferenceSystem("EPSG:4490")


# -- feedback --------------------------------------------------------------------------------
def callbacks(feedback, start: float = 0.0, end: float = 100.0):
    """``(progress, cancelled)`` for the engine, mapping fractions 0..1 onto ``start..end`` %."""
    span = end - start

    def progress(fraction: float) -> None:
        if feedback is not None:
            feedback.setProgress(start + span * min(max(fraction, 0.0), 1.0))

    def cancelled() -> bool:
        return feedback is not None and feedback.isCanceled()

    return progress, cancelled


# -- CRS -------------------------------------------------------------------------------------
def is_metric(crs: QgsCoordinateReferenceSystem) -> bool:
    return (
        crs.isValid()
        and not crs.isGeographic()
        and crs.mapUnits() == QgsUnitTypes.DistanceUnit.DistanceMeters
    )


def working_crs(crs: QgsCoordinateReferenceSystem, extent, context) -> QgsCoordinateReferenceSystem:
    """The metric CRS to analyse data given in ``crs`` whose extent is ``extent``.

    A projected metric CRS is kept; anything else becomes the CGCS2000 3-degree Gauss-Kruger
    zone of the extent's centre.
    """
    if not crs.isValid():
        raise QgsProcessingException(tr("The layer has no valid coordinate reference system."))
    if is_metric(crs):
        return crs
    centre = QgsGeometry.fromPointXY(extent.center())
    to_geographic = QgsCoordinateTransform(crs, CGCS2000, context.transformContext())
    centre.transform(to_geographic)
    longitude = centre.asPoint().x()
    if not math.isfinite(longitude):
        raise QgsProcessingException(tr("Cannot locate the layer on the earth to choose a metric CRS."))
    return QgsCoordinateReferenceSystem(f"EPSG:{engine_crs.gk3_epsg_for_longitude(longitude)}")


def epsg_of(crs: QgsCoordinateReferenceSystem):
    """``EPSG:nnnn`` or the WKT, whichever pyproj/geopandas can take."""
    authid = crs.authid()
    return authid if authid.upper().startswith("EPSG:") else crs.toWkt()


# -- reading ---------------------------------------------------------------------------------
def _python_value(value):
    if value is None:
        return None
    if isinstance(value, QVariant):
        return None if value.isNull() else value.value()
    if isinstance(value, QDateTime):
        return value.toPyDateTime() if value.isValid() else None
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    return value


def source_to_frame(source, context, target_crs=None, fields=None, feedback=None, request=None):
    """Read ``source`` once into a GeoDataFrame in ``target_crs`` (default: the source CRS).

    ``fields`` limits the attributes read. The frame's index is the feature id (``fid`` column
    too), so every result can name its feature. Features without geometry keep ``None``.
    """
    import geopandas as gpd

    from .engine import compat

    names = list(fields) if fields is not None else [f.name() for f in source.fields()]
    request = request or QgsFeatureRequest()
    if fields is not None:
        request.setSubsetOfAttributes(names, source.fields())
    transform = None
    if target_crs is not None and target_crs != source.sourceCrs():
        transform = QgsCoordinateTransform(source.sourceCrs(), target_crs, context.transformContext())
    columns = {name: [] for name in names}
    fids, wkbs = [], []
    total = source.featureCount() or 1
    for count, feature in enumerate(source.getFeatures(request)):
        if feedback is not None and feedback.isCanceled():
            break
        fids.append(feature.id())
        geometry = feature.geometry()
        if geometry is None or geometry.isNull():
            wkbs.append(None)
        else:
            if transform is not None:
                geometry = QgsGeometry(geometry)
                geometry.transform(transform)
            wkbs.append(bytes(geometry.asWkb()))
        for name in names:
            columns[name].append(_python_value(feature[name]))
        if feedback is not None and count % 1000 == 0:
            feedback.setProgress(100.0 * count / total)
    geometries = compat.from_wkb(wkbs) if wkbs else []
    crs = epsg_of(target_crs if target_crs is not None else source.sourceCrs())
    frame = gpd.GeoDataFrame(columns, geometry=list(geometries), crs=crs)
    frame["fid"] = fids
    frame.index = fids
    return frame


# -- writing ---------------------------------------------------------------------------------
_QVARIANT_FOR_KIND = {
    "i": QVariant.Type.LongLong,
    "u": QVariant.Type.LongLong,
    "f": QVariant.Type.Double,
    "b": QVariant.Type.Bool,
    "M": QVariant.Type.DateTime,
}


def fields_for_frame(frame, exclude=("geometry",)) -> QgsFields:
    """QgsFields for the non-geometry columns of ``frame`` (numbers, booleans, text)."""
    qfields = QgsFields()
    geometry_name = getattr(getattr(frame, "geometry", None), "name", None)
    for name in frame.columns:
        if name in exclude or name == geometry_name:
            continue
        kind = frame[name].dtype.kind
        qfields.append(QgsField(str(name), _QVARIANT_FOR_KIND.get(kind, QVariant.Type.String)))
    return qfields


def _sink_value(value):
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalar -> Python
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "to_pydatetime"):
        return QDateTime(value.to_pydatetime())
    return value


def write_frame(frame, sink, qfields: QgsFields, context, source_crs=None, target_crs=None, feedback=None):
    """Write the rows of ``frame`` to ``sink``; geometries go from ``source_crs`` to ``target_crs``.

    A frame without a geometry column writes attribute-only features (tables).
    """
    from .engine import compat

    transform = None
    if source_crs is not None and target_crs is not None and source_crs != target_crs:
        transform = QgsCoordinateTransform(source_crs, target_crs, context.transformContext())
    has_geometry = getattr(getattr(frame, "geometry", None), "name", None) in frame.columns
    wkbs = compat.to_wkb(list(frame.geometry)) if has_geometry else None
    names = [qfields.at(i).name() for i in range(qfields.count())]
    columns = [frame[name].tolist() for name in names]
    for row in range(len(frame)):
        if feedback is not None and feedback.isCanceled():
            break
        feature = QgsFeature(qfields)
        if has_geometry and wkbs[row] is not None:
            geometry = QgsGeometry()
            geometry.fromWkb(wkbs[row])
            if transform is not None:
                geometry.transform(transform)
            feature.setGeometry(geometry)
        feature.setAttributes([_sink_value(column[row]) for column in columns])
        sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)


# -- styles ----------------------------------------------------------------------------------
_STYLE_PROCESSORS = []  # QGIS does not own post-processors: keep them alive here


def style_output(context, layer_id: str, qml_path) -> None:
    """Apply the QML style at ``qml_path`` to an output when QGIS loads it after the run.

    Does nothing when the output is not loaded (models, qgis_process), so models are never
    polluted with layers they did not ask for.
    """
    from qgis.core import QgsProcessingLayerPostProcessorInterface

    if not context.willLoadLayerOnCompletion(layer_id):
        return

    class _StyleProcessor(QgsProcessingLayerPostProcessorInterface):
        def postProcessLayer(self, layer, _context, _feedback):
            layer.loadNamedStyle(str(qml_path))
            layer.triggerRepaint()

    processor = _StyleProcessor()
    _STYLE_PROCESSORS.append(processor)
    context.layerToLoadOnCompletionDetails(layer_id).setPostProcessor(processor)


# -- fast paths without shapely objects (network tools: large layers under shapely 1.8) ---------
def source_to_wkb_table(
    source, context, target_crs=None, fields=None, feedback=None, request=None, keep_source=False
):
    """Read ``source`` once into a DataFrame (index and ``fid`` = feature id, the ``fields``) with
    a ``wkb`` column: the geometry as WKB bytes in ``target_crs`` (None without geometry).

    No shapely geometry is built (the engine parses WKB itself), which is much faster for large
    layers. ``keep_source=True`` adds ``source_wkb``: the untransformed geometry, to write
    results back exactly in the input CRS (see :func:`write_rows`).
    """
    import pandas as pd

    names = list(fields) if fields is not None else [f.name() for f in source.fields()]
    request = request or QgsFeatureRequest()
    if fields is not None:
        request.setSubsetOfAttributes(names, source.fields())
    transform = None
    if target_crs is not None and target_crs != source.sourceCrs():
        transform = QgsCoordinateTransform(source.sourceCrs(), target_crs, context.transformContext())
    columns = {name: [] for name in names}
    fids, wkbs, originals = [], [], []
    total = source.featureCount() or 1
    for count, feature in enumerate(source.getFeatures(request)):
        if feedback is not None and feedback.isCanceled():
            break
        fids.append(feature.id())
        geometry = feature.geometry()
        if geometry is None or geometry.isNull():
            wkbs.append(None)
            originals.append(None)
        else:
            if keep_source:
                originals.append(bytes(geometry.asWkb()))
            if transform is not None or QgsWkbTypes.isCurvedType(geometry.wkbType()):
                geometry = QgsGeometry(geometry)
                if QgsWkbTypes.isCurvedType(geometry.wkbType()):
                    geometry.convertToStraightSegment()  # arcs -> vertices (shapely has no curves)
                if transform is not None:
                    geometry.transform(transform)
            wkbs.append(bytes(geometry.asWkb()))
        for name in names:
            columns[name].append(_python_value(feature[name]))
        if feedback is not None and count % 5000 == 0:
            feedback.setProgress(100.0 * count / total)
    table = pd.DataFrame(columns)
    table["fid"] = fids
    table["wkb"] = pd.Series(wkbs, dtype=object)
    if keep_source:
        table["source_wkb"] = pd.Series(originals, dtype=object)
    table.index = fids
    return table


def write_rows(frame, wkbs, sink, qfields: QgsFields, feedback=None):
    """Write the rows of ``frame`` with geometries given as WKB (already in the sink's CRS)."""
    names = [qfields.at(i).name() for i in range(qfields.count())]
    columns = []
    for name in names:
        series = frame[name]
        if series.dtype.kind in "fiub":  # numbers: NaN -> NULL, numpy -> Python, in one pass
            columns.append(series.astype(object).where(series.notna(), None).tolist())
        else:
            columns.append([_sink_value(v) for v in series.tolist()])
    rows = list(zip(*columns)) if columns else [()] * len(frame)
    for row in range(len(frame)):
        if feedback is not None and feedback.isCanceled():
            break
        feature = QgsFeature(qfields)
        if wkbs[row] is not None:
            geometry = QgsGeometry()
            geometry.fromWkb(wkbs[row])
            feature.setGeometry(geometry)
        feature.setAttributes(list(rows[row]))
        sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)


def dataset_name(algorithm, parameters, name: str, context) -> str:
    """The name a planner knows the input by: the table inside a GeoPackage/FileGDB
    (``file.gpkg|layername=residential`` → ``residential``), else the layer's or source's name."""
    from qgis.core import QgsProviderRegistry

    layer = algorithm.parameterAsVectorLayer(parameters, name, context)
    if layer is not None:
        parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
        return parts.get("layerName") or layer.name()
    source = algorithm.parameterAsSource(parameters, name, context)
    return source.sourceName() if source is not None else ""
