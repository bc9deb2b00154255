"""communitygov:importredline — project red lines from the national standard coordinate TXT
(部标准 用地红线坐标文件) or from a shapefile whose GBK attributes have no .cpg.

TXT: X = northing, Y = zone-prefixed easting; the polygons come out in the CGCS2000 Gauss-Kruger
CRS of the zone (EPSG:4513-4533 zone-prefixed, or the truncated 4534-4554 when the eastings carry
no prefix). Malformed files stop with the file name, the line and what is wrong.
"""

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsWkbTypes,
)

from ..i18n import tr
from .base import CommunityGovAlgorithm, resource_path
from .conformity import conformity_error_messages

ENCODINGS = ("", "GBK", "UTF-8")


class ImportRedLine(CommunityGovAlgorithm):
    algorithm_id = "importredline"
    group_id = "conformity"
    requirements = ("numpy", "geopandas", "shapely")

    def displayName(self):
        return tr("Import project red line (standard TXT or GBK shapefile)")

    def error_messages(self):
        messages = super().error_messages()
        messages.update(conformity_error_messages())
        messages["redline_unsupported"] = tr("“{file}” is neither a red-line TXT nor a shapefile.")
        return messages

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterFile(
                "INPUT",
                tr("Red-line file (TXT or SHP)"),
                QgsProcessingParameterFile.Behavior.File,
                fileFilter=tr("Red-line files (*.txt *.TXT *.shp *.SHP);;All files (*.*)"),
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                "ENCODING",
                tr("Text encoding"),
                [tr("Detect (GBK when a shapefile has no .cpg)"), "GBK / CP936", "UTF-8"],
                False,
                0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "OUTPUT", tr("Red line"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )
        self.addOutput(QgsProcessingOutputString("CRS", tr("Coordinate reference system")))
        self.addOutput(QgsProcessingOutputString("ENCODING_USED", tr("Encoding used")))
        self.addOutput(QgsProcessingOutputNumber("PARCELS", tr("Parcels read")))

    def process(self, parameters, context, feedback):
        import geopandas as gpd

        from .. import bridge
        from ..engine import redline
        from ..engine.conformity import geodesic_area_m2
        from ..engine.errors import InputError

        path = Path(self.parameterAsFile(parameters, "INPUT", context))
        encoding = ENCODINGS[self.parameterAsEnum(parameters, "ENCODING", context)]
        suffix = path.suffix.lower()
        if suffix == ".shp":
            frame = redline.read_shapefile(path, encoding or None)
            used = frame.attrs.get("encoding", encoding)
            feedback.pushInfo(
                tr("Attributes read as {encoding} ({how}).").format(
                    encoding=used, how=frame.attrs.get("encoding_detected_by", "given")
                )
            )
            if frame.crs is None:
                raise QgsProcessingException(
                    tr("Layer “{layer}” has no coordinate reference system (.prj).").format(layer=path.name)
                )
            crs = QgsCoordinateReferenceSystem(frame.crs.to_wkt())
            epsg = frame.crs.to_epsg()
            if epsg:
                crs = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
            frame = frame[[c for c in frame.columns if c != "geometry"] + ["geometry"]]
            areas = geodesic_area_m2(frame.geometry, frame.crs)
            warnings_by_row = [[] for _ in range(len(frame))]
        elif suffix == ".txt":
            if encoding:
                text = path.read_bytes().decode(
                    "gb18030" if encoding == "GBK" else "utf-8-sig", errors="strict"
                )
                parsed = redline.parse_redline(text, source=str(path))
                used = encoding
            else:
                parsed = redline.read_redline(path)
                used = parsed.encoding
            crs = QgsCoordinateReferenceSystem(f"EPSG:{parsed.epsg}")
            feedback.pushInfo(
                tr("{count} parcels, zone {zone} ({width}-degree), EPSG:{epsg}, read as {encoding}.").format(
                    count=len(parsed.parcels), zone=parsed.zone, width=parsed.zone_width_deg, epsg=parsed.epsg,
                    encoding=used)
            )  # fmt: skip
            frame = gpd.GeoDataFrame(
                {
                    "parcel_no": [p.number for p in parsed.parcels],
                    "name": [p.name for p in parsed.parcels],
                    "land_use": [p.use for p in parsed.parcels],
                    "declared_area": [p.declared_area for p in parsed.parcels],
                    "n_points": [p.n_points for p in parsed.parcels],
                    "first_line": [p.first_line for p in parsed.parcels],
                },
                geometry=[p.geometry for p in parsed.parcels],
                crs=f"EPSG:{parsed.epsg}",
            )
            areas = geodesic_area_m2(frame.geometry, frame.crs)
            warnings_by_row = [p.warnings for p in parsed.parcels]
        else:
            raise InputError(
                code="redline_unsupported", template="{file} is neither a TXT nor a SHP", file=str(path)
            )
        frame["area_m2"] = areas
        frame["area_ha"] = areas / 1.0e4
        frame["area_mu"] = areas * 3.0 / 2000.0
        frame["warnings"] = ["; ".join(w) for w in warnings_by_row]
        for row, warnings in enumerate(warnings_by_row):
            for warning in warnings:
                feedback.pushWarning(tr("Parcel {row}: {warning}").format(row=row + 1, warning=warning))
        frame["geometry"] = _multi(list(frame.geometry))
        frame = gpd.GeoDataFrame(frame, geometry="geometry", crs=frame.crs)
        qfields = bridge.fields_for_frame(frame)
        sink, dest_id = self.parameterAsSink(
            parameters, "OUTPUT", context, qfields, QgsWkbTypes.Type.MultiPolygon, crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        bridge.write_frame(frame, sink, qfields, context, feedback=feedback)
        bridge.style_output(context, dest_id, resource_path("styles", "conformity_redline.qml"))
        return {"OUTPUT": dest_id, "CRS": crs.authid(), "ENCODING_USED": used, "PARCELS": len(frame)}


def _multi(geometries):
    from shapely.geometry import MultiPolygon

    return [MultiPolygon([g]) if g is not None and g.geom_type == "Polygon" else g for g in geometries]
