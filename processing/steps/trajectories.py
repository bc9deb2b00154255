"""Trajectory parameters, reading and the stays-and-homes pipeline shared by the trajectory tools."""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterCrs,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..algorithms.base import resource_path
from ..i18n import tr

REQUIREMENTS = ("numpy", "scipy", "pandas", "geopandas", "shapely", "pyproj")
READ_BLOCK = 100_000  # features parsed per block while reading


# -- shared with trajectorylifecircles -------------------------------------------------------
def mobility_error_messages() -> dict:
    return {
        "bad_time": tr("Unreadable timestamps: {detail}"),
        "bad_threshold": tr("Stay thresholds must be positive: {detail}"),
        "bad_k": tr("k-anonymity needs k >= 1 (got {k})."),
        "bad_grid": tr("The grid cell size must be positive (got {cell})."),
        "grid_too_large": tr("The density grid would have {cells} cells; use a larger cell size."),
        "no_activity": tr("No activity to map: {detail}"),
        "no_points": tr("No usable trajectory points in “{layer}”."),
    }


def _number(algorithm, name, description, default, minimum=0.0, maximum=None, integer=False):
    kind = QgsProcessingParameterNumber.Type.Integer if integer else QgsProcessingParameterNumber.Type.Double
    parameter = QgsProcessingParameterNumber(name, description, kind, default, minValue=minimum)
    if maximum is not None:
        parameter.setMaximum(maximum)
    algorithm.addParameter(parameter)


