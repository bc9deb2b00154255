"""The data-quality gate: checks data must pass before it enters the platform or an analysis.

Stable API (used by ``communitygov:dataquality``, ``communitygov:platformpublish`` and the dock)::

    from community_governance.processing.engine import quality

    schema = quality.load_schema("facilities")          # a name in resources/schemas/ or a path
    schema = quality.schema_for_layer("STBHHX")         # by layer name (None when unknown)
    quality.available_schemas()                         # ["communities", "facilities", ...]

    result = quality.check_frame(frame, schema, crs_epsg=4548, layer_name="facilities",
                                 progress=callback, cancelled=callback)
                        # schema=None picks it by layer_name (InputError quality_no_schema if none)
    result.passed       # True when no issue has severity "error"
    result.score        # 0..100
    result.issues       # DataFrame, one row per finding (columns: ISSUE_COLUMNS)
    result.summary      # DataFrame per check: check_id, severity, count, title_en, title_zh
    result.completeness # DataFrame per schema field: field, source_field, filled, total, share
    result.field_map    # {canonical field: column found in the data (maybe an alias)}
    result.n_errors, result.n_warnings, result.n_infos, result.n_features
    result.accepted(accept_warnings=False)   # the gate's decision
    quality.enforce(result, accept_warnings=False)   # raises QualityGateRefused unless accepted

    repaired = quality.repair_frame(frame, schema, crs_epsg=4548, target_epsg=None)
    repaired.frame      # a NEW GeoDataFrame: fixed coordinates, valid geometry, fixed text
    repaired.actions    # DataFrame: feature_id, action, field, before, after
    repaired.crs_epsg   # EPSG of repaired.frame

``frame`` is a GeoDataFrame (or a plain DataFrame for tables) whose index is the feature id
(``bridge.source_to_frame`` does that). Issue columns: ``layer, check_id, severity, feature_id,
record_id`` (value of the schema's id field), ``field, value, message_en, message_zh, x, y``
(location in the frame's CRS; NaN for dataset-level findings), ``related`` (the other feature of
an overlap or duplicate).

Check ids are permanent and listed with their default severity, title and message templates in
``resources/schemas/checks.yaml`` (data, not Qt translations): ``crs.*`` (missing,
not_cgcs2000, impossible, swapped_axes, zone_prefix, zone_prefix_missing, outside_area),
``schema.*`` (geometry_type, field_missing, field_alias, type, null, domain, code_warning, range,
unit, completeness), ``id.duplicate``, ``geometry.*`` (null, empty, invalid, duplicate,
duplicate_vertex), ``topology.overlap``, ``topology.gap``, ``network.*`` (crossing, fragment,
reversed; line layers), ``encoding.mojibake``, ``encoding.unrecoverable`` and ``rule.<rule id>``
for the cross-field rules of a dataset schema (e.g. ``rule.age_groups_sum``). A schema may
change a check's severity. Personal fields (``personal: true``) are never echoed in messages.

The 2023 用地用海 code table comes from ``engine/landuse.py`` when present (else
``resources/schemas/domains.yaml``); ``landuse.check_codes`` adds ``schema.code_warning`` for
2020 trial codes, GB 50137 letter codes and classic mistakes (``05`` used for commercial land).

Speed on shapely 1.8 (no vectorised GEOS): one GEOS validity call per non-point geometry; bounds
through ``compat.bounds_array``; duplicates only compared where bounds coincide; overlap pairs
from a numpy grid hash (``quality_spatial.bbox_pairs``) filtered by box overlap > tolerance.

Score: ``100 * (1 - (E + 0.25 W) / N) - 10 * dataset-level errors - 2 * dataset-level warnings``
clamped to 0..100, where N is the number of features, E the features with at least one error and
W those with warnings only.
"""

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy as np
import pandas as pd

from . import compat
from .errors import ConfigError, InputError, check_cancel, never_cancelled, no_progress
from .quality_text import scan_values

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "resources" / "schemas"
ISSUE_COLUMNS = [
    "layer",
    "check_id",
    "severity",
    "feature_id",
    "record_id",
    "field",
    "value",
    "message_en",
    "message_zh",
    "x",
    "y",
    "related",
]
SEVERITIES = ("error", "warning", "info")
TYPE_NAMES_ZH = {
    "string": "文本",
    "integer": "整数",
    "number": "数值",
    "boolean": "布尔",
    "datetime": "日期时间",
    "date": "日期",
    "code": "代码",
}
SHAPEFILE_NAME_LIMIT = 10  # dBASE field names
_RESERVED_SCHEMA_FILES = {"checks.yaml", "domains.yaml"}  # catalogues, not dataset schemas


# -- errors ------------------------------------------------------------------------------------
class QualityGateRefused(InputError):
    """The data did not pass the quality gate (errors, or warnings not accepted)."""

    code = "quality_gate_refused"
    template = "Layer {layer} did not pass the data-quality gate: {errors} errors, {warnings} warnings."


