"""communitygov:indicators — community indicators, monitoring and tiered early warnings.

Reads the units (communities, life circles or sub-districts), sensor observations, residents'
feedback and other tools' result fields; evaluates the indicator system (YAML, optionally adjusted
by a city's override file) with the engine; writes the indicator table, the warnings layer
(styled by level) and an HTML report with one chart per warning.
"""

from qgis.core import (
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..i18n import help_language, tr
from .base import CommunityGovAlgorithm, resource_path

UNIT_KINDS = ("community", "life_circle", "subdistrict")


def unit_kind_names():
    return [tr("Communities"), tr("Life circles"), tr("Sub-districts")]


def level_names(system, language):
    return {0: tr("None"), **{lv["rank"]: lv["name"].get(language, lv["id"]) for lv in system.levels}}


def report_texts() -> dict:
    return {
        "title": tr("Community indicators and early warnings"),
        "summary": tr("Warnings"),
        "no_warnings": tr("No indicator reached a warning level in the period."),
        "level": tr("Level"),
        "indicator": tr("Indicator"),
        "unit_id": tr("Unit"),
        "raised_at": tr("Raised for window"),
        "cleared_at": tr("Cleared at"),
        "peak": tr("Peak value"),
        "active": tr("still active"),
        "details": tr("Why each warning was raised"),
        "not_evaluated": tr("Indicators not evaluated"),
        "why_no_data": tr("no input data for it (give the layer or field it needs)"),
        "why_unit_kind": tr("not defined for this kind of unit"),
        "why_no_population": tr("it is per 1000 residents and the units have no population field"),
        "skipped": tr("Input left out"),
        "skip_sensors_outside_units": tr("sensors outside every unit"),
        "skip_observations_unknown_sensor": tr("observations of unknown sensors"),
        "skip_observations_invalid": tr("observations without a valid time or value"),
        "skip_observations_outside_period": tr("observations outside the evaluated period"),
        "skip_feedback_outside_units": tr("feedback points outside every unit"),
        "skip_feedback_invalid_time": tr("feedback points without a valid time"),
        "skip_feedback_outside_period": tr("feedback points outside the evaluated period"),
        "citations": tr("Sources of the thresholds"),
    }


def translated_reason(row, indicator, language, names) -> str:
    name = indicator.name.get(language, indicator.id)
    comparison = "≥" if indicator.direction == "higher_is_worse" else "≤"
    if indicator.is_static:
        return tr(
            "{indicator} of {unit} is {value} {measure}, {comparison} the {level} threshold {threshold}."
        ).format(
            indicator=name,
            unit=row.unit_id,
            value=f"{row.peak_value:.4g}",
            measure=indicator.unit,
            comparison=comparison,
            level=names[int(row.level)],
            threshold=f"{row.threshold:g}",
        )
    text = tr(
        "{indicator} in {unit} was {comparison} {threshold} {measure} ({level}) in {count} consecutive "
        "windows of {window} from {first} (persistence {persistence}); the warning was raised for the window "
        "of {raised}. Peak {peak} {measure} in the window of {peak_at} ({peak_level}, threshold {peak_threshold})."
    ).format(
        indicator=name,
        unit=row.unit_id,
        comparison=comparison,
        threshold=f"{row.raised_threshold:g}",
        measure=indicator.unit,
        level=names[int(row.raised_level)],
        count=int(row.consecutive_breaches),
        window=indicator.window,
        first=row.first_breach,
        persistence=indicator.persistence,
        raised=row.raised_at,
        peak=f"{row.peak_value:.4g}",
        peak_at=row.peak_at,
        peak_level=names[int(row.level)],
        peak_threshold=f"{row.threshold:g}",
    )
    if row.sources:
        text += " " + tr("Sensors: {sensors}.").format(sensors=row.sources)
    if row.cleared_at:
        text += " " + tr("Cleared at {time} (hysteresis {hysteresis} {measure}).").format(
            time=row.cleared_at, hysteresis=f"{indicator.hysteresis:g}", measure=indicator.unit
        )
    else:
        text += " " + tr("Still active at the end of the period.")
    return text


class IndicatorsAlgorithm(CommunityGovAlgorithm):
    algorithm_id = "indicators"
    group_id = "monitoring"
    requirements = ("numpy", "yaml", "geopandas")

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Indicators and early warnings")

    def error_messages(self) -> dict:
        messages = super().error_messages()
        messages.update(
            {
                "indicators_unit_id_duplicate": tr(
                    "Unit id “{unit}” appears more than once in layer “{layer}”."
                ),
                "indicators_nothing": tr(
                    "Give at least one input: sensors with observations, feedback points or a result-field layer."
                ),
            }
        )
        return messages

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        polygon = [QgsProcessing.SourceType.TypeVectorPolygon]
        point = [QgsProcessing.SourceType.TypeVectorPoint]
        table = [QgsProcessing.SourceType.TypeVector]
        any_field = QgsProcessingParameterField.DataType.Any
        self.addParameter(QgsProcessingParameterFeatureSource("UNITS", tr("Units (communities)"), polygon))
        self.addParameter(
            QgsProcessingParameterField(
                "UNIT_ID_FIELD", tr("Unit id field"), "community_id", "UNITS", any_field, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "POPULATION_FIELD",
                tr("Population field"),
                "population",
                "UNITS",
                QgsProcessingParameterField.DataType.Numeric,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum("UNIT_KIND", tr("Kind of unit"), unit_kind_names(), False, 0)
        )
        self.addParameter(QgsProcessingParameterFeatureSource("SENSORS", tr("Sensors"), point, optional=True))
        self.addParameter(
            QgsProcessingParameterField(
                "SENSOR_ID_FIELD", tr("Sensor id field"), "sensor_id", "SENSORS", any_field, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "SENSOR_KIND_FIELD", tr("Sensor kind field"), "kind", "SENSORS", any_field, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                "OBSERVATIONS", tr("Sensor observations (table)"), table, optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "OBS_SENSOR_FIELD",
                tr("Observation sensor id field"),
                "sensor_id",
                "OBSERVATIONS",
                any_field,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "OBS_TIME_FIELD",
                tr("Observation time field"),
                "phenomenon_time",
                "OBSERVATIONS",
                any_field,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "OBS_VALUE_FIELD",
                tr("Observation value field"),
                "value",
                "OBSERVATIONS",
                any_field,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource("FEEDBACK", tr("Residents' feedback"), point, optional=True)
        )
        self.addParameter(
            QgsProcessingParameterField(
                "FEEDBACK_TIME_FIELD",
                tr("Feedback time field"),
                "created_at",
                "FEEDBACK",
                any_field,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                "RESULT_FIELDS",
                tr("Results of other tools (facility gaps, life circles)"),
                table,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                "RESULT_UNIT_FIELD",
                tr("Unit id field of the results"),
                "community_id",
                "RESULT_FIELDS",
                any_field,
                optional=True,
            )
        )
        for name, label in (("PERIOD_START", tr("Evaluate from")), ("PERIOD_END", tr("Evaluate until"))):
            self.addParameter(
                QgsProcessingParameterDateTime(
                    name, label, QgsProcessingParameterDateTime.Type.DateTime, optional=True
                )
            )
        self.addParameter(
            QgsProcessingParameterFile(
                "SYSTEM",
                tr("Indicator system (YAML, default: the shipped one)"),
                QgsProcessingParameterFile.Behavior.File,
                "yaml",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                "OVERRIDES",
                tr("City override of thresholds (YAML)"),
                QgsProcessingParameterFile.Behavior.File,
                "yaml",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "OUTPUT_TABLE", tr("Indicator values"), QgsProcessing.SourceType.TypeVector
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "OUTPUT_WARNINGS", tr("Warnings"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "OUTPUT_REPORT", tr("Report"), tr("HTML files (*.html)"), optional=True, createByDefault=True
            )
        )
        self.addOutput(QgsProcessingOutputNumber("WARNING_COUNT", tr("Number of warnings")))
        self.addOutput(QgsProcessingOutputNumber("ACTIVE_WARNING_COUNT", tr("Warnings active at the end")))

    # -- reading -----------------------------------------------------------------------------
    def _field(self, parameters, name, context, source, default):
        value = self.parameterAsString(parameters, name, context) or default
        if source.fields().indexOf(value) < 0:
            from ..engine.errors import InputError

            raise InputError(code="missing_field", layer=source.sourceName(), field=value, detail=value)
        return value

    def _unit_of_points(self, frame, units_frame, unit_field):
        """Unit id of each point: its own unit-id attribute when present, else the polygon it lies in."""
        import numpy as np

        if unit_field in frame.columns:
            return frame[unit_field].map(lambda v: None if v is None else str(v)).to_numpy()
        import geopandas as gpd

        points = gpd.GeoDataFrame(
            {"row": np.arange(len(frame))}, geometry=list(frame.geometry), crs=frame.crs
        )
        points = points[points.geometry.notna()]
        polygons = gpd.GeoDataFrame(
            {"unit_id": units_frame["unit_id"].to_numpy()},
            geometry=list(units_frame.geometry),
            crs=units_frame.crs,
        )
        joined = gpd.sjoin(points, polygons, how="inner", predicate="within")
        self.overlapping_points += int(joined["row"].duplicated().sum())
        joined = joined[~joined["row"].duplicated()]
        out = np.full(len(frame), None, dtype=object)
        out[joined["row"].to_numpy()] = joined["unit_id"].to_numpy()
        return out

    def process(self, parameters, context, feedback):
        import pandas as pd

        from .. import bridge
        from ..engine import indicators as engine
        from ..engine.errors import InputError

        language = help_language()
        self.overlapping_points = 0  # points inside more than one unit (overlapping life circles)
        system_path = self.parameterAsFile(parameters, "SYSTEM", context) or None
        override_path = self.parameterAsFile(parameters, "OVERRIDES", context)
        system = engine.load_system(system_path, [override_path] if override_path else [])
        names = level_names(system, language)

        units = self.parameterAsSource(parameters, "UNITS", context)
        if units is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "UNITS"))
        unit_field = self._field(parameters, "UNIT_ID_FIELD", context, units, "community_id")
        population_field = self.parameterAsString(parameters, "POPULATION_FIELD", context)
        fields = [unit_field] + ([population_field] if population_field else [])
        units_frame = bridge.source_to_frame(units, context, fields=list(dict.fromkeys(fields)))
        if units_frame.empty:
            raise InputError(code="empty_layer", layer=units.sourceName(), detail="no features")
        units_frame["unit_id"] = units_frame[unit_field].map(lambda v: None if v is None else str(v))
        duplicated = units_frame["unit_id"][units_frame["unit_id"].duplicated()]
        if len(duplicated):
            raise InputError(
                code="indicators_unit_id_duplicate",
                layer=units.sourceName(),
                unit=duplicated.iloc[0],
                detail="duplicate",
            )
        unit_table = pd.DataFrame({"unit_id": units_frame["unit_id"].to_numpy()})
        if population_field:
            unit_table["population"] = pd.to_numeric(
                units_frame[population_field], errors="coerce"
            ).to_numpy()
        feedback.setProgress(5)

        sensors_frame = observations_frame = feedback_frame = result_frame = None
        sensors = self.parameterAsSource(parameters, "SENSORS", context)
        observations = self.parameterAsSource(parameters, "OBSERVATIONS", context)
        if sensors is not None and observations is not None:
            sid = self._field(parameters, "SENSOR_ID_FIELD", context, sensors, "sensor_id")
            kind = self._field(parameters, "SENSOR_KIND_FIELD", context, sensors, "kind")
            extra = [unit_field] if sensors.fields().indexOf(unit_field) >= 0 else []
            raw = bridge.source_to_frame(
                sensors, context, units.sourceCrs(), fields=list(dict.fromkeys([sid, kind, *extra]))
            )
            sensors_frame = pd.DataFrame(
                {
                    "sensor_id": raw[sid].astype(str).to_numpy(),
                    "unit_id": self._unit_of_points(raw, units_frame, unit_field),
                    "kind": raw[kind].astype(str).to_numpy(),
                }
            )
            osid = self._field(parameters, "OBS_SENSOR_FIELD", context, observations, "sensor_id")
            otime = self._field(parameters, "OBS_TIME_FIELD", context, observations, "phenomenon_time")
            ovalue = self._field(parameters, "OBS_VALUE_FIELD", context, observations, "value")
            raw = bridge.source_to_frame(
                observations, context, fields=list(dict.fromkeys([osid, otime, ovalue]))
            )
            observations_frame = pd.DataFrame(
                {
                    "sensor_id": raw[osid].astype(str).to_numpy(),
                    "time": raw[otime].to_numpy(),
                    "value": raw[ovalue].to_numpy(),
                }
            )
            feedback.pushInfo(
                tr("{sensors} sensors, {observations} observations read.").format(
                    sensors=len(sensors_frame), observations=len(observations_frame)
                )
            )
        elif sensors is not None or observations is not None:
            feedback.pushWarning(
                tr("Sensor indicators need both the sensors and their observations; they are skipped.")
            )
        feedback.setProgress(30)

        feedback_source = self.parameterAsSource(parameters, "FEEDBACK", context)
        if feedback_source is not None:
            ftime = self._field(parameters, "FEEDBACK_TIME_FIELD", context, feedback_source, "created_at")
            filter_columns = sorted(
                {
                    c
                    for i in system.indicators
                    if i.source["type"] == "feedback"
                    for k in ("filter", "exclude")
                    for c in (i.source.get(k) or {})
                }
            )
            present = [c for c in filter_columns if feedback_source.fields().indexOf(c) >= 0]
            extra = [unit_field] if feedback_source.fields().indexOf(unit_field) >= 0 else []
            raw = bridge.source_to_frame(
                feedback_source,
                context,
                units.sourceCrs(),
                fields=list(dict.fromkeys([ftime, *present, *extra])),
            )
            feedback_frame = pd.DataFrame(
                {
                    "unit_id": self._unit_of_points(raw, units_frame, unit_field),
                    "time": raw[ftime].to_numpy(),
                    **{c: raw[c].to_numpy() for c in present},
                }
            )

        results_source = self.parameterAsSource(parameters, "RESULT_FIELDS", context)
        if results_source is not None:
            rfield = self._field(parameters, "RESULT_UNIT_FIELD", context, results_source, "community_id")
            raw = bridge.source_to_frame(
                results_source, context, fields=[f.name() for f in results_source.fields()]
            )
            result_frame = pd.DataFrame(raw.drop(columns=[raw.geometry.name, "fid"], errors="ignore"))
            result_frame["unit_id"] = raw[rfield].map(lambda v: None if v is None else str(v)).to_numpy()

        if self.overlapping_points:
            feedback.pushWarning(
                tr(
                    "{count} sensor or feedback points lie in more than one unit (overlapping units); "
                    "each was counted in the first unit only."
                ).format(count=self.overlapping_points)
            )
        if sensors_frame is None and feedback_frame is None and result_frame is None:
            raise InputError(code="indicators_nothing", detail="no input")

        period = {}
        for name, key in (("PERIOD_START", "start"), ("PERIOD_END", "end")):
            if parameters.get(name) not in (None, ""):
                moment = self.parameterAsDateTime(parameters, name, context)
                if moment.isValid():  # a date-time without zone is local time of the indicator system
                    period[key] = moment.toString("yyyy-MM-ddTHH:mm:ss")
        inputs = engine.SeriesInputs(
            units=unit_table,
            sensors=sensors_frame,
            observations=observations_frame,
            feedback=feedback_frame,
            fields=result_frame,
            unit_kind=UNIT_KINDS[self.parameterAsEnum(parameters, "UNIT_KIND", context)],
            **period,
        )
        progress, cancelled = bridge.callbacks(feedback, 35, 75)
        evaluation = engine.evaluate(system, inputs, progress=progress, cancelled=cancelled)
        self._report_skipped(evaluation, feedback, system, language)

        # -- indicator table --------------------------------------------------------------------
        table = evaluation.table
        table_fields = QgsFields()
        for name, kind in (
            ("indicator_id", QVariant.Type.String), ("indicator", QVariant.Type.String), ("unit_id", QVariant.Type.String),
            ("window_start", QVariant.Type.String), ("window_end", QVariant.Type.String), ("value", QVariant.Type.Double),
            ("measure_unit", QVariant.Type.String), ("breach_level", QVariant.Type.Int), ("level", QVariant.Type.Int),
            ("level_name", QVariant.Type.String), ("slope_per_day", QVariant.Type.Double), ("change", QVariant.Type.Double),
            ("change_pct", QVariant.Type.Double),
        ):  # fmt: skip
            table_fields.append(QgsField(name, kind))
        sink, table_id = self.parameterAsSink(
            parameters, "OUTPUT_TABLE", context, table_fields, QgsWkbTypes.Type.NoGeometry, units.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT_TABLE"))
        by_id = {i.id: i for i in system.indicators}
        frame = table.assign(
            indicator=table["indicator_id"].map(lambda i: by_id[i].name.get(language, i)),
            measure_unit=table["indicator_id"].map(lambda i: by_id[i].unit),
            level_name=table["level"].map(names),
        )
        bridge.write_frame(frame, sink, table_fields, context, feedback=feedback)
        feedback.setProgress(85)

        # -- warnings layer ------------------------------------------------------------------------
        warnings = evaluation.warnings
        reasons = [
            translated_reason(row, by_id[row.indicator_id], language, names) for row in warnings.itertuples()
        ]
        warning_fields = QgsFields()
        for name, kind in (
            ("indicator_id", QVariant.Type.String), ("indicator", QVariant.Type.String), ("unit_id", QVariant.Type.String),
            ("level", QVariant.Type.Int), ("level_name", QVariant.Type.String), ("first_breach", QVariant.Type.String),
            ("raised_at", QVariant.Type.String), ("peak_at", QVariant.Type.String), ("cleared_at", QVariant.Type.String),
            ("active", QVariant.Type.Bool), ("windows", QVariant.Type.Int), ("peak_value", QVariant.Type.Double),
            ("threshold", QVariant.Type.Double), ("measure_unit", QVariant.Type.String),
            ("change_pct", QVariant.Type.Double), ("sources", QVariant.Type.String), ("reason", QVariant.Type.String),
        ):  # fmt: skip
            warning_fields.append(QgsField(name, kind))
        sink, warnings_id = self.parameterAsSink(
            parameters, "OUTPUT_WARNINGS", context, warning_fields, units.wkbType(), units.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT_WARNINGS"))
        geometry_of = dict(zip(units_frame["unit_id"], units_frame.geometry))
        rows = pd.DataFrame(
            {
                "indicator_id": warnings["indicator_id"],
                "indicator": warnings["indicator_id"].map(lambda i: by_id[i].name.get(language, i)),
                "unit_id": warnings["unit_id"].astype(str),
                "level": warnings["level"].astype(int),
                "level_name": warnings["level"].map(names),
                "first_breach": warnings["first_breach"],
                "raised_at": warnings["raised_at"],
                "peak_at": warnings["peak_at"],
                "cleared_at": warnings["cleared_at"],
                "active": warnings["active"].astype(bool),
                "windows": warnings["windows"].astype(int),
                "peak_value": warnings["peak_value"].astype(float),
                "threshold": warnings["threshold"].astype(float),
                "measure_unit": warnings["unit"],
                "change_pct": warnings["change_pct"].astype(float),
                "sources": warnings["sources"],
                "reason": reasons,
            }
        )
        import geopandas as gpd

        rows = gpd.GeoDataFrame(
            rows, geometry=[geometry_of.get(u) for u in rows["unit_id"]], crs=units_frame.crs
        )
        bridge.write_frame(rows, sink, warning_fields, context, feedback=feedback)
        bridge.style_output(context, warnings_id, resource_path("styles", "warnings.qml"))

        # -- report ------------------------------------------------------------------------------
        report_path = self.parameterAsFileOutput(parameters, "OUTPUT_REPORT", context)
        if report_path:
            context_rows = [
                (tr("Units"), f"{units.sourceName()} ({len(unit_table)})"),
                (tr("Indicator system"), ", ".join(system.sources)),
                (tr("Warnings"), str(len(warnings))),
            ]
            if observations_frame is not None:
                context_rows.append((tr("Sensor observations"), str(len(observations_frame))))
            if feedback_frame is not None:
                context_rows.append((tr("Residents' feedback"), str(len(feedback_frame))))
            html = engine.render_report(evaluation, report_texts(), language, context_rows, reasons)
            with open(report_path, "w", encoding="utf-8") as handle:
                handle.write(html)
        feedback.setProgress(100)
        for row, reason in zip(warnings.itertuples(), reasons):
            feedback.pushInfo(f"[{names[int(row.level)]}] {reason}")
        active = int(warnings["active"].sum()) if len(warnings) else 0
        return {
            "OUTPUT_TABLE": table_id,
            "OUTPUT_WARNINGS": warnings_id,
            "OUTPUT_REPORT": report_path,
            "WARNING_COUNT": int(len(warnings)),
            "ACTIVE_WARNING_COUNT": active,
        }

    def _report_skipped(self, evaluation, feedback, system, language):
        texts = report_texts()
        for key, count in evaluation.skipped.items():
            if count:
                label = texts.get("skip_" + key)
                if label is None:  # per-indicator rows of the result fields
                    label = tr("rows of the results without a unit or value ({what})").format(what=key)
                feedback.pushWarning(tr("Left out: {count} {what}.").format(count=count, what=label))
        for indicator_id, reason in evaluation.not_evaluated.items():
            indicator = system.indicator(indicator_id)
            feedback.pushInfo(
                tr("Not evaluated: {indicator} — {reason}.").format(
                    indicator=indicator.name.get(language, indicator_id),
                    reason=texts.get("why_" + reason, reason),
                )
            )
