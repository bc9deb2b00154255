"""communitygov:healthcheckreport — one report from the community health check's results.

The last step of the "Community health check" model: it reads what the other tools wrote
(every input optional, a missing step is reported as not run), renders maps with QGIS and writes
one bilingual HTML page plus the key figures as JSON for batch use.
"""

import json
from html import escape
from pathlib import Path

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsRectangle,
    QgsVectorLayer,
)

from ..i18n import help_language, tr
from .base import CommunityGovAlgorithm, resource_path

# parameter -> (QML style, kind of table) ; the order is the order of the report's sections
LAYER_INPUTS = {
    "COMMUNITIES": ("demo_communities.qml", QgsProcessing.SourceType.TypeVectorPolygon),
    "ROADS": ("demo_roads.qml", QgsProcessing.SourceType.TypeVectorLine),
    "FACILITIES": ("demo_facilities.qml", QgsProcessing.SourceType.TypeVectorPoint),
    "PLAN": ("demo_plan_parcels.qml", QgsProcessing.SourceType.TypeVectorPolygon),
    "LIFE_CIRCLES": ("lifecircles.qml", QgsProcessing.SourceType.TypeVectorPolygon),
    "TRAJECTORY_CIRCLES": ("trajectory_life_circles.qml", QgsProcessing.SourceType.TypeVectorPolygon),
    "TRAJECTORY_STATS": (None, QgsProcessing.SourceType.TypeVector),
    "GAP_UNITS": ("facility_gaps.qml", QgsProcessing.SourceType.TypeVectorPolygon),
    "GAP_COMMUNITIES": (None, QgsProcessing.SourceType.TypeVector),
    "SITES": ("facility_sites.qml", QgsProcessing.SourceType.TypeVectorAnyGeometry),
    "SITE_COVERAGE": (None, QgsProcessing.SourceType.TypeVector),
    "CONFLICTS": ("conformity_conflicts.qml", QgsProcessing.SourceType.TypeVectorPolygon),
    "VERDICTS": (None, QgsProcessing.SourceType.TypeVector),
    "WARNINGS": ("warnings.qml", QgsProcessing.SourceType.TypeVectorAnyGeometry),
}
REPORT_INPUTS = ("GAPS_REPORT", "CONFORMITY_REPORT", "WARNINGS_REPORT")
# the report section each map shows, with its layers (top first); the basemap goes below
MAPS = {
    "overview": ("FACILITIES", "COMMUNITIES"),
    "life_circles": ("LIFE_CIRCLES",),
    "trajectory": ("TRAJECTORY_CIRCLES",),
    "gaps": ("FACILITIES", "GAP_UNITS"),
    "sites": ("SITES", "GAP_UNITS"),
    "conformity": ("CONFLICTS", "PLAN"),
    "warnings": ("WARNINGS",),
}


