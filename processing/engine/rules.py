"""Conformity rule sets: load a YAML rule file, validate it against the shipped JSON Schema.

A rule set (``resources/rules/default_rules_zh.yaml`` is the default) declares the one-map layer
roles with their name aliases and the rules: ``forbid_overlap``, ``must_be_within``,
``min_distance``, ``use_compatibility`` (against a zone x land-use matrix file) and ``indicator``.
Everything is plain data; the evaluation lives in :mod:`.conformity`.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .errors import ConfigError

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
RULES_DIR = RESOURCES / "rules"
SCHEMA_PATH = RULES_DIR / "ruleset.schema.json"
DEFAULT_RULESET = RULES_DIR / "default_rules_zh.yaml"

GROUPS = ("three_lines", "control_lines", "zoning", "indicators")
DEFAULT_TOLERANCE = {
    "abs_tol_m2": 1.0,
    "rel_tol_of_project": 0.0001,
    "sliver_max_area_m2": 10.0,
    "sliver_max_area_per_perimeter_m": 0.05,
}


@dataclass(frozen=True)
class Tolerance:
    abs_tol_m2: float = 1.0
    rel_tol_of_project: float = 0.0001
    sliver_max_area_m2: float = 10.0
    sliver_max_area_per_perimeter_m: float = 0.05

    def threshold_m2(self, project_area_m2):
        """The overlap area at or below which an overlap is tolerated (larger of abs and rel)."""
        import numpy as np

        return np.maximum(self.abs_tol_m2, self.rel_tol_of_project * np.asarray(project_area_m2, dtype=float))


@dataclass
class Condition:
    """A test on one field: ``equals``, ``in``, ``not_in`` or 2023 code prefixes (``codes``)."""

    field: str
    equals: object = None
    in_: Optional[list] = None
    not_in: Optional[list] = None
    codes: Optional[list] = None

    @classmethod
    def from_dict(cls, data):
        if not data:
            return None
        return cls(
            field=data["field"],
            equals=data.get("equals"),
            in_=data.get("in"),
            not_in=data.get("not_in"),
            codes=data.get("codes"),
        )

    def test(self, value) -> bool:
        if self.codes is not None:
            return code_matches(value, self.codes)
        if self.in_ is not None:
            return any(same_value(value, v) for v in self.in_)
        if self.not_in is not None:
            return not any(same_value(value, v) for v in self.not_in)
        return same_value(value, self.equals)


@dataclass
class RuleException:
    """An exception that routes a violation to manual review (or passes it), driven by a project field."""

    field: str
    values: list
    then: str
    reason: dict

    def matches(self, value) -> bool:
        return any(same_value(value, v) for v in self.values)


@dataclass
class Role:
    id: str
    name: dict
    aliases: list
    label_field: Optional[str] = None


@dataclass
class Rule:
    id: str
    name: dict
    group: str
    type: str
    role: str
    severity: str
    citation: str
    tolerance: Tolerance
    enabled: bool = True
    hard: bool = False
    where: Optional[Condition] = None
    applies_to: Optional[Condition] = None
    allow_codes: Optional[list] = None
    on_violation: str = "fail"
    unless: list = field(default_factory=list)
    distance_m: Optional[float] = None
    zone_field: Optional[str] = None
    zone_name_field: Optional[str] = None
    matrix: Optional["CompatMatrix"] = None
    project_field: Optional[str] = None
    op: Optional[str] = None
    limit_field: Optional[str] = None
    citation_status: str = "to_verify"
    note: str = ""

    def label(self, language: str) -> str:
        return self.name.get(language) or self.name.get("en") or self.id


@dataclass
class CompatMatrix:
    """Zone dominant use x 2023 land-use code -> ``allowed`` / ``conditional`` / ``forbidden``."""

    zones: list
    universal_allowed: list
    citation: str = ""

    def zone_entry(self, zone_code, zone_name=None):
        code = normalise_code(zone_code)
        name = str(zone_name).strip() if zone_name not in (None, "") else ""
        for entry in self.zones:
            if code and code in entry["match"]:
                return entry
        for entry in self.zones:
            if name and name in entry["match"]:
                return entry
        best, best_len = None, 0
        for entry in self.zones:  # a sub-zone code falls back to its parent zone
            for candidate in entry["match"]:
                if code and code.startswith(candidate) and len(candidate) > best_len:
                    best, best_len = entry, len(candidate)
        return best

    def classify(self, zone_code, project_code, zone_name=None) -> Optional[str]:
        """``allowed`` / ``conditional`` / ``forbidden``, or ``None`` when the zone is unknown."""
        entry = self.zone_entry(zone_code, zone_name)
        if entry is None:
            return None
        code = normalise_code(project_code)
        if code_matches(code, self.universal_allowed):
            return "allowed"
        best, best_len = entry.get("default", "forbidden"), -1
        for verdict in ("allowed", "conditional", "forbidden"):
            for prefix in entry.get(verdict, []) or []:
                prefix = normalise_code(prefix).rstrip("*")
                if code.startswith(prefix) and len(prefix) > best_len:
                    best, best_len = verdict, len(prefix)
        return best


@dataclass
class RuleSet:
    rules: list
    roles: dict
    area_mode: str = "ellipsoidal"
    repair_invalid: bool = False
    plan_id_field: str = "parcel_id"
    plan_code_field: str = "YDYHFLDM"
    plan_name_field: str = "YDYHFLMC"
    name: dict = field(default_factory=dict)
    source: str = ""

    def enabled_rules(self):
        return [r for r in self.rules if r.enabled]

    def role_for_layer_name(self, layer_name: str) -> Optional[str]:
        """The role whose alias matches ``layer_name`` (exact, case-insensitive, else the longest
        alias contained in the name), or ``None``."""
        return match_role(layer_name, self.roles)


# -- value helpers -------------------------------------------------------------------------
def normalise_code(value) -> str:
    """A land-use / zone code as text: ``7.0`` -> ``"7"``, ``" 0701 "`` -> ``"0701"``."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            value = int(value)
    return str(value).strip()


