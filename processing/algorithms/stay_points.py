"""communitygov:staypoints — stay points and homes from residents' trajectories.

Privacy by default: without INDIVIDUAL_OUTPUTS only a k-anonymous grid summary is written; with
it, the stays and homes layers are written, home positions (and stays at home) generalised to
the centre of a HOME_GRID cell unless EXACT_HOMES is also chosen.
"""

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsWkbTypes,
)

from ..i18n import tr
from ..steps.trajectories import (
    REQUIREMENTS,
    _number,
    add_trajectory_parameters,
    apply_style,
    iso_local,
    mobility_error_messages,
    points_frame,
    stays_and_homes,
    write_sink,
)
from .base import CommunityGovAlgorithm


# -- the algorithm ---------------------------------------------------------------------------
class StayPoints(CommunityGovAlgorithm):
    algorithm_id = "staypoints"
    group_id = "lifecircles"
    requirements = REQUIREMENTS

    def displayName(self):
        return tr("Stay points and homes from trajectories")

    def error_messages(self):
        messages = super().error_messages()
        messages.update(mobility_error_messages())
        return messages

    def initAlgorithm(self, config=None):
        add_trajectory_parameters(self)
        _number(self, "SUMMARY_CELL", tr("Summary grid cell (m)"), 250.0, 1.0)
        self.addParameter(
            QgsProcessingParameterBoolean(
                "INDIVIDUAL_OUTPUTS", tr("Write individual stays and homes (personal data)"), False
            )
        )
        _number(self, "HOME_GRID", tr("Generalise home locations to a grid of (m)"), 500.0, 1.0)
        self.addParameter(
            QgsProcessingParameterBoolean(
                "EXACT_HOMES", tr("Keep exact home locations (not generalised)"), False
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "OUTPUT", tr("Stay summary grid (k-anonymous)"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "STAYS",
                tr("Stays (individual)"),
                QgsProcessing.SourceType.TypeVectorPoint,
                optional=True,
                createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "HOMES",
                tr("Homes (individual)"),
                QgsProcessing.SourceType.TypeVectorPoint,
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputNumber("USERS", tr("Trajectory users")))
        self.addOutput(QgsProcessingOutputNumber("STAY_COUNT", tr("Stays found")))
        self.addOutput(QgsProcessingOutputNumber("HOMES_FOUND", tr("Homes found")))
        self.addOutput(QgsProcessingOutputNumber("POINTS_DROPPED", tr("Points dropped in cleaning")))
        self.addOutput(
            QgsProcessingOutputNumber(
                "CELLS_SUPPRESSED", tr("Grid cells suppressed (fewer than k residents)")
            )
        )

    def process(self, parameters, context, feedback):
        import numpy as np
        import pandas as pd
        from shapely.geometry import box

        from .. import bridge
        from ..engine import privacy

        k = self.parameterAsInt(parameters, "K", context)
        privacy.check_k(k)
        cleaned, stays, homes, working, output_crs, report, _ = stays_and_homes(
            self, parameters, context, feedback
        )
        crs_text = bridge.epsg_of(working)
        results = {
            "USERS": int(len(np.unique(cleaned.user))),
            "STAY_COUNT": len(stays),
            "HOMES_FOUND": int(homes.detected.sum()),
            "POINTS_DROPPED": report.n_input - report.n_kept,
        }

        # -- the k-anonymous summary grid (always) ------------------------------------------
        cell = self.parameterAsDouble(parameters, "SUMMARY_CELL", context)
        gx, gy = privacy.generalise_to_grid(stays.x, stays.y, cell)
        frame = pd.DataFrame({"cx": gx, "cy": gy, "user": stays.user, "hours": stays.duration_s / 3600.0})
        frame["home"] = homes.stay_is_home
        home_x, home_y = privacy.generalise_to_grid(homes.x[homes.detected], homes.y[homes.detected], cell)
        home_cells = pd.DataFrame({"cx": home_x, "cy": home_y}).value_counts().rename("homes")
        grouped = frame.groupby(["cx", "cy"]).agg(
            stays=("user", "size"), residents=("user", "nunique"), stay_hours=("hours", "sum")
        )
        grouped = grouped.join(home_cells, how="left").fillna({"homes": 0}).reset_index()
        hidden = privacy.suppressed(grouped["residents"].to_numpy(), k)
        # a cell's home count is published only if it counts >= k homes too (or zero)
        small_homes = (grouped["homes"] > 0) & (grouped["homes"] < k)
        grouped.loc[small_homes, "homes"] = np.nan
        results["CELLS_SUPPRESSED"] = int(hidden.sum())
        if hidden.any():
            feedback.pushInfo(
                tr("{count} grid cells with fewer than {k} residents were suppressed.").format(
                    count=int(hidden.sum()), k=k
                )
            )
        shown = grouped[~hidden].reset_index(drop=True)
        import geopandas as gpd

        half = cell / 2.0
        geometries = [box(x - half, y - half, x + half, y + half) for x, y in zip(shown["cx"], shown["cy"])]
        out = gpd.GeoDataFrame(
            {
                "stays": shown["stays"].astype("int64"),
                "residents": shown["residents"].astype("int64"),
                "stay_hours": shown["stay_hours"].round(2),
                "homes": shown["homes"],
            },
            geometry=geometries,
            crs=crs_text,
        )
        dest = write_sink(
            self, parameters, "OUTPUT", context, out, QgsWkbTypes.Type.Polygon, working, output_crs, feedback
        )
        apply_style(context, dest, "trajectory_stay_grid.qml")
        results["OUTPUT"] = dest

        # -- individual outputs (explicit choice) -------------------------------------------
        wants = [name for name in ("STAYS", "HOMES") if parameters.get(name) not in (None, "")]
        individual = self.parameterAsBool(parameters, "INDIVIDUAL_OUTPUTS", context)
        if wants and not individual:
            feedback.pushWarning(
                tr(
                    "Individual stays and homes are personal data: they are written only when "
                    "“Write individual stays and homes” is checked. Only the k-anonymous summary was written."
                )
            )
        if individual:
            exact = self.parameterAsBool(parameters, "EXACT_HOMES", context)
            grid = self.parameterAsDouble(parameters, "HOME_GRID", context)
            hx, hy = homes.x.copy(), homes.y.copy()
            sx, sy = stays.x.copy(), stays.y.copy()
            if not exact:
                hx, hy = privacy.generalise_to_grid(hx, hy, grid)
                at_home = homes.stay_is_home
                sx[at_home], sy[at_home] = hx[stays.user[at_home]], hy[stays.user[at_home]]
                feedback.pushInfo(
                    tr(
                        "Home locations (and stays at home) are generalised to the centres of {cell} m grid cells."
                    ).format(cell=grid)
                )
            else:
                feedback.pushWarning(
                    tr("Exact home locations were written: handle this output as personal data.")
                )
            if "STAYS" in wants:
                offsets = stays.offset_s if stays.offset_s is not None else np.zeros(len(stays))
                sf = pd.DataFrame(
                    {
                        "user_id": stays.users[stays.user].astype(str),
                        "started_at": iso_local(stays.start_s, offsets),
                        "finished_at": iso_local(stays.end_s, offsets),
                        "duration_min": np.round(stays.duration_s / 60.0, 1),
                        "n_points": stays.n_points.astype("int64"),
                        "is_home": homes.stay_is_home.astype("int64"),
                    }
                )
                dest = write_sink(
                    self,
                    parameters,
                    "STAYS",
                    context,
                    points_frame(sf, sx, sy, crs_text),
                    QgsWkbTypes.Type.Point,
                    working,
                    output_crs,
                    feedback,
                )
                apply_style(context, dest, "trajectory_stays.qml")
                results["STAYS"] = dest
            if "HOMES" in wants:
                hf = pd.DataFrame(
                    {
                        "user_id": homes.users.astype(str),
                        "detected": homes.detected.astype("int64"),
                        "nights_home": homes.nights_home.astype("int64"),
                        "nights_seen": homes.nights_observed.astype("int64"),
                        "confidence": np.round(homes.confidence, 3),
                        "generalised_m": np.full(len(homes.users), 0.0 if exact else grid),
                    }
                )
                keep = homes.detected
                frame_h = points_frame(hf[keep].reset_index(drop=True), hx[keep], hy[keep], crs_text)
                dest = write_sink(
                    self,
                    parameters,
                    "HOMES",
                    context,
                    frame_h,
                    QgsWkbTypes.Type.Point,
                    working,
                    output_crs,
                    feedback,
                )
                apply_style(context, dest, "trajectory_homes.qml")
                results["HOMES"] = dest
        return results
