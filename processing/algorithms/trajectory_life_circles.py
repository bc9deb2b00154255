"""communitygov:trajectorylifecircles — bottom-up community life circles from trajectories.

Stays and homes as in ``communitygov:staypoints``; the non-home stays of the residents of each
community (by detected home) become a kernel density surface (GeoTIFF) and the contours holding
p % of their activity, with statistics (residents, areas, share of activity inside the walking
life circle, IoU with it). k-anonymous: nothing from fewer than k residents is published.
"""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..i18n import tr
from ..steps.trajectories import (
    REQUIREMENTS,
    _number,
    add_trajectory_parameters,
    apply_style,
    mobility_error_messages,
    stays_and_homes,
    write_sink,
)
from .base import CommunityGovAlgorithm

M2_PER_MU = 2000.0 / 3.0


def parse_levels(text: str) -> list:
    import re

    values = []
    for part in re.split(r"[,;，；\s]+", text or ""):
        if not part:
            continue
        try:
            value = float(part)
        except ValueError:
            raise QgsProcessingException(
                tr("“{value}” is not a number in the levels.").format(value=part)
            ) from None
        if not 0 < value < 100:
            raise QgsProcessingException(
                tr("Levels must be percentages between 0 and 100: {value}").format(value=part)
            )
        values.append(value)
    if not values:
        raise QgsProcessingException(tr("Give at least one level, e.g. 50,80,95."))
    return sorted(set(values))


def to_multi(geometry):
    from shapely.geometry import MultiPolygon

    if geometry is None or geometry.is_empty:
        return None
    return MultiPolygon([geometry]) if geometry.geom_type == "Polygon" else geometry


