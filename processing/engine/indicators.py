"""Community indicators, dynamic monitoring and tiered early warnings (no QGIS).

The indicator system is data (``resources/indicators/indicator_system.yaml``, validated against
the JSON Schema beside it; a city adjusts it with an override file). This module

1. turns raw inputs into one value per spatial unit and time window for each indicator
   (sensor observations, residents' feedback counts, numeric fields of another tool's output);
2. grades each value against four thresholds (blue < yellow < orange < red);
3. applies persistence and hysteresis: a level is raised only after ``persistence`` consecutive
   breaching windows and falls only once the value is better than the threshold by more than
   ``hysteresis`` for ``clear_windows`` consecutive windows (a missing window breaks a run of
   breaches and keeps the current level);
4. computes the trend (OLS slope over the last ``trend_windows`` windows, and the change of their
   mean versus the ``trend_windows`` windows before);
5. returns every warning episode with the record of why it was raised.

Everything is vectorised over units x windows with numpy (state machines included: run lengths
and latch states come from cumulative maxima, not loops over time).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np
import pandas as pd

from . import compat
from .errors import (
    CancelCallback,
    ConfigError,
    InputError,
    ProgressCallback,
    check_cancel,
    never_cancelled,
    no_progress,
)

LEVEL_IDS = ("blue", "yellow", "orange", "red")
LEVEL_RANK = {name: rank for rank, name in enumerate(LEVEL_IDS, start=1)}
RESOURCE_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "indicators"
DEFAULT_SYSTEM = RESOURCE_DIR / "indicator_system.yaml"
SYSTEM_SCHEMA = RESOURCE_DIR / "indicator_system.schema.json"
OVERRIDE_SCHEMA = RESOURCE_DIR / "overrides.schema.json"
HOUR_NS = 3_600_000_000_000
DAY_NS = 24 * HOUR_NS
# Monday 1970-01-05 00:00: windows of whole days/weeks are aligned on it (in local time).
GRID_ORIGIN_NS = 4 * DAY_NS


# ==== the indicator system ====================================================================
@dataclass
class Indicator:
    """One indicator of the system (the YAML entry, with defaults filled in)."""

    id: str
    family: str
    name: dict
    definition: dict
    unit: str
    direction: str
    source: dict
    aggregation: dict
    thresholds: np.ndarray  # 4 values (blue..red), NaN where a level is not used
    persistence: int = 1
    hysteresis: float = 0.0
    clear_windows: int = 1
    trend_windows: int = 7
    citations: List[str] = field(default_factory=list)
    enabled: bool = True

    @property
    def window(self) -> Optional[str]:
        return self.aggregation.get("window")

    @property
    def window_ns(self) -> Optional[int]:
        return window_length_ns(self.window) if self.window else None

    @property
    def is_static(self) -> bool:
        return self.window is None

    @property
    def sign(self) -> float:
        return 1.0 if self.direction == "higher_is_worse" else -1.0


@dataclass
class IndicatorSystem:
    name: dict
    levels: List[dict]
    indicators: List[Indicator]
    citations: Dict[str, dict]
    timezone_offset_h: float = 8.0
    sources: List[str] = field(default_factory=list)  # files it was read from

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    def level_color(self, rank: int) -> str:
        return self.levels[rank - 1]["color"]


def window_length_ns(window: str) -> int:
    number, unit = int(window[:-1]), window[-1].upper()
    return number * (HOUR_NS if unit == "H" else DAY_NS)


def _read_document(path: Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(file=str(path), detail=str(error)) from error
    try:
        if str(path).lower().endswith(".json"):
            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except Exception as error:  # yaml.YAMLError / JSONDecodeError: report the parser's words
        raise ConfigError(file=str(path), detail=str(error)) from error
    if not isinstance(data, dict):
        raise ConfigError(file=str(path), detail="the file does not hold a mapping")
    return data


def _validate(document: dict, schema_path: Path, file: str) -> None:
    try:
        import jsonschema
    except ImportError:  # optional: the structural checks of _build still run
        return
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top)"
        raise ConfigError(file=file, detail=f"{where}: {first.message}")


def _merge(base: dict, change: dict) -> dict:
    """``change`` merged over ``base``: mappings key by key, anything else replaced."""
    merged = copy.deepcopy(base)
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def apply_override(document: dict, override: dict, file: str = "override") -> dict:
    """The system ``document`` with a city's ``override`` applied (both plain mappings)."""
    _validate(override, OVERRIDE_SCHEMA, file)
    result = copy.deepcopy(document)
    if "timezone_offset_h" in override:
        result["timezone_offset_h"] = override["timezone_offset_h"]
    result.setdefault("citations", {}).update(copy.deepcopy(override.get("citations") or {}))
    by_id = {entry["id"]: i for i, entry in enumerate(result["indicators"])}
    for indicator_id, change in (override.get("indicators") or {}).items():
        if indicator_id not in by_id:
            raise ConfigError(file=file, detail=f"indicators/{indicator_id}: no such indicator in the system")
        index = by_id[indicator_id]
        result["indicators"][index] = _merge(result["indicators"][index], change)
    for entry in override.get("add") or []:
        if entry.get("id") in by_id:
            raise ConfigError(file=file, detail=f"add/{entry.get('id')}: the indicator exists already")
        by_id[entry.get("id")] = len(result["indicators"])
        result["indicators"].append(copy.deepcopy(entry))
    name = override.get("name")
    if name:
        result["name"] = {lang: f"{text} + {name}" for lang, text in result["name"].items()}
    return result


def _thresholds(entry: dict, file: str) -> np.ndarray:
    values = np.array(
        [
            np.nan if entry["thresholds"].get(level) is None else float(entry["thresholds"][level])
            for level in LEVEL_IDS
        ]
    )
    used = values[np.isfinite(values)]
    if used.size == 0:
        raise ConfigError(file=file, detail=f"{entry['id']}: no threshold is set")
    signed = used if entry["direction"] == "higher_is_worse" else -used
    if np.any(np.diff(signed) <= 0):
        order = "increase" if entry["direction"] == "higher_is_worse" else "decrease"
        raise ConfigError(
            file=file,
            detail=f"{entry['id']}: thresholds must {order} strictly from blue to red ({entry['direction']})",
        )
    return values


