"""The community health check (社区体检): key figures from the chained tools, and one report.

``summarize`` takes the attribute tables the tools wrote (plain DataFrames, any of them may be
missing) and returns a JSON-ready dict of the figures a sub-district office asks for first:
residents outside each standard radius, the worst gaps, conformity verdicts, warnings raised,
proposed sites, data quality and life circles. ``render_html`` lays them out as one bilingual
page (Chinese and English, switchable), with maps and charts the caller rendered. Labels are
data here (both languages), the engine never calls Qt's ``tr``.
"""

from html import escape
from typing import Dict, List, Optional

import numpy as np
import pandas as pd

from . import accessibility

TOP_GAPS = 10

# key -> (中文, English)
LABELS = {
    "title": ("社区体检报告", "Community health check report"),
    "subtitle": (
        "由“社区智慧治理”QGIS 插件生成：数据质检 → 步行生活圈 → 轨迹生活圈 → 设施缺口 → 设施选址 → 规划符合性 → 指标与预警",
        "Made by the Community Smart Governance QGIS plugin: data quality → walking life circles → "
        "trajectory life circles → facility gaps → facility siting → plan conformity → indicators and warnings",
    ),
    "overview": ("概况", "Overview"),
    "quality": ("数据质检", "Data quality"),
    "life_circles": ("步行生活圈", "Walking life circles"),
    "trajectory": ("轨迹生活圈（自下而上）", "Trajectory life circles (bottom-up)"),
    "gaps": ("设施供需缺口", "Facility supply–demand gaps"),
    "sites": ("设施选址建议", "Proposed facility sites"),
    "conformity": ("规划符合性审查", "Plan conformity review"),
    "warnings": ("指标与预警", "Indicators and warnings"),
    "sources": ("数据与参数", "Data and parameters"),
    "not_run": ("本次未运行此步骤。", "This step was not run."),
    "none": ("无", "none"),
    "errors": ("错误", "Errors"),
    "warnings_n": ("警告", "Warnings"),
    "check": ("检查项", "Check"),
    "count": ("数量", "Count"),
    "severity": ("严重程度", "Severity"),
    "band": ("范围 (m)", "Band (m)"),
    "circles": ("生活圈数", "Circles"),
    "population": ("平均覆盖人口", "Mean population inside"),
    "mean_area": ("平均面积 (ha)", "Mean area (ha)"),
    "community": ("社区", "Community"),
    "residents": ("居民数", "Residents"),
    "share_in_walking": ("活动落在步行生活圈内的比例", "Activity inside the walking life circle"),
    "iou": ("与步行生活圈的重合度 (IoU, 80%)", "Overlap with the walking circle (IoU, 80%)"),
    "facility": ("设施类型", "Facility type"),
    "radius": ("服务半径 (m)", "Radius (m)"),
    "outside": ("半径外居民", "Residents outside"),
    "outside_share": ("占比", "Share"),
    "group": ("人群", "Group"),
    "share_within": ("半径内比例", "Share within"),
    "uncovered": ("未覆盖人数", "Uncovered people"),
    "lorenz": ("可达性洛伦兹曲线（全体居民）", "Lorenz curves of accessibility (all residents)"),
    "site": ("地块", "Site"),
    "new_pop": ("新增覆盖人口", "Newly covered residents"),
    "before": ("选址前覆盖率", "Coverage before"),
    "after": ("选址后覆盖率", "Coverage after"),
    "verdict": ("结论", "Verdict"),
    "features": ("地块数", "Plan features"),
    "rule": ("规则", "Rule"),
    "parcel": ("地块", "Parcel"),
    "area_m2": ("面积 (m²，椭球)", "Area (m², ellipsoidal)"),
    "area_mu": ("面积 (亩)", "Area (mu)"),
    "citation": ("依据", "Citation"),
    "indicator": ("指标", "Indicator"),
    "level": ("预警等级", "Level"),
    "raised": ("发出时间", "Raised at"),
    "reason": ("原因", "Reason"),
    "active": ("仍有效", "Active"),
    "detail_report": ("分项报告", "Detailed report"),
    "key_residents_outside": (
        "标准半径外居民（最多的设施类型）",
        "Residents outside a standard radius (worst type)",
    ),
    "key_gaps": ("设施缺口（社区×设施×人群）", "Facility gaps (community × type × group)"),
    "key_conflicts": ("不符合 / 需复核地块", "Parcels failing / for review"),
    "key_warnings": ("预警", "Warnings raised"),
    "key_sites": ("建议新建设施", "Proposed new facilities"),
    "key_quality": ("数据质检错误 / 警告", "Data-quality errors / warnings"),
    "datasets": ("已检数据集", "Datasets checked"),
    "dataset": ("数据集", "Dataset"),
    "record": ("记录", "Record"),
    "issue": ("问题", "Issue"),
    "input": ("输入", "Input"),
    "parameter": ("参数", "Parameter"),
    "value": ("值", "Value"),
    "language": ("English", "中文"),
}

