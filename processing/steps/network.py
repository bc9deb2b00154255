"""Road-network parameters, reading and snapping reports shared by the network tools."""

import re

from qgis.core import (
    QgsExpression,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
)

from ..algorithms.base import resource_path
from ..i18n import tr

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