def build_system(document: dict, file: str = "indicator system") -> IndicatorSystem:
    """An :class:`IndicatorSystem` from a (merged) system document; validates it."""
    _validate(document, SYSTEM_SCHEMA, file)
    ranks = sorted((level["rank"], level["id"]) for level in document["levels"])
    if [r for r, _ in ranks] != [1, 2, 3, 4] or tuple(i for _, i in ranks) != LEVEL_IDS:
        raise ConfigError(file=file, detail="levels must be blue, yellow, orange, red with ranks 1-4")
    citations = document.get("citations") or {}
    indicators, seen = [], set()
    for entry in document["indicators"]:
        if entry["id"] in seen:
            raise ConfigError(file=file, detail=f"{entry['id']}: duplicate indicator id")
        seen.add(entry["id"])
        for key in entry["citations"]:
            if key not in citations:
                raise ConfigError(file=file, detail=f"{entry['id']}: unknown citation “{key}”")
        source, aggregation = entry["source"], entry["aggregation"]
        if source["type"] == "sensor" and not source.get("kind"):
            raise ConfigError(file=file, detail=f"{entry['id']}: a sensor source needs a kind")
        if source["type"] == "field" and not source.get("fields"):
            raise ConfigError(file=file, detail=f"{entry['id']}: a field source needs fields")
        if source["type"] != "field" and not aggregation.get("window"):
            raise ConfigError(file=file, detail=f"{entry['id']}: a time series source needs a window")
        static = source["type"] == "field"
        indicators.append(
            Indicator(
                id=entry["id"],
                family=entry["family"],
                name=entry["name"],
                definition=entry["definition"],
                unit=entry["unit"],
                direction=entry["direction"],
                source=source,
                aggregation=aggregation,
                thresholds=_thresholds(entry, file),
                persistence=1 if static else int(entry.get("persistence", 1)),
                hysteresis=float(entry.get("hysteresis", 0.0)),
                clear_windows=int(entry.get("clear_windows", 1)),
                trend_windows=int(entry.get("trend_windows", 7)),
                citations=list(entry["citations"]),
                enabled=bool(entry.get("enabled", True)),
            )
        )
    return IndicatorSystem(
        name=document["name"],
        levels=sorted(document["levels"], key=lambda level: level["rank"]),
        indicators=indicators,
        citations=citations,
        timezone_offset_h=float(document.get("timezone_offset_h", 8.0)),
    )


def load_system(path=None, overrides: Sequence = ()) -> IndicatorSystem:
    """Read the indicator system (default: the shipped one) and apply override files in order."""
    path = Path(path) if path else DEFAULT_SYSTEM
    document = _read_document(path)
    _validate(document, SYSTEM_SCHEMA, str(path))
    sources = [str(path)]
    for override_path in overrides or ():
        document = apply_override(document, _read_document(Path(override_path)), str(override_path))
        sources.append(str(override_path))
    system = build_system(document, " + ".join(Path(s).name for s in sources))
    system.sources = sources
    return system


# ==== thresholds, persistence, hysteresis =====================================================
def breach_levels(values: np.ndarray, thresholds: np.ndarray, direction: str) -> np.ndarray:
    """Highest level (0 none, 1 blue .. 4 red) whose threshold each value breaches (no persistence)."""
    sign = 1.0 if direction == "higher_is_worse" else -1.0
    signed = sign * np.asarray(values, dtype=float)
    level = np.zeros(signed.shape, dtype=np.int8)
    for rank, threshold in enumerate(thresholds, start=1):
        if np.isfinite(threshold):
            level[signed >= sign * threshold] = rank
    return level


def run_lengths(flags: np.ndarray) -> np.ndarray:
    """Along axis 0: how many consecutive True values end at each position (0 where False)."""
    steps = np.arange(flags.shape[0]).reshape((-1,) + (1,) * (flags.ndim - 1))
    last_false = np.maximum.accumulate(np.where(flags, -1, steps), axis=0)
    return steps - last_false


def latch(on: np.ndarray, off: np.ndarray) -> np.ndarray:
    """A set/reset latch along axis 0: True from an ``on`` position until the next ``off``."""
    steps = np.arange(on.shape[0]).reshape((-1,) + (1,) * (on.ndim - 1))
    last_on = np.maximum.accumulate(np.where(on, steps, -1), axis=0)
    last_off = np.maximum.accumulate(np.where(off, steps, -1), axis=0)
    return last_on > last_off


def warning_levels(
    values: np.ndarray,
    thresholds: np.ndarray,
    direction: str,
    persistence: int = 1,
    hysteresis: float = 0.0,
    clear_windows: int = 1,
) -> np.ndarray:
    """Warning level per window (axis 0 = time) after persistence and hysteresis.

    Level k is raised at the window that completes ``persistence`` consecutive windows with the
    value at or beyond threshold k, and stays until ``clear_windows`` consecutive windows are
    better than threshold k by more than ``hysteresis``. NaN neither breaches nor clears.
    """
    sign = 1.0 if direction == "higher_is_worse" else -1.0
    signed = sign * np.asarray(values, dtype=float)
    level = np.zeros(signed.shape, dtype=np.int8)
    for rank, threshold in enumerate(thresholds, start=1):
        if not np.isfinite(threshold):
            continue
        limit = sign * threshold
        on = run_lengths(signed >= limit) >= max(int(persistence), 1)
        off = run_lengths(signed < limit - hysteresis) >= max(int(clear_windows), 1)
        level[latch(on, off)] = rank
    return level


def _shifted(values: np.ndarray, lag: int) -> np.ndarray:
    out = np.full(values.shape, np.nan)
    if lag < values.shape[0]:
        out[lag:] = values[: values.shape[0] - lag]
    return out


