"""communitygov:facilitysiting — where to build the next facilities of one type."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..i18n import tr
from ..steps.facilities import (
    add_demand_parameters,
    add_facility_parameters,
    add_profile_parameters,
    as_sink_geometries,
    facility_error_messages,
    no_check,
    od_sparse,
    polygon_wkb_type,
    read_demand,
    read_facilities,
    read_profile,
    source_without_check,
)
from ..steps.network import add_road_parameters, read_network, report_snapping
from .base import CommunityGovAlgorithm, resource_path

MODELS = ("mclp", "p_median", "lscp")


class FacilitySiting(CommunityGovAlgorithm):
    algorithm_id = "facilitysiting"
    group_id = "facilities"
    requirements = ("numpy", "scipy", "geopandas", "shapely", "yaml", "jsonschema")

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Facility siting (where to build next)")

    def error_messages(self):
        messages = super().error_messages()
        messages.update(facility_error_messages())
        return messages

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        add_road_parameters(self)
        add_demand_parameters(self)
        add_facility_parameters(self, optional=True)
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                "CANDIDATES",
                tr("Candidate sites"),
                [QgsProcessing.SourceType.TypeVectorPolygon, QgsProcessing.SourceType.TypeVectorPoint],
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "SITE_ID_FIELD", tr("Candidate id field"), "site_id", "CANDIDATES", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                "FAC_TYPE", tr("Facility type to site (profile code)"), "kindergarten"
            )
        )
        add_profile_parameters(self)
        self.addParameter(
            QgsProcessingParameterEnum(
                "MODEL",
                tr("Model"),
                [
                    tr("Maximal covering (MCLP): most people covered by p new sites"),
                    tr("p-median: least total walking distance with p new sites"),
                    tr("Set covering (LSCP): fewest new sites covering everyone"),
                ],
                False,
                0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "P", tr("New sites to build (p)"), QgsProcessingParameterNumber.Type.Integer, 2, minValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "RADIUS",
                tr("Service radius (m, 0 = the profile's radius)"),
                QgsProcessingParameterNumber.Type.Double,
                0.0,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "NEW_CAPACITY",
                tr("Capacity of each new site in people served (0 = no capacity limit)"),
                QgsProcessingParameterNumber.Type.Double,
                0.0,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "TIME_LIMIT",
                tr("Solver time limit (s, 0 = none)"),
                QgsProcessingParameterNumber.Type.Double,
                600.0,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "OUTPUT", tr("Chosen sites"), QgsProcessing.SourceType.TypeVectorAnyGeometry
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "COVERAGE", tr("Coverage before and after"), QgsProcessing.SourceType.TypeVector
            )
        )
        self.addOutput(QgsProcessingOutputNumber("CHOSEN", tr("Sites chosen")))
        self.addOutput(QgsProcessingOutputNumber("OBJECTIVE", tr("Objective value")))
        self.addOutput(QgsProcessingOutputNumber("UNCOVERABLE", tr("Units no candidate can cover")))

    def process(self, parameters, context, feedback):
        import geopandas as gpd
        import numpy as np
        import pandas as pd

        from .. import bridge
        from ..engine import siting
        from ..engine.errors import InputError

        profile = read_profile(self, parameters, context, feedback)
        code = (self.parameterAsString(parameters, "FAC_TYPE", context) or "").strip()
        if code not in profile.facilities:
            raise InputError(code="unknown_fac_type", fac_type=code, profile=profile.id, detail=code)
        standard = profile.facilities[code]
        radius = self.parameterAsDouble(parameters, "RADIUS", context) or standard.coverage_radius_m
        model = MODELS[self.parameterAsEnum(parameters, "MODEL", context)]
        if radius is None and model != "p_median":
            raise QgsProcessingException(
                tr("“{fac_type}” has no service radius in the profile: give one.").format(fac_type=code)
            )
        p = self.parameterAsInt(parameters, "P", context)
        new_capacity = self.parameterAsDouble(parameters, "NEW_CAPACITY", context)
        max_snap = self.parameterAsDouble(parameters, "MAX_SNAP", context)
        net, working, _roads = read_network(self, parameters, context, feedback, 20.0)
        frame, anchors, ids, communities, groups, residential = read_demand(
            self, parameters, context, feedback, working, profile
        )
        weights = groups[standard.demand_group] if standard.demand_group in groups else groups["total"]
        units = net.snap_points(anchors, max_snap_m=max_snap)
        report_snapping(feedback, units, ids, residential.sourceName(), max_snap)
        existing = read_facilities(self, parameters, context, feedback, working, profile)
        cutoff = None if model == "p_median" else radius
        progress, cancelled = bridge.callbacks(feedback, 20.0, 50.0)
        cost_existing, existing_caps = None, None
        if existing is not None:
            _f, ex_anchors, types, caps, ex_source = existing
            keep = types == code
            if keep.any():
                ex_snapped = net.snap_points(ex_anchors[keep], max_snap_m=max_snap)
                cost_existing = od_sparse(net, units, ex_snapped, cutoff, progress, cancelled)
                existing_caps = caps[keep]
            feedback.pushInfo(
                tr("{count} existing facilities of type “{fac_type}” are kept.").format(
                    count=int(keep.sum()), fac_type=code
                )
            )
        candidates = source_without_check(self, parameters, "CANDIDATES", context)
        if candidates is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "CANDIDATES"))
        site_field = self.parameterAsString(parameters, "SITE_ID_FIELD", context) or ""
        from ..engine import network

        cand_frame = bridge.source_to_frame(
            candidates, context, working, fields=[site_field] if site_field else [], request=no_check()
        )
        site_ids = (
            cand_frame[site_field].astype(str).tolist() if site_field else [str(f) for f in cand_frame["fid"]]
        )
        cand_snapped = net.snap_points(network.anchor_points(cand_frame.geometry), max_snap_m=max_snap)
        report_snapping(feedback, cand_snapped, site_ids, candidates.sourceName(), max_snap)
        if p > len(cand_frame):
            raise QgsProcessingException(
                tr("Cannot choose {p} of {n} candidate sites.").format(p=p, n=len(cand_frame))
            )
        progress, cancelled = bridge.callbacks(feedback, 50.0, 70.0)
        cost = od_sparse(net, units, cand_snapped, cutoff, progress, cancelled)
        progress, cancelled = bridge.callbacks(feedback, 70.0, 95.0)
        capacities = None
        if new_capacity > 0:
            capacities = np.full(len(cand_frame), new_capacity)
            if cost_existing is not None and existing_caps is not None:
                feedback.pushInfo(tr("Existing facilities keep their capacities from the capacity field."))
        time_limit = self.parameterAsDouble(parameters, "TIME_LIMIT", context) or None
        common = dict(
            time_limit_s=time_limit,
            cost_existing=cost_existing,
            capacities=capacities,
            existing_capacities=existing_caps if capacities is not None else None,
            progress=progress,
            cancelled=cancelled,
        )
        if model == "mclp":
            result = siting.mclp(cost, weights, radius, p, **common)
        elif model == "p_median":
            result = siting.p_median(cost, weights, p, **common)
        else:
            result = siting.lscp(cost, radius, weights=weights, **common)
            if result.uncoverable.size:
                feedback.pushWarning(
                    tr(
                        "{count} residential units are beyond {radius} m of every candidate site and existing facility."
                    ).format(count=int(result.uncoverable.size), radius=radius)
                )
        chosen = result.chosen
        if result.status != "optimal":
            feedback.pushWarning(
                tr(
                    "The solver stopped at the time limit: the sites are good but not proven best ({status})."
                ).format(status=result.status)
            )
        feedback.pushInfo(
            tr("{model}: {count} sites chosen, objective {objective:.2f}.").format(
                model=model, count=len(chosen), objective=result.objective
            )
        )
        # -- coverage before / after (within the radius) --------------------------------------
        from ..engine.accessibility import nearest

        if radius is not None:
            before = np.zeros(len(ids), dtype=bool)
            if cost_existing is not None:
                before = nearest(cost_existing)[0] <= radius
            after_cost = cost[:, chosen] if len(chosen) else None
            after = before | (nearest(after_cost)[0] <= radius if after_cost is not None else False)
            gained = siting.newly_covered(cost, chosen, radius, groups, before)
        else:
            before = after = np.zeros(len(ids), dtype=bool)
            gained = {g: np.zeros(len(chosen)) for g in groups}
        out = pd.DataFrame(
            {
                "site_id": [site_ids[j] for j in chosen],
                "fac_type": code,
                "model": model,
                "radius_m": radius or np.nan,
            }
        )
        for g in groups:
            out[f"new_pop_{g}"] = gained[g]
        wkb_type = polygon_wkb_type(candidates)
        geoms = as_sink_geometries([cand_frame.geometry.iloc[j] for j in chosen], wkb_type)
        sites = gpd.GeoDataFrame(out, geometry=geoms, crs=bridge.epsg_of(working))
        qfields = bridge.fields_for_frame(sites)
        sink, sites_id = self.parameterAsSink(
            parameters, "OUTPUT", context, qfields, wkb_type, candidates.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        bridge.write_frame(sites, sink, qfields, context, working, candidates.sourceCrs(), feedback)
        bridge.style_output(context, sites_id, resource_path("styles", "facility_sites.qml"))
        rows = []
        for g, values in groups.items():
            total = float(values.sum())
            b, a = float(values[before].sum()), float(values[after].sum())
            rows.append((g, total, b, a, b / total if total else np.nan, a / total if total else np.nan))
        coverage = pd.DataFrame(
            rows,
            columns=["group", "population", "covered_before", "covered_after", "share_before", "share_after"],
        )
        cfields = bridge.fields_for_frame(coverage)
        csink, coverage_id = self.parameterAsSink(
            parameters, "COVERAGE", context, cfields, QgsWkbTypes.Type.NoGeometry
        )
        if csink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "COVERAGE"))
        bridge.write_frame(coverage, csink, cfields, context)
        feedback.setProgress(100.0)
        return {
            "OUTPUT": sites_id,
            "COVERAGE": coverage_id,
            "CHOSEN": len(chosen),
            "OBJECTIVE": float(result.objective),
            "UNCOVERABLE": int(result.uncoverable.size),
        }
