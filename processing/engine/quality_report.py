"""The HTML report of a data-quality check (plain text out; no Qt, no QGIS).

``report_html(result, language="zh" | "en")`` gives a self-contained page: verdict, score,
counts, the summary per check, completeness per field, the checks that could not run, and the
findings (all of them up to ``max_rows``; the page says how many more are in the ERRORS layer).
"""

import html
import math

LABELS = {
    "en": {
        "title": "Data quality report",
        "layer": "Layer",
        "schema": "Dataset schema",
        "features": "Features",
        "crs": "CRS",
        "score": "Quality score",
        "verdict": "Verdict",
        "passed": "PASSED: no errors",
        "failed": "FAILED: {errors} errors",
        "counts": "{errors} errors, {warnings} warnings, {infos} notes",
        "summary": "Findings per check",
        "check": "Check",
        "severity": "Severity",
        "count": "Count",
        "completeness": "Completeness per field",
        "field": "Field",
        "source": "Found as",
        "filled": "Filled",
        "share": "Share",
        "skipped": "Checks that could not run",
        "findings": "Findings",
        "feature": "Feature",
        "id": "Id",
        "message": "Message",
        "location": "Location",
        "more": "{more} more findings are in the ERRORS output.",
        "none": "No findings.",
        "error": "error",
        "warning": "warning",
        "info": "note",
        "missing": "(missing)",
    },
    "zh": {
        "title": "数据质检报告",
        "layer": "图层",
        "schema": "数据标准",
        "features": "要素数",
        "crs": "坐标系",
        "score": "质量得分",
        "verdict": "结论",
        "passed": "通过：无错误",
        "failed": "未通过：{errors} 个错误",
        "counts": "错误 {errors} 个，警告 {warnings} 个，提示 {infos} 个",
        "summary": "各项检查结果",
        "check": "检查项",
        "severity": "级别",
        "count": "数量",
        "completeness": "字段完整性",
        "field": "字段",
        "source": "实际字段名",
        "filled": "已填",
        "share": "填充率",
        "skipped": "未能执行的检查",
        "findings": "问题清单",
        "feature": "要素",
        "id": "编号",
        "message": "说明",
        "location": "位置",
        "more": "另有 {more} 条问题见 ERRORS 输出图层。",
        "none": "未发现问题。",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "missing": "（缺失）",
    },
}

STYLE = """
body{font-family:sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:0.5em 0 1.5em}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f0f0f0}
.error{color:#b00020;font-weight:bold}.warning{color:#b26a00}.info{color:#555}
.passed{color:#1b7f3b;font-weight:bold}.failed{color:#b00020;font-weight:bold}
"""


def _e(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value))


def report_html(result, language: str = "en", max_rows: int = 2000) -> str:
    """A self-contained HTML page for ``result`` (a ``quality.QualityResult``)."""
    lang = "zh" if language == "zh" else "en"
    t = LABELS[lang]
    title_key = f"title_{lang}"
    message_key = f"message_{lang}"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{_e(t['title'])}: {_e(result.layer_name)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(t['title'])}: {_e(result.layer_name)}</h1>",
        "<table>",
    ]
    verdict = (
        f'<span class="passed">{_e(t["passed"])}</span>'
        if result.passed
        else f'<span class="failed">{_e(t["failed"].format(errors=result.n_errors))}</span>'
    )
    rows = [
        (t["layer"], _e(result.layer_name)),
        (t["schema"], _e(result.schema_id)),
        (t["features"], _e(result.n_features)),
        (t["crs"], _e(f"EPSG:{result.crs_epsg}" if result.crs_epsg else "-")),
        (t["score"], _e(f"{result.score:.1f} / 100")),
        (t["verdict"], verdict),
        (
            "",
            _e(t["counts"].format(errors=result.n_errors, warnings=result.n_warnings, infos=result.n_infos)),
        ),
    ]
    out += [f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in rows]
    out.append("</table>")

    out.append(f"<h2>{_e(t['summary'])}</h2>")
    if result.summary.empty:
        out.append(f"<p>{_e(t['none'])}</p>")
    else:
        out.append(
            f"<table><tr><th>{_e(t['check'])}</th><th>{_e(t['severity'])}</th><th>{_e(t['count'])}</th></tr>"
        )
        for row in result.summary.to_dict("records"):
            severity = row["severity"]
            out.append(
                f"<tr><td>{_e(row[title_key])} <small>({_e(row['check_id'])})</small></td>"
                f'<td class="{_e(severity)}">{_e(t.get(severity, severity))}</td><td>{_e(row["count"])}</td></tr>'
            )
        out.append("</table>")

    out.append(f"<h2>{_e(t['completeness'])}</h2>")
    out.append(
        f"<table><tr><th>{_e(t['field'])}</th><th>{_e(t['source'])}</th><th>{_e(t['filled'])}</th>"
        f"<th>{_e(t['share'])}</th></tr>"
    )
    for row in result.completeness.to_dict("records"):
        source = row["source_field"] or t["missing"]
        out.append(
            f"<tr><td>{_e(row['field'])}</td><td>{_e(source)}</td><td>{_e(row['filled'])} / {_e(row['total'])}</td>"
            f"<td>{row['share']:.0%}</td></tr>"
        )
    out.append("</table>")

    if result.skipped:
        out.append(f"<h2>{_e(t['skipped'])}</h2><ul>")
        out += [f"<li>{_e(what)}: {_e(why)}</li>" for what, why in result.skipped]
        out.append("</ul>")

    out.append(f"<h2>{_e(t['findings'])}</h2>")
    issues = result.issues
    if issues.empty:
        out.append(f"<p>{_e(t['none'])}</p>")
    else:
        out.append(
            f"<table><tr><th>{_e(t['severity'])}</th><th>{_e(t['check'])}</th><th>{_e(t['feature'])}</th>"
            f"<th>{_e(t['id'])}</th><th>{_e(t['field'])}</th><th>{_e(t['message'])}</th>"
            f"<th>{_e(t['location'])}</th></tr>"
        )
        for row in issues.head(max_rows).to_dict("records"):
            location = ""
            if not (math.isnan(row["x"]) or math.isnan(row["y"])):
                location = f"{row['x']:.2f}, {row['y']:.2f}"
            severity = row["severity"]
            out.append(
                f'<tr><td class="{_e(severity)}">{_e(t.get(severity, severity))}</td><td>{_e(row["check_id"])}</td>'
                f"<td>{_e(row['feature_id'])}</td><td>{_e(row['record_id'])}</td><td>{_e(row['field'])}</td>"
                f"<td>{_e(row[message_key])}</td><td>{_e(location)}</td></tr>"
            )
        out.append("</table>")
        if len(issues) > max_rows:
            out.append(f"<p>{_e(t['more'].format(more=len(issues) - max_rows))}</p>")
    out.append("</body></html>")
    return "\n".join(out)
