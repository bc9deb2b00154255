"""communitygov:walkinglifecircles — walking life circles on the planner's own road layer.

Also home of the road-network parameters and reading shared with
``communitygov:networkdistance`` (network_distance.py).
"""

import re

from qgis.core import (
    QgsExpression,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..i18n import tr
from .base import CommunityGovAlgorithm, resource_path

DEFAULT_BANDS = "300,500,1000"  # fallback only: the bands come from the standards profile
STANDARD_LEVELS = ("5min", "10min", "15min")


def standard_bands(profile: str = "gb50180_2018") -> str:
    """The 5/10/15-minute walking distances (upper bounds) of a standards profile, as text."""
    try:
        import yaml

        data = yaml.safe_load(resource_path("standards", f"{profile}.yaml").read_text(encoding="utf-8"))
        values = []
        for level in STANDARD_LEVELS:
            value = data["levels"][level]["walk_m"]["value"]
            values.append(max(value) if isinstance(value, list) else value)
        return ",".join(f"{float(v):g}" for v in values)
    except Exception:  # noqa: BLE001 - a missing or edited profile must not break the tool
        return DEFAULT_BANDS


DEFAULT_SPEED_M_PER_MIN = 60.0  # a planning convention (3.6 km/h), not a standard's value


# -- shared with networkdistance -------------------------------------------------------------
def network_error_messages() -> dict:
    return {
        "network_geographic_crs": tr(
            "The road layer “{layer}” must be in a metric CRS, not a geographic one."
        ),
        "network_no_roads": tr("Layer “{layer}” has no usable road lines (after the road filter)."),
        "network_bad_filter": tr("The road filter expression is invalid: {detail}"),
        "lifecircle_no_bands": tr("No bands given."),
        "lifecircle_bad_band": tr("Bands must be positive numbers: {bands}"),
        "lifecircle_bad_speed": tr("The walking speed must be positive."),
        "lifecircle_bad_buffer": tr("The buffer width must be positive."),
    }


def add_road_parameters(algorithm):
    algorithm.addParameter(
        QgsProcessingParameterFeatureSource(
            "ROADS", tr("Road network"), [QgsProcessing.SourceType.TypeVectorLine]
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterExpression(
            "ROAD_FILTER", tr("Walkable roads (expression, empty = all)"), "", "ROADS", optional=True
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterNumber(
            "SNAP_TOLERANCE",
            tr("Node snapping tolerance (m)"),
            QgsProcessingParameterNumber.Type.Double,
            0.5,
            minValue=0.0,
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterBoolean("SPLIT_CROSSINGS", tr("Join roads where they cross"), False)
    )
    algorithm.addParameter(
        QgsProcessingParameterField(
            "LEVEL_FIELD",
            tr("Level field (crossings join only on the same level)"),
            None,
            "ROADS",
            QgsProcessingParameterField.DataType.Any,
            optional=True,
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterNumber(
            "MAX_SNAP",
            tr("Maximum snapping distance (m)"),
            QgsProcessingParameterNumber.Type.Double,
            200.0,
            minValue=0.0,
        )
    )


def read_network(algorithm, parameters, context, feedback, progress_end=30.0):
    """Roads -> (WalkNetwork, working CRS, roads source). Reports skipped and excluded roads."""
    from .. import bridge
    from ..engine import network

    roads = algorithm.parameterAsSource(parameters, "ROADS", context)
    if roads is None:
        raise QgsProcessingException(algorithm.invalidSourceError(parameters, "ROADS"))
    layer_name = roads.sourceName()
    working = bridge.working_crs(roads.sourceCrs(), roads.sourceExtent(), context)
    geographic = roads.sourceCrs().isGeographic()
    expression_text = algorithm.parameterAsExpression(parameters, "ROAD_FILTER", context) or ""
    level_field = algorithm.parameterAsString(parameters, "LEVEL_FIELD", context) or ""
    fields = [level_field] if level_field else []
    request = QgsFeatureRequest()
    if expression_text.strip():
        expression = QgsExpression(expression_text)
        if expression.hasParserError():
            raise QgsProcessingException(
                network_error_messages()["network_bad_filter"].format(detail=expression.parserErrorString())
            )
        request.setFilterExpression(expression_text)
        request.setExpressionContext(algorithm.createExpressionContext(parameters, context, roads))
        names = roads.fields().names()
        fields += [c for c in expression.referencedColumns() if c in names and c not in fields]
    frame = bridge.source_to_wkb_table(roads, context, working, fields=fields, request=request)
    total = roads.featureCount()
    excluded = max(total - len(frame), 0) if total >= 0 else 0
    progress, cancelled = bridge.callbacks(feedback, 0.0, progress_end)
    net = network.build_network(
        frame["wkb"],
        snap_tolerance_m=algorithm.parameterAsDouble(parameters, "SNAP_TOLERANCE", context),
        split_crossings=algorithm.parameterAsBool(parameters, "SPLIT_CROSSINGS", context),
        levels=frame[level_field] if level_field else None,
        ellipsoidal=geographic,
        layer=layer_name,
        lines_crs=bridge.epsg_of(working),
        progress=progress,
        cancelled=cancelled,
    )
    if excluded:
        feedback.pushInfo(
            tr("{count} roads of “{layer}” are not walkable by the road filter and were left out.").format(
                count=excluded, layer=layer_name
            )
        )
    reasons = {
        "no_geometry": tr("no geometry"),
        "empty_geometry": tr("empty geometry"),
        "not_a_line": tr("not a line"),
        "non_finite": tr("coordinates that are not numbers"),
    }
    for row in net.skipped.itertuples():
        feedback.pushWarning(
            tr("Road feature {feature} of “{layer}” was skipped: {reason}.").format(
                feature=row.feature, layer=layer_name, reason=reasons.get(row.reason, row.reason)
            )
        )
    if net.segment_count == 0:
        from ..engine.errors import InputError

        raise InputError(
            code="network_no_roads", template="Layer {layer} has no usable road lines", layer=layer_name
        )
    components = len(net.component_length_m())
    feedback.pushInfo(
        tr(
            "Walking network: {nodes} nodes, {segments} segments, {km:.2f} km, {parts} connected parts."
        ).format(
            nodes=net.node_count, segments=net.segment_count, km=net.total_length_m / 1000.0, parts=components
        )
    )
    return net, working, roads


def read_points(
    algorithm, parameters, name, context, working, id_field=None, extra_fields=(), keep_source=False
):
    """A point/polygon source -> (table, anchors (n, 2) in the working CRS, ids list, source).

    The table has the fields, ``fid``, ``wkb`` (working CRS) and with ``keep_source`` the
    untransformed ``source_wkb``."""
    from .. import bridge
    from ..engine import network

    source = algorithm.parameterAsSource(parameters, name, context)
    if source is None:
        raise QgsProcessingException(algorithm.invalidSourceError(parameters, name))
    fields = [f for f in [id_field, *extra_fields] if f]
    frame = bridge.source_to_wkb_table(
        source, context, working, fields=list(dict.fromkeys(fields)), keep_source=keep_source
    )
    anchors = network.anchor_points(frame["wkb"].tolist())
    ids = frame[id_field].tolist() if id_field else frame["fid"].tolist()
    return frame, anchors, ids, source


def report_snapping(feedback, snapped, ids, layer_name, max_snap_m):
    """Warn about features not put on the network; ``snapped``: a Snapped or an ok mask."""
    ok = snapped.ok if hasattr(snapped, "ok") else [bool(v) for v in snapped]
    failed = [ids[i] for i in range(len(ok)) if not ok[i]]
    if failed:
        shown = ", ".join(str(i) for i in failed[:20]) + (" …" if len(failed) > 20 else "")
        feedback.pushWarning(
            tr(
                "{count} features of “{layer}” are farther than {max_snap} m from any walkable road "
                "(or have no geometry) and get no result: {ids}"
            ).format(count=len(failed), layer=layer_name, max_snap=max_snap_m, ids=shown)
        )
    return len(failed)


def to_multi(geometries):
    """Polygons as MultiPolygons (the sink's type); None and empty stay None."""
    from shapely.geometry import MultiPolygon

    out = []
    for g in geometries:
        if g is None or g.is_empty:
            out.append(None)
        elif g.geom_type == "Polygon":
            out.append(MultiPolygon([g]))
        else:
            out.append(g)
    return out


def parse_bands(text: str) -> list:
    values = []
    for part in re.split(r"[,;，；\s]+", text or ""):
        if not part:
            continue
        try:
            values.append(float(part))
        except ValueError:
            raise QgsProcessingException(
                tr("“{value}” is not a number in the bands.").format(value=part)
            ) from None
    return values


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