class TrajectoryLifeCircles(CommunityGovAlgorithm):
    algorithm_id = "trajectorylifecircles"
    group_id = "lifecircles"
    requirements = REQUIREMENTS + ("rasterio",)

    WEIGHTS = ("hours", "visits")

    def displayName(self):
        return tr("Life circles from trajectories (bottom-up)")

    def error_messages(self):
        messages = super().error_messages()
        messages.update(mobility_error_messages())
        return messages

    def initAlgorithm(self, config=None):
        add_trajectory_parameters(self)
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                "COMMUNITIES", tr("Communities"), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "COMMUNITY_ID_FIELD", tr("Community id field"), "community_id", "COMMUNITIES", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                "WALKING_CIRCLES",
                tr("Walking life circles (optional, for comparison)"),
                [QgsProcessing.SourceType.TypeVectorPolygon],
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "WALKING_ID_FIELD",
                tr("Community id field of the walking life circles"),
                None,
                "WALKING_CIRCLES",
                optional=True,
            )
        )
        _number(self, "MAX_DISTANCE", tr("Ignore activities farther from home than (m)"), 10000.0, 1.0)
        _number(self, "CELL", tr("Density cell size (m)"), 50.0, 1.0)
        _number(self, "BANDWIDTH", tr("Kernel bandwidth (m)"), 200.0, 1.0)
        self.addParameter(
            QgsProcessingParameterString("LEVELS", tr("Activity shares of the contours (%)"), "50,80,95")
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                "WEIGHT", tr("Weigh activities by"), [tr("Time spent (hours)"), tr("Visits")], False, 0
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                "INDIVIDUAL_OUTPUTS", tr("Write individual activity spaces (personal data)"), False
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "OUTPUT", tr("Trajectory life circles"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "STATS", tr("Life circle statistics"), QgsProcessing.SourceType.TypeVector
            )
        )
        self.addParameter(
            QgsProcessingParameterRasterDestination("DENSITY", tr("Activity density (GeoTIFF)"))
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "SPACES",
                tr("Activity spaces (individual)"),
                QgsProcessing.SourceType.TypeVectorPolygon,
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputNumber("RESIDENTS", tr("Residents with a detected home")))
        self.addOutput(
            QgsProcessingOutputNumber(
                "COMMUNITIES_SUPPRESSED", tr("Communities suppressed (fewer than k residents)")
            )
        )
        self.addOutput(
            QgsProcessingOutputNumber(
                "CELLS_SUPPRESSED", tr("Density cells suppressed (fewer than k residents)")
            )
        )

    # -- reading the polygons -----------------------------------------------------------------
    def _polygons(self, parameters, name, id_name, context, working, required_field):
        from shapely.ops import unary_union

        from .. import bridge

        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            return None, None
        field = self.parameterAsString(parameters, id_name, context) or ""
        if field and source.fields().indexFromName(field) < 0:
            raise QgsProcessingException(
                tr("Layer “{layer}” has no field “{field}”.").format(layer=source.sourceName(), field=field)
            )
        if required_field and not field:
            raise QgsProcessingException(
                tr("Choose the community id field of “{layer}”.").format(layer=source.sourceName())
            )
        frame = bridge.source_to_frame(source, context, working, fields=[field] if field else [])
        frame = frame[frame.geometry.notna()]
        if not field:
            return {"*": unary_union(list(frame.geometry))}, source.sourceName()
        out = {}
        for key, part in frame.groupby(frame[field].astype(str)):
            out[key] = unary_union(list(part.geometry)).buffer(0)
        return out, source.sourceName()

    # -- the run ------------------------------------------------------------------------------
    def process(self, parameters, context, feedback):
        import geopandas as gpd
        import numpy as np
        import pandas as pd

        from .. import bridge
        from ..engine import activity_density, compat, mobility, privacy

        if self.parameterAsSource(parameters, "INPUT", context) is None and not self.parameterAsFile(
            parameters, "CSV", context
        ):
            return self.without_trajectories(parameters, context, feedback)
        k = self.parameterAsInt(parameters, "K", context)
        privacy.check_k(k)
        levels = parse_levels(self.parameterAsString(parameters, "LEVELS", context))
        cleaned, stays, homes, working, output_crs, report, name = stays_and_homes(
            self, parameters, context, feedback, progress_end=50.0
        )
        crs_text = bridge.epsg_of(working)
        communities, _ = self._polygons(
            parameters, "COMMUNITIES", "COMMUNITY_ID_FIELD", context, working, True
        )
        walking, walking_name = self._polygons(
            parameters, "WALKING_CIRCLES", "WALKING_ID_FIELD", context, working, False
        )

        # residents: detected homes, assigned to the community containing them
        resident = homes.detected.copy()
        home_group = np.array([None] * len(homes.users), dtype=object)
        if communities:
            for key, polygon in communities.items():
                inside = (
                    compat.contains_xy(polygon, np.nan_to_num(homes.x), np.nan_to_num(homes.y)) & resident
                )
                home_group[inside] = key
            outside = int((resident & pd.isna(home_group)).sum())
            if outside:
                feedback.pushInfo(
                    tr(
                        "{count} residents live outside every community; they count only in the “all” surface."
                    ).format(count=outside)
                )
        results = {"RESIDENTS": int(resident.sum())}
        activity = ~homes.stay_is_home & resident[stays.user]
        weights = (
            stays.duration_s / 3600.0
            if self.parameterAsEnum(parameters, "WEIGHT", context) == 0
            else np.ones(len(stays))
        )
        max_distance = self.parameterAsDouble(parameters, "MAX_DISTANCE", context)
        far = activity & (
            np.hypot(stays.x - homes.x[stays.user], stays.y - homes.y[stays.user]) > max_distance
        )
        if far.any():
            feedback.pushInfo(
                tr(
                    "{count} stays farther than {distance} m from home are not part of any life circle."
                ).format(count=int(far.sum()), distance=max_distance)
            )
        activity &= ~far
        ax, ay, aw = stays.x[activity], stays.y[activity], weights[activity]
        person = homes.users[stays.user[activity]].astype(str)
        group = home_group[stays.user[activity]]
        if not len(ax):
            from ..engine.errors import InputError

            raise InputError(
                code="no_activity",
                template="No activity to map: {detail}",
                detail=tr("no resident has stays away from home"),
            )
        progress, cancelled = bridge.callbacks(feedback, 50.0, 85.0)
        result = activity_density.community_life_circles(
            ax,
            ay,
            aw,
            person,
            group,
            cell_m=self.parameterAsDouble(parameters, "CELL", context),
            bandwidth_m=self.parameterAsDouble(parameters, "BANDWIDTH", context),
            levels=levels,
            k=k,
            walking=walking,
            progress=progress,
            cancelled=cancelled,
        )
        stats = result.stats
        results["COMMUNITIES_SUPPRESSED"] = int(stats["suppressed"].sum())
        results["CELLS_SUPPRESSED"] = int(
            sum(result.suppressed_cells.get(g, 0) for g in result.band_names if g == "*")
        )
        if results["COMMUNITIES_SUPPRESSED"]:
            feedback.pushInfo(
                tr(
                    "{count} communities have fewer than {k} residents with activity: their life circles and statistics are suppressed."
                ).format(count=results["COMMUNITIES_SUPPRESSED"], k=k)
            )
        if walking is None:
            feedback.pushInfo(
                tr("No walking life circles given: the share inside them and the IoU are not computed.")
            )

        # -- contours -----------------------------------------------------------------------
        contours = result.contours
        label = {"*": tr("all")}
        out = pd.DataFrame(
            {
                "community_id": [label.get(g, g) for g in contours.get("group", [])],
                "level_pct": contours.get("level_pct", pd.Series(dtype=float)).astype(float),
                "residents": contours.get("residents", pd.Series(dtype="int64")).astype("int64"),
                "share_captured": contours.get("share_captured", pd.Series(dtype=float)).round(4),
            }
        )
        areas = (
            activity_density.ellipsoidal_area_m2(list(contours["geometry"]), crs_text)
            if len(contours)
            else np.array([])
        )
        out["area_m2"] = np.round(areas, 1)
        out["area_ha"] = np.round(areas / 1e4, 3)
        out["area_mu"] = np.round(areas / M2_PER_MU, 2)
        if walking is not None:
            out["iou_walking"] = contours.get("iou_walking", pd.Series(np.nan, index=contours.index)).round(4)
        order = np.argsort(-out["level_pct"].to_numpy(), kind="stable")  # widest first, drawn below
        out = out.iloc[order].reset_index(drop=True)
        geometries = [to_multi(contours["geometry"].iloc[i]) for i in order]
        frame = gpd.GeoDataFrame(out, geometry=geometries, crs=crs_text)
        dest = write_sink(
            self,
            parameters,
            "OUTPUT",
            context,
            frame,
            QgsWkbTypes.Type.MultiPolygon,
            working,
            output_crs,
            feedback,
        )
        apply_style(context, dest, "trajectory_life_circles.qml")
        results["OUTPUT"] = dest

        # -- statistics (aggregates only, suppressed rows blank) ------------------------------
        table = stats.copy()
        table.insert(0, "community_id", [label.get(g, g) for g in table.pop("group")])
        table = table.rename(columns={"weight": "activity_weight"})
        for level in levels:
            column = f"area_{int(level)}_m2_planar"
            if column in table.columns:
                table = table.drop(columns=[column])
            match = out[out["level_pct"] == level].set_index("community_id")["area_ha"]
            table[f"area_{int(level)}_ha"] = table["community_id"].map(match).astype(float)
        # median individual activity spaces per community (aggregates, k-suppressed with the row)
        ellipses = mobility.standard_deviational_ellipse(stays.user[activity], ax, ay, aw)
        mcps = mobility.minimum_convex_polygons(stays.user[activity], ax, ay, 95.0)
        sde_ha = pd.Series(ellipses.area_m2 / 1e4, index=ellipses.user)
        mcp_ha = pd.Series({code: poly.area / 1e4 for code, poly in mcps.items()}, dtype=float)
        med_sde, med_mcp = [], []
        for key, suppressed_row in zip(stats["group"], stats["suppressed"]):
            members = (
                np.flatnonzero(resident & (home_group == key)) if key != "*" else np.flatnonzero(resident)
            )
            med_sde.append(np.nan if suppressed_row else float(sde_ha.reindex(members).median()))
            med_mcp.append(np.nan if suppressed_row else float(mcp_ha.reindex(members).median()))
        table["median_sde_ha"] = np.round(med_sde, 3)
        table["median_mcp95_ha"] = np.round(med_mcp, 3)
        for column in table.columns:
            if table[column].dtype.kind == "f":
                table[column] = table[column].round(4)
        table["community_id"] = table["community_id"].astype(str)
        dest = write_sink(
            self,
            parameters,
            "STATS",
            context,
            pd.DataFrame(table),
            QgsWkbTypes.Type.NoGeometry,
            working,
            output_crs,
            feedback,
        )
        results["STATS"] = dest

        # -- density GeoTIFF ----------------------------------------------------------------
        density_path = self.parameterAsOutputLayer(parameters, "DENSITY", context)
        self._write_geotiff(density_path, result, crs_text, [label.get(n, n) for n in result.band_names])
        results["DENSITY"] = density_path

        # -- individual activity spaces (explicit choice) -------------------------------------
        if parameters.get("SPACES") not in (None, ""):
            if not self.parameterAsBool(parameters, "INDIVIDUAL_OUTPUTS", context):
                feedback.pushWarning(
                    tr(
                        "Individual activity spaces are personal data: they are written only when "
                        "“Write individual activity spaces” is checked."
                    )
                )
            else:
                results["SPACES"] = self._write_spaces(
                    parameters,
                    context,
                    feedback,
                    homes,
                    home_group,
                    stays,
                    activity,
                    ax,
                    ay,
                    aw,
                    ellipses,
                    mcps,
                    working,
                    output_crs,
                    crs_text,
                )
        feedback.setProgress(100.0)
        return results

    def without_trajectories(self, parameters, context, feedback):
        """No trajectories given (an optional step of a model): say so and write empty outputs, so
        that the steps after it still run and report this step as not run."""
        import pandas as pd

        feedback.pushWarning(
            tr(
                "No trajectories were given: the trajectory life circles were not computed (the outputs are empty)."
            )
        )
        communities = self.parameterAsSource(parameters, "COMMUNITIES", context)
        crs = (
            communities.sourceCrs() if communities is not None else QgsCoordinateReferenceSystem("EPSG:4490")
        )
        circles = pd.DataFrame({"community_id": pd.Series(dtype=str), "level_pct": pd.Series(dtype=float)})
        stats = pd.DataFrame({"community_id": pd.Series(dtype=str), "residents": pd.Series(dtype="int64")})
        results = {"RESIDENTS": 0}
        for name, frame, geometry_type in (
            ("OUTPUT", circles, QgsWkbTypes.Type.MultiPolygon),
            ("STATS", stats, QgsWkbTypes.Type.NoGeometry),
        ):
            results[name] = write_sink(
                self, parameters, name, context, frame, geometry_type, crs, crs, feedback
            )
        return results

    def _write_geotiff(self, path, result, crs_text, names):
        import numpy as np
        import rasterio
        from rasterio.transform import Affine

        grid = result.grid
        profile = {
            "driver": "GTiff",
            "height": grid.rows,
            "width": grid.cols,
            "count": len(result.bands),
            "dtype": "float32",
            "crs": crs_text,
            "transform": Affine(*grid.transform),
            "nodata": np.nan,
            "compress": "deflate",
        }
        with rasterio.open(path, "w", **profile) as dataset:
            for index, (band, name) in enumerate(zip(result.bands, names), start=1):
                dataset.write(band.astype(np.float32), index)
                dataset.set_band_description(index, str(name))

    def _write_spaces(
        self,
        parameters,
        context,
        feedback,
        homes,
        home_group,
        stays,
        activity,
        ax,
        ay,
        aw,
        ellipses,
        mcps,
        working,
        output_crs,
        crs_text,
    ):
        import geopandas as gpd
        import numpy as np

        from ..engine import activity_density, mobility

        rows, geometries = [], []
        for code, polygon in zip(ellipses.user, mobility.ellipse_polygons(ellipses)):
            rows.append((homes.users[code], home_group[code], "sde", polygon.area))
            geometries.append(polygon)
        for code, polygon in mcps.items():
            rows.append((homes.users[code], home_group[code], "mcp", polygon.area))
            geometries.append(polygon)
        users = stays.user[activity]
        for code in np.unique(users):
            sel = users == code
            if sel.sum() < 3:
                continue
            contour = activity_density.kde_contours(
                ax[sel], ay[sel], aw[sel], cell_m=25.0, bandwidth_m=100.0, percents=(95,)
            ).get(95)
            if contour is not None:
                rows.append((homes.users[code], home_group[code], "kde", contour.area))
                geometries.append(contour)
        frame = gpd.GeoDataFrame(
            {
                "user_id": [str(r[0]) for r in rows],
                "community_id": [None if r[1] is None else str(r[1]) for r in rows],
                "kind": [r[2] for r in rows],
                "area_ha": np.round([r[3] / 1e4 for r in rows], 3),
            },
            geometry=[to_multi(g) for g in geometries],
            crs=crs_text,
        )
        dest = write_sink(
            self,
            parameters,
            "SPACES",
            context,
            frame,
            QgsWkbTypes.Type.MultiPolygon,
            working,
            output_crs,
            feedback,
        )
        apply_style(context, dest, "trajectory_activity_spaces.qml")
        feedback.pushWarning(
            tr("Individual activity spaces were written: handle this output as personal data.")
        )
        return dest
