"""Plan conformity review against the territorial one map (三线, 五线, 分区用途, 指标).

``evaluate(plan, controls, ruleset)`` pairs every plan feature with the control features of each
rule's layer role (bulk bounding-box prefilter in numpy, then exact GEOS overlays only on the
candidate pairs, prepared geometries for containment), measures each overlap exactly — planar
area in the working Gauss-Kruger CRS and geodesic area on the CGCS2000 ellipsoid (m2, ha, 亩) —,
applies the rule's tolerances and sliver diagnosis, and returns:

(Areas: every overlap written to the outputs carries its geodesic polygon area; the plan
features' own ellipsoidal areas — used for the shares and the relative tolerance — and the
pre-test of the zone/indicator pieces use the planar area divided by the projection's areal
scale factor at the feature's centre, which agrees with the geodesic area to ~1e-7 for parcels.)

* ``conflicts``: one polygon per (plan feature x control feature x rule) overlap that is not a
  plain pass — violations, manual-review cases, tolerated slivers (logged, never hidden), and
  pairs that could not be evaluated;
* ``verdicts``: one row per plan feature x rule, clear results included (符合 = checked, no
  conflict), so "no conflict" is told apart from "not checked" (未检查, layer missing);
* ``log``: JSON-able audit records (tolerated slivers, flagged slivers, geometry failures);
* ``code_warnings``: 2023 用地用海 code problems of the plan.

Geometry failures never stop the run: the pair (or the feature) is reported as 无法评价.
"""

import math
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
import pandas as pd

from . import compat, landuse
from . import crs as crs_mod
from .errors import CrsError, InputError, check_cancel, never_cancelled, no_progress
from .rules import RuleSet, code_matches, normalise_code

VERDICT_ZH = {
    "pass": "符合",
    "fail": "不符合",
    "review": "需人工复核",
    "error": "无法评价",
    "not_checked": "未检查",
}
VERDICT_EN = {
    "pass": "Conforms",
    "fail": "Does not conform",
    "review": "Manual review",
    "error": "Could not evaluate",
    "not_checked": "Not checked",
}
# worst first: a definite violation outranks a pair that could not be evaluated
_RANK = {"not_checked": 0, "pass": 1, "review": 2, "error": 3, "fail": 4}
_RANK_INV = {v: k for k, v in _RANK.items()}
M2_PER_MU = 2000.0 / 3.0
TOUCH_AREA_M2 = 1e-6  # an "overlap" of at most 1 mm2 between neighbours is coordinate noise

CONFLICT_COLUMNS = [
    "rule_id", "rule_name", "group", "rule_type", "verdict", "verdict_code", "severity",
    "plan_fid", "plan_id", "plan_code", "ctrl_role", "ctrl_layer", "ctrl_fid", "ctrl_label",
    "ovl_area_plan_m2", "ovl_area_ell_m2", "ovl_area_ha", "ovl_area_mu", "pct_of_proj",
    "pct_of_ctrl", "area_per_perimeter_m", "is_sliver", "tolerated", "tolerance_m2", "min_dist_m",
    "expected", "actual", "reason", "citation",
]  # fmt: skip
VERDICT_COLUMNS = [
    "plan_fid", "plan_id", "plan_code", "rule_id", "rule_name", "group", "rule_type", "verdict",
    "verdict_code", "severity", "n_pairs", "n_conflicts", "proj_area_plan_m2", "proj_area_ell_m2",
    "ovl_area_plan_m2", "ovl_area_ell_m2", "ovl_area_ha", "ovl_area_mu", "pct_of_proj",
    "any_sliver", "reason", "citation",
]  # fmt: skip


@dataclass
class ConformityResult:
    conflicts: object  # GeoDataFrame in work_crs
    verdicts: pd.DataFrame
    log: list
    code_warnings: list
    rules: list  # [{rule_id, name, group, type, role, layer, status, citation}]
    work_crs: object
    area_mode: str
    plan_count: int
    skipped: dict = field(default_factory=dict)  # reason -> count

    def summary(self) -> dict:
        """Per rule: counts of plan features by verdict and total conflicting area."""
        out = {}
        if self.verdicts.empty:
            return out
        for rule_id, rows in self.verdicts.groupby("rule_id", sort=False):
            counts = rows["verdict_code"].value_counts().to_dict()
            bad = rows[rows["verdict_code"].isin(["fail", "review"])]
            out[rule_id] = {
                "counts": {k: int(counts.get(k, 0)) for k in VERDICT_ZH},
                "ovl_area_ell_m2": float(bad["ovl_area_ell_m2"].sum()),
                "ovl_area_plan_m2": float(bad["ovl_area_plan_m2"].sum()),
                "verdict": _RANK_INV[int(rows["verdict_code"].map(_RANK).max())],
            }
        return out

    def overall(self) -> str:
        """``fail`` if anything fails, else ``review`` if anything needs review or could not be
        evaluated, else ``pass``."""
        codes = set(self.verdicts["verdict_code"]) if not self.verdicts.empty else set()
        if "fail" in codes:
            return "fail"
        if codes & {"review", "error"}:
            return "review"
        return "pass"


# -- geometry helpers ----------------------------------------------------------------------
def _objects(items) -> np.ndarray:
    """An object array of geometries (numpy must not look inside shapely 1.8 geometries)."""
    return compat.object_array(list(items))


def _bounds(geoms: np.ndarray) -> np.ndarray:
    return compat.bounds_array(geoms)


