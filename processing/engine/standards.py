"""Standards profiles: load, validate and resolve inheritance.

A profile is a YAML file under ``resources/standards/`` (or anywhere, given by path) that
validates against ``resources/standards/profile.schema.json``. Every number in it is a value
object ``{value, source, verified}``; a profile may ``inherits:`` another and override single
attributes of levels, groups and facilities. What is not overridden keeps the parent's value
*and* its verification tag, so a report can always say where a number comes from and whether
it was checked against the standard's text.

    profile = load_profile("gb50180_2018")
    profile.facilities["kindergarten"].radius_m      # 300.0
    profile.facilities["care_home"].coverage_radius_m  # 1000.0 (from its level: no radius stated)
    profile.provenance("kindergarten", "radius_m")   # Citation(value=300, source=..., verified=...)
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

from .errors import ConfigError

STANDARDS_DIR = Path(__file__).resolve().parents[2] / "resources" / "standards"
SCHEMA_PATH = STANDARDS_DIR / "profile.schema.json"
DEFAULT_PROFILE = "gb50180_2018"
VERIFIED_TAGS = ("ocr", "ocr_inferred", "secondary", "verified", "unverified", "plugin")
#: tags whose values may be used as normative without a warning
CHECKED_TAGS = ("ocr", "verified")


@dataclass(frozen=True)
class Citation:
    """One cited value: where it comes from and how far it was checked."""

    value: object
    source: str
    verified: str
    profile: str  # id of the profile that set it


@dataclass(frozen=True)
class Level:
    code: str
    name_zh: str
    name_en: str
    walk_m: Optional[Tuple[float, float]]  # (min, max), or None when no distance is set

    @property
    def walk_max_m(self) -> Optional[float]:
        return None if self.walk_m is None else self.walk_m[1]


@dataclass(frozen=True)
class Group:
    code: str
    name_zh: str
    name_en: str
    fields: Tuple[str, ...]


@dataclass(frozen=True)
class FacilityStandard:
    code: str
    name_zh: str
    name_en: str
    level: Optional[str]
    required: Optional[bool]
    radius_m: Optional[float]  # the standard's own service radius, None when none is stated
    coverage_radius_m: Optional[float]  # radius_m, else the level's walking distance (max)
    radius_origin: str  # "facility", "level" or "none"
    demand_group: str
    capacity_unit: Optional[str]
    quota_per_1000: Optional[float]  # lower bound when the standard gives a range
    quota_unit: Optional[str]
    quota_group: Optional[str]
    floor_area_m2: Optional[Tuple[float, float]]
    land_area_m2: Optional[Tuple[float, float]]
    element_class: Optional[str]


@dataclass
class Profile:
    id: str
    title_zh: str
    title_en: str
    chain: List[str]  # this profile first, then its ancestors
    levels: Dict[str, Level]
    groups: Dict[str, Group]
    facilities: Dict[str, FacilityStandard]
    raw: dict = field(repr=False)  # the merged document (value objects kept)
    files: List[str] = field(default_factory=list)

    def provenance(self, facility: str, attribute: str) -> Optional[Citation]:
        """The citation of one facility attribute (``radius_m``, ``level``, ``quota_per_1000``...)."""
        entry = (self.raw.get("facilities") or {}).get(facility, {}).get(attribute)
        if not isinstance(entry, dict) or "verified" not in entry:
            return None
        return Citation(
            entry.get("value"), entry["source"], entry["verified"], entry.get("_profile", self.id)
        )

    def level_provenance(self, level: str, attribute: str = "walk_m") -> Optional[Citation]:
        entry = (self.raw.get("levels") or {}).get(level, {}).get(attribute)
        if not isinstance(entry, dict):
            return None
        return Citation(
            entry.get("value"), entry["source"], entry["verified"], entry.get("_profile", self.id)
        )

    def radius_citation(self, facility: str) -> Optional[Citation]:
        """Citation of the radius actually used for coverage (facility's own, or its level's)."""
        standard = self.facilities[facility]
        if standard.radius_origin == "facility":
            return self.provenance(facility, "radius_m")
        if standard.radius_origin == "level":
            return self.level_provenance(standard.level, "walk_m")
        return None

    def group_fields(self, group: str) -> Tuple[str, ...]:
        return self.groups[group].fields


# -- reading ---------------------------------------------------------------------------------
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _read(path: Path) -> dict:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(file=str(path), detail=str(error)) from error
    except yaml.YAMLError as error:
        raise ConfigError(file=str(path), detail=f"not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise ConfigError(file=str(path), detail="the file does not hold a mapping")
    return data


def validate_document(data: dict, file: str = "<profile>") -> None:
    """Validate one profile document (not yet merged) against the JSON Schema."""
    import jsonschema

    validator = jsonschema.Draft7Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top)"
        raise ConfigError(file=file, detail=f"{where}: {first.message}")


def builtin_profiles() -> List[str]:
    """Ids of the profiles shipped with the plugin."""
    return sorted(p.stem for p in STANDARDS_DIR.glob("*.yaml"))


def _locate(ref: Union[str, Path], search_dirs: Sequence[Path]) -> Path:
    candidate = Path(ref)
    if candidate.suffix in (".yaml", ".yml") and candidate.exists():
        return candidate.resolve()
    for directory in search_dirs:
        for suffix in (".yaml", ".yml"):
            path = Path(directory) / f"{ref}{suffix}"
            if path.exists():
                return path.resolve()
    raise ConfigError(file=str(ref), detail="no such standards profile")


def _tag(document: dict, profile_id: str) -> dict:
    """Mark every value object with the id of the profile that set it."""
    for section in ("levels", "facilities"):
        for entry in (document.get(section) or {}).values():
            for value in entry.values():
                if isinstance(value, dict) and "verified" in value:
                    value["_profile"] = profile_id
    return document


def _merge(parent: dict, child: dict) -> dict:
    merged = copy.deepcopy(parent)
    for key in ("schema_version", "id", "title", "document", "inherits", "note"):
        if key in child:
            merged[key] = copy.deepcopy(child[key])
    for section in ("groups", "levels", "facilities"):
        target = merged.setdefault(section, {})
        for code, entry in (child.get(section) or {}).items():
            base = target.setdefault(code, {})
            for attribute, value in entry.items():
                base[attribute] = copy.deepcopy(value)  # an attribute is replaced whole
    for code in child.get("removed_facilities") or []:
        merged.get("facilities", {}).pop(code, None)
    return merged


def _resolve(ref, search_dirs, seen: List[str], files: List[str]) -> dict:
    path = _locate(ref, search_dirs)
    document = _read(path)
    validate_document(document, str(path))
    profile_id = document["id"]
    if profile_id in seen:
        raise ConfigError(file=str(path), detail=f"inheritance cycle: {' -> '.join(seen + [profile_id])}")
    seen.append(profile_id)
    files.append(str(path))
    _tag(document, profile_id)
    parent_ref = document.get("inherits")
    if not parent_ref:
        return document
    # a parent is looked up beside the child first, then in the built-in folder
    parent = _resolve(parent_ref, [path.parent, *search_dirs], seen, files)
    return _merge(parent, document)


def _range(entry) -> Optional[Tuple[float, float]]:
    value = entry.get("value") if isinstance(entry, dict) else None
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return float(value[0]), float(value[1])
    return float(value), float(value)


def _value(entry, default=None):
    return entry.get("value", default) if isinstance(entry, dict) else default


def _build(merged: dict, chain: List[str], files: List[str]) -> Profile:
    file = files[0] if files else merged.get("id", "<profile>")
    levels = {}
    for code, entry in (merged.get("levels") or {}).items():
        name = entry.get("name") or {}
        levels[code] = Level(code, name.get("zh", code), name.get("en", code), _range(entry.get("walk_m")))
    groups = {}
    for code, entry in (merged.get("groups") or {}).items():
        name = entry.get("name") or {}
        if not entry.get("fields"):
            raise ConfigError(file=file, detail=f"group “{code}” has no population fields")
        groups[code] = Group(code, name.get("zh", code), name.get("en", code), tuple(entry["fields"]))
    facilities = {}
    for code, entry in (merged.get("facilities") or {}).items():
        for needed in ("name", "level", "radius_m", "demand_group"):
            if needed not in entry:
                raise ConfigError(
                    file=file,
                    detail=f"facility “{code}” has no “{needed}” (nor does any profile it inherits)",
                )
        level = _value(entry["level"])
        if level is not None and level not in levels:
            raise ConfigError(file=file, detail=f"facility “{code}”: unknown level “{level}”")
        group = _value(entry["demand_group"])
        if group not in groups:
            raise ConfigError(file=file, detail=f"facility “{code}”: unknown population group “{group}”")
        radius = _value(entry["radius_m"])
        if isinstance(radius, (list, tuple)):
            radius = radius[1]
        if radius is not None:
            coverage, origin = float(radius), "facility"
        elif level is not None and levels[level].walk_max_m is not None:
            coverage, origin = levels[level].walk_max_m, "level"
        else:
            coverage, origin = None, "none"
        quota = entry.get("quota_per_1000") or {}
        quota_value = _value(quota)
        if isinstance(quota_value, (list, tuple)):
            quota_value = quota_value[0]
        quota_group = quota.get("per_group") if quota else None
        if quota_value is not None and quota_group not in groups:
            raise ConfigError(file=file, detail=f"facility “{code}”: quota per unknown group “{quota_group}”")
        name = entry["name"]
        facilities[code] = FacilityStandard(
            code=code,
            name_zh=name.get("zh", code),
            name_en=name.get("en", code),
            level=level,
            required=_value(entry.get("required")),
            radius_m=None if radius is None else float(radius),
            coverage_radius_m=coverage,
            radius_origin=origin,
            demand_group=group,
            capacity_unit=entry.get("capacity_unit"),
            quota_per_1000=None if quota_value is None else float(quota_value),
            quota_unit=quota.get("unit") if quota else None,
            quota_group=quota_group,
            floor_area_m2=_range(entry.get("floor_area_m2")),
            land_area_m2=_range(entry.get("land_area_m2")),
            element_class=_value(entry.get("element_class")),
        )
    title = merged.get("title") or {}
    return Profile(
        id=merged["id"],
        title_zh=title.get("zh", merged["id"]),
        title_en=title.get("en", merged["id"]),
        chain=chain,
        levels=levels,
        groups=groups,
        facilities=facilities,
        raw=merged,
        files=files,
    )


def load_profile(
    ref: Union[str, Path] = DEFAULT_PROFILE, search_dirs: Sequence[Union[str, Path]] = ()
) -> Profile:
    """Load profile ``ref`` (an id looked up in ``search_dirs`` then the built-in folder, or a
    path to a YAML file), validate it and every profile it inherits, and merge them."""
    dirs = [Path(d) for d in search_dirs] + [STANDARDS_DIR]
    seen: List[str] = []
    files: List[str] = []
    merged = _resolve(ref, dirs, seen, files)
    return _build(merged, seen, files)


def unverified_values(profile: Profile) -> List[Tuple[str, str, str]]:
    """``(facility or level, attribute, tag)`` for every value not checked against a text."""
    found = []
    for section in ("levels", "facilities"):
        for code, entry in (profile.raw.get(section) or {}).items():
            for attribute, value in entry.items():
                if isinstance(value, dict) and value.get("verified") not in CHECKED_TAGS + ("plugin",):
                    if "verified" in value:
                        found.append((code, attribute, value["verified"]))
    return found