VERDICT_LABELS = {
    "fail": ("不符合", "Does not conform"),
    "review": ("需人工复核", "Manual review"),
    "pass": ("符合", "Conforms"),
    "error": ("无法评估", "Could not evaluate"),
}


def _records(frame: Optional[pd.DataFrame], columns: List[str]) -> List[dict]:
    if frame is None or len(frame) == 0:
        return []
    present = [c for c in columns if c in frame.columns]
    out = frame[present].replace({np.nan: None}).to_dict(orient="records")
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in out]


def residents_outside(gap_units: pd.DataFrame, gap_communities: Optional[pd.DataFrame]) -> List[dict]:
    """Per facility type: residents whose compound lies beyond the type's standard radius."""
    radius = {}
    if gap_communities is not None and len(gap_communities):
        radius = gap_communities.groupby("fac_type")["radius_m"].first().to_dict()
    population = gap_units["pop_total"].to_numpy(dtype=float)
    total = float(population.sum())
    rows = []
    for column in gap_units.columns:
        if not column.startswith("ok_"):
            continue
        fac_type = column[3:]
        inside = gap_units[column].fillna(0).to_numpy(dtype=float) > 0
        outside = float(population[~inside].sum())
        rows.append(
            {
                "fac_type": fac_type,
                "radius_m": float(radius[fac_type]) if fac_type in radius else None,
                "residents_outside": int(round(outside)),
                "share_outside": outside / total if total else 0.0,
            }
        )
    rows.sort(key=lambda r: -r["residents_outside"])
    return rows


def top_gaps(gap_communities: pd.DataFrame, top: int = TOP_GAPS) -> List[dict]:
    table = gap_communities.copy()
    table["gap"] = table["gap"].fillna(0).astype(bool)
    table["required"] = table["required"].fillna(0).astype(bool)
    ranked = accessibility.ranked_gaps(table, top=top)
    return _records(
        ranked, ["community_id", "fac_type", "demand_group", "share_demand", "uncovered_demand", "radius_m"]
    )


def gap_pairs(gap_communities: pd.DataFrame) -> List[List[str]]:
    """Every (community, facility type) with a gap for the type's demand group, sorted."""
    gaps = gap_communities[gap_communities["gap"].fillna(0).astype(bool)]
    return sorted({(str(c), str(t)) for c, t in zip(gaps["community_id"], gaps["fac_type"])})


def conformity_summary(verdicts: pd.DataFrame, conflicts: Optional[pd.DataFrame]) -> dict:
    """Plan features by worst verdict, and the conflicts (not tolerated) worst first."""
    order = {"error": 3, "fail": 2, "review": 1, "pass": 0}
    worst = (
        verdicts.assign(rank=verdicts["verdict_code"].map(order).fillna(0)).groupby("plan_id")["rank"].max()
    )
    by_rank = {code: int((worst == rank).sum()) for code, rank in order.items()}
    listed = []
    if conflicts is not None and len(conflicts):
        shown = conflicts[conflicts["verdict_code"].isin(["fail", "review", "error"])]
        shown = shown.sort_values(["verdict_code", "ovl_area_ell_m2"], ascending=[True, False])
        listed = _records(
            shown,
            [
                "plan_id",
                "rule_id",
                "rule_name",
                "verdict_code",
                "ovl_area_ell_m2",
                "ovl_area_mu",
                "is_sliver",
                "citation",
            ],
        )
    return {"plan_features": int(len(worst)), "by_verdict": by_rank, "conflicts": listed}