# -- catalogues ----------------------------------------------------------------------------------
def _read_yaml(path: Path, json_schema: Optional[str] = None):
    """A YAML file, validated against ``resources/schemas/<json_schema>`` when given."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 - safe loader
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(file=str(path), detail=str(error)) from error
    if json_schema:
        import jsonschema

        try:
            jsonschema.validate(data, _json_schema(json_schema))
        except jsonschema.ValidationError as error:
            location = "/".join(str(p) for p in error.absolute_path)
            raise ConfigError(file=str(path), detail=f"{location}: {error.message}") from error
    return data


@lru_cache(maxsize=8)
def _json_schema(name: str) -> dict:
    import json

    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_checks() -> dict:
    """The check catalogue: ``{"checks": {id: {severity, en, zh}}, "geos_reasons": {...}}``."""
    return _read_yaml(SCHEMA_DIR / "checks.yaml", "checks.schema.json")


@lru_cache(maxsize=1)
def load_domains() -> dict:
    """``{domain: {"title": {en, zh}, "values": {code(str): name}}}`` from domains.yaml."""
    data = _read_yaml(SCHEMA_DIR / "domains.yaml", "domains.schema.json").get("domains") or {}
    domains = {}
    for name, entry in data.items():
        values = entry.get("values") or {}
        if not isinstance(values, dict) or not values:
            raise ConfigError(file="domains.yaml", detail=f"domain {name} has no values")
        domains[name] = {
            "title": entry.get("title") or {"en": name, "zh": name},
            "values": {_code_text(code): label for code, label in values.items()},
        }
    return domains


def _landuse_module():
    """``processing/engine/landuse.py`` (the conformity helper's authoritative 2023 code table)
    when it is present and loads, else ``None`` (domains.yaml's copy is used)."""
    try:
        from . import landuse

        landuse.code_table()
    except Exception:  # noqa: BLE001 - absent or broken module: fall back to our own table
        return None
    return landuse


def _domain_values(name: str) -> dict:
    if name == "landuse_2023":
        landuse = _landuse_module()
        if landuse is not None:
            values = {_code_text(code): label for code, label in landuse.code_table().items()}
            legacy = (landuse._tables()[0].get("legacy_2020") or {}) if hasattr(landuse, "_tables") else {}
            values.update(
                {_code_text(code): label for code, label in legacy.items() if _code_text(code) not in values}
            )
            return values
    domains = load_domains()
    if name not in domains:
        raise ConfigError(file="domains.yaml", detail=f"unknown domain {name}")
    return domains[name]["values"]


# -- schemas -------------------------------------------------------------------------------------
@dataclass
class FieldSpec:
    name: str
    type: str
    aliases: tuple = ()
    required: bool = False
    nullable: bool = True
    unique: bool = False
    unit: Optional[str] = None
    min: object = None
    max: object = None
    min_exclusive: bool = False
    values: Optional[dict] = None  # allowed codes -> names (from `values` or `domain`)
    domain: Optional[str] = None
    min_completeness: Optional[float] = None
    percent: bool = False
    personal: bool = False


@dataclass
class DatasetSchema:
    id: str
    title: dict
    geometry: str
    fields: list
    rules: list = field(default_factory=list)
    id_field: Optional[str] = None
    crs_family: str = "CGCS2000"
    recommended_epsg: Optional[int] = None
    topology: dict = field(default_factory=dict)
    severity: dict = field(default_factory=dict)
    layer_names: tuple = ()
    path: Optional[Path] = None

    def field(self, name: str) -> Optional[FieldSpec]:
        for spec in self.fields:
            if spec.name == name:
                return spec
        return None


def available_schemas() -> list:
    """Names of the dataset schemas shipped in resources/schemas/."""
    return sorted(p.stem for p in SCHEMA_DIR.glob("*.yaml") if p.name not in _RESERVED_SCHEMA_FILES)


def load_schema(name_or_path) -> DatasetSchema:
    """A dataset schema by name (``"facilities"``) or path to a YAML file, validated."""
    if isinstance(name_or_path, DatasetSchema):
        return name_or_path
    text = str(name_or_path)
    path = Path(text)
    if not (path.suffix.lower() in (".yaml", ".yml") and path.exists()):
        path = SCHEMA_DIR / f"{text}.yaml"
        if not path.exists() or path.name in _RESERVED_SCHEMA_FILES:
            raise ConfigError(
                code="quality_schema_unknown",
                template="Unknown dataset schema {schema} (known: {known}).",
                file=text,
                schema=text,
                known=", ".join(available_schemas()),
                detail=f"unknown dataset schema {text}",
            )
    return _load_schema_file(path.resolve())


@lru_cache(maxsize=64)
def _load_schema_file(path: Path) -> DatasetSchema:
    data = _read_yaml(path, "dataset.schema.json")
    fields = []
    for entry in data.get("fields") or []:
        values = None
        if "values" in entry:
            values = {_code_text(v): None for v in entry["values"]}
        if "domain" in entry:
            values = _domain_values(entry["domain"])
        fields.append(
            FieldSpec(
                name=entry["name"],
                type=entry["type"],
                aliases=tuple(entry.get("aliases") or ()),
                required=bool(entry.get("required", False)),
                nullable=bool(entry.get("nullable", True)),
                unique=bool(entry.get("unique", False)),
                unit=entry.get("unit"),
                min=entry.get("min"),
                max=entry.get("max"),
                min_exclusive=bool(entry.get("min_exclusive", False)),
                values=values,
                domain=entry.get("domain"),
                min_completeness=entry.get("min_completeness"),
                percent=bool(entry.get("percent", False)),
                personal=bool(entry.get("personal", False)),
            )
        )
    names = [f.name for f in fields]
    for rule in data.get("rules") or []:
        for key in ("parts", "total", "left", "code", "name", "field"):
            referenced = rule.get(key)
            for ref in referenced if isinstance(referenced, list) else [referenced]:
                if ref is not None and ref not in names:
                    raise ConfigError(file=str(path), detail=f"rule {rule['id']} uses unknown field {ref}")
        if rule.get("right_is_field") and rule.get("right") not in names:
            raise ConfigError(file=str(path), detail=f"rule {rule['id']} uses unknown field {rule['right']}")
        if "domain" in rule:
            _domain_values(rule["domain"])
    crs = data.get("crs") or {}
    return DatasetSchema(
        id=data["id"],
        title=data["title"],
        geometry=data["geometry"],
        fields=fields,
        rules=list(data.get("rules") or []),
        id_field=data.get("id_field"),
        crs_family=crs.get("family", "CGCS2000"),
        recommended_epsg=crs.get("recommended_epsg"),
        topology=dict(data.get("topology") or {}),
        severity=dict(data.get("severity") or {}),
        layer_names=tuple(data.get("layer_names") or ()),
        path=path,
    )


def schema_for_layer(layer_name: str) -> Optional[DatasetSchema]:
    """The shipped schema whose ``layer_names`` (or id) match ``layer_name``, else ``None``."""
    wanted = _norm(layer_name)
    for name in available_schemas():
        schema = load_schema(name)
        if wanted == _norm(schema.id) or wanted in {_norm(n) for n in schema.layer_names}:
            return schema
    return None


# -- helpers -------------------------------------------------------------------------------------
def _norm(name) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip()).lower()


def _code_text(value) -> Optional[str]:
    """A code as text: ``7.0`` -> ``"7"``, ``" 0701 "`` -> ``"0701"``, null -> ``None``."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))
    if isinstance(value, (bool, np.bool_)):
        return str(int(value))
    if isinstance(value, (np.integer,)):
        return str(int(value))
    if isinstance(value, np.floating):
        return _code_text(float(value))
    return str(value).strip()


def _fmt(value) -> str:
    """Human-readable value for messages."""
    if value is None:
        return ""
    if isinstance(value, (np.floating, float)):
        value = float(value)
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.2f}".rstrip("0").rstrip(".") if abs(value) >= 0.01 else f"{value:.4g}"
    if isinstance(value, np.integer):
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


class _SafeDict(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def _null_mask(series: pd.Series) -> np.ndarray:
    mask = series.isna().to_numpy()
    if _is_text(series):
        blank = series.map(lambda v: isinstance(v, str) and not v.strip()).to_numpy(dtype=bool)
        mask = mask | blank
    return mask


def _is_text(series: pd.Series) -> bool:
    """Object columns (pandas < 3) and string columns (pandas 3's default ``str`` dtype)."""
    return series.dtype == object or pd.api.types.is_string_dtype(series.dtype)


def _bound(value, kind: str):
    """A schema bound as number or UTC timestamp (``now``, ``now+1d``, ISO date)."""
    if value is None:
        return None
    if kind in ("datetime", "date"):
        text = str(value)
        match = re.fullmatch(r"now(?:([+-]\d+)d)?", text)
        if match:
            days = int(match.group(1) or 0)
            return pd.Timestamp.now(tz="UTC") + pd.Timedelta(days=days)
        stamp = pd.Timestamp(text)
        return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return float(value)


def _to_datetime(series: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series):
        out = series
        if getattr(out.dt, "tz", None) is None:
            out = out.dt.tz_localize("UTC")
        return out.dt.tz_convert("UTC")

    def parse(value):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return pd.NaT
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError):
            return pd.NaT
        if stamp is pd.NaT:
            return pd.NaT
        return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")

    fast = _iso_with_offset(series)
    if fast is not None:
        return fast
    try:
        return pd.to_datetime(series, errors="raise", utc=True)
    except (ValueError, TypeError):
        return pd.to_datetime(series.map(parse), utc=True)


_ISO_OFFSET = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$"


def _iso_with_offset(series: pd.Series):
    """Fast path for ``YYYY-MM-DDTHH:MM:SS+HH:MM`` text (the platform's format), else ``None``.

    pandas 1.5 parses offset-carrying strings one by one (~17 us each); the naive part parses in
    C and the few distinct offsets are applied as timedeltas.
    """
    text = series.dropna()
    if text.empty or text.map(type).ne(str).any():
        return None
    if not text.str.match(_ISO_OFFSET).all():
        return None
    base = pd.to_datetime(text.str[:19], format="%Y-%m-%dT%H:%M:%S", errors="coerce")
    offsets = text.str[19:]
    shift = {
        o: pd.Timedelta(hours=int(o[1:3]), minutes=int(o[4:6])) * (1 if o[0] == "+" else -1)
        for o in offsets.unique()
    }
    parsed = (base - offsets.map(shift)).dt.tz_localize("UTC")
    return parsed.reindex(series.index)


# -- issue log -----------------------------------------------------------------------------------
class IssueLog:
    """Collects findings chunk by chunk (vectorised) and renders them once at the end."""

    def __init__(self, overrides: Optional[dict] = None):
        catalogue = load_checks()
        self.checks = catalogue.get("checks") or {}
        self.reasons_zh = catalogue.get("geos_reasons") or {}
        self.overrides = overrides or {}
        self.chunks = []

    def severity_of(self, check_id: str, default: Optional[str] = None) -> str:
        if check_id in self.overrides:
            return self.overrides[check_id]
        if default:
            return default
        return self.checks.get(check_id, {}).get("severity", "error")

    def add(
        self, check_id, rows, field=None, params=None, severity=None, xy=None, message=None, related=None
    ):
        rows = np.atleast_1d(np.asarray(rows, dtype=np.int64))
        if rows.size == 0:
            return
        if message is None and check_id not in self.checks:
            raise ConfigError(file="checks.yaml", detail=f"unknown check {check_id}")
        self.chunks.append(
            {
                "check_id": check_id,
                "rows": rows,
                "field": field,
                "params": params or {},
                "severity": self.severity_of(check_id, severity),
                "xy": xy,
                "message": message or self.checks[check_id],
                "related": related,
            }
        )

    def frame(self, layer: str, index, record_ids, locate) -> pd.DataFrame:
        records = []
        for chunk in self.chunks:
            rows = chunk["rows"]
            n = rows.size
            params = {k: (list(v) if _is_sequence(v) else [v] * n) for k, v in chunk["params"].items()}
            related = chunk["related"]
            related = list(related) if _is_sequence(related) else [related] * n
            if chunk["xy"] is not None:
                xs, ys = (np.asarray(chunk["xy"][0], dtype=float), np.asarray(chunk["xy"][1], dtype=float))
            else:
                xs, ys = locate(rows)
            template_en = chunk["message"]["en"]
            template_zh = chunk["message"]["zh"]
            for i in range(n):
                row = int(rows[i])
                values = {k: v[i] for k, v in params.items()}
                values.setdefault("field", chunk["field"] or "")
                en = {k: _fmt(v) for k, v in values.items() if not k.endswith("_zh")}
                zh = dict(en)
                zh.update({k[:-3]: _fmt(v) for k, v in values.items() if k.endswith("_zh")})
                records.append(
                    (
                        layer,
                        chunk["check_id"],
                        chunk["severity"],
                        None if row < 0 else _python(index[row]),
                        None if row < 0 or record_ids is None else _fmt(record_ids[row]),
                        chunk["field"] or "",
                        en.get("value", ""),
                        template_en.format_map(_SafeDict(en)),
                        template_zh.format_map(_SafeDict(zh)),
                        float(xs[i]),
                        float(ys[i]),
                        "" if related[i] is None else _fmt(related[i]),
                    )
                )
        table = pd.DataFrame.from_records(records, columns=ISSUE_COLUMNS)
        table["feature_id"] = pd.Series([r[3] for r in records], dtype=object)
        table["record_id"] = pd.Series([r[4] for r in records], dtype=object)
        return table


def _is_sequence(value) -> bool:
    return isinstance(value, (list, tuple, np.ndarray, pd.Series, pd.Index))


def _python(value):
    return value.item() if hasattr(value, "item") else value


# -- result --------------------------------------------------------------------------------------
@dataclass
class QualityResult:
    layer_name: str
    schema_id: str
    issues: pd.DataFrame
    summary: pd.DataFrame
    completeness: pd.DataFrame
    field_map: dict
    n_features: int
    score: float
    crs_epsg: Optional[int] = None
    skipped: list = field(default_factory=list)  # [(what, reason)] checks that could not run

    @property
    def n_errors(self) -> int:
        return int((self.issues["severity"] == "error").sum())

    @property
    def n_warnings(self) -> int:
        return int((self.issues["severity"] == "warning").sum())

    @property
    def n_infos(self) -> int:
        return int((self.issues["severity"] == "info").sum())

    @property
    def passed(self) -> bool:
        return self.n_errors == 0

    def accepted(self, accept_warnings: bool = False) -> bool:
        """The gate's decision: no errors, and no warnings unless they are accepted."""
        return self.passed and (accept_warnings or self.n_warnings == 0)

    def errors(self) -> pd.DataFrame:
        return self.issues[self.issues["severity"] == "error"]


def enforce(result: QualityResult, accept_warnings: bool = False) -> QualityResult:
    """Return ``result`` when the gate accepts it, else raise :class:`QualityGateRefused`."""
    if not result.accepted(accept_warnings):
        raise QualityGateRefused(
            layer=result.layer_name,
            errors=result.n_errors,
            warnings=result.n_warnings,
            score=round(result.score, 1),
        )
    return result


# -- field mapping -------------------------------------------------------------------------------
def resolve_fields(columns, schema: DatasetSchema) -> tuple:
    """``({canonical: column}, {canonical: alias used})`` for the schema fields found in ``columns``."""
    by_norm = {}
    for column in columns:
        by_norm.setdefault(_norm(column), column)
    used = set()
    mapping, via_alias = {}, {}
    for spec in schema.fields:  # canonical names first, so an alias never steals one
        column = by_norm.get(_norm(spec.name))
        if column is not None and column not in used:
            mapping[spec.name] = column
            used.add(column)
    for spec in schema.fields:
        if spec.name in mapping:
            continue
        for alias in spec.aliases:
            column = by_norm.get(_norm(alias))
            if column is not None and column not in used:
                mapping[spec.name] = column
                via_alias[spec.name] = column
                used.add(column)
                break
    # shapefiles cut field names to 10 characters (community_id -> community_)
    for spec in schema.fields:
        if spec.name in mapping:
            continue
        for name in (spec.name, *spec.aliases):
            wanted = _norm(name)
            if len(wanted) <= SHAPEFILE_NAME_LIMIT:
                continue
            column = by_norm.get(wanted[:SHAPEFILE_NAME_LIMIT])
            if column is not None and column not in used:
                mapping[spec.name] = column
                via_alias[spec.name] = column
                used.add(column)
                break
    return mapping, via_alias


# -- the check -----------------------------------------------------------------------------------
def check_frame(
    frame,
    schema,
    crs_epsg: Optional[int] = None,
    layer_name: str = "",
    progress=no_progress,
    cancelled=never_cancelled,
) -> QualityResult:
    """Run every check of ``schema`` on ``frame``; the frame is never modified.

    ``schema``: a :class:`DatasetSchema`, a schema name, a YAML path, or ``None`` to pick it
    from ``layer_name`` (:func:`schema_for_layer`; ``InputError`` code ``quality_no_schema``
    when nothing matches).
    """
    from . import quality_network as network
    from . import quality_spatial as spatial

    if schema is None:  # by the layer name (plan_parcels, STBHHX, 居住小区 ...)
        schema = schema_for_layer(layer_name) if layer_name else None
        if schema is None:
            raise InputError(
                code="quality_no_schema",
                template="No dataset schema matches the layer name {layer}.",
                layer=layer_name,
                detail=f"no dataset schema matches the layer name {layer_name}",
            )
    schema = load_schema(schema)
    layer_name = layer_name or schema.id
    log = IssueLog(schema.severity)
    skipped = []
    n = len(frame)
    has_geometry = _has_geometry(frame)
    if crs_epsg is None and has_geometry and frame.crs is not None:
        crs_epsg = frame.crs.to_epsg()
    mapping, via_alias = resolve_fields(frame.columns, schema)
    progress(0.02)

    # fields present?
    for spec in schema.fields:
        if spec.name in via_alias:
            log.add("schema.field_alias", -1, field=spec.name, params={"value": via_alias[spec.name]})
        elif spec.name not in mapping and spec.required:
            log.add(
                "schema.field_missing",
                -1,
                field=spec.name,
                params={"aliases": ", ".join(spec.aliases) or "-"},
            )
    id_column = mapping.get(schema.id_field) if schema.id_field else None
    record_ids = frame[id_column].to_numpy() if id_column is not None else None
    # how findings name another feature: by the schema's id when there is one, else the feature id
    labels = (
        frame.index.to_numpy()
        if record_ids is None
        else np.array([_fmt(v) for v in record_ids], dtype=object)
    )

    # geometry, CRS, duplicates
    geoms = None
    metric = None
    if has_geometry and schema.geometry != "none":
        geoms = _geometry_array(frame)
        check_cancel(cancelled)
        state = spatial.check_geometries(geoms, schema, log, progress=_span(progress, 0.02, 0.35))
        check_cancel(cancelled)
        spatial.check_crs(geoms, state, crs_epsg, schema, log, skipped)
        progress(0.4)
        metric = spatial.MetricFrame(geoms, state, crs_epsg, skipped)
        if schema.topology.get("duplicates", True):
            keys = [_column(frame, mapping, name) for name in schema.topology.get("duplicate_keys", [])]
            spatial.check_duplicates(geoms, state, log, labels, [k for k in keys if k is not None])
        check_cancel(cancelled)
        if schema.geometry == "polygon" and schema.topology.get("overlaps"):
            spatial.check_overlaps(metric, state, schema, log, labels, cancelled, _span(progress, 0.45, 0.7))
        if schema.geometry == "polygon" and schema.topology.get("gaps"):
            spatial.check_gaps(metric, state, schema, log, labels)
        if schema.geometry in ("line", "polygon") and schema.topology.get("duplicate_vertices", True):
            network.check_duplicate_vertices(metric, state, log)
        if schema.geometry == "line" and schema.topology.get("network"):
            names = _column(frame, mapping, schema.topology.get("name_field"))
            levels = _column(frame, mapping, schema.topology.get("level_field"))
            network.check_network(
                metric,
                state,
                schema,
                log,
                labels,
                levels=levels,
                names=names,
                progress=_span(progress, 0.7, 0.75),
            )
    elif has_geometry is False and schema.geometry not in ("none", "any"):
        log.add("schema.geometry_type", -1, params={"value": "none", "expected": schema.geometry})
    progress(0.75)

    # ids, fields, encoding, rules
    completeness_rows = []
    parsed = {}
    for spec in schema.fields:
        check_cancel(cancelled)
        column = mapping.get(spec.name)
        if column is None:
            completeness_rows.append((spec.name, "", 0, n, 0.0))
            continue
        filled, parsed[spec.name] = _check_field(frame[column], spec, schema, log)
        completeness_rows.append((spec.name, str(column), filled, n, filled / n if n else 1.0))
    _check_landuse_codes(frame, mapping, schema, log)
    progress(0.85)
    _check_encoding(frame, mapping, schema, log)
    progress(0.9)
    _check_rules(schema, parsed, mapping, metric, log, skipped)
    progress(0.95)

    # results
    def locate(rows):
        return spatial.locate(geoms, rows)

    issues = log.frame(layer_name, frame.index, record_ids, locate)
    summary = _summary(issues, log)
    completeness = pd.DataFrame.from_records(
        completeness_rows, columns=["field", "source_field", "filled", "total", "share"]
    )
    result = QualityResult(
        layer_name=layer_name,
        schema_id=schema.id,
        issues=issues,
        summary=summary,
        completeness=completeness,
        field_map=mapping,
        n_features=n,
        score=_score(issues, n),
        crs_epsg=crs_epsg,
        skipped=skipped,
    )
    progress(1.0)
    return result


def _geometry_array(frame) -> np.ndarray:
    """The frame's geometries as a new 1-D object array (without a per-item pandas lookup)."""
    data = getattr(frame.geometry.values, "_data", None)  # geopandas' GeometryArray storage
    if isinstance(data, np.ndarray) and data.dtype == object and data.ndim == 1:
        return data.copy()
    return compat.object_array(frame.geometry)


def _column(frame, mapping: dict, name):
    column = mapping.get(name) if name else None
    return None if column is None else frame[column].to_numpy()


def _span(progress, start, end):
    return lambda fraction: progress(start + (end - start) * min(max(fraction, 0.0), 1.0))


def _has_geometry(frame) -> bool:
    try:
        geometry = frame.geometry
    except AttributeError:
        return False
    return geometry is not None and getattr(geometry, "name", None) in frame.columns


def _check_field(series: pd.Series, spec: FieldSpec, schema: DatasetSchema, log: IssueLog):
    """Type, null, domain, range, unit and uniqueness of one field; returns (filled, parsed)."""
    null = _null_mask(series)
    filled = int((~null).sum())
    n = len(series)
    shown = series.map(lambda v: "***") if spec.personal else series
    if not spec.nullable:
        rows = np.flatnonzero(null)
        log.add("schema.null", rows, field=spec.name)
    if spec.min_completeness is not None and n and filled / n < spec.min_completeness:
        log.add(
            "schema.completeness",
            -1,
            field=spec.name,
            params={"value": f"{filled / n:.0%}", "expected": f"{spec.min_completeness:.0%}"},
        )
    parsed = series
    bad_type = np.zeros(n, dtype=bool)
    if spec.type in ("integer", "number"):
        if series.dtype == bool:
            parsed = series.astype(float)
        else:
            parsed = _floats(series)
        bad_type = parsed.isna().to_numpy() & ~null
        if spec.type == "integer":
            values = parsed.to_numpy(dtype=float)
            with np.errstate(invalid="ignore"):
                fractional = np.isfinite(values) & (np.floor(values) != values)
            bad_type |= fractional
            parsed = parsed.where(~fractional)
    elif spec.type in ("datetime", "date"):
        parsed = _to_datetime(series)
        bad_type = parsed.isna().to_numpy() & ~null
    elif spec.type == "boolean":
        allowed = {"0", "1", "true", "false", "t", "f", "yes", "no", "是", "否"}
        codes = series.map(lambda v: None if v is None else str(_code_text(v)).lower())
        bad_type = ~codes.isin(allowed).to_numpy() & ~null
    elif spec.type == "code":
        parsed = series.map(_code_text)
    rows = np.flatnonzero(bad_type)
    log.add(
        "schema.type",
        rows,
        field=spec.name,
        params={
            "value": shown.to_numpy()[rows],
            "expected": spec.type,
            "expected_zh": TYPE_NAMES_ZH[spec.type],
        },
    )
    valid = ~null & ~bad_type

    # domain
    if spec.values is not None:
        codes = series.map(_code_text)
        outside = valid & ~codes.isin(list(spec.values)).to_numpy()
        rows = np.flatnonzero(outside)
        if rows.size:
            domain_en, domain_zh = _domain_label(spec)
            log.add(
                "schema.domain",
                rows,
                field=spec.name,
                params={"value": shown.to_numpy()[rows], "domain": domain_en, "domain_zh": domain_zh},
            )
    # range
    if spec.min is not None or spec.max is not None:
        kind = "datetime" if spec.type in ("datetime", "date") else "number"
        low, high = _bound(spec.min, kind), _bound(spec.max, kind)
        if kind == "number" or spec.type in ("integer", "number"):
            values = pd.to_numeric(parsed, errors="coerce") if kind == "number" else parsed
        else:
            values = parsed
        outside = np.zeros(n, dtype=bool)
        if low is not None:
            below = (values <= low) if spec.min_exclusive else (values < low)
            outside |= below.fillna(False).to_numpy(dtype=bool)
        if high is not None:
            outside |= (values > high).fillna(False).to_numpy(dtype=bool)
        outside &= valid
        rows = np.flatnonzero(outside)
        if rows.size:
            log.add(
                "schema.range",
                rows,
                field=spec.name,
                params={"value": shown.to_numpy()[rows], "expected": _range_text(spec, low, high)},
            )
    # percent given as fractions
    if spec.percent:
        values = _floats(series).to_numpy()
        positive = np.isfinite(values) & (values > 0)
        if positive.any():
            above_one = positive & (values > 1)
            if not above_one.any():
                log.add(
                    "schema.unit",
                    -1,
                    field=spec.name,
                    params={
                        "detail": "every value is at most 1: fractions where percentages (0-100) are expected",
                        "detail_zh": "所有取值均不大于 1：应填百分数（0-100），却填了小数",
                    },
                )
            elif above_one.sum() > 0.5 * positive.sum():
                rows = np.flatnonzero(positive & (values <= 1))
                log.add(
                    "schema.unit",
                    rows,
                    field=spec.name,
                    params={
                        "value": values[rows],
                        "detail": [
                            f"{v:g} looks like a fraction; the other values are percentages"
                            for v in values[rows]
                        ],
                        "detail_zh": [f"{v:g} 疑似小数，而其他取值为百分数" for v in values[rows]],
                    },
                )
    # unique values (the id field and unique fields)
    if spec.unique or spec.name == schema.id_field:
        keys = series.map(_code_text)
        duplicated = keys.duplicated(keep=False).to_numpy() & ~null
        rows = np.flatnonzero(duplicated)
        if rows.size:
            counts = keys[duplicated].map(keys[duplicated].value_counts())
            log.add(
                "id.duplicate",
                rows,
                field=spec.name,
                params={"value": shown.to_numpy()[rows], "count": counts.to_numpy()},
            )
    return filled, parsed


def _check_landuse_codes(frame, mapping: dict, schema: DatasetSchema, log: IssueLog) -> None:
    """2020 trial codes, GB 50137 letter codes and classic mistakes (05 used for commercial land)
    in 用地用海 fields, through ``landuse.check_codes`` when that module is present."""
    landuse = _landuse_module()
    if landuse is None:
        return
    for spec in schema.fields:
        if spec.domain != "landuse_2023" or spec.name not in mapping:
            continue
        name_field = next(
            (r["name"] for r in schema.rules if r.get("kind") == "code_name" and r.get("code") == spec.name),
            None,
        )
        codes = frame[mapping[spec.name]].to_numpy()
        names = frame[mapping[name_field]].to_numpy() if name_field in mapping else None
        rows, values, details, suggestions = [], [], [], []
        for found in landuse.check_codes(codes, names, ids=list(range(len(codes)))):
            if found["status"] in (landuse.UNKNOWN, landuse.EMPTY):
                continue  # schema.domain / schema.null report those
            rows.append(found["id"])
            values.append(found["code"])
            details.append(found["detail"] or found["status"])
            suggestions.append(found["suggestion"] or "-")
        log.add(
            "schema.code_warning",
            rows,
            field=spec.name,
            params={"value": values, "detail": details, "suggestion": suggestions},
        )


def _domain_label(spec: FieldSpec):
    if spec.domain:
        title = load_domains()[spec.domain]["title"]
        count = len(spec.values)
        return f"{title['en']}, {count} codes", f"{title['zh']}，共 {count} 个代码"
    listing = ", ".join(spec.values)
    return listing, listing


def _range_text(spec: FieldSpec, low, high) -> str:
    def show(bound):
        if isinstance(bound, pd.Timestamp):
            return bound.strftime("%Y-%m-%d")
        return _fmt(bound)

    left = "(" if spec.min_exclusive else "["
    text = f"{left}{show(low) if low is not None else '-∞'}, {show(high) if high is not None else '∞'}]"
    return f"{text} {spec.unit}" if spec.unit else text


def _check_encoding(frame, mapping: dict, schema: DatasetSchema, log: IssueLog) -> None:
    """Mojibake in every text column (schema fields or not)."""
    personal = {mapping[s.name] for s in schema.fields if s.personal and s.name in mapping}
    canonical = {column: name for name, column in mapping.items()}
    geometry_name = frame.geometry.name if _has_geometry(frame) else None
    for column in frame.columns:
        if column == geometry_name or not _is_text(frame[column]):
            continue
        series = frame[column]
        found = scan_values(series.to_numpy())
        if not found:
            continue
        name = canonical.get(column, str(column))
        hidden = column in personal
        for kind, check_id in (
            ("mojibake", "encoding.mojibake"),
            ("unrecoverable", "encoding.unrecoverable"),
        ):
            chosen = {value: d for value, d in found.items() if d.kind == kind}
            if not chosen:
                continue
            mask = series.isin(list(chosen)).to_numpy()
            rows = np.flatnonzero(mask)
            values = series.to_numpy()[rows]
            diagnoses = [chosen[v] for v in values]
            log.add(
                check_id,
                rows,
                field=name,
                params={
                    "value": ["***" if hidden else v for v in values],
                    "fixed": ["***" if hidden else (d.fixed or "") for d in diagnoses],
                    "detail": [d.detail for d in diagnoses],
                    "detail_zh": [d.detail_zh for d in diagnoses],
                },
            )


def _numeric(parsed: dict, name: str):
    values = parsed.get(name)
    if values is None:
        return None
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    return _floats(values)


def _floats(series: pd.Series) -> pd.Series:
    """Numbers as float64 (text that is no number, pandas NA and None become NaN)."""
    if series.dtype == bool:
        return series.astype("float64")
    return pd.to_numeric(series, errors="coerce").astype("float64")


_OPS = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def _check_rules(schema: DatasetSchema, parsed: dict, mapping: dict, metric, log: IssueLog, skipped) -> None:
    for rule in schema.rules:
        check_id = f"rule.{rule['id']}"
        severity = log.overrides.get(check_id, rule.get("severity", "error"))
        message = rule.get("message") or {
            "en": f"Rule {rule['id']} is violated.",
            "zh": f"违反规则 {rule['id']}。",
        }
        kind = rule["kind"]
        needed = {
            "sum_equals": list(rule.get("parts", [])) + [rule.get("total")],
            "compare": [rule.get("left")] + ([rule["right"]] if rule.get("right_is_field") else []),
            "code_name": [rule.get("code"), rule.get("name")],
            "area_matches": [rule.get("field")],
        }[kind]
        missing = [name for name in needed if name not in parsed]
        if missing:
            skipped.append((check_id, f"missing fields: {', '.join(missing)}"))
            continue
        add = dict(field=rule.get("total") or rule.get("left") or rule.get("code") or rule.get("field"))
        if kind == "sum_equals":
            parts = pd.concat([_numeric(parsed, p) for p in rule["parts"]], axis=1)
            total = _numeric(parsed, rule["total"])
            total_sum = parts.sum(axis=1, min_count=len(rule["parts"]))
            known = total_sum.notna() & total.notna()
            wrong = known & ((total_sum - total).abs() > float(rule.get("tolerance", 0)))
            rows = np.flatnonzero(wrong.to_numpy())
            log.add(
                check_id,
                rows,
                params={
                    "sum": total_sum.to_numpy()[rows],
                    "total": total.to_numpy()[rows],
                    "value": total.to_numpy()[rows],
                },
                severity=severity,
                message=message,
                **add,
            )
        elif kind == "compare":
            left = _numeric(parsed, rule["left"])
            if rule.get("right_is_field"):
                right = _numeric(parsed, rule["right"])
                right_values = right.to_numpy()
                known = left.notna() & right.notna()
            else:
                right = float(rule["right"])
                right_values = np.full(len(left), right)
                known = left.notna()
            ok = _OPS[rule["op"]](left, right)
            wrong = known & ~ok.fillna(False).astype(bool)
            rows = np.flatnonzero(wrong.to_numpy())
            log.add(
                check_id,
                rows,
                params={
                    "left": left.to_numpy()[rows],
                    "right": right_values[rows],
                    "value": left.to_numpy()[rows],
                },
                severity=severity,
                message=message,
                **add,
            )
        elif kind == "code_name":
            names = _domain_values(rule["domain"])
            codes = parsed[rule["code"]].map(_code_text) if rule["code"] in parsed else None
            given = parsed[rule["name"]]
            expected = codes.map(lambda c, names=names: names.get(c) if c is not None else None)
            wrong = np.array(
                [
                    e is not None and isinstance(g, str) and g.strip() != "" and not _same_name(g, e)
                    for g, e in zip(given, expected)
                ],
                dtype=bool,
            )
            rows = np.flatnonzero(wrong)
            log.add(
                check_id,
                rows,
                params={
                    "code": codes.to_numpy()[rows],
                    "name": given.to_numpy()[rows],
                    "expected": expected.to_numpy()[rows],
                    "value": given.to_numpy()[rows],
                },
                severity=severity,
                message=message,
                **add,
            )
        elif kind == "area_matches":
            if metric is None:
                skipped.append((check_id, "no metric geometry"))
                continue
            stated = _numeric(parsed, rule["field"]).to_numpy(dtype=float)
            unit_m2 = {"m2": 1.0, "ha": 1.0e4, "mu": 2000.0 / 3.0, "km2": 1.0e6}[rule["unit"]]
            areas = metric.areas
            stated_m2 = stated * unit_m2
            with np.errstate(invalid="ignore", divide="ignore"):
                relative = np.abs(stated_m2 - areas) / areas
            wrong = np.isfinite(relative) & (relative > float(rule.get("tolerance_rel", 0.01))) & (areas > 0)
            rows = np.flatnonzero(wrong)
            details_en, details_zh = [], []
            for row in rows:
                en, zh = _area_unit_hint(stated[row], areas[row], rule["unit"])
                details_en.append(en)
                details_zh.append(zh)
            log.add(
                check_id,
                rows,
                params={
                    "value": stated[rows],
                    "area": areas[rows],
                    "detail": details_en,
                    "detail_zh": details_zh,
                },
                severity=severity,
                message=message,
                **add,
            )


def _same_name(given: str, expected: str) -> bool:
    """Names match when equal, or one contains the other, ignoring spaces, brackets and 用地."""

    def norm(text):
        return re.sub(r"[\s（）()]", "", str(text)).removesuffix("用地")

    a, b = norm(given), norm(expected)
    return bool(a) and bool(b) and (a == b or a in b or b in a)


def _area_unit_hint(stated: float, area_m2: float, unit: str):
    if area_m2 <= 0 or not math.isfinite(stated):
        return "cannot compare", "无法比较"
    ratios = {"m2": 1.0, "ha": 1.0e-4, "mu": 3.0 / 2000.0, "km2": 1.0e-6}
    for name, ratio in ratios.items():
        if name != unit and abs(stated / (area_m2 * ratio) - 1.0) < 0.02:
            zh_unit = {"m2": "平方米", "ha": "公顷", "mu": "亩", "km2": "平方千米"}[name]
            return f"the value looks like {name}, not {unit}", f"该值疑似以{zh_unit}为单位"
    difference = 100.0 * (
        stated - area_m2 / {"m2": 1.0, "ha": 1.0e4, "mu": 2000.0 / 3.0, "km2": 1.0e6}[unit] * 1.0
    )
    return f"difference {difference:.1f} in {unit}", f"相差 {difference:.1f}（{unit}）"


def _summary(issues: pd.DataFrame, log: IssueLog) -> pd.DataFrame:
    rows = []
    if len(issues):
        grouped = issues.groupby(["check_id", "severity"], sort=True).size()
        for (check_id, severity), count in grouped.items():
            entry = log.checks.get(check_id)
            if entry is not None:
                title_en, title_zh = entry["title"]["en"], entry["title"]["zh"]
            elif check_id.startswith("rule."):  # a dataset schema's own cross-field rule
                title_en, title_zh = f"Cross-field rule {check_id[5:]}", f"字段逻辑规则 {check_id[5:]}"
            else:
                title_en = title_zh = check_id
            rows.append((check_id, severity, int(count), title_en, title_zh))
    summary = pd.DataFrame.from_records(
        rows, columns=["check_id", "severity", "count", "title_en", "title_zh"]
    )
    order = {s: i for i, s in enumerate(SEVERITIES)}
    if len(summary):
        summary = summary.sort_values(
            by=["severity", "check_id"], key=lambda c: c.map(order) if c.name == "severity" else c
        )
    return summary.reset_index(drop=True)


def _score(issues: pd.DataFrame, n: int) -> float:
    if not len(issues):
        return 100.0
    per_feature = issues[issues["feature_id"].notna()]
    dataset = issues[issues["feature_id"].isna()]
    error_features = set(per_feature.loc[per_feature["severity"] == "error", "feature_id"])
    warning_features = (
        set(per_feature.loc[per_feature["severity"] == "warning", "feature_id"]) - error_features
    )
    feature_part = 0.0
    if n:
        feature_part = (len(error_features) + 0.25 * len(warning_features)) / n
    penalty = 10.0 * int((dataset["severity"] == "error").sum()) + 2.0 * int(
        (dataset["severity"] == "warning").sum()
    )
    return float(min(max(100.0 * (1.0 - feature_part) - penalty, 0.0), 100.0))


# -- repair --------------------------------------------------------------------------------------
@dataclass
class RepairResult:
    frame: object
    actions: pd.DataFrame
    crs_epsg: Optional[int]

    @property
    def counts(self) -> dict:
        return self.actions["action"].value_counts().to_dict() if len(self.actions) else {}


def repair_frame(
    frame,
    schema=None,
    crs_epsg: Optional[int] = None,
    target_epsg: Optional[int] = None,
    make_valid: bool = True,
    fix_encoding: bool = True,
    fix_coordinates: bool = True,
    rename_fields: bool = False,
    progress=no_progress,
    cancelled=never_cancelled,
) -> RepairResult:
    """A repaired COPY of ``frame``: the input is never modified.

    Coordinates: swapped axes swapped back, a zone prefix in a truncated-zone CRS removed (or a
    missing one added). Geometry: made valid, keeping the schema's geometry dimension. Text:
    mojibake decoded back. Then reprojected to ``target_epsg`` and, with ``rename_fields``,
    columns renamed to the schema's canonical names. Every change is listed in ``actions``.
    """
    from . import quality_spatial as spatial

    schema = load_schema(schema) if schema is not None else None
    out = frame.copy()
    actions = []
    has_geometry = _has_geometry(out)
    if crs_epsg is None and has_geometry and out.crs is not None:
        crs_epsg = out.crs.to_epsg()
    if has_geometry:
        geoms = _geometry_array(out)
        if fix_coordinates and crs_epsg is not None:
            geoms = spatial.fix_coordinates(geoms, crs_epsg, out.index, actions)
        progress(0.3)
        check_cancel(cancelled)
        if make_valid:
            dimension = {"point": 0, "line": 1, "polygon": 2}.get(schema.geometry) if schema else None
            geoms = spatial.make_valid(geoms, dimension, out.index, actions)
        progress(0.6)
        out = out.set_geometry(list(geoms), crs=out.crs)
        if out.crs is None and crs_epsg is not None:
            out = out.set_crs(epsg=crs_epsg)
    check_cancel(cancelled)
    if fix_encoding:
        geometry_name = out.geometry.name if has_geometry else None
        for column in out.columns:
            if column == geometry_name or not _is_text(out[column]):
                continue
            found = {v: d for v, d in scan_values(out[column].to_numpy()).items() if d.kind == "mojibake"}
            if not found:
                continue
            mask = out[column].isin(list(found)).to_numpy()
            for position in np.flatnonzero(mask):
                before = out[column].iat[position]
                actions.append(
                    (_python(out.index[position]), "fix_encoding", str(column), before, found[before].fixed)
                )
            out[column] = out[column].map(
                lambda v, found=found: found[v].fixed if isinstance(v, str) and v in found else v
            )
    progress(0.8)
    if has_geometry and target_epsg is not None and target_epsg != crs_epsg:
        if out.crs is None:
            raise InputError(detail="cannot reproject a layer without a CRS")
        out = out.to_crs(epsg=target_epsg)
        actions.append((None, "reproject", "", f"EPSG:{crs_epsg}", f"EPSG:{target_epsg}"))
        crs_epsg = target_epsg
    if rename_fields and schema is not None:
        mapping, _ = resolve_fields(out.columns, schema)
        renames = {column: name for name, column in mapping.items() if column != name}
        if renames:
            out = out.rename(columns=renames)
            for column, name in renames.items():
                actions.append((None, "rename_field", name, str(column), name))
    progress(1.0)
    table = pd.DataFrame.from_records(actions, columns=["feature_id", "action", "field", "before", "after"])
    return RepairResult(frame=out, actions=table, crs_epsg=crs_epsg)
