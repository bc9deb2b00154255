"""communitygov:facilitygaps — facility supply-demand gaps per population group."""

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ..i18n import help_language, tr
from ..steps.facilities import (
    METHODS,
    add_demand_parameters,
    add_facility_parameters,
    add_profile_parameters,
    as_sink_geometries,
    facility_error_messages,
    od_sparse,
    polygon_wkb_type,
    read_demand,
    read_facilities,
    read_profile,
    type_rules,
    write_gap_report,
)
from ..steps.network import (
    add_road_parameters,
    read_network,
    report_snapping,
)
from .base import CommunityGovAlgorithm, resource_path


# -- the algorithm ---------------------------------------------------------------------------
class FacilityGaps(CommunityGovAlgorithm):
    algorithm_id = "facilitygaps"
    group_id = "facilities"
    requirements = ("numpy", "scipy", "geopandas", "shapely", "yaml", "jsonschema")

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Facility supply-demand gaps")

    def error_messages(self):
        messages = super().error_messages()
        messages.update(facility_error_messages())
        return messages

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        add_road_parameters(self)
        add_demand_parameters(self)
        add_facility_parameters(self)
        add_profile_parameters(self)
        self.addParameter(
            QgsProcessingParameterEnum(
                "METHOD",
                tr("Accessibility score"),
                [tr("2SFCA"), tr("Enhanced 2SFCA (step weights)"), tr("Gaussian 2SFCA")],
                False,
                0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "MIN_SHARE",
                tr(
                    "A community has a gap when less than this share of the served group is within the radius"
                ),
                QgsProcessingParameterNumber.Type.Double,
                0.5,
                minValue=0.0,
                maxValue=1.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "OUTPUT", tr("Residential units with gaps"), QgsProcessing.SourceType.TypeVectorAnyGeometry
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "COMMUNITIES", tr("Community summary"), QgsProcessing.SourceType.TypeVector
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "REPORT", tr("Gap report"), tr("HTML files (*.html)"), optional=True
            )
        )
        self.addOutput(QgsProcessingOutputNumber("GAPS", tr("Community/type gaps found")))
        self.addOutput(QgsProcessingOutputNumber("SNAP_FAILED", tr("Units not on the network")))

    def process(self, parameters, context, feedback):
        import geopandas as gpd
        import numpy as np

        from .. import bridge
        from ..engine import accessibility

        profile = read_profile(self, parameters, context, feedback)
        method = METHODS[self.parameterAsEnum(parameters, "METHOD", context)]
        min_share = self.parameterAsDouble(parameters, "MIN_SHARE", context)
        max_snap = self.parameterAsDouble(parameters, "MAX_SNAP", context)
        net, working, _roads = read_network(self, parameters, context, feedback, 20.0)
        frame, anchors, ids, communities, groups, residential = read_demand(
            self, parameters, context, feedback, working, profile
        )
        facilities = read_facilities(self, parameters, context, feedback, working, profile)
        fac_frame, fac_anchors, types, capacities, fac_source = facilities
        units = net.snap_points(anchors, max_snap_m=max_snap)
        failed = report_snapping(feedback, units, ids, residential.sourceName(), max_snap)
        fac_snapped = net.snap_points(fac_anchors, max_snap_m=max_snap)
        report_snapping(feedback, fac_snapped, fac_frame["fid"].tolist(), fac_source.sourceName(), max_snap)
        rules = type_rules(profile, list(profile.facilities))
        for code in profile.facilities:
            if code not in rules:
                feedback.pushWarning(
                    tr(
                        "“{fac_type}” has no service radius in the profile nor a level distance: not analysed."
                    ).format(fac_type=code)
                )
            elif not (types == code).any():
                feedback.pushWarning(
                    tr("There is no facility of type “{fac_type}” at all: every unit lacks it.").format(
                        fac_type=code
                    )
                )
        cutoff = max(rule.radius_m for rule in rules.values())
        progress, cancelled = bridge.callbacks(feedback, 20.0, 70.0)
        cost = od_sparse(net, units, fac_snapped, cutoff, progress, cancelled)
        progress, cancelled = bridge.callbacks(feedback, 70.0, 90.0)
        result = accessibility.facility_gaps(
            ids, communities, groups, types, capacities, cost, rules, method, min_share, progress, cancelled
        )
        # -- residential units ------------------------------------------------------------
        out = result.units.drop(columns=["unit_id"]).copy()
        out.insert(0, "unit_id", [str(i) for i in ids])
        required = [c for c, r in rules.items() if r.required]
        missing = np.zeros(len(out), dtype=int)
        missing_names = [[] for _ in range(len(out))]
        for code in required:
            lacking = ~out[f"ok_{code}"].to_numpy(dtype=bool)
            missing += lacking
            for i in np.flatnonzero(lacking):
                missing_names[i].append(code)
        out["n_missing"] = missing
        out["missing"] = [",".join(m) for m in missing_names]
        out["snapped"] = units.ok
        wkb_type = polygon_wkb_type(residential)
        units_frame = gpd.GeoDataFrame(
            out, geometry=as_sink_geometries(frame.geometry, wkb_type), crs=bridge.epsg_of(working)
        )
        qfields = bridge.fields_for_frame(units_frame)
        sink, units_id = self.parameterAsSink(
            parameters, "OUTPUT", context, qfields, wkb_type, residential.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        bridge.write_frame(units_frame, sink, qfields, context, working, residential.sourceCrs(), feedback)
        bridge.style_output(context, units_id, resource_path("styles", "facility_gaps.qml"))
        # -- community table --------------------------------------------------------------
        table = result.communities.copy()
        table.insert(2, "fac_name", [self._name(profile, c) for c in table["fac_type"]])
        table["radius_verified"] = [
            (profile.radius_citation(c).verified if profile.radius_citation(c) else "")
            for c in table["fac_type"]
        ]
        table["radius_origin"] = [profile.facilities[c].radius_origin for c in table["fac_type"]]
        table["shortfall_unit"] = [profile.facilities[c].quota_unit or "" for c in table["fac_type"]]
        table["gap"] = table["gap"].astype(bool)
        table["required"] = table["required"].astype(bool)
        tfields = bridge.fields_for_frame(table)
        tsink, table_id = self.parameterAsSink(
            parameters, "COMMUNITIES", context, tfields, QgsWkbTypes.Type.NoGeometry
        )
        if tsink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "COMMUNITIES"))
        bridge.write_frame(table, tsink, tfields, context)
        gaps = int(table["gap"].sum())
        results = {"OUTPUT": units_id, "COMMUNITIES": table_id, "GAPS": gaps, "SNAP_FAILED": failed}
        report_path = self.parameterAsFileOutput(parameters, "REPORT", context)
        if report_path:
            write_gap_report(report_path, profile, table, result, rules, method, min_share, help_language())
            results["REPORT"] = report_path
        feedback.pushInfo(tr("{gaps} community/type gaps found.").format(gaps=gaps))
        feedback.setProgress(100.0)
        return results

    @staticmethod
    def _name(profile, code):
        standard = profile.facilities[code]
        return standard.name_zh if help_language() == "zh" else standard.name_en