def summarize(
    gap_units: Optional[pd.DataFrame] = None,
    gap_communities: Optional[pd.DataFrame] = None,
    sites: Optional[pd.DataFrame] = None,
    site_coverage: Optional[pd.DataFrame] = None,
    conflicts: Optional[pd.DataFrame] = None,
    verdicts: Optional[pd.DataFrame] = None,
    warnings: Optional[pd.DataFrame] = None,
    quality_issues: Optional[List[pd.DataFrame]] = None,
    life_circles: Optional[pd.DataFrame] = None,
    trajectory_stats: Optional[pd.DataFrame] = None,
) -> dict:
    """The key figures of a health check; a section is ``None`` when its step did not run."""
    summary: Dict[str, object] = {}
    summary["quality"] = None
    if quality_issues is not None:
        issues = (
            pd.concat([t for t in quality_issues if len(t)], ignore_index=True)
            if any(len(t) for t in quality_issues)
            else None
        )
        summary["quality"] = {"datasets": len(quality_issues), "errors": 0, "warnings": 0, "checks": []}
        if issues is not None:
            counts = issues.groupby(["layer", "check_id", "severity"]).size().reset_index(name="count")
            summary["quality"].update(
                errors=int((issues["severity"] == "error").sum()),
                warnings=int((issues["severity"] == "warning").sum()),
                checks=_records(counts, ["layer", "check_id", "severity", "count"]),
                issues=_records(
                    issues, ["layer", "check_id", "severity", "record_id", "message_zh", "message_en"]
                ),
            )
    summary["life_circles"] = None
    if life_circles is not None and len(life_circles):
        # circles of neighbouring origins overlap: per-circle means, never a sum over circles
        bands = life_circles.groupby("band_m").agg(
            circles=("band_m", "size"), population=("population", "mean"), mean_area_ha=("area_ha", "mean")
        )
        summary["life_circles"] = [
            {
                "band_m": float(b),
                "circles": int(r.circles),
                "mean_population": float(r.population),
                "mean_area_ha": float(r.mean_area_ha),
            }
            for b, r in bands.iterrows()
        ]
    summary["trajectory"] = (
        _records(
            trajectory_stats,
            ["community_id", "residents", "suppressed", "share_in_walking", "iou_80", "area_80_ha"],
        )
        if trajectory_stats is not None
        else None
    )
    summary["gaps"] = None
    if gap_units is not None:
        summary["gaps"] = {
            "residents_outside": residents_outside(gap_units, gap_communities),
            "top": top_gaps(gap_communities) if gap_communities is not None else [],
            "pairs": gap_pairs(gap_communities) if gap_communities is not None else [],
            "count": int(gap_communities["gap"].fillna(0).astype(bool).sum())
            if gap_communities is not None
            else 0,
        }
    summary["sites"] = None
    if sites is not None:
        summary["sites"] = {
            "chosen": _records(sites, [c for c in sites.columns if c != "geometry"]),
            "coverage": _records(site_coverage, ["group", "population", "share_before", "share_after"]),
        }
    summary["conformity"] = conformity_summary(verdicts, conflicts) if verdicts is not None else None
    summary["warnings"] = None
    if warnings is not None:
        summary["warnings"] = _records(
            warnings,
            ["unit_id", "indicator_id", "indicator", "level", "level_name", "raised_at", "active", "reason"],
        )
    return summary


# -- HTML ------------------------------------------------------------------------------------
def _t(key: str) -> str:
    """Both languages of a label, shown one at a time by the page's language switch."""
    zh, en = LABELS[key]
    return f'<span lang="zh">{escape(zh)}</span><span lang="en">{escape(en)}</span>'


def _both(zh: str, en: str) -> str:
    return f'<span lang="zh">{escape(zh)}</span><span lang="en">{escape(en)}</span>'