def trend(values: np.ndarray, windows: int):
    """``(slope, change, change_pct)`` per window (axis 0 = time), all NaN-aware.

    slope: OLS slope (value units per window) over the last ``windows`` windows (>= 2 values);
    change: mean of the last ``windows`` windows minus the mean of the ``windows`` before;
    change_pct: change relative to that previous mean, in percent.
    """
    values = np.asarray(values, dtype=float)
    windows = max(int(windows), 2)
    n = np.zeros(values.shape)
    sx, sy, sxx, sxy = (np.zeros(values.shape) for _ in range(4))
    prev_n, prev_sum = np.zeros(values.shape), np.zeros(values.shape)
    for lag in range(windows):
        y = _shifted(values, lag)
        ok = np.isfinite(y)
        x = float(windows - 1 - lag)
        y0 = np.where(ok, y, 0.0)
        n += ok
        sx += ok * x
        sxx += ok * x * x
        sy += y0
        sxy += x * y0
        p = _shifted(values, lag + windows)
        p_ok = np.isfinite(p)
        prev_n += p_ok
        prev_sum += np.where(p_ok, p, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        denom = n * sxx - sx * sx
        slope = np.where((n >= 2) & (denom > 0), (n * sxy - sx * sy) / denom, np.nan)
        current = np.where(n > 0, sy / n, np.nan)
        previous = np.where(prev_n > 0, prev_sum / prev_n, np.nan)
        change = current - previous
        change_pct = np.where(previous != 0, 100.0 * change / np.abs(previous), np.nan)
    return slope, change, change_pct


# ==== from raw inputs to unit x window values =================================================
@dataclass
class Grid:
    """The time windows of one indicator: ``starts`` (int64 ns since epoch, local wall time)."""

    starts: np.ndarray
    length_ns: int

    def __len__(self):
        return len(self.starts)


NAT = np.iinfo(np.int64).min
_OFFSET_AT_END = r"(?:[Zz]|[+-]\d\d:?\d\d)$"


def _days_from_civil(year, month, day):
    """Days since 1970-01-01 of proleptic Gregorian dates (vectorised; H. Hinnant's algorithm)."""
    year = year - (month <= 2)
    era = np.floor_divide(year, 400)
    yoe = year - era * 400
    doy = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _fast_iso(texts: np.ndarray):
    """``(ns UTC, naive)`` for ISO text of the common fixed layouts, or ``None``.

    Layouts: ``YYYY-MM-DDTHH:MM:SS`` (naive), ``…Z`` and ``…+HH:MM`` (``T`` or a space).
    """
    try:
        codes = np.array(texts.tolist(), dtype="U25")
    except (TypeError, ValueError):
        return None
    if codes.dtype.itemsize != 100 and codes.dtype.itemsize != 19 * 4 and codes.dtype.itemsize != 20 * 4:
        return None
    width = codes.dtype.itemsize // 4
    c = codes.view(np.uint32).reshape(len(codes), width).astype(np.int64)
    if width < 25:
        c = np.pad(c, ((0, 0), (0, 25 - width)))
    length = (c > 0).sum(axis=1)
    digits = c - 48
    digit_cols = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
    ok = np.all((digits[:, digit_cols] >= 0) & (digits[:, digit_cols] <= 9), axis=1)
    ok &= (
        (c[:, 4] == 45)
        & (c[:, 7] == 45)
        & ((c[:, 10] == 84) | (c[:, 10] == 32))
        & (c[:, 13] == 58)
        & (c[:, 16] == 58)
    )
    naive = length == 19
    zulu = (length == 20) & ((c[:, 19] == 90) | (c[:, 19] == 122))
    offset = (length == 25) & ((c[:, 19] == 43) | (c[:, 19] == 45)) & (c[:, 22] == 58)
    offset &= np.all((digits[:, [20, 21, 23, 24]] >= 0) & (digits[:, [20, 21, 23, 24]] <= 9), axis=1)
    if not np.all(ok & (naive | zulu | offset)):
        return None

    def number(*cols):
        out = np.zeros(len(c), dtype=np.int64)
        for col in cols:
            out = out * 10 + digits[:, col]
        return out

    month, day = number(5, 6), number(8, 9)
    if np.any((month < 1) | (month > 12) | (day < 1) | (day > 31)):
        return None
    days = _days_from_civil(number(0, 1, 2, 3), month, day)
    seconds = ((days * 24 + number(11, 12)) * 60 + number(14, 15)) * 60 + number(17, 18)
    sign = np.where(c[:, 19] == 45, -1, 1)
    shift = np.where(offset, sign * (number(20, 21) * 60 + number(23, 24)) * 60, 0)
    return (seconds - shift) * 1_000_000_000, naive


def _to_utc_ns(column, what: str, naive_offset_ns: int = 0) -> np.ndarray:
    """Times as int64 ns UTC (unreadable -> NAT).

    ISO text with an offset (``2026-03-02T07:15:03+08:00``) or ``Z`` is exact; times without an
    offset (text or naive datetimes) are local wall time ``naive_offset_ns`` ahead of UTC. Text is
    parsed once per distinct value (sensor clocks repeat across sensors).
    """
    series = pd.Series(column).reset_index(drop=True)
    if pd.api.types.is_datetime64_any_dtype(series):
        naive = np.full(len(series), series.dt.tz is None)
        values = pd.to_datetime(series, utc=True).to_numpy(dtype="datetime64[ns]").astype(np.int64)
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=True) if _FACTORIZE_NA else pd.factorize(series)
        uniques = np.asarray(uniques, dtype=object)
        parsed = _fast_iso(uniques) if len(uniques) and all(isinstance(u, str) for u in uniques[:1]) else None
        if parsed is None:
            text = pd.Series(uniques, dtype=object).astype(str).str.strip()
            unique_naive = ~text.str.contains(_OFFSET_AT_END, regex=True).to_numpy()
            try:
                times = compat.to_datetime_mixed(pd.Series(uniques, dtype=object), utc=True, errors="coerce")
            except (ValueError, TypeError) as error:
                raise InputError(detail=f"{what}: unreadable times ({error})") from error
            unique_ns = times.to_numpy(dtype="datetime64[ns]").astype(np.int64)
        else:
            unique_ns, unique_naive = parsed
        unique_ns = np.append(unique_ns, NAT)  # code -1 (missing) -> NAT
        unique_naive = np.append(unique_naive, False)
        values = unique_ns[codes]
        naive = unique_naive[codes]
    shift = naive & (values != NAT)
    values = values.copy()
    values[shift] -= naive_offset_ns
    return values


_FACTORIZE_NA = "use_na_sentinel" in pd.factorize.__code__.co_varnames


