"""Standards, demand and facility parameters and reading shared by the facility tools."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterRasterLayer,
    QgsWkbTypes,
)

from ..i18n import help_language, tr
from .network import (
    network_error_messages,
)

BUILTIN_PROFILES = ("gb50180_2018", "tdt1062_2021")
METHODS = ("2sfca", "e2sfca", "g2sfca")


# -- shared with facilitysiting --------------------------------------------------------------
def facility_error_messages() -> dict:
    messages = dict(network_error_messages())
    messages.update(
        {
            "unknown_fac_type": tr("Facility type “{fac_type}” is not in the standards profile “{profile}”."),
            "solver_error": tr("The optimisation did not finish: {detail}"),
            "unreachable_demand": tr(
                "{count} residential units reach no facility on the network (first: {feature})."
            ),
        }
    )
    return messages


def add_profile_parameters(algorithm):
    algorithm.addParameter(
        QgsProcessingParameterEnum(
            "PROFILE",
            tr("Standards profile"),
            [tr("GB 50180-2018 (urban residential areas)"), tr("TD/T 1062-2021 (community life circles)")],
            False,
            0,
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterFile(
            "PROFILE_FILE",
            tr("City standards profile file (YAML, overrides the choice above)"),
            extension="yaml",
            optional=True,
        )
    )


def read_profile(algorithm, parameters, context, feedback):
    from ..engine import standards

    path = algorithm.parameterAsFile(parameters, "PROFILE_FILE", context)
    ref = path if path else BUILTIN_PROFILES[algorithm.parameterAsEnum(parameters, "PROFILE", context)]
    profile = standards.load_profile(ref)
    feedback.pushInfo(
        tr("Standards profile: {title} ({chain}).").format(
            title=profile.title_zh if help_language() == "zh" else profile.title_en,
            chain=" → ".join(profile.chain),
        )
    )
    return profile


def add_demand_parameters(algorithm):
    algorithm.addParameter(
        QgsProcessingParameterFeatureSource(
            "RESIDENTIAL",
            tr("Residential units (compounds or buildings with population)"),
            [QgsProcessing.SourceType.TypeVectorPolygon, QgsProcessing.SourceType.TypeVectorPoint],
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterField(
            "UNIT_ID_FIELD", tr("Unit id field"), "res_id", "RESIDENTIAL", optional=True
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterField(
            "COMMUNITY_FIELD", tr("Community id field"), "community_id", "RESIDENTIAL", optional=True
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterRasterLayer(
            "POPULATION_RASTER",
            tr("Population raster (total population by zonal sums, optional)"),
            optional=True,
        )
    )


def no_check():
    from qgis.core import QgsFeatureRequest

    request = QgsFeatureRequest()
    request.setInvalidGeometryCheck(QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck)
    return request


def source_without_check(algorithm, parameters, name, context):
    """The source ``name`` read without the context's invalid-geometry filter: an invalid polygon
    still has a usable anchor point (validity is the quality tools' business; invalid features
    are counted and reported by the caller, never dropped silently)."""
    from qgis.core import QgsFeatureRequest

    previous = context.invalidGeometryCheck()
    context.setInvalidGeometryCheck(QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck)
    try:
        return algorithm.parameterAsSource(parameters, name, context)
    finally:
        context.setInvalidGeometryCheck(previous)


def report_invalid(feedback, frame, layer):
    invalid = int(sum(1 for g in frame.geometry if g is not None and not g.is_empty and not g.is_valid))
    if invalid:
        feedback.pushWarning(
            tr(
                "{count} features of “{layer}” have invalid geometries; they are used through their anchor point."
            ).format(count=invalid, layer=layer)
        )
    return invalid


def read_demand(algorithm, parameters, context, feedback, working, profile):
    """Residential units -> (frame, anchors, ids, communities, groups {group: array}, source)."""
    import numpy as np

    from .. import bridge
    from ..engine import accessibility, network

    source = source_without_check(algorithm, parameters, "RESIDENTIAL", context)
    if source is None:
        raise QgsProcessingException(algorithm.invalidSourceError(parameters, "RESIDENTIAL"))
    layer = source.sourceName()
    names = source.fields().names()
    id_field = algorithm.parameterAsString(parameters, "UNIT_ID_FIELD", context) or ""
    community_field = algorithm.parameterAsString(parameters, "COMMUNITY_FIELD", context) or ""
    raster = algorithm.parameterAsRasterLayer(parameters, "POPULATION_RASTER", context)
    group_fields = {}
    for code, group in profile.groups.items():
        present = [f for f in group.fields if f in names]
        if len(present) == len(group.fields):
            group_fields[code] = list(group.fields)
        elif code == "total" and raster is None:
            missing = [f for f in group.fields if f not in names][0]
            raise QgsProcessingException(
                tr("Layer “{layer}” has no field “{field}”.").format(layer=layer, field=missing)
            )
        else:
            feedback.pushWarning(
                tr(
                    "Layer “{layer}” lacks the fields of group “{group}” ({fields}): the group is left out."
                ).format(layer=layer, group=code, fields=", ".join(group.fields))
            )
    fields = [f for f in [id_field, community_field] if f] + sorted(
        {f for fs in group_fields.values() for f in fs}
    )
    frame = bridge.source_to_frame(
        source, context, working, fields=list(dict.fromkeys(fields)), request=no_check()
    )
    if len(frame) == 0:
        raise QgsProcessingException(tr("Layer “{layer}” has no features.").format(layer=layer))
    report_invalid(feedback, frame, layer)
    demand = accessibility.demand_from_fields(frame, group_fields, layer=layer)
    for name, count in demand.invalid_values.items():
        feedback.pushWarning(
            tr("{count} features of “{layer}” have an empty or negative “{field}”, counted as 0.").format(
                count=count, layer=layer, field=name
            )
        )
    groups = demand.groups
    if raster is not None:
        result = accessibility.demand_from_raster(raster.source(), frame)
        groups["total"] = result.population
        feedback.pushInfo(
            tr(
                "Population raster: {assigned:.0f} people in the units, {unassigned:.0f} outside them."
            ).format(assigned=float(result.population.sum()), unassigned=result.unassigned)
        )
    ids = frame[id_field].tolist() if id_field else frame["fid"].tolist()
    communities = (
        frame[community_field].fillna("").astype(str).tolist() if community_field else [""] * len(frame)
    )
    anchors = network.anchor_points(frame.geometry)
    return (
        frame,
        anchors,
        ids,
        communities,
        {g: np.asarray(v, dtype=float) for g, v in groups.items()},
        source,
    )


def add_facility_parameters(algorithm, name="FACILITIES", label=None, optional=False):
    algorithm.addParameter(
        QgsProcessingParameterFeatureSource(
            name,
            label or tr("Existing facilities"),
            [QgsProcessing.SourceType.TypeVectorPoint, QgsProcessing.SourceType.TypeVectorPolygon],
            optional=optional,
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterField(
            "FAC_TYPE_FIELD", tr("Facility type field (profile codes)"), "fac_type", name, optional=True
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterField(
            "CAPACITY_FIELD",
            tr("Capacity field (places, beds or m2)"),
            "capacity",
            name,
            QgsProcessingParameterField.DataType.Numeric,
            optional=True,
        )
    )


def read_facilities(algorithm, parameters, context, feedback, working, profile, name="FACILITIES"):
    """Facilities -> (frame, anchors, types array, capacities array, source); unknown types reported."""
    import numpy as np
    import pandas as pd

    from .. import bridge
    from ..engine import network

    source = source_without_check(algorithm, parameters, name, context)
    if source is None:
        return None
    layer = source.sourceName()
    type_field = algorithm.parameterAsString(parameters, "FAC_TYPE_FIELD", context) or "fac_type"
    capacity_field = algorithm.parameterAsString(parameters, "CAPACITY_FIELD", context) or ""
    names = source.fields().names()
    if type_field not in names:
        raise QgsProcessingException(
            tr("Layer “{layer}” has no field “{field}”.").format(layer=layer, field=type_field)
        )
    fields = [type_field] + ([capacity_field] if capacity_field and capacity_field in names else [])
    frame = bridge.source_to_frame(source, context, working, fields=fields, request=no_check())
    types = frame[type_field].fillna("").astype(str).to_numpy(dtype=object)
    unknown = sorted(set(types) - set(profile.facilities))
    for code in unknown:
        feedback.pushWarning(
            tr(
                "{count} facilities of “{layer}” have type “{fac_type}”, which the standards profile does not know: left out."
            ).format(count=int((types == code).sum()), layer=layer, fac_type=code)
        )
    if capacity_field and capacity_field in names:
        capacities = pd.to_numeric(frame[capacity_field], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(capacities) | (capacities < 0)
        if bad.any():
            feedback.pushWarning(
                tr(
                    "{count} facilities of “{layer}” have no valid capacity: they count as capacity 0 in the accessibility scores."
                ).format(count=int(bad.sum()), layer=layer)
            )
        capacities = np.where(bad, 0.0, capacities)
    else:
        capacities = np.ones(len(frame))
    return frame, network.anchor_points(frame.geometry), types, capacities, source


def od_sparse(net, origins, destinations, cutoff_m, progress, cancelled):
    """Network cost matrix (origins x destinations, CSR; unreachable pairs not stored)."""
    from scipy import sparse

    od = net.od_matrix(origins, destinations, cutoff_m, progress=progress, cancelled=cancelled)
    return sparse.csr_matrix(
        (od["cost_m"].to_numpy(dtype=float), (od["origin"].to_numpy(), od["destination"].to_numpy())),
        shape=(len(origins), len(destinations)),
    )


def type_rules(profile, codes):
    from ..engine import accessibility

    rules = {}
    for code in codes:
        standard = profile.facilities[code]
        if standard.coverage_radius_m is None:
            continue
        rules[code] = accessibility.TypeRule(
            code=code,
            radius_m=standard.coverage_radius_m,
            demand_group=standard.demand_group,
            required=bool(standard.required),
            quota_per_1000=standard.quota_per_1000,
            quota_group=standard.quota_group,
        )
    return rules


def polygon_wkb_type(source):
    geometry = QgsWkbTypes.geometryType(source.wkbType())
    if geometry == QgsWkbTypes.GeometryType.PolygonGeometry:
        return QgsWkbTypes.Type.MultiPolygon
    return QgsWkbTypes.Type.Point


def as_sink_geometries(geometries, wkb_type):
    if wkb_type == QgsWkbTypes.Type.MultiPolygon:
        from .network import to_multi

        return to_multi(list(geometries))
    return list(geometries)


# -- the report ------------------------------------------------------------------------------
_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf")


def lorenz_svg(curves, labels, size=220) -> str:
    """An inline SVG of Lorenz curves: ``curves`` = [(people, share)], ``labels`` per curve."""
    from html import escape

    pad = 28
    inner = size - 2 * pad

    def xy(px, py):
        return pad + px * inner, size - pad - py * inner

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 190}" height="{size}" class="lorenz">',
        f'<rect x="{pad}" y="{pad}" width="{inner}" height="{inner}" fill="none" stroke="#999"/>',
        f'<line x1="{pad}" y1="{size - pad}" x2="{size - pad}" y2="{pad}" stroke="#bbb" stroke-dasharray="4 3"/>',
    ]
    for k, ((people, share), label) in enumerate(zip(curves, labels)):
        colour = _COLOURS[k % len(_COLOURS)]
        step = max(1, len(people) // 200)
        points = " ".join(
            "{:.1f},{:.1f}".format(*xy(px, py)) for px, py in zip(people[::step], share[::step])
        )
        points += " {:.1f},{:.1f}".format(*xy(people[-1], share[-1]))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.6" points="{points}"/>')
        parts.append(
            f'<text x="{size - pad + 8}" y="{pad + 14 * (k + 1)}" font-size="11" fill="{colour}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def write_gap_report(path, profile, table, result, rules, method, min_share, language) -> None:
    """The HTML gap report: ranked gap list, equity (Gini) and Lorenz charts, verification notes."""
    from html import escape

    from ..engine import accessibility

    zh = language == "zh"

    def name(code):
        standard = profile.facilities[code]
        return standard.name_zh if zh else standard.name_en

    def group_name(code):
        group = profile.groups.get(code)
        return (group.name_zh if zh else group.name_en) if group else code

    title = tr("Facility supply-demand gaps")
    rows = []
    for rank, (_, row) in enumerate(accessibility.ranked_gaps(table).iterrows(), start=1):
        citation = profile.radius_citation(row["fac_type"])
        tag = citation.verified if citation else ""
        if profile.facilities[row["fac_type"]].radius_origin == "level":
            tag = f"{tag}; {tr('walking distance of the level: the standard states no radius')}"
        rows.append(
            "<tr>"
            f"<td>{rank}</td><td>{escape(str(row['community_id']))}</td><td>{escape(name(row['fac_type']))}</td>"
            f"<td>{escape(group_name(row['demand_group']))}</td><td>{100 * row['share_demand']:.0f}%</td>"
            f"<td>{row['uncovered_demand']:.0f}</td><td>{row['radius_m']:.0f} m <small>[{escape(tag)}]</small></td>"
            f"<td>{'▲' if row['required'] else '△'}</td>"
            "</tr>"
        )
    equity_rows, charts = [], []
    for code in rules:
        sub = result.equity[result.equity["fac_type"] == code]
        cells = "".join(f"<td>{g:.3f}</td>" for g in sub["gini"])
        equity_rows.append(f"<tr><td>{escape(name(code))}</td>{cells}</tr>")
        groups = list(sub["group"])
        curves = [result.lorenz[(code, g)] for g in groups]
        labels = [f"{group_name(g)} (G={v:.2f})" for g, v in zip(groups, sub["gini"])]
        charts.append(
            f"<figure><figcaption>{escape(name(code))}</figcaption>{lorenz_svg(curves, labels)}</figure>"
        )
    group_header = (
        "".join(
            f"<th>{escape(group_name(g))}</th>"
            for g in result.equity[result.equity["fac_type"] == next(iter(rules))]["group"]
        )
        if rules
        else ""
    )
    from ..engine import standards

    notes = "".join(
        f"<li>{escape(code)} · {escape(attribute)}: {escape(tag)}</li>"
        for code, attribute, tag in standards.unverified_values(profile)
    )
    html = f"""<!DOCTYPE html>