def _table(headers: List[str], rows: List[List[str]]) -> str:
    if not rows:
        return f"<p>{_t('none')}</p>"
    head = "".join(f"<th>{_t(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _number(value, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return "–"
    return f"{value:,.{digits}f}"


def _percent(value) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def _figure(maps: Dict[str, str], key: str) -> str:
    uri = maps.get(key)
    return f'<figure><img src="{uri}" alt="{escape(key)}"/></figure>' if uri else ""


def render_html(
    summary: dict,
    maps: Dict[str, str],
    lorenz_chart: str = "",
    facility_names: Optional[Dict[str, tuple]] = None,
    reports: Optional[Dict[str, str]] = None,
    sources: Optional[List[tuple]] = None,
    language: str = "zh",
) -> str:
    """One page: ``maps`` are data URIs by section, ``reports`` links to the tools' own reports,
    ``sources`` are (input or parameter, value) rows, ``language`` the one shown first."""
    names = facility_names or {}
    reports = reports or {}

    def facility(code):
        zh, en = names.get(code, (code, code))
        return _both(zh, en)

    def link(key):
        target = reports.get(key)
        return f'<p><a href="{escape(target)}">{_t("detail_report")}</a></p>' if target else ""

    sections = []
    quality = summary.get("quality")
    gaps = summary.get("gaps")
    conformity = summary.get("conformity")
    warnings = summary.get("warnings")
    sites = summary.get("sites")

    # overview cards
    cards = []
    if gaps and gaps["residents_outside"]:
        worst = gaps["residents_outside"][0]
        cards.append(
            (
                "key_residents_outside",
                f"{_number(worst['residents_outside'])} · {facility(worst['fac_type'])}",
            )
        )
    if gaps:
        cards.append(("key_gaps", _number(gaps["count"])))
    if conformity:
        cards.append(
            ("key_conflicts", f"{conformity['by_verdict']['fail']} / {conformity['by_verdict']['review']}")
        )
    if warnings is not None:
        cards.append(("key_warnings", _number(len(warnings))))
    if sites:
        cards.append(("key_sites", _number(len(sites["chosen"]))))
    if quality:
        cards.append(("key_quality", f"{_number(quality['errors'])} / {_number(quality['warnings'])}"))
    sections.append(
        f"<section><h2>{_t('overview')}</h2><div class='cards'>"
        + "".join(
            f"<div class='card'><div class='k'>{_t(k)}</div><div class='v'>{v}</div></div>" for k, v in cards
        )
        + "</div>"
        + _figure(maps, "overview")
        + "</section>"
    )

    def section(key, body):
        sections.append(f"<section><h2>{_t(key)}</h2>{body}{link(key)}</section>")

    if quality:
        rows = [
            [
                escape(str(issue.get("layer", ""))),
                escape(str(issue.get("record_id") or "")),
                escape(str(issue.get("severity", ""))),
                _both(str(issue.get("message_zh") or ""), str(issue.get("message_en") or "")),
            ]
            for issue in quality.get("issues", [])
        ]
        section(
            "quality",
            f"<p>{_t('datasets')}: {quality['datasets']} · {_t('errors')}: {quality['errors']} · "
            f"{_t('warnings_n')}: {quality['warnings']}</p>"
            + _table(["dataset", "record", "severity", "issue"], rows),
        )
    else:
        section("quality", f"<p>{_t('not_run')}</p>")

    circles = summary.get("life_circles")
    if circles:
        rows = [
            [
                _number(c["band_m"]),
                _number(c["circles"]),
                _number(c["mean_population"]),
                _number(c["mean_area_ha"], 1),
            ]
            for c in circles
        ]
        section(
            "life_circles",
            _table(["band", "circles", "population", "mean_area"], rows) + _figure(maps, "life_circles"),
        )
    else:
        section("life_circles", f"<p>{_t('not_run')}</p>")

    trajectory = summary.get("trajectory")
    if trajectory:
        rows = [
            [
                escape(str(r["community_id"])),
                _number(r.get("residents")),
                _percent(r.get("share_in_walking")),
                _number(r.get("iou_80"), 2),
            ]
            for r in trajectory
        ]
        section(
            "trajectory",
            _table(["community", "residents", "share_in_walking", "iou"], rows) + _figure(maps, "trajectory"),
        )
    else:
        section("trajectory", f"<p>{_t('not_run')}</p>")

    if gaps:
        outside = [
            [
                facility(r["fac_type"]),
                _number(r["radius_m"]),
                _number(r["residents_outside"]),
                _percent(r["share_outside"]),
            ]
            for r in gaps["residents_outside"]
        ]
        top = [
            [
                escape(str(r["community_id"])),
                facility(r["fac_type"]),
                escape(str(r["demand_group"])),
                _percent(r["share_demand"]),
                _number(r["uncovered_demand"]),
            ]
            for r in gaps["top"]
        ]
        section(
            "gaps",
            _table(["facility", "radius", "outside", "outside_share"], outside)
            + _table(["community", "facility", "group", "share_within", "uncovered"], top)
            + _figure(maps, "gaps")
            + (f"<h3>{_t('lorenz')}</h3>{lorenz_chart}" if lorenz_chart else ""),
        )
    else:
        section("gaps", f"<p>{_t('not_run')}</p>")

    if sites:
        chosen = [
            [escape(str(r.get("site_id"))), facility(r.get("fac_type")), _number(r.get("new_pop_total"))]
            for r in sites["chosen"]
        ]
        coverage = [
            [escape(str(r["group"])), _percent(r["share_before"]), _percent(r["share_after"])]
            for r in sites["coverage"]
        ]
        section(
            "sites",
            _table(["site", "facility", "new_pop"], chosen)
            + _table(["group", "before", "after"], coverage)
            + _figure(maps, "sites"),
        )
    else:
        section("sites", f"<p>{_t('not_run')}</p>")

    if conformity:
        counts = [[_both(*VERDICT_LABELS[c]), _number(n)] for c, n in conformity["by_verdict"].items()]
        listed = [
            [
                escape(str(r["plan_id"])),
                escape(str(r["rule_name"])),
                _both(*VERDICT_LABELS.get(r["verdict_code"], (r["verdict_code"], r["verdict_code"]))),
                _number(r.get("ovl_area_ell_m2"), 1),
                _number(r.get("ovl_area_mu"), 2),
                escape(str(r.get("citation") or "")),
            ]
            for r in conformity["conflicts"]
        ]
        section(
            "conformity",
            _table(["verdict", "features"], counts)
            + _table(["parcel", "rule", "verdict", "area_m2", "area_mu", "citation"], listed)
            + _figure(maps, "conformity"),
        )
    else:
        section("conformity", f"<p>{_t('not_run')}</p>")

    if warnings is not None:
        rows = [
            [
                escape(str(w["unit_id"])),
                escape(str(w["indicator"])),
                escape(str(w.get("level_name") or w.get("level"))),
                escape(str(w.get("raised_at") or "")),
                escape(str(w.get("reason") or "")),
            ]
            for w in warnings
        ]
        section(
            "warnings",
            _table(["community", "indicator", "level", "raised", "reason"], rows) + _figure(maps, "warnings"),
        )
    else:
        section("warnings", f"<p>{_t('not_run')}</p>")

    source_rows = [[escape(str(k)), escape(str(v))] for k, v in (sources or [])]
    sections.append(
        f"<section><h2>{_t('sources')}</h2>{_table(['parameter', 'value'], source_rows)}</section>"
    )

    return f"""<!DOCTYPE html>
<html lang="{language}"><head><meta charset="utf-8"/><title>{escape(LABELS['title'][0])} · {escape(LABELS['title'][1])}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }}
h1 {{ color: #1f6f8b; }} h2 {{ border-bottom: 2px solid #1f6f8b; padding-bottom: .2em; }}
table {{ border-collapse: collapse; margin: .6em 0 1.2em; }} th, td {{ border: 1px solid #ccc; padding: .25em .6em; text-align: left; }}
th {{ background: #eef5f8; }} figure {{ margin: .5em 0; }} figure img {{ max-width: 100%; border: 1px solid #ddd; }}
.cards {{ display: flex; flex-wrap: wrap; gap: .8em; }} .card {{ border: 1px solid #cde; border-radius: 6px; padding: .6em 1em; min-width: 12em; }}
.card .k {{ font-size: .85em; color: #555; }} .card .v {{ font-size: 1.4em; font-weight: bold; }}
body.zh [lang="en"], body.en [lang="zh"] {{ display: none; }}
#switch {{ float: right; }}
</style></head>
<body class="{language}">
<button id="switch" onclick="document.body.className = document.body.className == 'zh' ? 'en' : 'zh'">
<span lang="zh">{LABELS['language'][0]}</span><span lang="en">{LABELS['language'][1]}</span></button>
<h1>{_t('title')}</h1><p>{_t('subtitle')}</p>
{''.join(sections)}
</body></html>
"""
