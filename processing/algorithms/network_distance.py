"""communitygov:networkdistance — network walking distance to the nearest facility of each type,
and an origin-destination table within a cutoff (for 2SFCA, siting)."""

import re

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ..i18n import tr
from ..steps.network import (
    add_road_parameters,
    network_error_messages,
    read_network,
    read_points,
    report_snapping,
)
from .base import CommunityGovAlgorithm, resource_path


def field_stem(value, used: set) -> str:
    """A field-name stem for a facility type value (letters, digits, CJK, underscores), unique."""
    stem = re.sub(r"[^\w]+", "_", str(value), flags=re.UNICODE).strip("_") or "type"
    candidate, k = stem, 2
    while candidate.lower() in used:
        candidate = f"{stem}_{k}"
        k += 1
    used.add(candidate.lower())
    return candidate


class NetworkDistance(CommunityGovAlgorithm):
    algorithm_id = "networkdistance"
    group_id = "lifecircles"
    requirements = ("numpy", "scipy", "geopandas", "shapely")

    def displayName(self):
        return tr("Network distance to nearest facility")

    def error_messages(self):
        messages = super().error_messages()
        messages.update(network_error_messages())
        return messages

    def initAlgorithm(self, config=None):
        add_road_parameters(self)
        kinds = [QgsProcessing.SourceType.TypeVectorPoint, QgsProcessing.SourceType.TypeVectorPolygon]
        self.addParameter(
            QgsProcessingParameterFeatureSource("DEMAND", tr("Demand (points or polygons)"), kinds)
        )
        self.addParameter(
            QgsProcessingParameterField(
                "DEMAND_ID_FIELD", tr("Demand id field"), None, "DEMAND", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource("FACILITIES", tr("Facilities (points or polygons)"), kinds)
        )
        self.addParameter(
            QgsProcessingParameterField(
                "FACILITY_TYPE_FIELD", tr("Facility type field"), None, "FACILITIES", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "FACILITY_ID_FIELD", tr("Facility id field"), None, "FACILITIES", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                "CUTOFF",
                tr("Search cutoff (m, 0 = none)"),
                QgsProcessingParameterNumber.Type.Double,
                0.0,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "OUTPUT", tr("Demand with nearest facility distances"), QgsProcessing.SourceType.TypeVector
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "OD_OUTPUT",
                tr("Origin-destination table within the cutoff"),
                QgsProcessing.SourceType.TypeVector,
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputNumber("SNAP_FAILED", tr("Demand features not on the network")))
        self.addOutput(
            QgsProcessingOutputNumber("FACILITIES_SNAP_FAILED", tr("Facilities not on the network"))
        )
        self.addOutput(QgsProcessingOutputNumber("OD_PAIRS", tr("Origin-destination pairs written")))

    def process(self, parameters, context, feedback):
        import numpy as np
        import pandas as pd

        from .. import bridge

        cutoff = self.parameterAsDouble(parameters, "CUTOFF", context)
        cutoff_m = cutoff if cutoff > 0 else None
        want_od = parameters.get("OD_OUTPUT") not in (None, "")
        if want_od and cutoff_m is None:
            raise QgsProcessingException(
                tr("An origin-destination table needs a search cutoff greater than 0.")
            )
        max_snap = self.parameterAsDouble(parameters, "MAX_SNAP", context)

        net, working, _roads = read_network(self, parameters, context, feedback, 20.0)
        demand_id = self.parameterAsString(parameters, "DEMAND_ID_FIELD", context) or None
        type_field = self.parameterAsString(parameters, "FACILITY_TYPE_FIELD", context) or None
        fac_id = self.parameterAsString(parameters, "FACILITY_ID_FIELD", context) or None
        demand_frame, demand_xy, demand_ids, demand = read_points(
            self, parameters, "DEMAND", context, working, demand_id, keep_source=True
        )
        fac_frame, fac_xy, fac_ids, facilities = read_points(
            self, parameters, "FACILITIES", context, working, fac_id, [type_field] if type_field else []
        )
        demand_snapped = net.snap_points(demand_xy, max_snap_m=max_snap)
        fac_snapped = net.snap_points(fac_xy, max_snap_m=max_snap)
        failed = report_snapping(feedback, demand_snapped, demand_ids, demand.sourceName(), max_snap)
        fac_failed = report_snapping(feedback, fac_snapped, fac_ids, facilities.sourceName(), max_snap)
        feedback.setProgress(30.0)

        types = fac_frame[type_field].tolist() if type_field else [None] * len(fac_frame)
        type_keys = list(dict.fromkeys(t for t in types))
        out = pd.DataFrame({"demand_id": pd.Series(demand_ids, dtype=object)})
        out["snap_m"] = np.where(demand_snapped.ok, demand_snapped.offset_m, np.nan)
        used = {"demand", "demand_id", "snap", "all_types", "nearest"}
        types_array = np.asarray(types, dtype=object)
        fac_ids_array = np.asarray(fac_ids, dtype=object)
        for k, key in enumerate(type_keys):
            if feedback.isCanceled():
                break
            rows = np.flatnonzero(np.asarray([t == key for t in types_array], dtype=bool))
            if not type_field:
                stem = "nearest"
            else:
                stem = field_stem("no_type" if key is None else key, used)
            cost, index = net.nearest(demand_snapped, fac_snapped.subset(rows), cutoff_m)
            out[f"{stem}_m"] = np.where(np.isfinite(cost), cost, np.nan)
            ids = np.full(len(cost), None, dtype=object)
            found = index >= 0
            ids[found] = fac_ids_array[rows[index[found]]]
            out[f"{stem}_id"] = pd.Series(ids, dtype=object)
            unreached = int((~found & demand_snapped.ok).sum())
            if unreached:
                feedback.pushInfo(
                    tr(
                        "{count} demand features reach no facility of type “{type}” within the cutoff."
                    ).format(count=unreached, type=tr("any") if key is None else key)
                )
            feedback.setProgress(30.0 + 40.0 * (k + 1) / max(len(type_keys), 1))
        distance_columns = [c for c in out.columns if c.endswith("_m") and c != "snap_m"]
        if distance_columns:
            # the walk within which every facility type is reached (NULL if one is not reached)
            values = out[distance_columns].to_numpy(dtype=float)
            out["all_types_m"] = np.where(
                np.isnan(values).any(axis=1), np.nan, values.max(axis=1, initial=0.0)
            )
        frame = out
        qfields = bridge.fields_for_frame(frame)
        sink, dest_id = self.parameterAsSink(
            parameters, "OUTPUT", context, qfields, demand.wkbType(), demand.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        bridge.write_rows(frame, demand_frame["source_wkb"].tolist(), sink, qfields, feedback)
        results = {
            "OUTPUT": dest_id,
            "SNAP_FAILED": failed,
            "FACILITIES_SNAP_FAILED": fac_failed,
            "OD_PAIRS": 0,
        }
        if "all_types_m" in frame.columns:
            kind = (
                "polygons"
                if QgsWkbTypes.geometryType(demand.wkbType()) == QgsWkbTypes.GeometryType.PolygonGeometry
                else "points"
            )
            bridge.style_output(context, dest_id, resource_path("styles", f"network_distance_{kind}.qml"))

        if want_od:
            progress, cancelled = bridge.callbacks(feedback, 70.0, 100.0)
            od = net.od_matrix(demand_snapped, fac_snapped, cutoff_m, progress=progress, cancelled=cancelled)
            table = pd.DataFrame(
                {
                    "demand_id": pd.Series([demand_ids[i] for i in od["origin"]], dtype=object),
                    "facility_id": pd.Series(fac_ids_array[od["destination"].to_numpy()], dtype=object),
                }
            )
            if type_field:
                table["fac_type"] = pd.Series(types_array[od["destination"].to_numpy()], dtype=object)
            table["cost_m"] = od["cost_m"].to_numpy(dtype=float)
            od_fields = bridge.fields_for_frame(table)
            od_sink, od_id = self.parameterAsSink(
                parameters, "OD_OUTPUT", context, od_fields, QgsWkbTypes.Type.NoGeometry, demand.sourceCrs()
            )
            if od_sink is not None:
                bridge.write_frame(table, od_sink, od_fields, context, feedback=feedback)
                results["OD_OUTPUT"] = od_id
                results["OD_PAIRS"] = len(table)
        feedback.setProgress(100.0)
        return results
