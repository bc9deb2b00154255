"""communitygov:conformity — plan conformity review against the one map and the control lines.

Reads the plan and the one-map layers (several layers with roles recognised by name, or a
GeoPackage / FileGDB whose standard layer names are recognised), runs the declarative rule set
through the engine, and writes the CONFLICTS polygons, the VERDICTS table (one row per plan
feature and rule, clear ones included) and an HTML report (三线检查情况 → 其他控制线 → 分区用途 →
指标 → 结论) with a map per conflict.
"""

import base64
import datetime
import html
import json
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..i18n import help_language, tr
from .base import CommunityGovAlgorithm, resource_path

MAX_MAPS = 40  # maps rendered into the report (the first conflicts by severity)
MAX_REPORT_ROWS = 300  # conflict rows listed per group in the report (all are in the CONFLICTS layer)


def conformity_error_messages() -> dict:
    return {
        "redline_format": tr("Red-line file “{file}”, line {line}: {detail}"),
        "missing_file": tr("No attribute file (.dbf) beside “{file}”."),
        "onemap_unreadable": tr("Cannot open the one-map database “{file}”."),
        "onemap_empty": tr("No one-map layer was given or recognised (give layers or a GeoPackage/FileGDB)."),
        "bad_role_map": tr("Layer roles must be written layer=role; “{item}” is not."),
        "unknown_role": tr("Unknown layer role “{role}” (known roles: {roles})."),
        "bad_attributes": tr("Project attributes must be written name=value; “{item}” is not."),
    }


def verdict_labels() -> dict:
    return {
        "pass": tr("Conforms"),
        "fail": tr("Does not conform"),
        "review": tr("Manual review"),
        "error": tr("Could not evaluate"),
        "not_checked": tr("Not checked"),
    }


def group_titles() -> dict:
    return {
        "three_lines": tr("1. Three control lines"),
        "control_lines": tr("2. Other control lines"),
        "zoning": tr("3. Zoning and dominant use"),
        "indicators": tr("4. Indicators"),
    }


def _fail(code, **params):
    template = conformity_error_messages()[code]
    return QgsProcessingException(template.format(**params))


def parse_pairs(text: str, code: str) -> dict:
    """``a=1; b=2`` (also ``，`` ``；`` and new lines) -> ``{"a": "1", "b": "2"}``."""
    out = {}
    for item in (
        (text or "").replace("；", ";").replace("，", ";").replace(",", ";").replace("\n", ";").split(";")
    ):
        item = item.strip()
        if not item:
            continue
        if "=" not in item:
            raise _fail(code, item=item)
        key, value = item.split("=", 1)
        if not key.strip():
            raise _fail(code, item=item)
        out[key.strip()] = value.strip()
    return out


def onemap_layers_from_file(path: str) -> list:
    """QgsVectorLayers of every polygon layer of a GeoPackage or FileGDB (a ``.gdb`` folder, or a
    file inside it)."""
    from osgeo import ogr

    p = Path(path)
    for parent in [p, *p.parents]:
        if parent.suffix.lower() == ".gdb":
            p = parent
            break
    dataset = ogr.Open(str(p))
    if dataset is None:
        raise _fail("onemap_unreadable", file=str(p))
    names = [dataset.GetLayer(i).GetName() for i in range(dataset.GetLayerCount())]
    dataset = None
    layers = []
    for name in names:
        layer = QgsVectorLayer(f"{p}|layername={name}", name, "ogr")
        if layer.isValid() and layer.geometryType() == QgsWkbTypes.GeometryType.PolygonGeometry:
            layers.append(layer)
    return layers


def layer_table_name(layer) -> str:
    """The table name of a layer (``…|layername=STBHHX`` -> ``STBHHX``), else its display name."""
    uri = layer.dataProvider().dataSourceUri() if layer.dataProvider() else ""
    for part in uri.split("|"):
        if part.startswith("layername="):
            return part.split("=", 1)[1]
    return layer.name()


