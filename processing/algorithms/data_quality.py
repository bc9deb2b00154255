"""communitygov:dataquality — the data-quality gate on one layer against a dataset schema.

Reads the layer once, runs ``engine.quality.check_frame`` and writes ERRORS (a point per
finding, at its location), SUMMARY (counts per check), an HTML report and, on request, a
REPAIRED copy (fixed coordinates, valid geometry, decoded text, reprojected) as a NEW layer:
the input is never touched.
"""

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..i18n import help_language, tr
from .base import CommunityGovAlgorithm, resource_path

# shipped schemas in the order of the SCHEMA choices (index 0 = automatic); ids are permanent
SCHEMA_CHOICES = (
    "auto",
    "residential",
    "facilities",
    "plan_parcels",
    "onemap_stbhhx",
    "onemap_yjjbnt",
    "onemap_czkfbj",
    "onemap_ghfq",
    "onemap_kzdy",
    "onemap_dlhx",
    "onemap_control_lines",
    "trajectories",
    "sensors",
    "sensor_observations",
    "feedback",
    "communities",
    "subdistrict",
    "roads",
    "candidate_sites",
)

ERROR_FIELDS = (
    ("layer", QVariant.Type.String),
    ("check_id", QVariant.Type.String),
    ("severity", QVariant.Type.String),
    ("feature_id", QVariant.Type.String),
    ("record_id", QVariant.Type.String),
    ("field", QVariant.Type.String),
    ("value", QVariant.Type.String),
    ("message", QVariant.Type.String),
    ("message_en", QVariant.Type.String),
    ("message_zh", QVariant.Type.String),
    ("related", QVariant.Type.String),
    ("x", QVariant.Type.Double),
    ("y", QVariant.Type.Double),
)


def schema_titles() -> list:
    """Translated choices for the SCHEMA parameter (same order as SCHEMA_CHOICES)."""
    return [
        tr("Automatic (by layer name)"),
        tr("Residential compounds and population"),
        tr("Community service facilities"),
        tr("Planned land-use parcels"),
        tr("One map: ecological protection red line (STBHHX)"),
        tr("One map: permanent basic farmland (YJJBNT)"),
        tr("One map: urban development boundary (CZKFBJ)"),
        tr("One map: planning zones (GHFQ)"),
        tr("One map: control units (KZDY)"),
        tr("One map: road red lines (DLHX)"),
        tr("One map: urban control lines (green, blue, purple, yellow)"),
        tr("Mobile trajectories (points)"),
        tr("Sensors"),
        tr("Sensor observations (table)"),
        tr("Resident feedback"),
        tr("Community boundaries"),
        tr("Sub-district boundary"),
        tr("Road centre lines"),
        tr("Candidate sites"),
    ]


def quality_error_messages() -> dict:
    return {
        "quality_schema_unknown": tr("Unknown dataset schema “{schema}” (known: {known})."),
        "quality_no_schema": tr(
            "No dataset schema matches the layer name “{layer}”: choose a schema or a schema file."
        ),
        "quality_gate_refused": tr(
            "Layer “{layer}” did not pass the data-quality gate: {errors} errors, {warnings} warnings "
            "(score {score})."
        ),
    }


