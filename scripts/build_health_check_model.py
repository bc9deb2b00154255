#!/usr/bin/env python3
"""Write resources/models/community_health_check.model3, the "Community health check" model.

The model is built here in code so that it can be read, reviewed and regenerated; the .model3
it writes is what the provider ships and the Graphical Modeler opens. Run with /usr/bin/python3
(PyQGIS). Chain: data-quality gates → walking life circles → trajectory life circles → facility
gaps → facility siting → plan conformity → indicators and warnings → one report.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL_PATH = ROOT / "resources" / "models" / "community_health_check.model3"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.append("/usr/share/qgis/python/plugins")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsProcessing,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QPointF  # noqa: E402

Source = QgsProcessingModelChildParameterSource

# model inputs: name -> (description as a planner names it, kind, optional)
INPUTS = {
    "roads": ("道路 Roads", QgsProcessing.SourceType.TypeVectorLine, False),
    "residential": (
        "居住小区（分年龄人口） Residential compounds (population by age)",
        QgsProcessing.SourceType.TypeVectorPolygon,
        False,
    ),
    "communities": ("社区 Communities", QgsProcessing.SourceType.TypeVectorPolygon, False),
    "facilities": ("公共服务设施 Public service facilities", QgsProcessing.SourceType.TypeVectorPoint, False),
    "candidate_sites": ("候选用地 Candidate sites", QgsProcessing.SourceType.TypeVectorPolygon, False),
    "plan_parcels": ("规划地块 Plan parcels", QgsProcessing.SourceType.TypeVectorPolygon, False),
    "trajectories": ("居民轨迹 Residents' trajectories", QgsProcessing.SourceType.TypeVectorPoint, True),
    "sensors": ("传感器 Sensors", QgsProcessing.SourceType.TypeVectorPoint, True),
    "sensor_observations": ("传感器观测 Sensor observations", QgsProcessing.SourceType.TypeVector, True),
    "feedback": ("居民反馈 Residents' feedback", QgsProcessing.SourceType.TypeVectorPoint, True),
}

# data-quality gates: child id -> (model input, schema choice index of communitygov:dataquality)
GATES = {
    "gate_roads": ("roads", "roads"),
    "gate_residential": ("residential", "residential"),
    "gate_facilities": ("facilities", "facilities"),
    "gate_candidate_sites": ("candidate_sites", "candidate_sites"),
}


def model_input(name):
    return [Source.fromModelParameter(name)]


def child_output(child_id, output):
    return [Source.fromChildOutput(child_id, output)]


def value(v):
    return [Source.fromStaticValue(v)]


def add_child(model, child_id, algorithm_id, description, sources, outputs, x, y):
    """``outputs``: child output -> (model output name, description); every one optional."""
    child = QgsProcessingModelChildAlgorithm(algorithm_id)
    child.setChildId(child_id)
    child.setDescription(description)
    child.setPosition(QPointF(x, y))
    for name, parameter_sources in sources.items():  # setParameterSources(dict) crashes on 3.22
        child.addParameterSources(name, parameter_sources)
    model_outputs = {}
    for k, (child_output_name, (name, text)) in enumerate(outputs.items()):
        output = QgsProcessingModelOutput(name, text)
        output.setChildId(child_id)
        output.setChildOutputName(child_output_name)
        output.setMandatory(False)
        output.setPosition(QPointF(x + 220, y + 40 * k))
        model_outputs[name] = output
    child.setModelOutputs(model_outputs)
    model.addChildAlgorithm(child)


def build(schema_choices) -> QgsProcessingModelAlgorithm:
    model = QgsProcessingModelAlgorithm("community_health_check", "社区体检 Community health check")
    model.setGroup("社区体检 Community health check")
    for k, (name, (text, kind, optional)) in enumerate(INPUTS.items()):
        parameter = QgsProcessingParameterFeatureSource(name, text, [kind], optional=optional)
        model.addModelParameter(parameter, QgsProcessingModelParameter(name))
        model.parameterComponent(name).setPosition(QPointF(60, 60 + 60 * k))
    extra = [
        QgsProcessingParameterFile(
            "onemap",
            "一张图数据库（GeoPackage/FileGDB） One-map database (GeoPackage/FileGDB)",
            optional=False,
        ),
        QgsProcessingParameterString("site_type", "拟选址设施类型 Facility type to site", "kindergarten"),
        QgsProcessingParameterNumber(
            "site_count",
            "新建设施数量 Number of new facilities",
            QgsProcessingParameterNumber.Type.Integer,
            2,
            False,
            1,
        ),
        QgsProcessingParameterString("title", "社区或街道名称 Community or sub-district name", optional=True),
    ]
    for k, parameter in enumerate(extra):
        model.addModelParameter(parameter, QgsProcessingModelParameter(parameter.name()))
        model.parameterComponent(parameter.name()).setPosition(QPointF(60, 700 + 60 * k))

    schema_index = {name: index for index, name in enumerate(schema_choices)}
    for k, (child_id, (source, schema)) in enumerate(GATES.items()):
        add_child(
            model,
            child_id,
            "communitygov:dataquality",
            f"数据质检：{INPUTS[source][0]} Data quality gate",
            {
                "INPUT": model_input(source),
                "SCHEMA": value(schema_index[schema]),
                "FAIL_ON_ERRORS": value(False),
            },
            {"ERRORS": (f"quality_errors_{source}", f"数据质检问题：{source} Data quality issues: {source}")},
            380,
            60 + 110 * k,
        )
    repaired = {source: child_output(child_id, "REPAIRED") for child_id, (source, _s) in GATES.items()}

    add_child(
        model,
        "walking",
        "communitygov:walkinglifecircles",
        "步行生活圈 Walking life circles",
        {
            "ROADS": repaired["roads"],
            "ORIGINS": model_input("communities"),
            "ORIGIN_ID_FIELD": value("community_id"),
            "RESIDENTIAL": repaired["residential"],
            "POPULATION_FIELD": value("pop_total"),
            "BANDS": value("300,500,1000"),
        },
        {"OUTPUT": ("walking_life_circles", "步行生活圈 Walking life circles")},
        720,
        60,
    )
    add_child(
        model,
        "trajectory",
        "communitygov:trajectorylifecircles",
        "轨迹生活圈 Trajectory life circles",
        {
            "INPUT": model_input("trajectories"),
            "COMMUNITIES": model_input("communities"),
            "WALKING_CIRCLES": child_output("walking", "OUTPUT"),
            "WALKING_ID_FIELD": value("origin_id"),
        },
        {
            "OUTPUT": ("trajectory_life_circles", "轨迹生活圈 Trajectory life circles"),
            "STATS": ("trajectory_statistics", "轨迹生活圈统计 Trajectory life circle statistics"),
            "DENSITY": ("activity_density", "活动密度 Activity density"),
        },
        720,
        200,
    )
    network_inputs = {
        "ROADS": repaired["roads"],
        "RESIDENTIAL": repaired["residential"],
        "FACILITIES": repaired["facilities"],
    }
    add_child(
        model,
        "gaps",
        "communitygov:facilitygaps",
        "设施供需缺口 Facility supply-demand gaps",
        dict(network_inputs),
        {
            "OUTPUT": ("facility_gaps_units", "小区设施缺口 Facility gaps per compound"),
            "COMMUNITIES": ("facility_gaps_communities", "社区设施缺口 Facility gaps per community"),
            "REPORT": ("facility_gaps_report", "设施缺口报告 Facility gap report"),
        },
        720,
        340,
    )
    add_child(
        model,
        "siting",
        "communitygov:facilitysiting",
        "设施选址 Facility siting",
        dict(
            network_inputs,
            CANDIDATES=repaired["candidate_sites"],
            FAC_TYPE=model_input("site_type"),
            P=model_input("site_count"),
        ),
        {
            "OUTPUT": ("proposed_sites", "建议选址 Proposed sites"),
            "COVERAGE": ("siting_coverage", "选址前后覆盖 Coverage before and after"),
        },
        720,
        480,
    )
    add_child(
        model,
        "conformity",
        "communitygov:conformity",
        "规划符合性审查 Plan conformity review",
        {"PLAN": model_input("plan_parcels"), "ONEMAP_DATABASE": model_input("onemap"), "MAPS": value(True)},
        {
            "CONFLICTS": ("conformity_conflicts", "冲突图斑 Conformity conflicts"),
            "VERDICTS": ("conformity_verdicts", "审查结论 Conformity verdicts"),
            "REPORT": ("conformity_report", "符合性审查报告 Conformity report"),
        },
        720,
        620,
    )
    add_child(
        model,
        "indicators",
        "communitygov:indicators",
        "指标与预警 Indicators and warnings",
        {
            "UNITS": model_input("communities"),
            "SENSORS": model_input("sensors"),
            "OBSERVATIONS": model_input("sensor_observations"),
            "FEEDBACK": model_input("feedback"),
            "RESULT_FIELDS": child_output("gaps", "COMMUNITIES"),
        },
        {
            "OUTPUT_TABLE": ("indicator_values", "指标值 Indicator values"),
            "OUTPUT_WARNINGS": ("warnings", "预警 Warnings"),
            "OUTPUT_REPORT": ("indicator_report", "指标与预警报告 Indicator report"),
        },
        720,
        760,
    )
    add_child(
        model,
        "report",
        "communitygov:healthcheckreport",
        "社区体检报告 Health check report",
        {
            "COMMUNITIES": model_input("communities"),
            "ROADS": model_input("roads"),
            "FACILITIES": model_input("facilities"),
            "PLAN": model_input("plan_parcels"),
            "QUALITY_ERRORS": [Source.fromChildOutput(child_id, "ERRORS") for child_id in GATES],
            "LIFE_CIRCLES": child_output("walking", "OUTPUT"),
            "TRAJECTORY_CIRCLES": child_output("trajectory", "OUTPUT"),
            "TRAJECTORY_STATS": child_output("trajectory", "STATS"),
            "GAP_UNITS": child_output("gaps", "OUTPUT"),
            "GAP_COMMUNITIES": child_output("gaps", "COMMUNITIES"),
            "SITES": child_output("siting", "OUTPUT"),
            "SITE_COVERAGE": child_output("siting", "COVERAGE"),
            "CONFLICTS": child_output("conformity", "CONFLICTS"),
            "VERDICTS": child_output("conformity", "VERDICTS"),
            "WARNINGS": child_output("indicators", "OUTPUT_WARNINGS"),
            "GAPS_REPORT": child_output("gaps", "REPORT"),
            "CONFORMITY_REPORT": child_output("conformity", "REPORT"),
            "WARNINGS_REPORT": child_output("indicators", "OUTPUT_REPORT"),
            "TITLE": model_input("title"),
            "PARAMETERS": [
                Source.fromExpression(
                    "'拟选址设施类型 facility type to site=' || @site_type"
                    " || '; 新建设施数量 new facilities=' || to_string(@site_count)"
                    " || '; 步行生活圈 walking bands=300, 500, 1000 m (GB 50180-2018)'"
                    " || '; 设施标准 facility standards=GB 50180-2018 (gb50180_2018)'"
                    " || '; 审查规则 conformity rules=default_rules_zh.yaml'"
                    " || '; 指标体系 indicator system=indicator_system.yaml'"
                )
            ],
        },
        {
            "OUTPUT": ("health_check_report", "社区体检报告 Health check report"),
            "SUMMARY": ("health_check_summary", "关键指标（JSON） Key figures (JSON)"),
        },
        1080,
        400,
    )
    model.setHelpContent(
        {
            "ALG_DESC": (
                "社区体检：数据质检 → 步行生活圈 → 轨迹生活圈 → 设施缺口 → 设施选址 → 规划符合性 → 指标与预警 → 一份报告。"
                " Community health check: data-quality gates → walking life circles → trajectory life circles → "
                "facility gaps → facility siting → plan conformity → indicators and warnings → one report. "
                "Every intermediate result is optional to keep."
            ),
            "ALG_CREATOR": "Community Smart Governance",
        }
    )
    return model


def main():
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from qgis_process import plugin_importable

    plugin_importable()
    import community_governance
    from community_governance.processing.algorithms.data_quality import SCHEMA_CHOICES
    from processing.core.Processing import Processing

    Processing.initialize()
    plugin = community_governance.classFactory(None)
    plugin.initProcessing()  # the children's algorithms must resolve

    model = build(SCHEMA_CHOICES)
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    if not model.toFile(str(MODEL_PATH)):
        sys.exit(f"could not write {MODEL_PATH}")
    print(MODEL_PATH)
    app.exitQgis()


if __name__ == "__main__":
    main()