def assign_roles(layers, ruleset, role_map: dict) -> tuple:
    """``({role: [layer, ...]}, [unrecognised layer names])``."""
    roles, unknown = {}, []
    overrides = {k.upper(): v for k, v in role_map.items()}
    for layer in layers:
        names = [layer.name(), layer_table_name(layer)]
        role = next((overrides[n.upper()] for n in names if n.upper() in overrides), None)
        if role is None:
            role = next((r for r in (ruleset.role_for_layer_name(n) for n in names) if r), None)
        if role is None:
            unknown.append(layer.name())
            continue
        if role not in ruleset.roles:
            raise _fail("unknown_role", role=role, roles=", ".join(sorted(ruleset.roles)))
        roles.setdefault(role, []).append(layer)
    return roles, unknown


class Conformity(CommunityGovAlgorithm):
    algorithm_id = "conformity"
    group_id = "conformity"
    requirements = ("numpy", "geopandas", "shapely", "yaml", "jsonschema")

    def displayName(self):
        return tr("Plan conformity review (one map)")

    def error_messages(self):
        messages = super().error_messages()
        messages.update(conformity_error_messages())
        return messages

    def initAlgorithm(self, config=None):
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                "PLAN",
                tr("Plan or project red line (polygons)"),
                [QgsProcessing.SourceType.TypeVectorPolygon],
            )
        )
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                "ONEMAP_LAYERS",
                tr("One-map layers (roles recognised by layer name)"),
                QgsProcessing.SourceType.TypeVectorPolygon,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                "ONEMAP_DATABASE",
                tr("One-map database (GeoPackage or FileGDB)"),
                QgsProcessingParameterFile.Behavior.File,
                optional=True,
                fileFilter=tr("One-map databases (*.gpkg *.gdb *.gdbtable);;All files (*.*)"),
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                "ROLE_MAP", tr("Layer roles for non-standard names (layer=role; …)"), "", optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                "RULES",
                tr("Rule set (YAML; empty = the built-in Chinese rule set)"),
                QgsProcessingParameterFile.Behavior.File,
                extension="yaml",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                "PROJECT_ATTRIBUTES",
                tr("Project attributes (name=value; …, e.g. activity_class=5; major_project=1)"),
                "",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean("MAPS", tr("Draw a map per conflict in the report"), True)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "CONFLICTS", tr("Conflicts"), QgsProcessing.SourceType.TypeVectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                "VERDICTS",
                tr("Verdicts (one row per plan feature and rule)"),
                QgsProcessing.SourceType.TypeVector,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "REPORT", tr("Review report"), tr("HTML files (*.html)"), optional=True, createByDefault=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "LOG", tr("Audit log (JSON)"), tr("JSON files (*.json)"), optional=True, createByDefault=False
            )
        )
        self.addOutput(QgsProcessingOutputString("OVERALL", tr("Overall verdict")))
        self.addOutput(QgsProcessingOutputNumber("N_FAIL", tr("Plan features that do not conform")))
        self.addOutput(QgsProcessingOutputNumber("N_REVIEW", tr("Plan features for manual review")))
        self.addOutput(QgsProcessingOutputNumber("N_ERROR", tr("Plan features that could not be evaluated")))

    # -- run ---------------------------------------------------------------------------------
    def process(self, parameters, context, feedback):
        import geopandas as gpd
        import pandas as pd

        from .. import bridge
        from ..engine import conformity, rules

        language = help_language()
        rules_path = self.parameterAsFile(parameters, "RULES", context) or None
        ruleset = rules.load_ruleset(rules_path)
        feedback.pushInfo(tr("Rule set: {name} ({count} rules enabled).").format(
            name=ruleset.name.get(language) or ruleset.source, count=len(ruleset.enabled_rules())))  # fmt: skip

        # invalid geometries are the engine's business: reported per feature as "could not evaluate"
        context.setInvalidGeometryCheck(QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck)
        plan = self.parameterAsSource(parameters, "PLAN", context)
        if plan is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "PLAN"))
        plan_crs = plan.sourceCrs()
        working = bridge.working_crs(plan_crs, plan.sourceExtent(), context)
        layers = list(self.parameterAsLayerList(parameters, "ONEMAP_LAYERS", context) or [])
        database = self.parameterAsFile(parameters, "ONEMAP_DATABASE", context)
        if database:
            layers += onemap_layers_from_file(database)
        role_map = parse_pairs(self.parameterAsString(parameters, "ROLE_MAP", context), "bad_role_map")
        roles, unknown = assign_roles(layers, ruleset, role_map)
        if not roles:
            raise _fail("onemap_empty")
        for name in unknown:
            feedback.pushInfo(
                tr("Layer “{layer}” matches no one-map role and is not used.").format(layer=name)
            )
        attributes = parse_pairs(
            self.parameterAsString(parameters, "PROJECT_ATTRIBUTES", context), "bad_attributes"
        )

        feedback.pushInfo(tr("Working CRS: {crs}.").format(crs=working.authid()))
        plan_frame = bridge.source_to_frame(plan, context, working)
        controls = {}
        for role, role_layers in roles.items():
            frames = []
            for layer in role_layers:
                frame = bridge.source_to_frame(layer, context, working)
                frame["fid"] = frame["fid"].astype("int64")
                frames.append(frame)
                feedback.pushInfo(
                    tr("{role}: layer “{layer}”, {count} features.").format(
                        role=ruleset.roles[role].name.get(language, role),
                        layer=layer.name(),
                        count=len(frame),
                    )
                )
            merged = frames[0] if len(frames) == 1 else gpd.GeoDataFrame(pd.concat(frames, ignore_index=True),
                                                                         crs=frames[0].crs)  # fmt: skip
            controls[role] = (" + ".join(layer.name() for layer in role_layers), merged)
        progress, cancelled = bridge.callbacks(feedback, 10.0, 80.0)
        result = conformity.evaluate(
            plan_frame,
            controls,
            ruleset,
            project_attributes=attributes,
            work_crs=bridge.epsg_of(working),
            language=language,
            progress=progress,
            cancelled=cancelled,
        )
        self._report_skips(result, feedback)

        # CONFLICTS -------------------------------------------------------------------------
        conflicts = result.conflicts.copy()
        conflicts["geometry"] = _to_multi(list(conflicts.geometry))
        conflicts = gpd.GeoDataFrame(conflicts, geometry="geometry", crs=result.conflicts.crs)
        qfields = bridge.fields_for_frame(conflicts)
        sink, conflicts_id = self.parameterAsSink(
            parameters, "CONFLICTS", context, qfields, QgsWkbTypes.Type.MultiPolygon, plan_crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "CONFLICTS"))
        write_rows(conflicts, sink, qfields, context, working, plan_crs, feedback)
        bridge.style_output(context, conflicts_id, resource_path("styles", "conformity_conflicts.qml"))

        # VERDICTS --------------------------------------------------------------------------
        verdicts = result.verdicts
        vfields = bridge.fields_for_frame(verdicts)
        vsink, verdicts_id = self.parameterAsSink(
            parameters,
            "VERDICTS",
            context,
            vfields,
            QgsWkbTypes.Type.NoGeometry,
            QgsCoordinateReferenceSystem(),
        )
        if vsink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "VERDICTS"))
        write_rows(verdicts, vsink, vfields, context, feedback=feedback)
        feedback.setProgress(90.0)

        # REPORT and LOG --------------------------------------------------------------------
        outputs = {"CONFLICTS": conflicts_id, "VERDICTS": verdicts_id}
        report_path = self.parameterAsFileOutput(parameters, "REPORT", context)
        if report_path:
            maps = {}
            if self.parameterAsBool(parameters, "MAPS", context):
                maps = render_conflict_maps(result, plan_frame, controls, working, feedback)
            title = self.parameterAsString(parameters, "PLAN", context)
            Path(report_path).write_text(
                build_report(result, ruleset, plan.sourceName() or title, working.authid(), maps, language),
                encoding="utf-8",
            )
            outputs["REPORT"] = report_path
        log_path = self.parameterAsFileOutput(parameters, "LOG", context)
        if log_path:
            Path(log_path).write_text(
                json.dumps({"rules": result.rules, "skipped": result.skipped, "log": result.log},
                           ensure_ascii=False, indent=1, default=str),
                encoding="utf-8",
            )  # fmt: skip
            outputs["LOG"] = log_path
        codes = verdicts["verdict_code"]
        failing = set(verdicts.loc[codes == "fail", "plan_fid"])
        outputs["OVERALL"] = result.overall()
        outputs["N_FAIL"] = len(failing)
        outputs["N_REVIEW"] = len(set(verdicts.loc[codes == "review", "plan_fid"]) - failing)
        outputs["N_ERROR"] = len(set(verdicts.loc[codes == "error", "plan_fid"]))
        feedback.pushInfo(
            tr("Overall verdict: {verdict}. Not conforming: {fail}; manual review: {review}; "
               "could not evaluate: {error}.").format(
                verdict=verdict_labels()[outputs["OVERALL"]], fail=outputs["N_FAIL"],
                review=outputs["N_REVIEW"], error=outputs["N_ERROR"])
        )  # fmt: skip
        feedback.setProgress(100.0)
        return outputs

    def _report_skips(self, result, feedback):
        for rule in result.rules:
            if rule["status"] == "not_checked":
                feedback.pushWarning(
                    tr("Rule {rule} was not checked: no layer with the role “{role}”.").format(
                        rule=rule["rule_id"], role=rule["role"]
                    )
                )
        for event in result.log:
            if event["event"] == "could_not_evaluate":
                feedback.pushWarning(
                    tr("Plan feature {feature} could not be evaluated ({rule}): {reason}").format(
                        feature=event.get("plan_fid"),
                        rule=event.get("rule_id", "-"),
                        reason=event.get("reason"),
                    )
                )
            elif event["event"] == "invalid_control_feature":
                feedback.pushWarning(
                    tr("Feature {feature} of “{layer}” is invalid; the pairs it touches could not be evaluated: "
                       "{reason}").format(feature=event.get("ctrl_fid"), layer=event.get("layer"),
                                           reason=event.get("reason"))
                )  # fmt: skip
        tolerated = sum(1 for e in result.log if e["event"] == "tolerated")
        if tolerated:
            feedback.pushInfo(
                tr(
                    "{count} overlaps within tolerance were passed and logged (see the conflicts layer)."
                ).format(count=tolerated)
            )
        for warning in result.code_warnings:
            feedback.pushWarning(
                tr("Land-use code “{code}” of plan feature {feature}: {status} {suggestion}").format(
                    code=warning["code"], feature=warning["id"], status=code_status_text(warning["status"]),
                    suggestion=(tr("(suggested: {code})").format(code=warning["suggestion"])
                                if warning["suggestion"] else ""))
            )  # fmt: skip
        for what, count in result.skipped.items():
            if what.endswith("layer missing"):
                continue  # already said: "was not checked"
            feedback.pushInfo(tr("Counted, not evaluated: {what}: {count}.").format(what=what, count=count))