def bbox_pairs(bounds_a: np.ndarray, bounds_b: np.ndarray, expand: float = 0.0):
    """Index pairs ``(ia, ib)`` whose bounding boxes intersect (after growing b by ``expand``).

    Bulk numpy prefilter: the larger side is sorted by ``minx`` and cut with ``searchsorted`` by
    its widest box, the smaller side is iterated. NaN bounds (no geometry) never pair.
    """
    bounds_b = bounds_b.copy()
    bounds_b[:, :2] -= expand
    bounds_b[:, 2:] += expand
    swap = len(bounds_a) < len(bounds_b)
    big, small = (bounds_b, bounds_a) if swap else (bounds_a, bounds_b)
    ok_big = ~np.isnan(big).any(axis=1)
    big_idx = np.flatnonzero(ok_big)
    if len(big_idx) == 0 or len(small) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    order = big_idx[np.argsort(big[big_idx, 0], kind="stable")]
    minx = big[order, 0]
    width = float(np.max(big[order, 2] - big[order, 0]))
    sel_big, sel_small = [], []
    for j, (x0, y0, x1, y1) in enumerate(small):
        if np.isnan(x0):
            continue
        lo = np.searchsorted(minx, x0 - width, side="left")
        hi = np.searchsorted(minx, x1, side="right")
        if hi <= lo:
            continue
        cand = order[lo:hi]
        b = big[cand]
        hit = cand[(b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0)]
        if len(hit):
            sel_big.append(hit)
            sel_small.append(np.full(len(hit), j, dtype=np.int64))
    if not sel_big:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    ib, js = np.concatenate(sel_big), np.concatenate(sel_small)
    return (js, ib) if swap else (ib, js)


def _polygonal(geom):
    """Only the polygonal part of an overlay result (touching lines/points dropped)."""
    if geom is None or geom.is_empty:
        return None
    kind = geom.geom_type
    if kind in ("Polygon", "MultiPolygon"):
        return geom
    if kind == "GeometryCollection":
        from shapely.geometry import MultiPolygon

        parts = []
        for part in geom.geoms:
            if part.geom_type == "Polygon":
                parts.append(part)
            elif part.geom_type == "MultiPolygon":
                parts.extend(part.geoms)
        if parts:
            return parts[0] if len(parts) == 1 else MultiPolygon(parts)
    return None


class _Areas:
    """Geodesic (CGCS2000 ellipsoid) areas of geometries given in the working CRS."""

    def __init__(self, work_crs):
        from pyproj import CRS, Transformer

        self.crs = CRS.from_user_input(work_crs)
        self.transformer = Transformer.from_crs(self.crs, CRS.from_epsg(4490), always_xy=True)
        self.geod = CRS.from_epsg(4490).get_geod()

    def scale(self, bounds: np.ndarray) -> np.ndarray:
        """Areal scale factor of the working projection at the centres of ``bounds`` (pyproj
        Factors, vectorised): ellipsoidal area = planar area / factor, to ~1e-7 for parcels."""
        from pyproj import Proj

        out = np.full(len(bounds), np.nan)
        ok = ~np.isnan(bounds).any(axis=1)
        if ok.any():
            x = (bounds[ok, 0] + bounds[ok, 2]) / 2.0
            y = (bounds[ok, 1] + bounds[ok, 3]) / 2.0
            lon, lat = self.transformer.transform(x, y)
            out[ok] = Proj(self.crs).get_factors(lon, lat).areal_scale
        return out

    def areas_m2(self, geoms) -> np.ndarray:
        """Geodesic areas (m2): the rings are read from the WKB (fast on shapely 1.8 and 2), all
        coordinates transformed in one call, then the geodesic area of each ring (exterior minus
        holes)."""
        rings, owners, signs = [], [], []
        for i, g in enumerate(geoms):
            if g is None:
                continue
            for ring, sign in _wkb_polygon_rings(g.wkb):
                rings.append(ring)
                owners.append(i)
                signs.append(sign)
        out = np.zeros(len(geoms))
        if not rings:
            return out
        lengths = np.array([len(r) for r in rings])
        xy = np.concatenate(rings)
        lon, lat = self.transformer.transform(xy[:, 0], xy[:, 1])
        ends = np.cumsum(lengths)
        starts = ends - lengths
        polygon_area = self.geod.polygon_area_perimeter
        for k in range(len(rings)):
            area, _ = polygon_area(lon[starts[k] : ends[k]], lat[starts[k] : ends[k]])
            out[owners[k]] += signs[k] * abs(area)
        return out