class DataQuality(CommunityGovAlgorithm):
    algorithm_id = "dataquality"
    group_id = "quality"
    requirements = ("numpy", "pandas", "geopandas", "shapely", "yaml", "jsonschema")

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Data quality gate")

    def error_messages(self):
        messages = super().error_messages()
        messages.update(quality_error_messages())
        return messages

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                "INPUT", tr("Layer to check"), [QgsProcessing.SourceType.TypeVector]
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum("SCHEMA", tr("Dataset schema"), schema_titles(), False, 0)
        )
        self.addParameter(
            QgsProcessingParameterFile(
                "SCHEMA_FILE",
                tr("Dataset schema file (YAML, overrides the choice above)"),
                extension="yaml",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                "FAIL_ON_ERRORS", tr("Stop with an error when the layer has errors"), False
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "ERRORS", tr("Quality findings"), QgsProcessing.SourceType.TypeVectorPoint
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "SUMMARY", tr("Quality summary (per check)"), QgsProcessing.SourceType.TypeVector
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "REPORT", tr("Quality report"), tr("HTML files (*.html)"), optional=True, createByDefault=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "REPAIRED",
                tr("Repaired copy"),
                QgsProcessing.SourceType.TypeVectorAnyGeometry,
                optional=True,
                createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterCrs(
                "TARGET_CRS", tr("CRS of the repaired copy (empty = as input)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                "RENAME_FIELDS", tr("Rename fields of the repaired copy to the schema's names"), False
            )
        )
        self.addOutput(QgsProcessingOutputNumber("SCORE", tr("Quality score (0-100)")))
        self.addOutput(QgsProcessingOutputNumber("PASSED", tr("Passed (1) or failed (0)")))
        self.addOutput(QgsProcessingOutputNumber("ERROR_COUNT", tr("Errors")))
        self.addOutput(QgsProcessingOutputNumber("WARNING_COUNT", tr("Warnings")))
        self.addOutput(QgsProcessingOutputNumber("FEATURE_COUNT", tr("Features checked")))

    # -- run ---------------------------------------------------------------------------------
    def _schema(self, parameters, context, layer_name):
        from ..engine import quality
        from ..engine.errors import InputError

        path = self.parameterAsFile(parameters, "SCHEMA_FILE", context)
        if path:
            return quality.load_schema(path)
        choice = SCHEMA_CHOICES[self.parameterAsEnum(parameters, "SCHEMA", context)]
        if choice != "auto":
            return quality.load_schema(choice)
        schema = quality.schema_for_layer(layer_name)
        if schema is None:
            raise InputError(code="quality_no_schema", template="No schema matches {layer}", layer=layer_name)
        return schema

    def process(self, parameters, context, feedback):
        from .. import bridge
        from ..engine import quality
        from ..engine.quality_report import report_html

        # invalid geometries are what we look for: read them as they are (restored afterwards)
        check = context.invalidGeometryCheck()
        context.setInvalidGeometryCheck(QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck)
        try:
            source = self.parameterAsSource(parameters, "INPUT", context)
            if source is None:
                raise QgsProcessingException(self.invalidSourceError(parameters, "INPUT"))
            layer_name = bridge.dataset_name(self, parameters, "INPUT", context) or source.sourceName()
            frame = bridge.source_to_frame(source, context, feedback=feedback)
        finally:
            context.setInvalidGeometryCheck(check)
        schema = self._schema(parameters, context, layer_name)
        language = help_language()
        feedback.pushInfo(
            tr("Checking “{layer}” against the schema “{schema}”.").format(
                layer=layer_name, schema=schema.title.get(language) or schema.id
            )
        )
        source_crs = source.sourceCrs()
        crs_epsg = _epsg(source_crs)
        frame = frame.drop(columns=["fid"])  # the feature id is the index
        progress, cancelled = bridge.callbacks(feedback, 10.0, 80.0)
        result = quality.check_frame(
            frame, schema, crs_epsg=crs_epsg, layer_name=layer_name, progress=progress, cancelled=cancelled
        )

        # ERRORS ------------------------------------------------------------------------------
        fields = QgsFields()
        for name, kind in ERROR_FIELDS:
            fields.append(QgsField(name, kind))
        sink, errors_id = self.parameterAsSink(
            parameters, "ERRORS", context, fields, QgsWkbTypes.Type.Point, source_crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "ERRORS"))
        message_key = "message_zh" if language == "zh" else "message_en"
        for row in result.issues.to_dict("records"):
            feature = QgsFeature(fields)
            x, y = row["x"], row["y"]
            if x == x and y == y:  # not NaN
                feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(x), float(y))))
            feature.setAttributes(
                [
                    row["layer"],
                    row["check_id"],
                    row["severity"],
                    None if row["feature_id"] is None else str(row["feature_id"]),
                    row["record_id"],
                    row["field"],
                    row["value"],
                    row[message_key],
                    row["message_en"],
                    row["message_zh"],
                    row["related"],
                    None if x != x else float(x),
                    None if y != y else float(y),
                ]
            )
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        bridge.style_output(context, errors_id, resource_path("styles", "quality_errors.qml"))

        # SUMMARY -----------------------------------------------------------------------------
        summary = result.summary.copy()
        summary["title"] = summary["title_zh"] if language == "zh" else summary["title_en"]
        summary = summary[["check_id", "severity", "count", "title", "title_en", "title_zh"]]
        sfields = bridge.fields_for_frame(summary)
        ssink, summary_id = self.parameterAsSink(
            parameters,
            "SUMMARY",
            context,
            sfields,
            QgsWkbTypes.Type.NoGeometry,
            QgsCoordinateReferenceSystem(),
        )
        if ssink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "SUMMARY"))
        bridge.write_frame(summary, ssink, sfields, context, feedback=feedback)
        outputs = {"ERRORS": errors_id, "SUMMARY": summary_id}
        feedback.setProgress(85.0)

        # REPORT ------------------------------------------------------------------------------
        report_path = self.parameterAsFileOutput(parameters, "REPORT", context)
        if report_path:
            with open(report_path, "w", encoding="utf-8") as handle:
                handle.write(report_html(result, language))
            outputs["REPORT"] = report_path

        # REPAIRED ----------------------------------------------------------------------------
        if parameters.get("REPAIRED") is not None:
            repaired_id = self._write_repaired(parameters, context, feedback, source, frame, schema, crs_epsg)
            if repaired_id is not None:
                outputs["REPAIRED"] = repaired_id

        self._log(feedback, result, language)
        outputs.update(
            {
                "SCORE": round(result.score, 2),
                "PASSED": 1 if result.passed else 0,
                "ERROR_COUNT": result.n_errors,
                "WARNING_COUNT": result.n_warnings,
                "FEATURE_COUNT": result.n_features,
            }
        )
        feedback.setProgress(100.0)
        if self.parameterAsBool(parameters, "FAIL_ON_ERRORS", context) and not result.passed:
            quality.enforce(result, accept_warnings=True)
        return outputs

    def _write_repaired(self, parameters, context, feedback, source, frame, schema, crs_epsg):
        from .. import bridge
        from ..engine import quality

        target = self.parameterAsCrs(parameters, "TARGET_CRS", context)
        target_epsg = _epsg(target) if target is not None and target.isValid() else None
        if target is not None and target.isValid() and target_epsg is None:
            raise QgsProcessingException(tr("The repaired copy can only be reprojected to an EPSG CRS."))
        progress, cancelled = bridge.callbacks(feedback, 85.0, 95.0)
        repaired = quality.repair_frame(
            frame,
            schema,
            crs_epsg=crs_epsg,
            target_epsg=target_epsg,
            rename_fields=self.parameterAsBool(parameters, "RENAME_FIELDS", context),
            progress=progress,
            cancelled=cancelled,
        )
        out = repaired.frame
        out_crs = (
            QgsCoordinateReferenceSystem(f"EPSG:{repaired.crs_epsg}")
            if repaired.crs_epsg
            else source.sourceCrs()
        )
        wkb_type = source.wkbType()
        if QgsWkbTypes.geometryType(wkb_type) in (
            QgsWkbTypes.GeometryType.PolygonGeometry,
            QgsWkbTypes.GeometryType.LineGeometry,
        ):
            wkb_type = QgsWkbTypes.multiType(wkb_type)
            out = out.set_geometry(_to_multi(out.geometry), crs=out.crs)
        qfields = bridge.fields_for_frame(out)
        sink, dest_id = self.parameterAsSink(parameters, "REPAIRED", context, qfields, wkb_type, out_crs)
        if sink is None:
            return None
        bridge.write_frame(out, sink, qfields, context, feedback=feedback)
        for action, count in sorted(repaired.counts.items()):
            feedback.pushInfo(
                tr("Repaired copy: {action} × {count}.").format(action=_action_label(action), count=count)
            )
        if repaired.actions.empty:
            feedback.pushInfo(tr("Repaired copy: nothing needed repair; the copy equals the input."))
        return dest_id

    def _log(self, feedback, result, language):
        title_key = "title_zh" if language == "zh" else "title_en"
        for row in result.summary.to_dict("records"):
            text = tr("{title} ({check}): {count} × {severity}").format(
                title=row[title_key],
                check=row["check_id"],
                count=row["count"],
                severity=_severity_label(row["severity"]),
            )
            if row["severity"] == "error":
                feedback.reportError(text, False)
            elif row["severity"] == "warning":
                feedback.pushWarning(text)
            else:
                feedback.pushInfo(text)
        if (result.issues["check_id"] == "encoding.unrecoverable").any():
            feedback.pushWarning(
                tr(
                    "Text was decoded with the wrong encoding when the layer was read. For a shapefile "
                    "without a .cpg file, set the data source encoding to GBK (layer properties › Source) "
                    "or add a .cpg file containing GBK, then check again."
                )
            )
        for what, why in result.skipped:
            feedback.pushWarning(tr("Check {check} could not run: {reason}").format(check=what, reason=why))
        verdict = tr("PASSED") if result.passed else tr("FAILED")
        feedback.pushInfo(
            tr(
                "{verdict}: score {score:.1f}, {errors} errors, {warnings} warnings in {features} features."
            ).format(
                verdict=verdict,
                score=result.score,
                errors=result.n_errors,
                warnings=result.n_warnings,
                features=result.n_features,
            )
        )


def _epsg(crs):
    if crs is None or not crs.isValid():
        return None
    authid = crs.authid()
    if authid.upper().startswith("EPSG:"):
        try:
            return int(authid.split(":", 1)[1])
        except ValueError:
            return None
    return None


def _to_multi(geometries):
    from shapely.geometry import MultiLineString, MultiPolygon

    out = []
    for g in geometries:
        if g is not None and g.geom_type == "Polygon":
            g = MultiPolygon([g])
        elif g is not None and g.geom_type == "LineString":
            g = MultiLineString([g])
        out.append(g)
    return out


def _severity_label(severity: str) -> str:
    return {"error": tr("error"), "warning": tr("warning"), "info": tr("note")}.get(severity, severity)


def _action_label(action: str) -> str:
    return {
        "make_valid": tr("geometry made valid"),
        "fix_encoding": tr("garbled text decoded"),
        "swap_axes": tr("X/Y swapped back"),
        "remove_zone_prefix": tr("zone prefix removed"),
        "add_zone_prefix": tr("zone prefix added"),
        "reproject": tr("reprojected"),
        "rename_field": tr("field renamed"),
    }.get(action, action)