def write_rows(frame, sink, qfields, context, source_crs=None, target_crs=None, feedback=None, batch=20000):
    """Write ``frame`` to ``sink`` in batches (the verdict table has a row per plan feature and
    rule, i.e. millions for a city): columns converted to Python values once, NaN -> NULL."""
    from qgis.core import QgsCoordinateTransform, QgsFeature, QgsFeatureSink, QgsGeometry

    from ..engine import compat

    names = [qfields.at(i).name() for i in range(qfields.count())]
    columns = []
    for name in names:
        column = frame[name]
        columns.append(column.astype(object).where(column.notna(), None).tolist())
    has_geometry = "geometry" in frame.columns
    wkbs = compat.to_wkb(list(frame.geometry)) if has_geometry else None
    transform = None
    if has_geometry and source_crs is not None and target_crs is not None and source_crs != target_crs:
        transform = QgsCoordinateTransform(source_crs, target_crs, context.transformContext())
    features = []
    for row, values in enumerate(zip(*columns)):
        feature = QgsFeature(qfields)
        feature.setAttributes(list(values))
        if has_geometry and wkbs[row] is not None:
            geometry = QgsGeometry()
            geometry.fromWkb(wkbs[row])
            if transform is not None:
                geometry.transform(transform)
            feature.setGeometry(geometry)
        features.append(feature)
        if len(features) >= batch:
            sink.addFeatures(features, QgsFeatureSink.Flag.FastInsert)
            features = []
            if feedback is not None and feedback.isCanceled():
                return
    if features:
        sink.addFeatures(features, QgsFeatureSink.Flag.FastInsert)