<html lang="{'zh-CN' if zh else 'en'}"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>body{{font-family:sans-serif;margin:2em;}} table{{border-collapse:collapse;margin-bottom:1.5em}}
td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}} td:nth-child(2),td:nth-child(3),td:nth-child(4){{text-align:left}}
figure{{display:inline-block;margin:0 1em 1em 0}} figcaption{{font-weight:bold}}</style></head><body>
<h1>{escape(title)}</h1>
<p>{escape(tr("Standards profile"))}: {escape(profile.title_zh if zh else profile.title_en)} ({escape(" → ".join(profile.chain))}).
{escape(tr("Accessibility score"))}: {escape(method.upper())}.
{escape(tr("A community has a gap when less than this share of the served group is within the radius"))}: {100 * min_share:.0f}%.</p>
<h2>{escape(tr("Ranked gap list"))}</h2>
<table><tr><th>#</th><th>{escape(tr("Community"))}</th><th>{escape(tr("Facility"))}</th><th>{escape(tr("Served group"))}</th>
<th>{escape(tr("Share within radius"))}</th><th>{escape(tr("People outside the radius"))}</th><th>{escape(tr("Radius"))}</th><th>{escape(tr("Required"))}</th></tr>
{"".join(rows) or "<tr><td colspan='8'>" + escape(tr("No gaps found.")) + "</td></tr>"}</table>
<h2>{escape(tr("Equity of accessibility (Gini coefficient, 0 = equal)"))}</h2>
<table><tr><th>{escape(tr("Facility"))}</th>{group_header}</tr>{"".join(equity_rows)}</table>
<h2>{escape(tr("Lorenz curves of accessibility"))}</h2>
{"".join(charts)}
<h2>{escape(tr("Values not verified against the standard's text"))}</h2>
<ul>{notes}</ul>
</body></html>"""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(html)
