"""GeoJSON features of the platform <-> QGIS layers, with CRS and axis order handled.

OGC API - Features Part 2 serves (and pygeoapi stores) coordinates in the *authority* axis order
of the CRS: EPSG:4490, EPSG:4326 and the CGCS2000 Gauss-Kruger CRSs (EPSG:4534-4554) are
northing/latitude first, CRS84 is longitude first. QGIS always works x/y, so
:func:`swap_axes` is applied whenever the CRS has inverted axes
(``QgsCoordinateReferenceSystem.hasAxisInverted``), on the way in and on the way out.

Each loaded feature keeps the platform's feature id in the field :data:`ID_FIELD` so that it can
be replaced or deleted later; ``cg_uid`` (the client id of published features) is kept as any
other property.
"""

import json
from typing import Optional

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsJsonUtils,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime, QVariant

from .ogcapi import CRS84, uri_to_authid

ID_FIELD = "platform_id"


def crs_from_uri(uri: str) -> QgsCoordinateReferenceSystem:
    authid = uri_to_authid(uri) or "OGC:CRS84"
    crs = QgsCoordinateReferenceSystem(authid)
    if not crs.isValid() and authid == "OGC:CRS84":
        crs = QgsCoordinateReferenceSystem("EPSG:4326")
    return crs


def axis_inverted(uri: str) -> bool:
    """True when the CRS's authority axis order is not x/y (e.g. EPSG:4490 lat/lon)."""
    if uri_to_authid(uri) in ("", "OGC:CRS84"):
        return False
    return crs_from_uri(uri).hasAxisInverted()


def _swap(coords):
    if not coords:
        return coords
    if isinstance(coords[0], (int, float)):
        return [coords[1], coords[0], *coords[2:]]
    return [_swap(c) for c in coords]


def swap_axes(geometry: Optional[dict]) -> Optional[dict]:
    """A copy of a GeoJSON geometry with the first two ordinates swapped."""
    if not geometry:
        return geometry
    if geometry.get("type") == "GeometryCollection":
        return {**geometry, "geometries": [swap_axes(g) for g in geometry.get("geometries") or []]}
    return {**geometry, "coordinates": _swap(geometry.get("coordinates"))}


def xy_features(features: list, content_crs: str) -> list:
    """Features with x/y coordinates (swapped when the content CRS is north/lat first)."""
    if not axis_inverted(content_crs):
        return features
    return [{**f, "geometry": swap_axes(f.get("geometry"))} for f in features]


def _geometry_type(features: list) -> str:
    kinds = {(f.get("geometry") or {}).get("type") for f in features if f.get("geometry")}
    kinds.discard(None)
    if not kinds:
        return "None"
    bases = {k.replace("Multi", "") for k in kinds}
    if len(bases) > 1:
        return "Unknown"
    base = bases.pop()
    return ("Multi" + base) if any(k.startswith("Multi") for k in kinds) else base


def features_to_layer(features: list, content_crs: str, name: str, target_crs=None) -> QgsVectorLayer:
    """A memory layer with the features (``target_crs`` reprojects; default: the content CRS)."""
    features = xy_features(features, content_crs)
    collection = {"type": "FeatureCollection", "features": []}
    for feature in features:
        properties = dict(feature.get("properties") or {})
        properties[ID_FIELD] = str(feature.get("id", ""))
        collection["features"].append(
            {"type": "Feature", "geometry": feature.get("geometry"), "properties": properties}
        )
    text = json.dumps(collection, ensure_ascii=False)
    fields = QgsJsonUtils.stringToFields(text)
    if fields.indexOf(ID_FIELD) < 0:
        fields.append(QgsField(ID_FIELD, QVariant.Type.String))
    parsed = QgsJsonUtils.stringToFeatureList(text, fields)
    source_crs = crs_from_uri(content_crs)
    crs = target_crs if target_crs is not None and target_crs.isValid() else source_crs
    geometry_type = _geometry_type(features)
    uri = f"{geometry_type}?crs={crs.authid() or 'EPSG:4326'}" if geometry_type != "Unknown" else "Unknown"
    layer = QgsVectorLayer(uri if geometry_type != "None" else "None", name, "memory")
    provider = layer.dataProvider()
    provider.addAttributes(fields.toList())
    layer.updateFields()
    transform = None
    if crs != source_crs:
        transform = QgsCoordinateTransform(source_crs, crs, QgsProject.instance().transformContext())
    multi = geometry_type.startswith("Multi")
    out = []
    for feature in parsed:
        new = QgsFeature(layer.fields())
        new.setAttributes(feature.attributes())
        geometry = QgsGeometry(feature.geometry())
        if not geometry.isNull():
            if multi and not geometry.isMultipart():
                geometry.convertToMultiType()
            if transform is not None:
                geometry.transform(transform)
            new.setGeometry(geometry)
        out.append(new)
    provider.addFeatures(out)
    layer.updateExtents()
    return layer


def _plain(value):
    if value is None:
        return None
    if isinstance(value, QVariant):
        if value.isNull():
            return None
        value = value.value()
    if isinstance(value, QDateTime):
        return value.toString(Qt.DateFormat.ISODate)
    if isinstance(value, (QDate, QTime)):
        return value.toString(Qt.DateFormat.ISODate)
    if isinstance(value, (bytes, bytearray)):
        return None
    try:
        json.dumps(value)
    except TypeError:
        return str(value)
    return value


def feature_to_geojson(
    feature: QgsFeature,
    fields: QgsFields,
    transform: Optional[QgsCoordinateTransform],
    target_uri: str,
    skip_fields=(ID_FIELD, "fid"),
) -> dict:
    """One QGIS feature as a GeoJSON dict in the target CRS (authority axis order)."""
    properties = {}
    for index, field in enumerate(fields):
        if field.name() in skip_fields:
            continue
        properties[field.name()] = _plain(feature.attribute(index))
    geometry = None
    if feature.hasGeometry():
        geom = QgsGeometry(feature.geometry())
        if transform is not None:
            geom.transform(transform)
        geometry = json.loads(geom.asJson(9))
        if axis_inverted(target_uri):
            geometry = swap_axes(geometry)
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def layer_transform(
    layer_crs: QgsCoordinateReferenceSystem, target_uri: str
) -> Optional[QgsCoordinateTransform]:
    target = crs_from_uri(target_uri or CRS84)
    if layer_crs == target:
        return None
    return QgsCoordinateTransform(layer_crs, target, QgsProject.instance().transformContext())


def point_type_name(layer: QgsVectorLayer) -> str:
    return QgsWkbTypes.displayString(layer.wkbType())