class HealthCheckReport(CommunityGovAlgorithm):
    algorithm_id = "healthcheckreport"
    group_id = "healthcheck"
    requirements = ("numpy", "geopandas")

    def displayName(self):
        return tr("Community health check report")

    def input_labels(self) -> dict:
        return {
            "COMMUNITIES": tr("Communities (for the maps)"),
            "ROADS": tr("Roads (for the maps)"),
            "FACILITIES": tr("Public service facilities (for the maps)"),
            "PLAN": tr("Plan parcels (for the maps)"),
            "QUALITY_ERRORS": tr("Data quality issues (one table per checked dataset)"),
            "LIFE_CIRCLES": tr("Walking life circles"),
            "TRAJECTORY_CIRCLES": tr("Trajectory life circles"),
            "TRAJECTORY_STATS": tr("Trajectory life circle statistics"),
            "GAP_UNITS": tr("Residential units with gap fields"),
            "GAP_COMMUNITIES": tr("Facility gaps per community"),
            "SITES": tr("Proposed facility sites"),
            "SITE_COVERAGE": tr("Coverage before and after siting"),
            "CONFLICTS": tr("Conformity conflicts"),
            "VERDICTS": tr("Conformity verdicts"),
            "WARNINGS": tr("Warnings"),
            "GAPS_REPORT": tr("Facility gap report (HTML)"),
            "CONFORMITY_REPORT": tr("Conformity report (HTML)"),
            "WARNINGS_REPORT": tr("Indicator report (HTML)"),
        }

    def initAlgorithm(self, config=None):
        labels = self.input_labels()
        for name, (_style, kind) in LAYER_INPUTS.items():
            self.addParameter(QgsProcessingParameterFeatureSource(name, labels[name], [kind], optional=True))
        self.addParameter(
            QgsProcessingParameterMultipleLayers(
                "QUALITY_ERRORS",
                labels["QUALITY_ERRORS"],
                QgsProcessing.SourceType.TypeVector,
                optional=True,
            )
        )
        for name in REPORT_INPUTS:
            self.addParameter(
                QgsProcessingParameterFile(
                    name, labels[name], optional=True, fileFilter="HTML (*.html *.htm)"
                )
            )
        self.addParameter(
            QgsProcessingParameterString("TITLE", tr("Community or sub-district name"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterString(
                "PARAMETERS", tr("Parameters of the run, listed in the report (name=value; …)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination("OUTPUT", tr("Health check report"), "HTML (*.html)")
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                "SUMMARY", tr("Key figures (JSON)"), "JSON (*.json)", optional=True
            )
        )

    def process(self, parameters, context, feedback):
        # The report reads attributes and draws maps; it analyses no geometry, so an invalid
        # compound carried over from the input (and flagged by the gate) must not stop it.
        previous_check = context.invalidGeometryCheck()
        context.setInvalidGeometryCheck(QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck)
        try:
            return self.write_report(parameters, context, feedback)
        finally:
            context.setInvalidGeometryCheck(previous_check)

    def write_report(self, parameters, context, feedback):
        from .. import bridge
        from ..engine import healthcheck

        frames, layers, sources = {}, {}, []
        labels = self.input_labels()
        for name in LAYER_INPUTS:
            source = self.parameterAsSource(parameters, name, context)
            if source is None:
                continue
            frames[name] = bridge.source_to_frame(source, context)
            layer = self.parameterAsVectorLayer(parameters, name, context)
            if layer is not None:
                layers[name] = layer
                sources.append((labels[name], f"{layer.source()} ({source.featureCount()})"))
        quality_tables = []
        for layer in self.parameterAsLayerList(parameters, "QUALITY_ERRORS", context) or []:
            quality_tables.append(bridge.source_to_frame(layer, context))
            sources.append((labels["QUALITY_ERRORS"], f"{layer.source()} ({layer.featureCount()})"))
        if feedback.isCanceled():
            return {}
        feedback.setProgress(30)

        def table(name):
            frame = frames.get(name)
            return (
                None
                if frame is None
                else frame.drop(columns=[c for c in ("geometry", "fid") if c in frame.columns])
            )

        summary = healthcheck.summarize(
            gap_units=table("GAP_UNITS"),
            gap_communities=table("GAP_COMMUNITIES"),
            sites=table("SITES"),
            site_coverage=table("SITE_COVERAGE"),
            conflicts=table("CONFLICTS"),
            verdicts=table("VERDICTS"),
            warnings=table("WARNINGS"),
            quality_issues=quality_tables if quality_tables else None,
            life_circles=table("LIFE_CIRCLES"),
            trajectory_stats=table("TRAJECTORY_STATS"),
        )
        maps = self.render_maps(layers, context, feedback)
        feedback.setProgress(80)

        output = Path(self.parameterAsFileOutput(parameters, "OUTPUT", context))
        reports = {}
        for name, section in zip(REPORT_INPUTS, ("gaps", "conformity", "warnings")):
            path = self.parameterAsFile(parameters, name, context)
            if path:
                reports[section] = Path(path).resolve().as_uri()
                sources.append((labels[name], path))
        for item in self.parameterAsString(parameters, "PARAMETERS", context).split(";"):
            name, _, value = item.partition("=")
            if name.strip():
                sources.append((name.strip(), value.strip()))
        lorenz = self.lorenz_chart(table("GAP_UNITS"))
        html = healthcheck.render_html(
            summary,
            maps,
            lorenz_chart=lorenz,
            facility_names=self.facility_names(),
            reports=reports,
            sources=sources,
            language=help_language(),
        )
        title = self.parameterAsString(parameters, "TITLE", context)
        if title:
            html = html.replace("<h1>", f"<h1>{escape(title)} · ", 1)
        output.write_text(html, encoding="utf-8")
        results = {"OUTPUT": str(output)}
        summary_path = self.parameterAsFileOutput(parameters, "SUMMARY", context)
        if summary_path:
            Path(summary_path).write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
            results["SUMMARY"] = summary_path
        return results

    # -- pieces ---------------------------------------------------------------------------------
    def styled(self, layer, name):
        """A copy of ``layer`` with the plugin's style for input ``name`` (the user's stays untouched)."""
        copy = QgsVectorLayer(layer.source(), name, layer.providerType())
        style = LAYER_INPUTS[name][0]
        if style and copy.isValid():
            copy.loadNamedStyle(str(resource_path("styles", style)))
        return copy if copy.isValid() else None

    def render_maps(self, layers, context, feedback) -> dict:
        from .. import maps as report_maps

        base = [n for n in ("COMMUNITIES", "ROADS") if n in layers]
        extent_source = next(
            (layers[n] for n in ("COMMUNITIES", "GAP_UNITS", "PLAN", "LIFE_CIRCLES") if n in layers), None
        )
        if extent_source is None:
            return {}
        crs = extent_source.crs()
        extent = QgsRectangle(extent_source.extent())
        styled = {name: self.styled(layer, name) for name, layer in layers.items()}  # once per layer
        rendered = {}
        for section, names in MAPS.items():
            if feedback.isCanceled():
                break
            present = [n for n in names if n in layers]
            if not present:
                continue
            stack = [styled[n] for n in present] + [styled[n] for n in base if n not in present]
            section_extent = extent
            if section == "conformity" and "CONFLICTS" in layers:
                conflicts = layers["CONFLICTS"]
                section_extent = QgsCoordinateTransform(
                    conflicts.crs(), crs, context.transformContext()
                ).transformBoundingBox(conflicts.extent())
                section_extent.combineExtentWith(extent)
            rendered[section] = report_maps.data_uri(report_maps.render_png(stack, crs, section_extent))
        return rendered

    def lorenz_chart(self, gap_units) -> str:
        """Lorenz curves of accessibility (all residents) for each facility type."""
        if gap_units is None or "pop_total" not in gap_units.columns:
            return ""
        from ..engine import accessibility
        from ..steps.facilities import lorenz_svg

        names = self.facility_names()
        zh = help_language() == "zh"
        curves, labels = [], []
        for column in gap_units.columns:
            if not column.startswith("acc_"):
                continue
            code = column[4:]
            values = gap_units[column].astype(float).fillna(0.0).to_numpy()
            weights = gap_units["pop_total"].astype(float).to_numpy()
            curves.append(accessibility.lorenz(values, weights))
            name = names.get(code, (code, code))[0 if zh else 1]
            labels.append(f"{name} (G={accessibility.gini(values, weights):.2f})")
        return lorenz_svg(curves, labels, size=320) if curves else ""

    def facility_names(self) -> dict:
        from ..engine import standards

        profile = standards.load_profile()
        return {code: (f.name_zh, f.name_en) for code, f in profile.facilities.items()}