def code_matches(value, patterns) -> bool:
    """Whether code ``value`` starts with one of ``patterns`` (``"17*"`` and ``"17"`` alike)."""
    code = normalise_code(value)
    if not code:
        return False
    return any(code.startswith(normalise_code(p).rstrip("*")) for p in patterns if normalise_code(p))


def same_value(a, b) -> bool:
    """Loose equality for attribute values: 1 == 1.0 == "1", True == "true", text stripped."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        truthy = {"1", "true", "yes", "y", "是", "1.0"}
        return (str(a).strip().lower() in truthy) == (str(b).strip().lower() in truthy)
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return str(a).strip() == str(b).strip()


_SPLIT = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]+")


def match_role(layer_name: str, roles: dict) -> Optional[str]:
    name = str(layer_name or "").strip()
    if "." in name and not name.lower().endswith((".shp", ".gpkg")):
        name = name.rsplit(".", 1)[-1]  # schema-qualified names: main.STBHHX
    upper = name.upper()
    for role_id, role in roles.items():
        if any(upper == alias.upper() for alias in role.aliases):
            return role_id
    best, best_len = None, 0
    for role_id, role in roles.items():
        for alias in role.aliases:
            a = alias.upper()
            if len(a) >= 4 or not a.isascii():
                if a in upper and len(a) > best_len:
                    best, best_len = role_id, len(a)
    return best


# -- loading -------------------------------------------------------------------------------
def _read_yaml(path: Path):
    import yaml

    try:
        return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(file=str(path), detail=str(error)) from error
    except yaml.YAMLError as error:
        raise ConfigError(file=str(path), detail=f"not valid YAML: {error}") from error


def validate(data, path="<rules>") -> None:
    """Validate rule-set data against ``ruleset.schema.json``; raise :class:`ConfigError`."""
    import json

    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        error = errors[0]
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise ConfigError(file=str(path), detail=f"{where}: {error.message}")


def load_matrix(path: Path) -> CompatMatrix:
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("zones"), list):
        raise ConfigError(file=str(path), detail="a compatibility matrix needs a list `zones`")
    zones = []
    for number, entry in enumerate(data["zones"]):
        if not isinstance(entry, dict) or not entry.get("match"):
            raise ConfigError(file=str(path), detail=f"zones/{number}: needs `match`")
        default = entry.get("default", "forbidden")
        if default not in ("allowed", "conditional", "forbidden"):
            raise ConfigError(file=str(path), detail=f"zones/{number}/default: {default!r}")
        zones.append(
            {
                "zone": entry.get("zone") or {},
                "match": [normalise_code(m) for m in entry["match"]],
                "allowed": [str(c) for c in entry.get("allowed") or []],
                "conditional": [str(c) for c in entry.get("conditional") or []],
                "forbidden": [str(c) for c in entry.get("forbidden") or []],
                "default": default,
            }
        )
    return CompatMatrix(
        zones=zones,
        universal_allowed=[str(c) for c in data.get("universal_allowed") or []],
        citation=str(data.get("citation", "")),
    )


def load_ruleset(path=None) -> RuleSet:
    """Load and validate a rule set (default: the shipped Chinese rule set)."""
    path = Path(path) if path else DEFAULT_RULESET
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(file=str(path), detail="the rule set must be a mapping")
    return ruleset_from_dict(data, base_dir=path.parent, source=str(path))


def ruleset_from_dict(data: dict, base_dir=RULES_DIR, source="<dict>") -> RuleSet:
    validate(data, source)
    defaults = data.get("defaults") or {}
    base_tol = dict(DEFAULT_TOLERANCE)
    base_tol.update(defaults.get("tolerance") or {})
    roles = {
        role_id: Role(role_id, entry["name"], list(entry["aliases"]), entry.get("label_field"))
        for role_id, entry in (data.get("roles") or {}).items()
    }
    matrices = {}
    rules = []
    seen = set()
    for number, entry in enumerate(data["rules"]):
        if entry["id"] in seen:
            raise ConfigError(file=source, detail=f"rules/{number}: duplicate rule id {entry['id']}")
        seen.add(entry["id"])
        role = entry["layer"]["role"]
        if roles and role not in roles:
            raise ConfigError(file=source, detail=f"rules/{number}: unknown layer role {role!r}")
        tol = dict(base_tol)
        tol.update(entry.get("tolerance") or {})
        matrix = None
        if entry.get("matrix"):
            matrix_path = (Path(base_dir) / entry["matrix"]).resolve()
            if matrix_path not in matrices:
                matrices[matrix_path] = load_matrix(matrix_path)
            matrix = matrices[matrix_path]
        unless = []
        for exc in entry.get("unless") or []:
            values = exc["in"] if "in" in exc else [exc["equals"]]
            unless.append(RuleException(exc["field"], list(values), exc["then"], exc["reason"]))
        rules.append(
            Rule(
                id=entry["id"],
                name=entry["name"],
                group=entry["group"],
                type=entry["type"],
                role=role,
                severity=entry["severity"],
                citation=entry["citation"],
                tolerance=Tolerance(**tol),
                enabled=entry.get("enabled", True),
                hard=entry.get("hard", False),
                where=Condition.from_dict(entry["layer"].get("where")),
                applies_to=Condition.from_dict(entry.get("applies_to")),
                allow_codes=entry.get("allow_codes"),
                on_violation=entry.get("on_violation", "fail"),
                unless=unless,
                distance_m=entry.get("distance_m"),
                zone_field=entry.get("zone_field"),
                zone_name_field=entry.get("zone_name_field"),
                matrix=matrix,
                project_field=entry.get("project_field"),
                op=entry.get("op"),
                limit_field=entry.get("limit_field"),
                citation_status=entry.get("citation_status", "to_verify"),
                note=entry.get("note", ""),
            )
        )
    plan = data.get("plan") or {}
    return RuleSet(
        rules=rules,
        roles=roles,
        area_mode=defaults.get("area_mode", "ellipsoidal"),
        repair_invalid=bool(defaults.get("repair_invalid", False)),
        plan_id_field=plan.get("id_field", "parcel_id"),
        plan_code_field=plan.get("code_field", "YDYHFLDM"),
        plan_name_field=plan.get("name_field", "YDYHFLMC"),
        name=data.get("name") or {},
        source=source,
    )