def code_status_text(status: str) -> str:
    return {
        "classic_mistake": tr("a classic mistake (old classification?)"),
        "unknown_code": tr("not a 2023 land-use code"),
        "empty_code": tr("no code"),
        "gb50137_letter_code": tr("a GB 50137-2011 letter code"),
        "legacy_2020_code": tr("a 2020 trial-version code"),
    }.get(status, status)


def _to_multi(geometries):
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


# -- maps ------------------------------------------------------------------------------------
def _report_rows(result):
    """Conflict rows shown in the report, worst first (tolerated passes last)."""
    conflicts = result.conflicts
    if conflicts.empty:
        return conflicts
    rank = {"fail": 0, "error": 1, "review": 2, "pass": 3}
    severity = {"blocking": 0, "major": 1, "minor": 2}
    order = conflicts.assign(
        _v=conflicts.verdict_code.map(rank), _s=conflicts.severity.map(severity)
    ).sort_values(["_v", "_s", "rule_id", "plan_id"], kind="stable")
    return order.drop(columns=["_v", "_s"])


def render_conflict_maps(result, plan_frame, controls, working, feedback) -> dict:
    """PNG (base64) per conflict row index: the plan, the control layer and the conflict, rendered
    offscreen by QGIS (processing/maps.py). Only the first MAX_MAPS non-pass conflicts."""
    from qgis.core import QgsRectangle

    from .. import maps as report_maps

    rows = _report_rows(result)
    rows = rows[rows.verdict_code != "pass"].head(MAX_MAPS)
    if rows.empty:
        return {}
    import numpy as np

    from ..engine import compat

    extents = {}
    for index, geom in zip(rows.index, rows.geometry):
        if geom is None or geom.is_empty:
            continue
        x0, y0, x1, y1 = geom.bounds
        pad = max(x1 - x0, y1 - y0, 20.0) * 1.5
        extents[index] = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)

    def near(geometries):
        """Only the geometries inside one of the map extents (a city plan has 100,000s)."""
        geometries = list(geometries)
        bounds = compat.bounds_array(geometries)
        keep = np.zeros(len(geometries), dtype=bool)
        for x0, y0, x1, y1 in extents.values():
            keep |= (bounds[:, 0] <= x1) & (bounds[:, 2] >= x0) & (bounds[:, 1] <= y1) & (bounds[:, 3] >= y0)
        return [g for g, k in zip(geometries, keep) if k]

    authid = working.authid()
    plan_layer = _memory_layer("plan", near(plan_frame.geometry), authid, "#f2f2f2", "#555555")
    ctrl_layers = {role: _memory_layer(role, near(frame.geometry), authid, "#cfe8cf", "#2e7d32")
                   for role, (_name, frame) in controls.items()}  # fmt: skip
    maps = {}
    for index, row in rows.iterrows():
        if feedback is not None and feedback.isCanceled():
            break
        if index not in extents:
            continue
        geom = row.geometry
        hit = _memory_layer("conflict", [geom], authid, "#e53935", "#b71c1c", opacity=0.75)
        layers = [hit]
        if row.ctrl_role in ctrl_layers:
            layers.append(ctrl_layers[row.ctrl_role])
        layers.append(plan_layer)
        png = report_maps.render_png(layers, working, QgsRectangle(*extents[index]), 420, 300, margin=0.0)
        maps[index] = base64.b64encode(png).decode("ascii")
    return maps


