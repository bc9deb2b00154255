"""communitygov:walkinglifecircles — walking life circles on the planner's own road layer."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..i18n import tr
from ..steps.network import (
    DEFAULT_SPEED_M_PER_MIN,
    add_road_parameters,
    network_error_messages,
    parse_bands,
    read_network,
    read_points,
    report_snapping,
    standard_bands,
    to_multi,
)
from .base import CommunityGovAlgorithm, resource_path


# -- the algorithm ---------------------------------------------------------------------------
class WalkingLifeCircles(CommunityGovAlgorithm):
    algorithm_id = "walkinglifecircles"
    group_id = "lifecircles"
    requirements = ("numpy", "scipy", "geopandas", "shapely")

    MODES = ("per_origin", "dissolved_group", "dissolved_all")
    UNITS = ("m", "min")

    def displayName(self):
        return tr("Walking life circles")

    def error_messages(self):
        messages = super().error_messages()
        messages.update(network_error_messages())
        return messages

    def initAlgorithm(self, config=None):
        add_road_parameters(self)
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                "ORIGINS",
                tr("Origins (points or polygons)"),
                [QgsProcessing.SourceType.TypeVectorPoint, QgsProcessing.SourceType.TypeVectorPolygon],
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "ORIGIN_ID_FIELD", tr("Origin id field"), None, "ORIGINS", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                "ORIGIN_AREA",
                tr("Polygons start from their whole area (roads inside and along the edge)"),
                False,
            )
        )
        self.addParameter(
            QgsProcessingParameterString("BANDS", tr("Bands (comma separated)"), standard_bands())
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                "BAND_UNIT",
                tr("Bands are"),
                [tr("Walking distances (m)"), tr("Walking times (minutes)")],
                False,
                0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "WALK_SPEED",
                tr("Walking speed (m/min)"),
                QgsProcessingParameterNumber.Type.Double,
                DEFAULT_SPEED_M_PER_MIN,
                minValue=1.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                "MODE",
                tr("Life circles to draw"),
                [tr("One circle per origin"), tr("Dissolved per group"), tr("Dissolved (all origins)")],
                False,
                0,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "GROUP_FIELD", tr("Group field for dissolving"), None, "ORIGINS", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "BUFFER", tr("Buffer width (m)"), QgsProcessingParameterNumber.Type.Double, 40.0, minValue=0.1
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                "RESIDENTIAL",
                tr("Residential compounds (for population)"),
                [QgsProcessing.SourceType.TypeVectorPolygon],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "POPULATION_FIELD",
                tr("Population field of the compounds"),
                "pop_total",
                "RESIDENTIAL",
                QgsProcessingParameterField.DataType.Numeric,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "OUTPUT", tr("Walking life circles"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )
        self.addOutput(QgsProcessingOutputNumber("SNAP_FAILED", tr("Origins not on the network")))
        self.addOutput(QgsProcessingOutputNumber("CIRCLES", tr("Life circles written")))

    def process(self, parameters, context, feedback):
        import numpy as np
        import pandas as pd

        from .. import bridge
        from ..engine import lifecircles

        unit = self.UNITS[self.parameterAsEnum(parameters, "BAND_UNIT", context)]
        speed = self.parameterAsDouble(parameters, "WALK_SPEED", context)
        raw_bands = parse_bands(self.parameterAsString(parameters, "BANDS", context))
        bands = lifecircles.bands_m(raw_bands, unit=unit, speed_m_per_min=speed)
        mode = self.MODES[self.parameterAsEnum(parameters, "MODE", context)]
        group_field = self.parameterAsString(parameters, "GROUP_FIELD", context) or ""
        if mode == "dissolved_group" and not group_field:
            raise QgsProcessingException(tr("Choose a group field to dissolve per group."))
        buffer_m = self.parameterAsDouble(parameters, "BUFFER", context)
        max_snap = self.parameterAsDouble(parameters, "MAX_SNAP", context)

        net, working, roads = read_network(self, parameters, context, feedback, 20.0)
        id_field = self.parameterAsString(parameters, "ORIGIN_ID_FIELD", context) or None
        origins_frame, anchors, ids, origins = read_points(
            self, parameters, "ORIGINS", context, working, id_field, [group_field] if group_field else []
        )
        progress, cancelled = bridge.callbacks(feedback, 20.0, 90.0)
        group_values = origins_frame[group_field].tolist() if mode == "dissolved_group" else None
        if self.parameterAsBool(parameters, "ORIGIN_AREA", context):
            # every origin is a set of sources (its inner roads and edge); circles dissolve per origin
            from ..engine import compat

            sources, owner = lifecircles.area_sources(
                net, compat.from_wkb(origins_frame["wkb"].tolist()), max_snap_m=max_snap
            )
            reached = np.zeros(len(ids), dtype=bool)
            reached[owner[sources.ok]] = True
            failed = report_snapping(feedback, reached, ids, origins.sourceName(), max_snap)
            snap_of = {i: 0.0 for i in np.flatnonzero(reached)}
            if mode == "per_origin":
                labels = owner
            elif mode == "dissolved_group":
                labels = np.asarray([group_values[i] for i in owner], dtype=object)
            else:
                labels = None
            circles = lifecircles.life_circles(
                net,
                sources,
                bands,
                buffer_m=buffer_m,
                mode="dissolved",
                groups=labels,
                progress=progress,
                cancelled=cancelled,
            )
            if mode == "per_origin":
                circles = circles.rename(columns={"group": "origin"})
        else:
            snapped = net.snap_points(anchors, max_snap_m=max_snap)
            failed = report_snapping(feedback, snapped, ids, origins.sourceName(), max_snap)
            snap_of = {i: float(snapped.offset_m[i]) for i in np.flatnonzero(snapped.ok)}
            circles = lifecircles.life_circles(
                net,
                snapped,
                bands,
                buffer_m=buffer_m,
                mode="per_origin" if mode == "per_origin" else "dissolved",
                groups=group_values,
                progress=progress,
                cancelled=cancelled,
            )
        out = pd.DataFrame()
        if mode == "per_origin":
            out["origin_id"] = pd.Series([ids[int(i)] for i in circles["origin"]], dtype=object)
            out["snap_m"] = [snap_of.get(int(i)) for i in circles["origin"]]
        elif mode == "dissolved_group":
            out["group"] = pd.Series([str(g) for g in circles["group"]], dtype=object)
            per_group = pd.Series([str(g) for g in group_values]).value_counts()
            out["n_origins"] = [int(per_group.get(str(g), 0)) for g in circles["group"]]
        else:
            out["group"] = pd.Series([tr("all")] * len(circles), dtype=object)
            out["n_origins"] = [len(ids)] * len(circles)
        out["band_m"] = circles["band_m"].to_numpy(dtype=float)
        if unit == "min":
            out["band_min"] = circles["band_m"].to_numpy(dtype=float) / speed
        out["reach_len_m"] = circles["reach_len_m"].to_numpy(dtype=float)
        areas = lifecircles.ellipsoidal_area_m2(circles.geometry, bridge.epsg_of(working))
        out["area_m2"] = areas
        out["area_ha"] = areas / 1.0e4
        residential = self.parameterAsSource(parameters, "RESIDENTIAL", context)
        if residential is not None:
            pop_field = self.parameterAsString(parameters, "POPULATION_FIELD", context) or ""
            if not pop_field or residential.fields().indexFromName(pop_field) < 0:
                raise QgsProcessingException(
                    tr("Layer “{layer}” has no field “{field}”.").format(
                        layer=residential.sourceName(), field=pop_field
                    )
                )
            res = bridge.source_to_frame(residential, context, working, fields=[pop_field])
            values = pd.to_numeric(res[pop_field], errors="coerce")
            missing = int(values.isna().sum())
            if missing:
                feedback.pushWarning(
                    tr("{count} compounds of “{layer}” have no population and count as 0.").format(
                        count=missing, layer=residential.sourceName()
                    )
                )
            invalid = lifecircles.invalid_polygons(res.geometry)
            if len(invalid):
                feedback.pushWarning(
                    tr(
                        "{count} compounds of “{layer}” have invalid geometry and were repaired: {ids}"
                    ).format(
                        count=len(invalid),
                        layer=residential.sourceName(),
                        ids=", ".join(str(res["fid"].iloc[i]) for i in invalid[:20]),
                    )
                )
            out["population"] = lifecircles.population_within(
                circles.geometry, res.geometry, values.to_numpy()
            )
        # largest band first, so that smaller circles draw on top
        order = np.argsort(-out["band_m"].to_numpy(), kind="stable")
        out = out.iloc[order].reset_index(drop=True)
        import geopandas as gpd

        geometries = to_multi([circles.geometry.iloc[i] for i in order])
        frame = gpd.GeoDataFrame(out, geometry=geometries, crs=bridge.epsg_of(working))
        qfields = bridge.fields_for_frame(frame)
        sink, dest_id = self.parameterAsSink(
            parameters, "OUTPUT", context, qfields, QgsWkbTypes.Type.MultiPolygon, roads.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        bridge.write_frame(frame, sink, qfields, context, working, roads.sourceCrs(), feedback)
        bridge.style_output(context, dest_id, resource_path("styles", "lifecircles.qml"))
        feedback.setProgress(100.0)
        return {"OUTPUT": dest_id, "SNAP_FAILED": failed, "CIRCLES": len(frame)}