def _wkb_polygon_rings(wkb: bytes, offset: int = 0, out=None):
    """``[(ring (k, 2) array, +1 exterior / -1 hole)]`` of the polygons in a WKB geometry
    (Polygon, MultiPolygon, GeometryCollection; other parts contribute nothing)."""
    top = out is None
    out = [] if out is None else out
    little = wkb[offset] == 1
    order = "little" if little else "big"
    code = int.from_bytes(wkb[offset + 1 : offset + 5], order)
    offset += 5
    dims = 2 + bool(code & 0x80000000) + bool(code & 0x40000000)
    if code & 0x20000000:  # EWKB SRID
        offset += 4
    code &= 0x0FFFFFFF
    if code >= 1000:  # ISO Z / M / ZM
        dims = 2 + (code // 1000 in (1, 3)) + (code // 1000 in (2, 3))
        code %= 1000
    if code == 3:
        n_rings = int.from_bytes(wkb[offset : offset + 4], order)
        offset += 4
        for r in range(n_rings):
            n = int.from_bytes(wkb[offset : offset + 4], order)
            offset += 4
            values = np.frombuffer(wkb, dtype="<f8" if little else ">f8", count=n * dims, offset=offset)
            offset += 8 * n * dims
            out.append((values.reshape(-1, dims)[:, :2], 1.0 if r == 0 else -1.0))
    elif code in (6, 7):
        n_parts = int.from_bytes(wkb[offset : offset + 4], order)
        offset += 4
        for _ in range(n_parts):
            offset = _wkb_polygon_rings(wkb, offset, out)[1]
    else:  # a point or line inside a collection: skip its body
        offset = _skip_wkb_body(wkb, offset, code, dims, order)
    return out if top else (out, offset)


def _skip_wkb_body(wkb, offset, code, dims, order):
    if code == 1:
        return offset + 8 * dims
    if code == 2:
        n = int.from_bytes(wkb[offset : offset + 4], order)
        return offset + 4 + 8 * n * dims
    if code in (4, 5):
        n_parts = int.from_bytes(wkb[offset : offset + 4], order)
        offset += 4
        for _ in range(n_parts):
            offset = _wkb_polygon_rings(wkb, offset, [])[1]
        return offset
    raise ValueError(f"unsupported WKB geometry type {code}")


def geodesic_area_m2(geoms, crs) -> np.ndarray:
    """Geodesic areas (m2, CGCS2000 ellipsoid) of polygons given in ``crs``."""
    return _Areas(crs).areas_m2(_objects(geoms))


def _explain(geom) -> str:
    try:
        from shapely.validation import explain_validity

        return explain_validity(geom)
    except Exception:  # noqa: BLE001 - diagnosis only
        return "invalid geometry"


def _repair(geom):
    try:
        from shapely.validation import make_valid

        return _polygonal(make_valid(geom))
    except Exception:  # noqa: BLE001 - fall back to the classic buffer(0)
        return _polygonal(geom.buffer(0))


def _prepare_geoms(frame, repair: bool):
    """Geometries as an object array; invalid/missing ones reported (or repaired if asked)."""
    geoms = _objects(frame.geometry)
    problems = {}  # position -> reason
    repaired = {}
    for i, g in enumerate(geoms):
        if g is None or g.is_empty:
            problems[i] = "no geometry"
            geoms[i] = None
            continue
        if g.geom_type not in ("Polygon", "MultiPolygon"):
            problems[i] = f"not a polygon ({g.geom_type})"
            geoms[i] = None
            continue
        if not g.is_valid:
            reason = _explain(g)
            fixed = _repair(g) if repair else None
            if fixed is not None and not fixed.is_empty:
                geoms[i] = fixed
                repaired[i] = reason
            else:
                problems[i] = f"invalid geometry: {reason}"
                geoms[i] = None
    return geoms, problems, repaired


def choose_work_crs(plan_crs, plan_bounds):
    """The plan's CRS if projected and metric, else the CGCS2000 3-degree GK zone of its centre."""
    from pyproj import CRS, Transformer

    if plan_crs is None:
        raise CrsError(layer="PLAN", detail="the plan layer has no coordinate reference system")
    crs = CRS.from_user_input(plan_crs)
    if crs.is_projected and crs.axis_info and crs.axis_info[0].unit_name in ("metre", "meter"):
        return crs
    finite = plan_bounds[~np.isnan(plan_bounds).any(axis=1)]
    if len(finite) == 0:
        raise InputError(detail="the plan layer has no geometries")
    x = (finite[:, 0].min() + finite[:, 2].max()) / 2.0
    y = (finite[:, 1].min() + finite[:, 3].max()) / 2.0
    lon, _lat = Transformer.from_crs(crs, CRS.from_epsg(4490), always_xy=True).transform(x, y)
    if not math.isfinite(lon):
        raise CrsError(layer="PLAN", detail="cannot locate the plan on the earth")
    return CRS.from_epsg(crs_mod.gk3_epsg_for_longitude(lon))


# -- per-role overlay ----------------------------------------------------------------------
@dataclass
class _Control:
    role: str
    layer_name: str
    frame: object
    geoms: np.ndarray
    bounds: np.ndarray
    problems: dict
    areas_plan: np.ndarray
    areas_ell: np.ndarray
    fids: np.ndarray
    labels: list


@dataclass
class _Overlay:
    """Candidate pairs of one (role, where) and their exact overlaps."""

    pi: np.ndarray  # plan positions
    cj: np.ndarray  # control positions
    geom: np.ndarray  # overlap geometry (None: no areal overlap or error)
    area_plan: np.ndarray
    perimeter: np.ndarray
    error: list  # None or reason, per pair
    whole: np.ndarray  # the overlap is the whole plan feature
    area_ell: Optional[np.ndarray] = None


class _Engine:
    def __init__(self, plan, controls, ruleset: RuleSet, project_attributes, work_crs, progress, cancelled):
        self.ruleset = ruleset
        self.progress = progress
        self.cancelled = cancelled
        self.project_attributes = dict(project_attributes or {})
        self.log = []
        self.skipped = {}
        self._columns = {}
        if plan is None or len(plan) == 0:
            raise InputError(code="empty_layer", template="Layer {layer} has no features.", layer="PLAN")
        raw_bounds = _bounds(_objects(plan.geometry))
        self.work_crs = work_crs if work_crs is not None else choose_work_crs(plan.crs, raw_bounds)
        plan = (
            plan.to_crs(self.work_crs)
            if plan.crs is not None and not _same_crs(plan.crs, self.work_crs)
            else plan
        )
        self.plan = plan
        self.n = len(plan)
        self.plan_fids = np.asarray(plan["fid"] if "fid" in plan.columns else plan.index)
        self.plan_geoms, self.plan_problems, plan_repaired = _prepare_geoms(plan, ruleset.repair_invalid)
        for pos, reason in self.plan_problems.items():
            self._log("could_not_evaluate", plan_pos=pos, reason=reason)
        for pos, reason in plan_repaired.items():
            self._log("repaired_geometry", plan_pos=pos, reason=reason)
        if self.plan_problems:
            self.skipped["plan_features_not_evaluated"] = len(self.plan_problems)
        self.plan_bounds = _bounds(self.plan_geoms)
        self.areas = _Areas(self.work_crs)
        self.plan_area_plan = np.array([g.area if g is not None else np.nan for g in self.plan_geoms])
        # plan features: planar area / areal scale factor (vectorised); overlap pieces reported in
        # the outputs get their exact geodesic area (ell_areas)
        self.plan_scale = self.areas.scale(self.plan_bounds)
        self.plan_area_ell = self.plan_area_plan / self.plan_scale
        id_field = ruleset.plan_id_field
        self.plan_ids = (
            [None if _isnull(v) else str(v) for v in plan[id_field]]
            if id_field in plan.columns
            else [str(f) for f in self.plan_fids]
        )
        code_field = ruleset.plan_code_field
        self.plan_codes = (
            [normalise_code(v) for v in plan[code_field]] if code_field in plan.columns else [""] * self.n
        )
        self.controls = {}
        for role, value in (controls or {}).items():
            name, frame = value if isinstance(value, tuple) else (role, value)
            self.controls[role] = self._prepare_control(role, name, frame)
        self._overlays = {}

    # -- inputs ----------------------------------------------------------------------------
    def _prepare_control(self, role, name, frame):
        if frame.crs is None:
            raise CrsError(layer=name, detail="the layer has no coordinate reference system")
        if not _same_crs(frame.crs, self.work_crs):
            frame = frame.to_crs(self.work_crs)
        geoms, problems, repaired = _prepare_geoms(frame, self.ruleset.repair_invalid)
        for pos, reason in repaired.items():
            self._log("repaired_geometry", layer=name, ctrl_pos=pos, reason=reason)
        fids = np.asarray(frame["fid"] if "fid" in frame.columns else frame.index)
        label_field = self.ruleset.roles[role].label_field if role in self.ruleset.roles else None
        labels = (
            ["" if _isnull(v) else str(v) for v in frame[label_field]]
            if label_field and label_field in frame.columns
            else [""] * len(frame)
        )
        # an invalid control feature keeps its raw geometry for pairing, so the pairs it touches are
        # reported as "could not evaluate" instead of being silently clear
        raw = _objects(frame.geometry)
        pair_geoms = _objects(raw[i] if i in problems else geoms[i] for i in range(len(geoms)))
        for pos, reason in problems.items():
            self._log("invalid_control_feature", layer=name, ctrl_fid=_py(fids[pos]), reason=reason)
        area_plan = np.array([g.area if g is not None else np.nan for g in geoms])
        return _Control(
            role=role,
            layer_name=name,
            frame=frame,
            geoms=geoms,
            bounds=_bounds(pair_geoms),
            problems=problems,
            areas_plan=area_plan,
            areas_ell=self.areas.areas_m2(geoms),
            fids=fids,
            labels=labels,
        )

    def _log(self, event, plan_pos=None, **details):
        record = {"event": event}
        if plan_pos is not None:
            record["plan_fid"] = _py(self.plan_fids[plan_pos])
        record.update({k: _py(v) for k, v in details.items()})
        self.log.append(record)

    def plan_value(self, pos, field_name):
        """A project attribute: the feature's own field, else the run-wide project attribute."""
        value = None
        if field_name in self.plan.columns:
            column = self._columns.get(field_name)
            if column is None:
                column = self._columns[field_name] = self.plan[field_name].tolist()
            value = column[pos]
        if _isnull(value):
            value = self.project_attributes.get(field_name)
        return None if _isnull(value) else value

    # -- overlay ---------------------------------------------------------------------------
    def overlay(self, rule, expand=0.0) -> Optional[_Overlay]:
        ctrl = self.controls.get(rule.role)
        if ctrl is None:
            return None
        where_key = repr(rule.where) if rule.where else ""
        key = (rule.role, where_key, expand)
        if key in self._overlays:
            return self._overlays[key]
        bounds = ctrl.bounds.copy()
        if rule.where is not None:
            if rule.where.field not in ctrl.frame.columns:
                raise InputError(
                    code="missing_field",
                    template="Layer {layer} has no field {field}.",
                    layer=ctrl.layer_name,
                    field=rule.where.field,
                )
            keep = np.array([rule.where.test(v) for v in ctrl.frame[rule.where.field]])
            bounds[~keep] = np.nan
        pi, cj = bbox_pairs(self.plan_bounds, bounds, expand)
        order = np.lexsort((pi, cj))
        pi, cj = pi[order], cj[order]
        n = len(pi)
        geom = np.empty(n, dtype=object)
        area = np.zeros(n)
        perim = np.zeros(n)
        whole = np.zeros(n, dtype=bool)
        errors = [None] * n
        touching = 0
        if expand == 0.0:
            from shapely.prepared import prep

            current, prepared = -1, None
            for k in range(n):
                if k % 2000 == 0:
                    check_cancel(self.cancelled)
                i, j = pi[k], cj[k]
                g = self.plan_geoms[i]
                if g is None:
                    continue
                if j in ctrl.problems:
                    errors[k] = f"{ctrl.layer_name} feature {_py(ctrl.fids[j])}: {ctrl.problems[j]}"
                    continue
                c = ctrl.geoms[j]
                try:
                    if j != current:
                        current, prepared = j, prep(c)
                    if prepared.contains(g):
                        geom[k], whole[k] = g, True
                        area[k] = self.plan_area_plan[i]
                        perim[k] = g.length
                        continue
                    if not prepared.intersects(g):
                        continue
                    inter = _polygonal(intersection(g, c))
                    if inter is None or inter.area <= 0.0:
                        continue
                    if inter.area <= TOUCH_AREA_M2:
                        touching += 1  # shared edge with floating-point noise: counted, not a piece
                        continue
                    geom[k] = inter
                    area[k] = inter.area
                    perim[k] = inter.length
                except Exception as error:  # noqa: BLE001 - reported per pair, never fatal
                    errors[k] = f"{type(error).__name__}: {error}"
        if touching:
            self.skipped[f"{ctrl.layer_name}: touching pairs (overlap <= 1 mm2)"] = touching
        result = _Overlay(pi, cj, geom, area, perim, errors, whole)
        self._overlays[key] = result
        return result

    def ell_areas(self, ov: _Overlay, ks) -> np.ndarray:
        """Geodesic areas of the overlap pieces ``ks`` (whole-feature pieces reuse the plan area)."""
        if ov.area_ell is None:
            ov.area_ell = np.full(len(ov.pi), np.nan)
        ks = np.asarray(ks, dtype=np.int64)
        todo = ks[np.isnan(ov.area_ell[ks])]
        if len(todo):
            ov.area_ell[todo] = self.areas.areas_m2(ov.geom[todo])
        return ov.area_ell[ks]


def intersection(a, b):
    """GEOS intersection (a module-level seam: tests replace it to simulate GEOS failures)."""
    return a.intersection(b)


def _same_crs(a, b) -> bool:
    from pyproj import CRS

    try:
        return CRS.from_user_input(a) == CRS.from_user_input(b)
    except Exception:  # noqa: BLE001
        return False


def _isnull(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _py(value):
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def _to_float(value):
    if _isnull(value):
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


_OPS = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "==": lambda a, b: a == b,
}


# -- rule evaluation -----------------------------------------------------------------------
class _RuleRun:
    """Accumulates the conflicts and the per-feature verdicts of one rule."""

    def __init__(self, engine: _Engine, rule, language):
        self.e = engine
        self.rule = rule
        self.language = language
        n = engine.n
        self.rank = np.full(n, _RANK["pass"], dtype=np.int8)
        self.reason = [""] * n
        self.n_pairs = np.zeros(n, dtype=np.int64)
        self.n_conflicts = np.zeros(n, dtype=np.int64)
        self.ovl_plan = np.zeros(n)
        self.ovl_ell = np.zeros(n)
        self.sliver = np.zeros(n, dtype=bool)
        self.rows = []
        self.applies = np.ones(n, dtype=bool)
        if rule.applies_to is not None:
            field_name = rule.applies_to.field
            if field_name not in engine.plan.columns:
                raise InputError(code="missing_field", template="Layer {layer} has no field {field}.",
                                 layer="PLAN", field=field_name)  # fmt: skip
            self.applies = np.array([rule.applies_to.test(v) for v in engine.plan[field_name]])
        for pos, reason in engine.plan_problems.items():
            self.set(pos, "error", reason)

    def set(self, pos, verdict, reason=""):
        rank = _RANK[verdict]
        if rank > self.rank[pos]:
            self.rank[pos] = rank
            self.reason[pos] = reason
        elif rank == self.rank[pos] and reason and not self.reason[pos]:
            self.reason[pos] = reason

    def add(self, pos, j, verdict, geom, area_plan, area_ell, *, perimeter=0.0, tol=np.nan, sliver=False,
            tolerated=False, min_dist=np.nan, expected="", actual="", reason=""):  # fmt: skip
        e, rule = self.e, self.rule
        ctrl = e.controls[rule.role]
        proj_ell = e.plan_area_ell[pos]
        ctrl_ell = ctrl.areas_ell[j] if j is not None else np.nan
        ratio = area_plan / perimeter if perimeter > 0 else np.nan
        self.rows.append(
            {
                "rule_id": rule.id,
                "rule_name": rule.label(self.language),
                "group": rule.group,
                "rule_type": rule.type,
                "verdict": VERDICT_ZH[verdict],
                "verdict_code": verdict,
                "severity": rule.severity,
                "plan_fid": _py(e.plan_fids[pos]),
                "plan_id": e.plan_ids[pos],
                "plan_code": e.plan_codes[pos],
                "ctrl_role": rule.role,
                "ctrl_layer": ctrl.layer_name,
                "ctrl_fid": _py(ctrl.fids[j]) if j is not None else None,
                "ctrl_label": ctrl.labels[j] if j is not None else "",
                "ovl_area_plan_m2": float(area_plan),
                "ovl_area_ell_m2": float(area_ell),
                "ovl_area_ha": float(area_ell) * 1e-4,
                "ovl_area_mu": float(area_ell) / M2_PER_MU,
                "pct_of_proj": 100.0 * area_ell / proj_ell if proj_ell and proj_ell > 0 else np.nan,
                "pct_of_ctrl": 100.0 * area_ell / ctrl_ell if ctrl_ell and ctrl_ell > 0 else np.nan,
                "area_per_perimeter_m": float(ratio),
                "is_sliver": bool(sliver),
                "tolerated": bool(tolerated),
                "tolerance_m2": float(tol),
                "min_dist_m": float(min_dist),
                "expected": str(expected),
                "actual": str(actual),
                "reason": reason,
                "citation": rule.citation,
                "geometry": geom,
            }
        )
        if verdict in ("fail", "review", "error"):
            self.n_conflicts[pos] += 1
            self.ovl_plan[pos] += area_plan
            self.ovl_ell[pos] += area_ell
        self.sliver[pos] |= bool(sliver)
        self.set(pos, verdict, reason)

    def verdict_frame(self) -> pd.DataFrame:
        e, rule = self.e, self.rule
        codes = np.array([_RANK_INV[r] for r in range(5)], dtype=object)[self.rank]
        codes = np.where(self.applies | (codes == "error"), codes, "pass")
        reasons = [r if a or c == "error" else "not applicable (land-use code outside the rule's scope)"
                   for r, a, c in zip(self.reason, self.applies, codes)]  # fmt: skip
        reasons = [r or ("checked, no conflict" if c == "pass" else "") for r, c in zip(reasons, codes)]
        with np.errstate(invalid="ignore", divide="ignore"):
            pct = 100.0 * self.ovl_ell / e.plan_area_ell
        return pd.DataFrame(
            {
                "plan_fid": [_py(f) for f in e.plan_fids],
                "plan_id": e.plan_ids,
                "plan_code": e.plan_codes,
                "rule_id": rule.id,
                "rule_name": rule.label(self.language),
                "group": rule.group,
                "rule_type": rule.type,
                "verdict": [VERDICT_ZH[c] for c in codes],
                "verdict_code": codes,
                "severity": rule.severity,
                "n_pairs": self.n_pairs,
                "n_conflicts": self.n_conflicts,
                "proj_area_plan_m2": e.plan_area_plan,
                "proj_area_ell_m2": e.plan_area_ell,
                "ovl_area_plan_m2": self.ovl_plan,
                "ovl_area_ell_m2": self.ovl_ell,
                "ovl_area_ha": self.ovl_ell * 1e-4,
                "ovl_area_mu": self.ovl_ell / M2_PER_MU,
                "pct_of_proj": pct,
                "any_sliver": self.sliver,
                "reason": reasons,
                "citation": rule.citation,
            }
        )


def _exception(engine, rule, pos, language):
    for exc in rule.unless:
        value = engine.plan_value(pos, exc.field)
        if value is not None and exc.matches(value):
            text = exc.reason.get(language) or exc.reason.get("en", "")
            return exc.then, text.replace("{value}", normalise_code(_py(value)))
    return None, ""


def _is_sliver(rule, area, perimeter):
    if perimeter <= 0:
        return False
    tol = rule.tolerance
    return area <= tol.sliver_max_area_m2 and area / perimeter <= tol.sliver_max_area_per_perimeter_m


def _judge_piece(run, pos, j, geom, area_plan, area_ell, perimeter, *, violation, violation_reason):
    """Tolerance, sliver and exceptions for one areal piece (overlap or outside part)."""
    e, rule, lang = run.e, run.rule, run.language
    proj = e.plan_area_ell[pos] if e.ruleset.area_mode == "ellipsoidal" else e.plan_area_plan[pos]
    measured = area_ell if e.ruleset.area_mode == "ellipsoidal" else area_plan
    tol = float(rule.tolerance.threshold_m2(proj))
    sliver = _is_sliver(rule, area_plan, perimeter)
    common = dict(perimeter=perimeter, tol=tol, sliver=sliver)
    if measured <= tol:
        run.add(pos, j, "pass", geom, area_plan, area_ell, tolerated=True, **common,
                reason=f"within tolerance ({measured:.3f} m2 <= {tol:.3f} m2), logged")  # fmt: skip
        e._log("tolerated", plan_pos=pos, rule_id=rule.id, layer=e.controls[rule.role].layer_name,
               ctrl_fid=e.controls[rule.role].fids[j] if j is not None else None,
               area_m2=measured, tolerance_m2=tol, is_sliver=sliver, citation=rule.citation)  # fmt: skip
        return
    if sliver:
        # a thin overlap is a probable digitising artefact: on a hard layer (red line, farmland ...)
        # it is never passed but sent to manual review; on other lines it passes, flagged and logged
        verdict = "review" if rule.hard else "pass"
        ratio = area_plan / perimeter
        text = (f"thin overlap ({measured:.3f} m2, area/perimeter {ratio:.4f} m): probable digitising sliver, "
                + ("confirm manually" if rule.hard else "passed on a non-hard line, logged"))  # fmt: skip
        run.add(pos, j, verdict, geom, area_plan, area_ell, **common, reason=text)
        e._log("sliver_flagged" if rule.hard else "sliver_passed", plan_pos=pos, rule_id=rule.id,
               layer=e.controls[rule.role].layer_name,
               ctrl_fid=e.controls[rule.role].fids[j] if j is not None else None, area_m2=measured,
               area_per_perimeter_m=ratio, citation=rule.citation)  # fmt: skip
        return
    then, why = _exception(e, rule, pos, lang)
    if then is not None:
        run.add(pos, j, then, geom, area_plan, area_ell, **common, reason=why)
        return
    run.add(pos, j, violation, geom, area_plan, area_ell, **common, reason=violation_reason)


def _pair_error(run, ov, k):
    e, rule = run.e, run.rule
    pos, j = ov.pi[k], ov.cj[k]
    run.add(pos, j, "error", e.plan_geoms[pos], 0.0, 0.0, reason=f"could not evaluate: {ov.error[k]}")
    e._log("could_not_evaluate", plan_pos=pos, rule_id=rule.id, layer=e.controls[rule.role].layer_name,
           ctrl_fid=e.controls[rule.role].fids[j], reason=ov.error[k])  # fmt: skip


def _forbid_overlap(run):
    e, rule = run.e, run.rule
    ov = e.overlay(rule)
    has = np.array([g is not None for g in ov.geom], dtype=bool)
    ks = np.flatnonzero(has & run.applies[ov.pi])
    ell = e.ell_areas(ov, ks) if len(ks) else np.empty(0)
    np.add.at(run.n_pairs, ov.pi, 1)
    for k in np.flatnonzero([err is not None for err in ov.error]):
        if run.applies[ov.pi[k]]:
            _pair_error(run, ov, k)
    for k, area_ell in zip(ks, ell):
        pos, j = ov.pi[k], ov.cj[k]
        if rule.allow_codes and code_matches(e.plan_codes[pos], rule.allow_codes):
            run.add(pos, j, "pass", ov.geom[k], ov.area_plan[k], area_ell, perimeter=ov.perimeter[k],
                    sliver=_is_sliver(rule, ov.area_plan[k], ov.perimeter[k]),
                    reason=f"land-use code {e.plan_codes[pos]} is allowed inside this line")  # fmt: skip
            continue
        _judge_piece(run, pos, j, ov.geom[k], ov.area_plan[k], area_ell, ov.perimeter[k],
                     violation=rule.on_violation,
                     violation_reason=f"overlaps {e.controls[rule.role].layer_name}")  # fmt: skip


def _must_be_within(run):
    from shapely.ops import unary_union

    e, rule = run.e, run.rule
    ov = e.overlay(rule)
    np.add.at(run.n_pairs, ov.pi, 1)
    by_plan = {}
    for k in range(len(ov.pi)):
        by_plan.setdefault(int(ov.pi[k]), []).append(k)
    outside_geoms, positions, failed = [], [], set()
    for pos in range(e.n):
        g = e.plan_geoms[pos]
        if g is None or not run.applies[pos]:
            continue
        ks = by_plan.get(pos, [])
        errs = [k for k in ks if ov.error[k] is not None]
        if errs:
            for k in errs:
                _pair_error(run, ov, k)
            failed.add(pos)
            continue
        if any(ov.whole[k] for k in ks):
            continue  # inside one container
        pieces = [ov.geom[k] for k in ks if ov.geom[k] is not None]
        try:
            if not pieces:
                outside = g
            else:
                inside = pieces[0] if len(pieces) == 1 else unary_union(pieces)
                outside = _polygonal(g.difference(inside))
        except Exception as error:  # noqa: BLE001
            run.add(
                pos, None, "error", g, 0.0, 0.0, reason=f"could not evaluate: {type(error).__name__}: {error}"
            )
            e._log("could_not_evaluate", plan_pos=pos, rule_id=rule.id, reason=str(error))
            continue
        if outside is None or outside.area <= 0.0:
            continue
        outside_geoms.append(outside)
        positions.append(pos)
    ell = e.areas.areas_m2(_objects(outside_geoms)) if outside_geoms else []
    ctrl_name = e.controls[rule.role].layer_name
    for pos, geom, area_ell in zip(positions, outside_geoms, ell):
        _judge_piece(run, pos, None, geom, geom.area, area_ell, geom.length,
                     violation=rule.on_violation, violation_reason=f"lies (partly) outside {ctrl_name}")  # fmt: skip


def _min_distance(run):
    e, rule = run.e, run.rule
    ctrl = e.controls[rule.role]
    distance = float(rule.distance_m)
    ov = e.overlay(rule, expand=distance)
    np.add.at(run.n_pairs, ov.pi, 1)
    for k in range(len(ov.pi)):
        if k % 2000 == 0:
            check_cancel(e.cancelled)
        pos, j = ov.pi[k], ov.cj[k]
        g = e.plan_geoms[pos]
        if g is None or not run.applies[pos]:
            continue
        if j in ctrl.problems:
            ov.error[k] = f"{ctrl.layer_name} feature {_py(ctrl.fids[j])}: {ctrl.problems[j]}"
            _pair_error(run, ov, k)
            continue
        c = ctrl.geoms[j]
        try:
            dist = g.distance(c)
            if dist >= distance:
                continue
            zone = _polygonal(intersection(g, c.buffer(distance)))
        except Exception as error:  # noqa: BLE001
            ov.error[k] = f"{type(error).__name__}: {error}"
            _pair_error(run, ov, k)
            continue
        if zone is None:
            continue
        area_ell = float(e.areas.areas_m2([zone])[0])
        then, why = _exception(e, rule, pos, run.language)
        verdict = then or rule.on_violation
        run.add(pos, j, verdict, zone, zone.area, area_ell, perimeter=zone.length, min_dist=dist,
                expected=f">= {distance:g} m", actual=f"{dist:.2f} m",
                reason=why or f"closer than {distance:g} m to {ctrl.layer_name}")  # fmt: skip


def _significant(run, ov):
    """Overlap pieces (k) above the rule's tolerance (planar pre-test, ellipsoidal decision)."""
    e, rule = run.e, run.rule
    has = np.array([g is not None for g in ov.geom], dtype=bool) & run.applies[ov.pi]
    ks = np.flatnonzero(has)
    if not len(ks):
        return ks
    if e.ruleset.area_mode == "ellipsoidal":  # scale-factor areas for the decision, exact ones for rows
        proj, measured = e.plan_area_ell[ov.pi[ks]], ov.area_plan[ks] / e.plan_scale[ov.pi[ks]]
    else:
        proj, measured = e.plan_area_plan[ov.pi[ks]], ov.area_plan[ks]
    keep = measured > rule.tolerance.threshold_m2(proj)
    small = ks[~keep]
    if len(small):
        e.skipped[f"{rule.id}: pieces within tolerance ignored"] = int(len(small))
    return ks[keep]


def _uncovered(run, ov, ks, what):
    """Plan features the rule applies to but no significant piece covers: manual review."""
    e = run.e
    covered = np.zeros(e.n, dtype=bool)
    covered[ov.pi[ks]] = True
    for k in np.flatnonzero([err is not None for err in ov.error]):
        covered[ov.pi[k]] = True
        if run.applies[ov.pi[k]]:
            _pair_error(run, ov, k)
    for pos in np.flatnonzero(~covered & run.applies):
        if e.plan_geoms[pos] is not None:
            run.set(pos, "review", f"no {what} covers this feature")


def _use_compatibility(run):
    e, rule = run.e, run.rule
    ctrl = e.controls[rule.role]
    for name in (rule.zone_field,):
        if name not in ctrl.frame.columns:
            raise InputError(code="missing_field", template="Layer {layer} has no field {field}.",
                             layer=ctrl.layer_name, field=name)  # fmt: skip
    zone_codes = [normalise_code(v) for v in ctrl.frame[rule.zone_field]]
    zone_names = (
        ["" if _isnull(v) else str(v) for v in ctrl.frame[rule.zone_name_field]]
        if rule.zone_name_field and rule.zone_name_field in ctrl.frame.columns
        else [""] * len(ctrl.frame)
    )
    ov = e.overlay(rule)
    np.add.at(run.n_pairs, ov.pi, 1)
    ks = _significant(run, ov)
    cache, code_checks, found = {}, {}, []
    for k in ks:
        pos, j = ov.pi[k], ov.cj[k]
        code = e.plan_codes[pos]
        key = (zone_codes[j], zone_names[j], code)
        if key not in cache:
            cache[key] = rule.matrix.classify(zone_codes[j], code, zone_names[j]) if code else None
        cls = cache[key]
        name = e.plan_value(pos, e.ruleset.plan_name_field) if code else None
        if code and (code, name) not in code_checks:
            code_checks[(code, name)] = landuse.check_code(code, name or "")
        check = code_checks.get((code, name))
        if cls == "allowed" and (check is None or not check.is_warning):
            continue
        zone_text = f"{zone_codes[j]} {zone_names[j]}".strip()
        if not code:
            verdict, reason = "review", "the plan feature has no land-use code"
        elif check.is_warning:
            hint = f" (probably {check.suggestion})" if check.suggestion else ""
            verdict, reason = "review", f"land-use code {code} is doubtful: {check.status}{hint}"
        elif cls is None:
            verdict, reason = "review", f"zone {zone_text} is not in the compatibility matrix"
        elif cls == "conditional":
            verdict, reason = "review", f"{code} is conditionally allowed in zone {zone_text}"
        else:
            verdict, reason = rule.on_violation, f"{code} is not allowed in zone {zone_text}"
        found.append((k, verdict, f"compatible with {zone_text}", code, reason))
    _add_found(run, ov, found)
    _uncovered(run, ov, ks, "planning zone")


def _add_found(run, ov, found):
    """Add the rows of ``found`` [(k, verdict, expected, actual, reason)], exact areas in one batch."""
    if not found:
        return
    ells = run.e.ell_areas(ov, [f[0] for f in found])
    for (k, verdict, expected, actual, reason), area_ell in zip(found, ells):
        run.add(ov.pi[k], ov.cj[k], verdict, ov.geom[k], ov.area_plan[k], area_ell, perimeter=ov.perimeter[k],
                expected=expected, actual=actual, reason=reason)  # fmt: skip


def _indicator(run):
    e, rule = run.e, run.rule
    ctrl = e.controls[rule.role]
    if rule.limit_field not in ctrl.frame.columns:
        raise InputError(code="missing_field", template="Layer {layer} has no field {field}.",
                         layer=ctrl.layer_name, field=rule.limit_field)  # fmt: skip
    limits = [_to_float(v) for v in ctrl.frame[rule.limit_field]]
    has_field = rule.project_field in e.plan.columns or rule.project_field in e.project_attributes
    ov = e.overlay(rule)
    np.add.at(run.n_pairs, ov.pi, 1)
    ks = _significant(run, ov)
    compare = _OPS[rule.op]
    found = []
    for k in ks:
        pos, j = ov.pi[k], ov.cj[k]
        value = _to_float(e.plan_value(pos, rule.project_field)) if has_field else None
        limit = limits[j]
        expected = f"{rule.project_field} {rule.op} {limit:g}" if limit is not None else f"{rule.op} ?"
        if limit is None:
            verdict, reason = "review", f"{ctrl.layer_name} gives no {rule.limit_field} (indicator unknown)"
        elif value is None:
            verdict, reason = "review", f"the plan feature has no {rule.project_field} (indicator unknown)"
        elif compare(value, limit):
            continue
        else:
            verdict, reason = (
                rule.on_violation,
                f"{rule.project_field} = {value:g} violates {rule.op} {limit:g}",
            )
        found.append((k, verdict, expected, "" if value is None else f"{value:g}", reason))
    _add_found(run, ov, found)
    _uncovered(run, ov, ks, "control unit")


_EVALUATORS = {
    "forbid_overlap": _forbid_overlap,
    "must_be_within": _must_be_within,
    "min_distance": _min_distance,
    "use_compatibility": _use_compatibility,
    "indicator": _indicator,
}


def evaluate(
    plan,
    controls: dict,
    ruleset: RuleSet,
    project_attributes: Optional[dict] = None,
    work_crs=None,
    language: str = "zh",
    check_codes: bool = True,
    progress: Callable[[float], None] = no_progress,
    cancelled: Callable[[], bool] = never_cancelled,
) -> ConformityResult:
    """Review ``plan`` (GeoDataFrame of polygons) against ``controls`` (``{role: GeoDataFrame}`` or
    ``{role: (layer_name, GeoDataFrame)}``, any CRS) with ``ruleset``.

    ``project_attributes`` fill fields the rules' exceptions read (``activity_class``,
    ``major_project`` ...) where a plan feature has none. ``language`` (``zh``/``en``) picks the
    rule names written to the outputs. Everything is computed in ``work_crs`` (default: the plan's
    projected CRS or the CGCS2000 GK zone of its centre); the outputs stay in it.
    """
    import geopandas as gpd

    progress(0.0)
    engine = _Engine(plan, controls, ruleset, project_attributes, work_crs, progress, cancelled)
    rules = ruleset.enabled_rules()
    conflict_rows, verdict_frames, rule_info = [], [], []
    for number, rule in enumerate(rules):
        check_cancel(cancelled)
        info = {
            "rule_id": rule.id,
            "name": rule.label(language),
            "group": rule.group,
            "type": rule.type,
            "role": rule.role,
            "severity": rule.severity,
            "citation": rule.citation,
            "citation_status": rule.citation_status,
            "layer": engine.controls[rule.role].layer_name if rule.role in engine.controls else None,
        }
        if rule.role not in engine.controls:
            info["status"] = "not_checked"
            frame = _not_checked(engine, rule, language)
            engine.skipped[f"{rule.id}: layer missing"] = engine.n
        else:
            info["status"] = "checked"
            run = _RuleRun(engine, rule, language)
            _EVALUATORS[rule.type](run)
            conflict_rows.extend(run.rows)
            frame = run.verdict_frame()
        verdict_frames.append(frame)
        rule_info.append(info)
        progress((number + 1) / max(len(rules), 1))
    verdicts = (
        pd.concat(verdict_frames, ignore_index=True)
        if verdict_frames
        else pd.DataFrame(columns=VERDICT_COLUMNS)
    )
    if conflict_rows:
        conflicts = gpd.GeoDataFrame(conflict_rows, geometry="geometry", crs=engine.work_crs)
    else:
        conflicts = gpd.GeoDataFrame({c: [] for c in CONFLICT_COLUMNS}, geometry=[], crs=engine.work_crs)
    conflicts = conflicts[CONFLICT_COLUMNS + ["geometry"]]
    warnings = []
    if check_codes and ruleset.plan_code_field in engine.plan.columns:
        names = (
            list(engine.plan[ruleset.plan_name_field])
            if ruleset.plan_name_field in engine.plan.columns
            else None
        )
        warnings = landuse.check_codes(list(engine.plan[ruleset.plan_code_field]), names, engine.plan_ids)
        for w in warnings:
            engine.log.append({"event": "code_warning", **w})
    return ConformityResult(
        conflicts=conflicts,
        verdicts=verdicts[VERDICT_COLUMNS],
        log=engine.log,
        code_warnings=warnings,
        rules=rule_info,
        work_crs=engine.work_crs,
        area_mode=ruleset.area_mode,
        plan_count=engine.n,
        skipped=engine.skipped,
    )


def _not_checked(engine, rule, language):
    n = engine.n
    return pd.DataFrame(
        {
            "plan_fid": [_py(f) for f in engine.plan_fids],
            "plan_id": engine.plan_ids,
            "plan_code": engine.plan_codes,
            "rule_id": rule.id,
            "rule_name": rule.label(language),
            "group": rule.group,
            "rule_type": rule.type,
            "verdict": VERDICT_ZH["not_checked"],
            "verdict_code": "not_checked",
            "severity": rule.severity,
            "n_pairs": np.zeros(n, dtype=np.int64),
            "n_conflicts": np.zeros(n, dtype=np.int64),
            "proj_area_plan_m2": engine.plan_area_plan,
            "proj_area_ell_m2": engine.plan_area_ell,
            "ovl_area_plan_m2": np.zeros(n),
            "ovl_area_ell_m2": np.zeros(n),
            "ovl_area_ha": np.zeros(n),
            "ovl_area_mu": np.zeros(n),
            "pct_of_proj": np.zeros(n),
            "any_sliver": np.zeros(n, dtype=bool),
            "reason": f"layer role {rule.role} not given",
            "citation": rule.citation,
        }
    )