def _memory_layer(name, geometries, authid, fill, stroke, opacity=1.0):
    from qgis.core import QgsFeature, QgsFillSymbol, QgsGeometry, QgsSingleSymbolRenderer

    layer = QgsVectorLayer(f"MultiPolygon?crs={authid}", name, "memory")
    features = []
    for g in geometries:
        if g is None or g.is_empty:
            continue
        feature = QgsFeature()
        geometry = QgsGeometry()
        geometry.fromWkb(g.wkb)
        feature.setGeometry(geometry)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    symbol = QgsFillSymbol.createSimple({"color": fill, "outline_color": stroke, "outline_width": "0.4"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.setOpacity(opacity)
    return layer


# -- report ----------------------------------------------------------------------------------
def _num(value, digits=2):
    try:
        if value != value:  # NaN
            return "–"
        return f"{float(value):,.{digits}f}"
    except (TypeError, ValueError):
        return "–"


def build_report(result, ruleset, plan_name, crs_text, maps, language) -> str:
    """The HTML review report, in the order reviewers know: 三线 → 其他控制线 → 分区用途 → 指标 → 结论."""
    esc = html.escape
    labels = verdict_labels()
    summary = result.summary()
    rows = _report_rows(result)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if language == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{esc(tr('Plan conformity review report'))}</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;"
        "margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:3px 6px;font-size:13px;vertical-align:top}"
        "th{background:#eee}.fail{color:#b71c1c;font-weight:bold}.review{color:#e65100}.error{color:#6a1b9a}"
        ".pass{color:#2e7d32}.not_checked{color:#777}figure{display:inline-block;margin:6px}"
        "figcaption{font-size:12px;max-width:420px}</style></head><body>",
        f"<h1>{esc(tr('Plan conformity review report'))}</h1>",
        "<table>",
        f"<tr><th>{esc(tr('Plan'))}</th><td>{esc(str(plan_name))}</td></tr>",
        f"<tr><th>{esc(tr('Plan features'))}</th><td>{result.plan_count}</td></tr>",
        f"<tr><th>{esc(tr('Rule set'))}</th><td>{esc(ruleset.name.get(language, '') or ruleset.source)}</td></tr>",
        f"<tr><th>{esc(tr('Working CRS'))}</th><td>{esc(crs_text)}</td></tr>",
        f"<tr><th>{esc(tr('Areas'))}</th><td>{esc(area_mode_text(result.area_mode))}</td></tr>",
        f"<tr><th>{esc(tr('Date'))}</th><td>{datetime.date.today().isoformat()}</td></tr>",
        "</table>",
    ]
    titles = group_titles()
    for group in ("three_lines", "control_lines", "zoning", "indicators"):
        parts.append(f"<h2>{esc(titles[group])}</h2>")
        group_rules = [r for r in result.rules if r["group"] == group]
        if not group_rules:
            parts.append(f"<p>{esc(tr('No rule of this group in the rule set.'))}</p>")
            continue
        parts.append(
            "<table><tr>"
            + "".join(
                f"<th>{esc(h)}</th>"
                for h in (
                    tr("Rule"),
                    tr("Layer"),
                    tr("Verdict"),
                    labels["pass"],
                    labels["fail"],
                    labels["review"],
                    labels["error"],
                    tr("Area (m²)"),
                    tr("Area (ha)"),
                    tr("Area (mu)"),
                    tr("Legal basis"),
                )
            )  # fmt: skip
            + "</tr>"
        )
        for rule in group_rules:
            if rule["status"] == "not_checked":
                parts.append(
                    f"<tr><td>{esc(rule['name'])}</td><td>–</td><td class='not_checked'>{esc(labels['not_checked'])}"
                    f"</td><td colspan='7'>{esc(tr('No layer with this role was given.'))}</td>"
                    f"<td>{esc(rule['citation'])}</td></tr>"
                )  # fmt: skip
                continue
            s = summary.get(rule["rule_id"], {"counts": {}, "ovl_area_ell_m2": 0.0, "verdict": "pass"})
            counts = s["counts"]
            area = s["ovl_area_ell_m2"]
            parts.append(
                f"<tr><td>{esc(rule['name'])}</td><td>{esc(str(rule['layer']))}</td>"
                f"<td class='{s['verdict']}'>{esc(labels[s['verdict']])}</td>"
                + "".join(f"<td>{counts.get(k, 0)}</td>" for k in ("pass", "fail", "review", "error"))
                + f"<td>{_num(area)}</td><td>{_num(area / 1e4, 4)}</td><td>{_num(area * 3 / 2000)}</td>"
                f"<td>{esc(rule['citation'])}</td></tr>"
            )
        parts.append("</table>")
        group_rows = rows[rows.group == group] if not rows.empty else rows
        if group_rows.empty:
            parts.append(f"<p class='pass'>{esc(tr('Checked: no conflict in this group.'))}</p>")
            continue
        parts.append(
            "<table><tr>"
            + "".join(
                f"<th>{esc(h)}</th>"
                for h in (
                    tr("Plan feature"),
                    tr("Rule"),
                    tr("Verdict"),
                    tr("Control feature"),
                    tr("Overlap, ellipsoidal (m²)"),
                    tr("Overlap, planar (m²)"),
                    tr("% of plan feature"),
                    tr("Sliver"),
                    tr("Reason"),
                )
            )  # fmt: skip
            + "</tr>"
        )
        shown = group_rows.head(MAX_REPORT_ROWS)
        for row in shown.itertuples():
            parts.append(
                f"<tr><td>{esc(str(row.plan_id))}</td><td>{esc(row.rule_id)}</td>"
                f"<td class='{row.verdict_code}'>{esc(labels[row.verdict_code])}"
                f"{' (' + esc(tr('within tolerance')) + ')' if row.tolerated else ''}</td>"
                f"<td>{esc(str(row.ctrl_label or row.ctrl_fid or ''))}</td>"
                f"<td>{_num(row.ovl_area_ell_m2)}</td><td>{_num(row.ovl_area_plan_m2)}</td>"
                f"<td>{_num(row.pct_of_proj)}</td><td>{esc(tr('yes') if row.is_sliver else '')}</td>"
                f"<td>{esc(str(row.reason))}</td></tr>"
            )
        parts.append("</table>")
        if len(group_rows) > len(shown):
            parts.append(
                "<p>"
                + esc(tr("{count} more rows of this group are in the CONFLICTS layer.").format(
                    count=len(group_rows) - len(shown)))
                + "</p>"
            )  # fmt: skip
        for index in [i for i in group_rows.index if i in maps] if maps else []:
            row = group_rows.loc[index]
            caption = (
                f"{row.plan_id} · {row.rule_id} · {labels[row.verdict_code]} · {_num(row.ovl_area_ell_m2)} m²"
            )
            parts.append(
                f"<figure><img alt='{esc(caption)}' src='data:image/png;base64,{maps[index]}'>"
                f"<figcaption>{esc(caption)}</figcaption></figure>"
            )
    # conclusion
    overall = result.overall()
    parts.append(f"<h2>{esc(tr('5. Conclusion'))}</h2>")
    parts.append(
        f"<p>{esc(tr('Overall verdict'))}: <span class='{overall}'>{esc(labels[overall])}</span></p><ul>"
    )
    for group in ("three_lines", "control_lines", "zoning", "indicators"):
        codes = [
            summary[r["rule_id"]]["verdict"]
            for r in result.rules
            if r["group"] == group and r["rule_id"] in summary
        ]
        checked = [r for r in result.rules if r["group"] == group and r["status"] == "checked"]
        if not checked:
            verdict = "not_checked"
        else:
            verdict = max(codes, key=lambda c: {"pass": 1, "review": 2, "error": 3, "fail": 4}.get(c, 0))
        parts.append(f"<li>{esc(titles[group])}: <span class='{verdict}'>{esc(labels[verdict])}</span></li>")
    parts.append("</ul>")
    if maps:
        parts.append(
            f"<p>{esc(tr('Maps: the conflict in red, the control layer in green, plan features in grey.'))}</p>"
        )
    # appendices
    if result.code_warnings:
        parts.append(f"<h3>{esc(tr('Appendix A. Land-use codes to check'))}</h3><table><tr>")
        parts.append("".join(f"<th>{esc(h)}</th>" for h in (tr("Plan feature"), tr("Code"), tr("Problem"),
                                                            tr("Suggested"), tr("Basis"))))  # fmt: skip
        parts.append("</tr>")
        for w in result.code_warnings:
            parts.append(
                f"<tr><td>{esc(str(w['id']))}</td><td>{esc(w['code'])}</td><td>{esc(code_status_text(w['status']))}"
                f" {esc(w['detail'])}</td><td>{esc(w['suggestion'])}</td><td>{esc(w['citation'])}</td></tr>"
            )
        parts.append("</table>")
    events = [e for e in result.log if e["event"] in ("tolerated", "sliver_flagged", "sliver_passed", "could_not_evaluate",
                                                       "invalid_control_feature", "repaired_geometry")]  # fmt: skip
    if events or result.skipped:
        parts.append(f"<h3>{esc(tr('Appendix B. Audit log'))}</h3><ul>")
        for e in events:
            detail = ", ".join(f"{k}={v}" for k, v in e.items() if k != "event")
            parts.append(f"<li>{esc(e['event'])}: {esc(detail)}</li>")
        for what, count in result.skipped.items():
            parts.append(f"<li>{esc(tr('Counted, not evaluated'))}: {esc(what)}: {count}</li>")
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def area_mode_text(mode: str) -> str:
    if mode == "ellipsoidal":
        return tr(
            "Verdicts use ellipsoidal (CGCS2000) areas; planar Gauss-Kruger areas are reported beside them."
        )
    return tr(
        "Verdicts use planar Gauss-Kruger areas; ellipsoidal (CGCS2000) areas are reported beside them."
    )