def make_grid(first_local_ns: int, last_local_ns: int, window_ns: int, anchor_h: float = 0.0) -> Grid:
    """Windows of ``window_ns`` covering [first, last], aligned on local midnight + ``anchor_h``."""
    origin = GRID_ORIGIN_NS + int(anchor_h * HOUR_NS) if window_ns >= DAY_NS else 0
    start = origin + ((first_local_ns - origin) // window_ns) * window_ns
    count = int((last_local_ns - start) // window_ns) + 1
    return Grid(starts=start + window_ns * np.arange(count, dtype=np.int64), length_ns=window_ns)


def _hour_mask(local_ns: np.ndarray, hours) -> np.ndarray:
    if not hours:
        return np.ones(local_ns.shape, dtype=bool)
    hour = (local_ns // HOUR_NS) % 24
    start, end = int(hours[0]) % 24, int(hours[1]) % 24
    if start == end:
        return np.ones(local_ns.shape, dtype=bool)
    if start < end:
        return (hour >= start) & (hour < end)
    return (hour >= start) | (hour < end)


def _group_reduce(
    keys: np.ndarray, values: np.ndarray, size: int, how: str, min_count: int = 1
) -> np.ndarray:
    """Reduce ``values`` by integer ``keys`` (0..size-1) into a flat array of ``size`` (NaN empty)."""
    counts = np.bincount(keys, minlength=size).astype(float)
    if how == "count":
        return counts
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if how == "sum":
            out = np.bincount(keys, weights=values, minlength=size)
        elif how == "mean":
            out = np.bincount(keys, weights=values, minlength=size) / counts
        elif how == "energy_mean":
            energy = np.bincount(keys, weights=np.power(10.0, values / 10.0), minlength=size) / counts
            out = 10.0 * np.log10(energy)
        elif how in ("max", "min"):
            out = np.full(size, np.nan)
            if keys.size:
                order = np.argsort(keys, kind="stable")
                sorted_keys = keys[order]
                starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
                reducer = np.maximum if how == "max" else np.minimum
                out[sorted_keys[starts]] = reducer.reduceat(values[order], starts)
        else:
            raise ValueError(how)
    out = np.asarray(out, dtype=float)
    out[counts < max(min_count, 1)] = np.nan
    return out


def _previous_median(rows: np.ndarray, windows: int, min_windows: int) -> np.ndarray:
    """Per row r (axis 0): the NaN-ignoring median of rows r-windows .. r-1 (>= min_windows values)."""
    stack = np.full((windows,) + rows.shape, np.nan)
    for lag in range(1, windows + 1):
        if lag < rows.shape[0]:
            stack[lag - 1, lag:] = rows[:-lag]
    count = np.isfinite(stack).sum(axis=0)
    stack.sort(axis=0)  # NaN last
    low = np.clip((count - 1) // 2, 0, windows - 1)[None]
    high = np.clip(count // 2, 0, windows - 1)[None]
    median = (np.take_along_axis(stack, low, 0)[0] + np.take_along_axis(stack, high, 0)[0]) / 2.0
    return np.where(count >= max(min_windows, 1), median, np.nan)


def _baseline(matrix: np.ndarray, spec: dict) -> np.ndarray:
    """Each window compared with the median of previous windows ``period`` apart (axis 0 = time)."""
    windows = int(spec["windows"])
    period = int(spec.get("period", 1))
    min_windows = int(spec.get("min_windows", windows))
    steps, columns = matrix.shape
    padded_steps = -(-steps // period) * period
    padded = np.full((padded_steps, columns), np.nan)
    padded[:steps] = matrix
    # rows: cycles (e.g. days), columns: phase (e.g. hour) x series
    cycles = padded.reshape(padded_steps // period, period * columns)
    median = _previous_median(cycles, windows, min_windows)
    median = median.reshape(padded_steps, columns)[:steps]
    with np.errstate(invalid="ignore", divide="ignore"):
        if spec["method"] == "ratio_to_median":
            return matrix / np.maximum(median, float(spec.get("floor", 0.0)))
        return matrix - median


def _across(matrix: np.ndarray, groups: np.ndarray, n_groups: int, how: str) -> np.ndarray:
    """Columns of ``matrix`` (time x sources) reduced per group -> time x groups (NaN-aware)."""
    frame = pd.DataFrame(matrix.T)
    reduced = getattr(frame.groupby(groups), how)()
    if how == "sum":  # sum of nothing is missing, not zero
        present = frame.notna().groupby(groups).sum()
        reduced = reduced.where(present > 0)
    out = np.full((n_groups, matrix.shape[0]), np.nan)
    out[reduced.index.to_numpy()] = reduced.to_numpy()
    return out.T


@dataclass
class SeriesInputs:
    """Inputs already read: every frame is plain pandas; times may be datetime64 or ISO text."""

    units: pd.DataFrame  # unit_id, population (optional)
    sensors: Optional[pd.DataFrame] = None  # sensor_id, unit_id (None: outside every unit), kind
    observations: Optional[pd.DataFrame] = None  # sensor_id, time, value
    feedback: Optional[pd.DataFrame] = None  # unit_id, time, + filter columns
    fields: Optional[pd.DataFrame] = None  # unit_id + numeric columns (one or more rows per unit)
    unit_kind: str = "community"
    start: Optional[object] = None  # evaluation period (times); default: the data's
    end: Optional[object] = None


@dataclass
class IndicatorValues:
    indicator: Indicator
    grid: Optional[Grid]  # None for static indicators
    values: np.ndarray  # windows x units
    source_ids: Optional[np.ndarray] = None  # sensor ids (sensor indicators)
    source_values: Optional[np.ndarray] = None  # windows x sensors
    source_units: Optional[np.ndarray] = None  # unit index of each sensor
    field_name: Optional[str] = None
    breach: Optional[np.ndarray] = None  # windows x units: level breached (no persistence)
    level: Optional[np.ndarray] = None  # windows x units: warning level (persistence, hysteresis)
    labels: Optional[np.ndarray] = None  # window starts, ISO text with the local offset


@dataclass
class Evaluation:
    system: IndicatorSystem
    unit_ids: np.ndarray
    results: Dict[str, IndicatorValues]
    table: pd.DataFrame  # one row per indicator x unit x window
    warnings: pd.DataFrame  # one row per warning episode
    skipped: Dict[str, int]  # what was left out, counted
    not_evaluated: Dict[str, str]  # indicator id -> reason code


# ==== evaluation ==============================================================================
def _prepare_observations(inputs: SeriesInputs, unit_index: dict, skipped: dict, offset_ns: int):
    sensors = inputs.sensors
    observations = inputs.observations
    for name, frame, columns in (
        ("sensors", sensors, ("sensor_id", "unit_id", "kind")),
        ("sensor observations", observations, ("sensor_id", "time", "value")),
    ):
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise InputError(
                code="missing_field", layer=name, field=missing[0], detail=f"no field {missing[0]}"
            )
    sensor_ids = sensors["sensor_id"].astype(str).to_numpy()
    if len(set(sensor_ids)) != len(sensor_ids):
        duplicated = pd.Series(sensor_ids)[pd.Series(sensor_ids).duplicated()].iloc[0]
        raise InputError(detail=f"sensors: sensor_id {duplicated} appears more than once")
    sensor_unit = np.array(
        [unit_index.get(u, -1) if u is not None else -1 for u in sensors["unit_id"]], dtype=int
    )
    skipped["sensors_outside_units"] = int((sensor_unit < 0).sum())
    # one lookup per distinct sensor id, not per observation
    factor, distinct = pd.factorize(observations["sensor_id"])
    lookup = pd.Index(sensor_ids).get_indexer(pd.Index(distinct).astype(str))
    code = np.where(factor >= 0, np.append(lookup, -1)[factor], -1)
    skipped["observations_unknown_sensor"] = int((code < 0).sum())
    times = _to_utc_ns(observations["time"], "sensor observations", offset_ns)
    values = pd.to_numeric(observations["value"], errors="coerce").to_numpy(dtype=float)
    bad = (times == NAT) | ~np.isfinite(values)
    skipped["observations_invalid"] = int((bad & (code >= 0)).sum())
    keep = (code >= 0) & ~bad
    return {
        "sensor_ids": sensor_ids,
        "sensor_unit": sensor_unit,
        "sensor_kind": sensors["kind"].astype(str).to_numpy(),
        "code": code[keep],
        "local": times[keep] + offset_ns,
        "value": values[keep],
    }


def _period(inputs: SeriesInputs, local_times: List[np.ndarray], offset_ns: int):
    first = last = None
    if inputs.start is not None:
        first = int(_to_utc_ns(pd.Series([inputs.start]), "start", offset_ns)[0]) + offset_ns
    if inputs.end is not None:
        last = int(_to_utc_ns(pd.Series([inputs.end]), "end", offset_ns)[0]) + offset_ns
    present = [t for t in local_times if t is not None and t.size]
    if first is None and present:
        first = int(min(t.min() for t in present))
    if last is None and present:
        last = int(max(t.max() for t in present))
    return first, last


def _sensor_indicator(indicator: Indicator, obs: dict, period, n_units: int) -> Optional[IndicatorValues]:
    agg = indicator.aggregation
    selected_sensors = np.flatnonzero(obs["sensor_kind"] == indicator.source["kind"])
    if selected_sensors.size == 0 or period[0] is None:
        return None
    grid = make_grid(period[0], period[1], indicator.window_ns, float(agg.get("window_anchor_h", 0.0)))
    position = np.full(len(obs["sensor_ids"]), -1)
    position[selected_sensors] = np.arange(selected_sensors.size)
    column = position[obs["code"]]
    local = obs["local"]
    window = (local - grid.starts[0]) // grid.length_ns
    keep = (column >= 0) & (window >= 0) & (window < len(grid)) & _hour_mask(local, agg.get("hours"))
    keys = column[keep] * len(grid) + window[keep]
    flat = _group_reduce(
        keys,
        obs["value"][keep],
        selected_sensors.size * len(grid),
        agg.get("in_window", "mean"),
        int(agg.get("min_observations", 1)),
    )
    per_sensor = flat.reshape(selected_sensors.size, len(grid)).T  # windows x sensors
    if agg.get("baseline"):
        per_sensor = _baseline(per_sensor, agg["baseline"])
    sensor_unit = obs["sensor_unit"][selected_sensors]
    inside = sensor_unit >= 0
    values = np.full((len(grid), n_units), np.nan)
    if inside.any():
        values = _across(
            per_sensor[:, inside], sensor_unit[inside], n_units, agg.get("across_sources", "mean")
        )
    return IndicatorValues(
        indicator=indicator,
        grid=grid,
        values=values,
        source_ids=obs["sensor_ids"][selected_sensors],
        source_values=per_sensor,
        source_units=sensor_unit,
    )


def _rows_filter(frame: pd.DataFrame, source: dict, what: str) -> np.ndarray:
    keep = np.ones(len(frame), dtype=bool)
    for key, negate in (("filter", False), ("exclude", True)):
        for column, allowed in (source.get(key) or {}).items():
            if column not in frame.columns:
                raise InputError(code="missing_field", layer=what, field=column, detail=f"no field {column}")
            hit = frame[column].isin(allowed).to_numpy()
            keep &= ~hit if negate else hit
    return keep


def _population(inputs: SeriesInputs, indicator: Indicator, n_units: int) -> np.ndarray:
    if "population" not in inputs.units.columns:
        raise InputError(
            code="missing_field",
            layer="units",
            field="population",
            detail=f"{indicator.id} needs the population",
        )
    population = pd.to_numeric(inputs.units["population"], errors="coerce").to_numpy(dtype=float)
    return np.where(population > 0, population, np.nan)


def _feedback_indicator(
    indicator, inputs, unit_index, period, offset_ns, skipped
) -> Optional[IndicatorValues]:
    frame = inputs.feedback
    if frame is None or period[0] is None:
        return None
    agg = indicator.aggregation
    n_units = len(unit_index)
    grid = make_grid(period[0], period[1], indicator.window_ns, float(agg.get("window_anchor_h", 0.0)))
    keep = _rows_filter(frame, indicator.source, "feedback")
    unit = np.array([unit_index.get(u, -1) if u is not None else -1 for u in frame["unit_id"]], dtype=int)
    utc = _to_utc_ns(frame["time"], "feedback", offset_ns)
    bad_time = utc == NAT
    local = utc + offset_ns
    skipped["feedback_outside_units"] = int(((unit < 0) & keep).sum())
    skipped["feedback_invalid_time"] = int((bad_time & keep & (unit >= 0)).sum())
    window = (local - grid.starts[0]) // grid.length_ns
    ok = keep & (unit >= 0) & ~bad_time & _hour_mask(local, agg.get("hours"))
    skipped["feedback_outside_period"] = int((ok & ((window < 0) | (window >= len(grid)))).sum())
    ok &= (window >= 0) & (window < len(grid))
    counts = np.bincount(unit[ok] * len(grid) + window[ok], minlength=n_units * len(grid)).astype(float)
    values = counts.reshape(n_units, len(grid)).T
    if agg.get("per_1000_population"):
        values = values / (_population(inputs, indicator, n_units) / 1000.0)
    return IndicatorValues(indicator=indicator, grid=grid, values=values)


def _field_indicator(indicator, inputs, unit_index, skipped) -> Optional[IndicatorValues]:
    frame = inputs.fields
    if frame is None:
        return None
    name = next((f for f in indicator.source["fields"] if f in frame.columns), None)
    if name is None:
        return None
    keep = _rows_filter(frame, indicator.source, "fields")
    unit = np.array([unit_index.get(u, -1) if u is not None else -1 for u in frame["unit_id"]], dtype=int)
    value = pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float)
    skipped[f"{indicator.id}_rows_outside_units"] = int(((unit < 0) & keep).sum())
    skipped[f"{indicator.id}_rows_without_value"] = int((~np.isfinite(value) & keep & (unit >= 0)).sum())
    ok = keep & (unit >= 0) & np.isfinite(value)
    how = indicator.aggregation.get("across_sources", "mean")
    row = _group_reduce(unit[ok], value[ok], len(unit_index), how)
    if how == "sum":
        row[np.bincount(unit[ok], minlength=len(unit_index)) == 0] = np.nan
    if indicator.aggregation.get("per_1000_population"):
        row = row / (_population(inputs, indicator, len(unit_index)) / 1000.0)
    return IndicatorValues(indicator=indicator, grid=None, values=row[None, :], field_name=name)


def _episodes(
    result: IndicatorValues, level: np.ndarray, breach: np.ndarray, unit_ids, window_labels, trend_pct
):
    """One record per warning episode (a maximal run of windows with level > 0 in a unit)."""
    indicator = result.indicator
    active = level > 0
    padded = np.zeros((active.shape[0] + 2, active.shape[1]), dtype=np.int8)
    padded[1:-1] = active
    edges = np.diff(padded, axis=0)
    start_t, start_u = np.nonzero(edges == 1)
    end_t, end_u = np.nonzero(edges == -1)
    order_s = np.lexsort((start_t, start_u))
    order_e = np.lexsort((end_t, end_u))
    records = []
    values = result.values
    signed = indicator.sign * values
    steps = len(window_labels)
    for s, e, u in zip(start_t[order_s], end_t[order_e], start_u[order_s]):
        segment = level[s:e, u]
        peak_level = int(segment.max())
        peak_offset = int(np.nanargmax(np.where(np.isfinite(signed[s:e, u]), signed[s:e, u], -np.inf)))
        peak_t = s + peak_offset
        raised_rank = int(level[s, u])
        # the run of breaches that raised the warning ends at s; find where it began
        first = s
        while first > 0 and breach[first - 1, u] >= raised_rank:
            first -= 1
        threshold = float(indicator.thresholds[peak_level - 1])
        raised_threshold = float(indicator.thresholds[raised_rank - 1])
        peak_value = float(values[peak_t, u])
        sources = ""
        if result.source_values is not None:
            mine = np.flatnonzero(result.source_units == u)
            row = indicator.sign * result.source_values[peak_t, mine]
            hit = mine[np.isfinite(row) & (row >= indicator.sign * threshold)]
            sources = ",".join(str(x) for x in result.source_ids[hit])
        is_static = result.grid is None
        cleared = None if e >= steps else str(window_labels[e])
        comparison = ">=" if indicator.direction == "higher_is_worse" else "<="
        if is_static:
            reason = (
                f"{indicator.name['en']} of {unit_ids[u]} is {peak_value:.4g} {indicator.unit}, "
                f"{comparison} the {LEVEL_IDS[peak_level - 1]} threshold {threshold:g}"
                + (f" (field {result.field_name})" if result.field_name else "")
            )
        else:
            reason = (
                f"{indicator.name['en']} in {unit_ids[u]} was {comparison} {raised_threshold:g} {indicator.unit} "
                f"({LEVEL_IDS[raised_rank - 1]}) in {s - first + 1} consecutive windows of {indicator.window} "
                f"from {window_labels[first]} (persistence {indicator.persistence}); warning raised for "
                f"{window_labels[s]}; peak {peak_value:.4g} {indicator.unit} in {window_labels[peak_t]} "
                f"({LEVEL_IDS[peak_level - 1]}, threshold {threshold:g})"
                + (f"; sensors {sources}" if sources else "")
                + ("; still active at the end of the period" if cleared is None else f"; cleared {cleared}")
            )
        records.append(
            {
                "indicator_id": indicator.id,
                "unit_id": unit_ids[u].item() if hasattr(unit_ids[u], "item") else unit_ids[u],
                "level": peak_level,
                "level_id": LEVEL_IDS[peak_level - 1],
                "raised_level": raised_rank,
                "first_breach": str(window_labels[first]),
                "raised_at": str(window_labels[s]),
                "peak_at": str(window_labels[peak_t]),
                "cleared_at": cleared,
                "active": cleared is None,
                "windows": int(e - s),
                "consecutive_breaches": int(s - first + 1),
                "peak_value": peak_value,
                "threshold": threshold,
                "raised_threshold": raised_threshold,
                "direction": indicator.direction,
                "unit": indicator.unit,
                "persistence": indicator.persistence,
                "hysteresis": indicator.hysteresis,
                "change_pct": float(trend_pct[s, u]) if trend_pct is not None else np.nan,
                "sources": sources,
                "reason": reason,
            }
        )
    return records


def _iso(local_ns: np.ndarray, offset_h: float) -> np.ndarray:
    """ISO 8601 text with the local offset for local wall-clock nanoseconds."""
    sign = "+" if offset_h >= 0 else "-"
    minutes = int(round(abs(offset_h) * 60))
    suffix = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    text = np.datetime_as_string(local_ns.astype("datetime64[ns]"), unit="s")
    return np.char.add(text.astype(str), suffix)


WARNING_COLUMNS = [
    "indicator_id", "unit_id", "level", "level_id", "raised_level", "first_breach", "raised_at", "peak_at",
    "cleared_at", "active", "windows", "consecutive_breaches", "peak_value", "threshold", "raised_threshold",
    "direction", "unit", "persistence", "hysteresis", "change_pct", "sources", "reason",
]  # fmt: skip


def evaluate(
    system: IndicatorSystem,
    inputs: SeriesInputs,
    indicator_ids: Optional[Sequence[str]] = None,
    progress: ProgressCallback = no_progress,
    cancelled: CancelCallback = never_cancelled,
) -> Evaluation:
    """Evaluate the enabled indicators of ``system`` on ``inputs`` (see module docstring)."""
    if "unit_id" not in inputs.units.columns:
        raise InputError(code="missing_field", layer="units", field="unit_id", detail="no field unit_id")
    if len(inputs.units) == 0:
        raise InputError(code="empty_layer", layer="units", detail="no units")
    unit_ids = inputs.units["unit_id"].to_numpy()
    if pd.Series(unit_ids).duplicated().any():
        duplicated = pd.Series(unit_ids)[pd.Series(unit_ids).duplicated()].iloc[0]
        raise InputError(detail=f"units: unit id {duplicated} appears more than once")
    unit_index = {u: i for i, u in enumerate(unit_ids)}
    offset_ns = int(round(system.timezone_offset_h * HOUR_NS))
    skipped: Dict[str, int] = {}
    not_evaluated: Dict[str, str] = {}
    obs = None
    if inputs.sensors is not None and inputs.observations is not None:
        obs = _prepare_observations(inputs, unit_index, skipped, offset_ns)
    feedback_local = None
    if inputs.feedback is not None:
        for column in ("unit_id", "time"):
            if column not in inputs.feedback.columns:
                raise InputError(
                    code="missing_field", layer="feedback", field=column, detail=f"no field {column}"
                )
        if obs is None:
            feedback_local = _to_utc_ns(inputs.feedback["time"], "feedback", offset_ns)
            feedback_local = feedback_local[feedback_local != NAT] + offset_ns
    period = _period(inputs, [obs["local"] if obs else None, feedback_local], offset_ns)
    if obs is not None and period[0] is not None:
        outside = (obs["local"] < period[0]) | (obs["local"] > period[1])
        skipped["observations_outside_period"] = int(outside.sum())

    chosen = [i for i in system.indicators if i.enabled and (indicator_ids is None or i.id in indicator_ids)]
    results: Dict[str, IndicatorValues] = {}
    tables, episodes = [], []
    for count, indicator in enumerate(chosen):
        check_cancel(cancelled)
        progress(count / max(len(chosen), 1))
        if inputs.unit_kind not in indicator.aggregation["units"]:
            not_evaluated[indicator.id] = "unit_kind"
            continue
        if indicator.aggregation.get("per_1000_population") and "population" not in inputs.units.columns:
            not_evaluated[indicator.id] = "no_population"
            continue
        kind = indicator.source["type"]
        if kind == "sensor":
            result = _sensor_indicator(indicator, obs, period, len(unit_ids)) if obs else None
        elif kind == "feedback":
            result = _feedback_indicator(indicator, inputs, unit_index, period, offset_ns, skipped)
        else:
            result = _field_indicator(indicator, inputs, unit_index, skipped)
        if result is None:
            not_evaluated[indicator.id] = "no_data"
            continue
        results[indicator.id] = result
        breach = breach_levels(result.values, indicator.thresholds, indicator.direction)
        level = warning_levels(
            result.values,
            indicator.thresholds,
            indicator.direction,
            indicator.persistence,
            indicator.hysteresis,
            indicator.clear_windows,
        )
        steps = result.values.shape[0]
        if result.grid is not None:
            labels = _iso(result.grid.starts, system.timezone_offset_h)
            ends = _iso(result.grid.starts + result.grid.length_ns, system.timezone_offset_h)
            slope, change, change_pct = trend(result.values, indicator.trend_windows)
            per_day = DAY_NS / result.grid.length_ns
            slope = slope * per_day
        else:
            labels = ends = np.array([""])
            slope = change = change_pct = np.full(result.values.shape, np.nan)
        result.level = level
        result.breach = breach
        result.labels = labels
        episodes += _episodes(result, level, breach, unit_ids, labels, change_pct if result.grid else None)
        n_units = len(unit_ids)
        tables.append(
            pd.DataFrame(
                {
                    "indicator_id": indicator.id,
                    "unit_id": np.tile(unit_ids, steps),
                    "window_start": np.repeat(labels, n_units),
                    "window_end": np.repeat(ends, n_units),
                    "value": result.values.ravel(),
                    "breach_level": breach.ravel().astype(int),
                    "level": level.ravel().astype(int),
                    "slope_per_day": slope.ravel(),
                    "change": change.ravel(),
                    "change_pct": change_pct.ravel(),
                }
            )
        )
    progress(1.0)
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(
        columns=["indicator_id", "unit_id", "window_start", "window_end", "value", "breach_level", "level",
                 "slope_per_day", "change", "change_pct"]
    )  # fmt: skip
    warnings = pd.DataFrame(episodes, columns=WARNING_COLUMNS)
    return Evaluation(
        system=system,
        unit_ids=unit_ids,
        results=results,
        table=table,
        warnings=warnings,
        skipped=skipped,
        not_evaluated=not_evaluated,
    )


def current_levels(evaluation: Evaluation) -> pd.DataFrame:
    """Per unit: the highest level active in the last window of any indicator, and which one."""
    rows = []
    for unit_position, unit_id in enumerate(evaluation.unit_ids):
        best, which = 0, ""
        for indicator_id, result in evaluation.results.items():
            value = int(result.level[-1, unit_position])
            if value > best:
                best, which = value, indicator_id
        rows.append({"unit_id": unit_id, "level": best, "indicator_id": which})
    return pd.DataFrame(rows)


# ==== report (plain HTML with inline SVG charts; texts come translated from the caller) ========
def _esc(text) -> str:
    import html

    return html.escape("" if text is None else str(text))


def svg_chart(
    labels: Sequence[str],
    values: np.ndarray,
    levels: np.ndarray,
    thresholds: np.ndarray,
    direction: str,
    colors: Sequence[str],
    highlight: Optional[tuple] = None,
    unit: str = "",
    width: int = 640,
    height: int = 220,
) -> str:
    """An inline SVG time-series chart: threshold bands, the series, warned windows as dots.

    ``highlight`` = (first, last) window indexes shaded as the warning episode. No GUI needed.
    """
    left, right, top, bottom = 52, 12, 10, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    used = thresholds[np.isfinite(thresholds)]
    pool = np.concatenate([finite, used]) if finite.size else used
    low, high = float(pool.min()), float(pool.max())
    pad = (high - low) * 0.08 or max(abs(high) * 0.1, 1.0)
    low, high = low - pad, high + pad
    steps = max(len(values), 1)

    def sx(i):
        return left + (plot_w * (i + 0.5) / steps)

    def sy(v):
        return top + plot_h * (1.0 - (v - low) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="sans-serif" font-size="10">',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="#999999"/>',
    ]
    higher = direction == "higher_is_worse"
    for rank in range(4):
        start = thresholds[rank]
        if not np.isfinite(start):
            continue
        following = [t for t in thresholds[rank + 1 :] if np.isfinite(t)]
        end = following[0] if following else (high if higher else low)
        y1, y2 = sorted((sy(min(max(start, low), high)), sy(min(max(end, low), high))))
        parts.append(
            f'<rect x="{left}" y="{y1:.1f}" width="{plot_w}" height="{max(y2 - y1, 0):.1f}" '
            f'fill="{colors[rank]}" fill-opacity="0.22"/>'
        )
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{sy(start):.1f}" y2="{sy(start):.1f}" '
            f'stroke="{colors[rank]}" stroke-dasharray="4 3"/>'
            f'<text x="{left - 4}" y="{sy(start) + 3:.1f}" text-anchor="end">{start:g}</text>'
        )
    if highlight is not None:
        first, last = highlight
        x1, x2 = left + plot_w * first / steps, left + plot_w * (last + 1) / steps
        parts.append(
            f'<rect x="{x1:.1f}" y="{top}" width="{x2 - x1:.1f}" height="{plot_h}" fill="#000000" fill-opacity="0.06"/>'
        )
    path, pen_down = [], False
    for i, value in enumerate(values):
        if not np.isfinite(value):
            pen_down = False
            continue
        path.append(f"{'L' if pen_down else 'M'}{sx(i):.1f},{sy(value):.1f}")
        pen_down = True
    if path:
        parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="#222222" stroke-width="1.5"/>')
    for i, value in enumerate(values):
        if np.isfinite(value) and levels[i] > 0:
            parts.append(
                f'<circle cx="{sx(i):.1f}" cy="{sy(value):.1f}" r="3.2" fill="{colors[int(levels[i]) - 1]}" '
                'stroke="#000000" stroke-width="0.6"/>'
            )
    ticks = sorted({0, steps // 2, steps - 1}) if steps > 1 else [0]
    for i in ticks:
        if i < len(labels):
            anchor = "start" if i == 0 else ("end" if i == steps - 1 else "middle")
            x = left if i == 0 else (left + plot_w if i == steps - 1 else sx(i))
            label = str(labels[i])[:16].replace("T", " ")
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 14}" text-anchor="{anchor}">{_esc(label)}</text>'
            )
    parts.append(
        f'<text x="{left}" y="{height - 4}" fill="#555555">{_esc(unit)}</text>'
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" fill="#555555">{high:.3g}</text>'
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end" fill="#555555">{low:.3g}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def render_report(
    evaluation: Evaluation, text: dict, language: str = "en", context_rows=(), reasons=None
) -> str:
    """The HTML report: summary, one section per warning with its chart, skipped input, citations.

    ``text``: translated labels (keys used below); ``context_rows``: (label, value) pairs about
    the inputs and parameters; ``reasons``: translated reason per warning row (default: English).
    """
    system = evaluation.system
    colors = [level["color"] for level in system.levels]
    level_names = [level["name"].get(language, level["id"]) for level in system.levels]
    warnings = evaluation.warnings
    reasons = list(reasons) if reasons is not None else list(warnings["reason"])
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if language == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{_esc(text['title'])}</title>",
        "<style>body{font-family:sans-serif;max-width:980px;margin:1em auto;color:#222}"
        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:3px 6px;font-size:13px}"
        "th{background:#eee}.lv{color:#000;font-weight:bold}section{margin:1.5em 0;border-top:1px solid #ddd}"
        "small{color:#555}</style></head><body>",
        f"<h1>{_esc(text['title'])}</h1>",
        f"<p>{_esc(system.name.get(language, ''))}</p>",
    ]
    if context_rows:
        out.append("<table>")
        out += [f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in context_rows]
        out.append("</table>")
    out.append(f"<h2>{_esc(text['summary'])}</h2>")
    if warnings.empty:
        out.append(f"<p>{_esc(text['no_warnings'])}</p>")
    else:
        out.append(
            "<table><tr>"
            + "".join(f"<th>{_esc(text[k])}</th>" for k in ("level", "indicator", "unit_id", "raised_at", "cleared_at", "peak"))
            + "</tr>"
        )  # fmt: skip
        order = warnings.sort_values(["level", "raised_at"], ascending=[False, True]).index
        for i in order:
            w = warnings.loc[i]
            indicator = system.indicator(w.indicator_id)
            out.append(
                f'<tr><td class="lv" style="background:{colors[int(w.level) - 1]}">{_esc(level_names[int(w.level) - 1])}</td>'
                f"<td>{_esc(indicator.name.get(language, indicator.id))}</td><td>{_esc(w.unit_id)}</td>"
                f"<td>{_esc(w.raised_at)}</td><td>{_esc(w.cleared_at or text['active'])}</td>"
                f"<td>{w.peak_value:.4g} {_esc(indicator.unit)}</td></tr>"
            )
        out.append("</table>")
        out.append(f"<h2>{_esc(text['details'])}</h2>")
        units = [str(u) for u in evaluation.unit_ids]
        for i in order:
            w = warnings.loc[i]
            result = evaluation.results[w.indicator_id]
            indicator = result.indicator
            column = units.index(str(w.unit_id))
            out.append(
                f"<section><h3>{_esc(level_names[int(w.level) - 1])} · {_esc(indicator.name.get(language, indicator.id))}"
                f" · {_esc(w.unit_id)}</h3><p>{_esc(reasons[list(warnings.index).index(i)])}</p>"
            )
            if result.grid is not None:
                labels = list(result.labels)
                first = labels.index(w.first_breach)
                last = labels.index(w.cleared_at) - 1 if w.cleared_at else len(labels) - 1
                out.append(
                    svg_chart(
                        labels,
                        result.values[:, column],
                        result.level[:, column],
                        indicator.thresholds,
                        indicator.direction,
                        colors,
                        (first, last),
                        f"{indicator.unit} / {indicator.window}",
                    )  # fmt: skip
                )
            out.append(f"<p><small>{_esc(indicator.definition.get(language, ''))}</small></p></section>")
    if evaluation.not_evaluated:
        out.append(f"<h2>{_esc(text['not_evaluated'])}</h2><ul>")
        for indicator_id, reason in evaluation.not_evaluated.items():
            indicator = system.indicator(indicator_id)
            out.append(
                f"<li>{_esc(indicator.name.get(language, indicator_id))}: {_esc(text.get('why_' + reason, reason))}</li>"
            )
        out.append("</ul>")
    skipped = {k: v for k, v in evaluation.skipped.items() if v}
    if skipped:
        out.append(f"<h2>{_esc(text['skipped'])}</h2><table>")
        out += [f"<tr><td>{_esc(text.get('skip_' + k, k))}</td><td>{v}</td></tr>" for k, v in skipped.items()]
        out.append("</table>")
    out.append(f"<h2>{_esc(text['citations'])}</h2><ul>")
    used = sorted({key for indicator in system.indicators for key in indicator.citations})
    for key in used:
        entry = system.citations[key]
        detail = "; ".join(entry.get(k, "") for k in ("clause", "note") if entry.get(k))
        out.append(f"<li><b>{_esc(entry['title'])}</b>{': ' + _esc(detail) if detail else ''}</li>")
    out.append("</ul></body></html>")
    return "\n".join(out)