def add_trajectory_parameters(algorithm):
    """Input (layer or CSV), time zones, cleaning, stay and home parameters, k."""
    algorithm.addParameter(
        QgsProcessingParameterFeatureSource(
            "INPUT", tr("Trajectory points"), [QgsProcessing.SourceType.TypeVectorPoint], optional=True
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterField("USER_FIELD", tr("User id field"), "user_id", "INPUT", optional=True)
    )
    algorithm.addParameter(
        QgsProcessingParameterField(
            "TIME_FIELD", tr("Timestamp field (text or date/time)"), "timestamp", "INPUT", optional=True
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterField(
            "ACCURACY_FIELD",
            tr("Accuracy field (m, optional)"),
            None,
            "INPUT",
            QgsProcessingParameterField.DataType.Numeric,
            optional=True,
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterFile(
            "CSV",
            tr("…or a CSV file of points (e.g. GeoLife)"),
            fileFilter="CSV (*.csv *.txt *.gz *.csv.gz)",
            optional=True,
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterString("CSV_USER", tr("CSV user id column"), "uid", optional=True)
    )
    algorithm.addParameter(
        QgsProcessingParameterString("CSV_TIME", tr("CSV timestamp column"), "datetime", optional=True)
    )
    algorithm.addParameter(
        QgsProcessingParameterString("CSV_X", tr("CSV x / longitude column"), "lng", optional=True)
    )
    algorithm.addParameter(
        QgsProcessingParameterString("CSV_Y", tr("CSV y / latitude column"), "lat", optional=True)
    )
    algorithm.addParameter(
        QgsProcessingParameterCrs(
            "CSV_CRS", tr("CSV coordinate reference system"), "EPSG:4326", optional=True
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterString(
            "TIMEZONE", tr("Time zone of timestamps without offset"), "Asia/Shanghai"
        )
    )
    algorithm.addParameter(
        QgsProcessingParameterString("LOCAL_TIMEZONE", tr("Local time zone for night hours"), "Asia/Shanghai")
    )
    _number(algorithm, "DIST_THRESHOLD", tr("Stay radius (m)"), 100.0, 1.0)
    _number(algorithm, "TIME_THRESHOLD", tr("Minimum stay duration (minutes)"), 10.0, 0.0)
    _number(algorithm, "GAP_THRESHOLD", tr("Gap that breaks a stay (minutes)"), 15.0, 0.0)
    _number(algorithm, "BRIDGE_GAPS", tr("Bridge gaps without movement up to (hours, 0 = never)"), 12.0, 0.0)
    _number(algorithm, "MAX_SPEED", tr("Speed of outlier spikes (m/s, 0 = no check)"), 50.0, 0.0)
    _number(algorithm, "SPIKE_DISTANCE", tr("Out-and-back jumps longer than (m, 0 = no check)"), 300.0, 0.0)
    _number(algorithm, "MAX_ACCURACY", tr("Drop points less accurate than (m, 0 = keep all)"), 0.0, 0.0)
    _number(algorithm, "NIGHT_START", tr("Night starts at (local hour)"), 22.0, 0.0, 24.0)
    _number(algorithm, "NIGHT_END", tr("Night ends at (local hour)"), 7.0, 0.0, 24.0)
    _number(algorithm, "MIN_NIGHTS", tr("Minimum nights at home"), 3, 1, integer=True)
    _number(algorithm, "LOCATION_RADIUS", tr("Stays closer than this are one place (m)"), 100.0, 1.0)
    _number(algorithm, "K", tr("k-anonymity: minimum residents per published value"), 5, 1, integer=True)


def _offset_of(text):
    from ..engine import mobility

    return mobility.parse_utc_offset(text)


def check_timezone(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise QgsProcessingException(tr("Give a time zone, e.g. Asia/Shanghai, UTC or +08:00."))
    if _offset_of(name) is not None:
        return name
    import pandas as pd

    try:
        pd.Timestamp("2020-01-01", tz=name)
    except Exception:  # noqa: BLE001 - pandas raises several kinds for unknown zones
        raise QgsProcessingException(
            tr(
                "Unknown time zone “{zone}”; use a name such as Asia/Shanghai, or an offset such as +08:00."
            ).format(zone=name)
        ) from None
    return name


def read_trajectories(algorithm, parameters, context, feedback):
    """(points in the working CRS, accuracy array or None, working CRS, output CRS, layer name, n_bad_time)."""
    import numpy as np
    import pandas as pd
    from pyproj import Transformer

    from .. import bridge
    from ..engine import crs as engine_crs
    from ..engine import mobility

    naive_tz = check_timezone(algorithm.parameterAsString(parameters, "TIMEZONE", context))
    source = algorithm.parameterAsSource(parameters, "INPUT", context)
    csv_path = algorithm.parameterAsFile(parameters, "CSV", context)
    builder = mobility.PointsBuilder(naive_tz)
    transformer = None

    def add_block(users, times, xs, ys, accs):
        xs = np.asarray(xs, dtype=np.float64)
        ys = np.asarray(ys, dtype=np.float64)
        if transformer is not None:
            xs, ys = transformer.transform(xs, ys)
        builder.add(users, times, xs, ys, accs)

    if source is not None:
        name = source.sourceName()
        user_field = algorithm.parameterAsString(parameters, "USER_FIELD", context) or "user_id"
        time_field = algorithm.parameterAsString(parameters, "TIME_FIELD", context) or "timestamp"
        acc_field = algorithm.parameterAsString(parameters, "ACCURACY_FIELD", context) or ""
        names = source.fields().names()
        for field in [user_field, time_field] + ([acc_field] if acc_field else []):
            if field not in names:
                raise QgsProcessingException(
                    tr("Layer “{layer}” has no field “{field}”.").format(layer=name, field=field)
                )
        input_crs = source.sourceCrs()
        working = bridge.working_crs(input_crs, source.sourceExtent(), context)
        if working != input_crs:
            transformer = Transformer.from_crs(
                bridge.epsg_of(input_crs), bridge.epsg_of(working), always_xy=True
            )
        wanted = [user_field, time_field] + ([acc_field] if acc_field else [])
        request = QgsFeatureRequest().setSubsetOfAttributes(wanted, source.fields())
        user_index, time_index = names.index(user_field), names.index(time_field)
        acc_index = names.index(acc_field) if acc_field else -1
        users, times, xs, ys, accs = [], [], [], [], []
        total = max(source.featureCount(), 1)
        for count, feature in enumerate(source.getFeatures(request)):
            if feedback.isCanceled():
                break
            geometry = feature.geometry()
            if geometry is None or geometry.isNull() or geometry.isEmpty():
                x = y = float("nan")
            else:
                point = geometry.constGet()
                if QgsWkbTypes.isMultiType(geometry.wkbType()):
                    point = point.geometryN(0)
                x, y = point.x(), point.y()
            attributes = feature.attributes()
            xs.append(x)
            ys.append(y)
            users.append(bridge._python_value(attributes[user_index]))
            times.append(bridge._python_value(attributes[time_index]))
            if acc_index >= 0:
                value = bridge._python_value(attributes[acc_index])
                accs.append(np.nan if value is None else float(value))
            if len(xs) >= READ_BLOCK:  # parse and code each block: memory stays compact
                add_block(users, times, xs, ys, accs if acc_index >= 0 else None)
                users, times, xs, ys, accs = [], [], [], [], []
                feedback.setProgress(10.0 * count / total)
        add_block(users, times, xs, ys, accs if acc_index >= 0 else None)
    elif csv_path:
        name = csv_path
        columns = [
            algorithm.parameterAsString(parameters, key, context)
            for key in ("CSV_USER", "CSV_TIME", "CSV_X", "CSV_Y")
        ]
        input_crs = algorithm.parameterAsCrs(parameters, "CSV_CRS", context)
        if not input_crs.isValid():
            input_crs = QgsCoordinateReferenceSystem("EPSG:4326")
        working = None
        try:
            reader = pd.read_csv(csv_path, usecols=columns, dtype={columns[0]: str}, chunksize=READ_BLOCK * 5)
            for frame in reader:
                if feedback.isCanceled():
                    break
                xs = pd.to_numeric(frame[columns[2]], errors="coerce").to_numpy()
                ys = pd.to_numeric(frame[columns[3]], errors="coerce").to_numpy()
                if working is None:  # the first block decides the working CRS
                    if input_crs.isGeographic():
                        lon = float(np.nanmedian(xs)) if np.isfinite(xs).any() else 117.0
                        working = QgsCoordinateReferenceSystem(
                            f"EPSG:{engine_crs.gk3_epsg_for_longitude(lon)}"
                        )
                        transformer = Transformer.from_crs(
                            bridge.epsg_of(input_crs), bridge.epsg_of(working), always_xy=True
                        )
                    else:
                        working = input_crs
                add_block(frame[columns[0]].to_numpy(), frame[columns[1]], xs, ys, None)
        except ValueError as error:
            raise QgsProcessingException(
                tr("Cannot read the CSV file “{file}”: {detail}").format(file=csv_path, detail=error)
            ) from None
        if working is None:
            working = input_crs
    else:
        raise QgsProcessingException(tr("Choose a trajectory point layer or a CSV file."))
    points, accuracy = builder.finish()
    if builder.n_bad_time:
        feedback.pushWarning(
            tr("{count} points of “{layer}” have no readable timestamp and were skipped.").format(
                count=builder.n_bad_time, layer=name
            )
        )
    if len(points) == 0:
        from ..engine.errors import InputError

        raise InputError(code="no_points", template="No usable trajectory points in {layer}", layer=name)
    return points, accuracy, working, input_crs, name


def stays_and_homes(algorithm, parameters, context, feedback, progress_end=60.0):
    """The shared pipeline: read, clean, stay points, homes. Reports every dropped point."""
    import numpy as np

    from .. import bridge
    from ..engine import mobility

    points, accuracy, working, input_crs, name = read_trajectories(algorithm, parameters, context, feedback)
    p = {
        key: algorithm.parameterAsDouble(parameters, key, context)
        for key in (
            "DIST_THRESHOLD",
            "TIME_THRESHOLD",
            "GAP_THRESHOLD",
            "BRIDGE_GAPS",
            "MAX_SPEED",
            "SPIKE_DISTANCE",
            "MAX_ACCURACY",
            "NIGHT_START",
            "NIGHT_END",
            "LOCATION_RADIUS",
        )
    }
    cleaned, report = mobility.clean(
        points,
        max_speed_mps=p["MAX_SPEED"] or None,
        spike_m=p["SPIKE_DISTANCE"] or None,
        accuracy_m=accuracy,
        max_accuracy_m=p["MAX_ACCURACY"] or None,
    )
    feedback.pushInfo(
        tr(
            "{kept} of {total} points kept: {missing} without position or time, {inaccurate} inaccurate, "
            "{duplicates} repeated timestamps, {spikes} outlier spikes dropped."
        ).format(
            kept=report.n_kept,
            total=report.n_input,
            missing=report.n_missing,
            inaccurate=report.n_inaccurate,
            duplicates=report.n_duplicate_time,
            spikes=report.n_speed_outlier,
        )
    )
    progress, cancelled = bridge.callbacks(feedback, 10.0, progress_end)
    stays = mobility.generate_staypoints(
        cleaned,
        dist_threshold_m=p["DIST_THRESHOLD"],
        time_threshold_s=p["TIME_THRESHOLD"] * 60.0,
        gap_threshold_s=p["GAP_THRESHOLD"] * 60.0 if p["GAP_THRESHOLD"] > 0 else None,
        include_last=True,
        bridge_gaps_s=p["BRIDGE_GAPS"] * 3600.0 or None,
        close_at_gaps=True,
        progress=progress,
        cancelled=cancelled,
    )
    local_tz = check_timezone(algorithm.parameterAsString(parameters, "LOCAL_TIMEZONE", context))
    offsets = mobility.local_offsets(stays.start_s, local_tz)
    stays.offset_s = offsets
    homes = mobility.detect_homes(
        stays,
        offsets,
        night_start_h=p["NIGHT_START"],
        night_end_h=p["NIGHT_END"],
        min_nights=algorithm.parameterAsInt(parameters, "MIN_NIGHTS", context),
        location_radius_m=p["LOCATION_RADIUS"],
    )
    n_users = len(np.unique(cleaned.user))
    feedback.pushInfo(
        tr("{users} users, {stays} stays; home found for {homes} users ({few} with too few nights).").format(
            users=n_users,
            stays=len(stays),
            homes=int(homes.detected.sum()),
            few=int(n_users - homes.detected.sum()),
        )
    )
    return cleaned, stays, homes, working, input_crs, report, name


def iso_local(utc_s, offset_s):
    """ISO 8601 text with offset for UTC seconds shown at ``offset_s``."""
    import datetime as dt

    out = []
    for t, off in zip(utc_s, offset_s):
        zone = dt.timezone(dt.timedelta(seconds=float(off)))
        out.append(dt.datetime.fromtimestamp(float(t), tz=zone).isoformat(timespec="seconds"))
    return out


def points_frame(frame, x, y, crs):
    import geopandas as gpd

    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(x, y), crs=crs)


def write_sink(algorithm, parameters, name, context, frame, geometry_type, working, output_crs, feedback):
    from .. import bridge

    fields = bridge.fields_for_frame(frame)
    sink, dest = algorithm.parameterAsSink(parameters, name, context, fields, geometry_type, output_crs)
    if sink is None:
        raise QgsProcessingException(algorithm.invalidSinkError(parameters, name))
    bridge.write_frame(frame, sink, fields, context, working, output_crs, feedback)
    return dest


def apply_style(context, dest, qml_name):
    from .. import bridge

    path = resource_path("styles", qml_name)
    if dest and path.exists():
        bridge.style_output(context, dest, path)
