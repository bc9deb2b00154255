"""Residents' trajectories: cleaning, time zones, stay points, homes and activity spaces.

Plain data in and out (numpy arrays, pandas frames, small dataclasses); no QGIS. Coordinates are
metric (a projected CRS, metres); times are seconds since the Unix epoch in UTC (``float64``),
with a per-point or per-stay offset (seconds) to local time where night hours matter.

Stay points follow the sliding algorithm of Li et al. (2008) with the semantics of trackintel's
``generate_staypoints(method="sliding")``: an anchor point ``s`` collects the following points
until the first point ``j`` at ``>= dist_threshold_m`` from the anchor; if
``t[j] - t[s] >= time_threshold_s`` the points ``s .. j-1`` form a stay (start ``t[s]``, end
``t[j]``, position their mean); either way ``j`` becomes the next anchor. A time gap longer than
``gap_threshold_s`` between consecutive points restarts the anchor without a stay. Unlike a
point-by-point loop, the engine finds each anchor's exit point with vectorised searches (a few
full-array passes for short exits, then a growing window search), so the Python-level work is
one step per anchor, not per point. Users are processed in chunks (:func:`iter_user_chunks`), so
memory stays bounded by the chunk size.

Homes: the dominant night-time location (local hours, default 22:00-07:00) over distinct nights,
with a minimum number of nights and a confidence (share of the observed night time spent there).
Activity spaces: minimum convex polygon at a percentile, standard deviational ellipse, kernel
density contour (see :mod:`.activity_density`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

import numpy as np
import pandas as pd

from . import compat
from .errors import (
    CancelCallback,
    InputError,
    ProgressCallback,
    check_cancel,
    never_cancelled,
    no_progress,
)

DAY_S = 86400.0
# an offset only after a time of day (so that the "-02" of a bare date is not one)
_OFFSET_RE = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)\s*$", re.IGNORECASE)


# -- time zones -------------------------------------------------------------------------------
def parse_utc_offset(text: str) -> Optional[int]:
    """Seconds east of UTC for ``+08:00``, ``+0800``, ``UTC+8``, ``GMT-3``, ``Z``, ``UTC``; else None."""
    if text is None:
        return None
    value = str(text).strip().upper()
    if value in ("Z", "UTC", "GMT"):
        return 0
    match = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", value)
    if not match:
        return None
    sign = -1 if match.group(1) == "-" else 1
    return sign * (int(match.group(2)) * 3600 + int(match.group(3) or 0) * 60)


def _as_tz(name):
    """A pandas-usable time zone for ``name`` (IANA name or fixed offset text)."""
    import datetime as _dt

    offset = parse_utc_offset(name)
    if offset is not None:
        return _dt.timezone(_dt.timedelta(seconds=offset))
    return str(name)


@dataclass
class ParsedTimes:
    """``utc_s``: seconds since epoch (UTC, NaN where unparseable); ``offset_s``: the offset
    written in each text timestamp (NaN where none); ``n_bad``: unparseable values."""

    utc_s: np.ndarray
    offset_s: np.ndarray
    n_bad: int


def parse_times(values, naive_timezone: str = "UTC") -> ParsedTimes:
    """Parse timestamps: ISO 8601 text with or without offset, or datetimes.

    Values without an offset are taken as local time in ``naive_timezone`` (an IANA name such as
    ``Asia/Shanghai`` or a fixed offset such as ``+08:00``; GeoLife is ``UTC``).
    """
    series = pd.Series(values)
    n = len(series)
    offset_s = np.full(n, np.nan)
    tz = _as_tz(naive_timezone)
    try:
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            parsed = series
            if getattr(parsed.dt, "tz", None) is None:
                parsed = parsed.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
            utc = parsed.dt.tz_convert("UTC")
        else:
            text = series.astype(object).where(series.notna(), None)
            text = text.map(lambda v: v if v is None or isinstance(v, str) else _datetime_text(v))
            found = text.str.extract(_OFFSET_RE, expand=False) if n else pd.Series([], dtype=object)
            has_offset = found.notna().to_numpy()
            utc = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns, UTC]")
            if has_offset.any():
                # strip the offset, parse the local time (fast, one format), then subtract it
                with_offset = text[has_offset]
                suffix = found[has_offset]
                tail = with_offset.str.len() - with_offset.str.rstrip().str.len() + suffix.str.len()
                body = with_offset.copy()
                for length in pd.unique(tail):
                    sel = (tail == length).to_numpy()
                    body[sel] = with_offset[sel].str.slice(0, -int(length)).str.rstrip()
                local = compat.to_datetime_mixed(body, errors="coerce")
                offsets = suffix.map({v: parse_utc_offset(v) for v in pd.unique(suffix)}).to_numpy(
                    dtype=float
                )
                local_ns = local.to_numpy(dtype="datetime64[ns]").astype("int64").astype(np.float64)
                local_ns[local.isna().to_numpy()] = np.nan
                utc_ns = local_ns - offsets * 1e9
                good = np.isfinite(utc_ns)
                values_ns = np.where(good, utc_ns, 0).astype("int64")
                parsed_utc = pd.Series(pd.to_datetime(values_ns, utc=True), index=with_offset.index)
                parsed_utc[~good] = pd.NaT
                utc[has_offset] = parsed_utc
                offset_s[has_offset] = offsets
            naive = ~has_offset & text.notna().to_numpy()
            if naive.any():
                local = compat.to_datetime_mixed(text[naive], errors="coerce")
                if getattr(local.dt, "tz", None) is None:
                    local = local.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
                utc[naive] = local.dt.tz_convert("UTC")
    except (ValueError, TypeError) as error:
        raise InputError(
            code="bad_time", template="Unreadable timestamps: {detail}", detail=str(error)
        ) from error
    ns = utc.to_numpy(dtype="datetime64[ns]").astype("int64").astype(np.float64)
    bad = utc.isna().to_numpy()
    ns[bad] = np.nan
    return ParsedTimes(utc_s=ns / 1e9, offset_s=offset_s, n_bad=int(bad.sum()))


def _datetime_text(value) -> Optional[str]:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return None if value is None else str(value)


def local_offsets(utc_s: np.ndarray, local_timezone: Optional[str], written_offset_s=None) -> np.ndarray:
    """Offsets (s) from UTC to local time at each instant.

    ``local_timezone`` None uses the offsets written in the data (``written_offset_s``), UTC where
    none was written; otherwise the zone's offset (DST-aware for IANA names).
    """
    utc_s = np.asarray(utc_s, dtype=np.float64)
    if local_timezone is None:
        if written_offset_s is None:
            return np.zeros(len(utc_s))
        return np.nan_to_num(np.asarray(written_offset_s, dtype=np.float64), nan=0.0)
    fixed = parse_utc_offset(local_timezone)
    if fixed is not None:
        return np.full(len(utc_s), float(fixed))
    stamps = pd.to_datetime(np.nan_to_num(utc_s) * 1e9, utc=True).tz_convert(str(local_timezone))
    local_naive = stamps.tz_localize(None)
    return (local_naive.asi8 - stamps.tz_convert("UTC").tz_localize(None).asi8) / 1e9


# -- the points -------------------------------------------------------------------------------
@dataclass
class Points:
    """Trajectory points sorted by (user, time). ``user`` holds integer codes into ``users``."""

    user: np.ndarray  # int64 codes
    t: np.ndarray  # UTC seconds
    x: np.ndarray
    y: np.ndarray
    users: np.ndarray  # labels by code
    offset_s: Optional[np.ndarray] = None  # local offset per point (s), optional

    def __len__(self):
        return len(self.t)


class PointsBuilder:
    """Accumulates points block by block (e.g. while reading a layer or a CSV in chunks): each
    block's timestamps are parsed and its user labels coded at once, so only compact arrays are
    kept (about 48 bytes per point), never the raw text."""

    def __init__(self, naive_timezone: str = "UTC"):
        self.naive_timezone = naive_timezone
        self.codes: dict = {}
        self.parts: list = []
        self.n_bad_time = 0
        self.has_accuracy = False

    def add(self, users, times, x, y, accuracy=None) -> None:
        if not len(x):
            return
        parsed = parse_times(times, self.naive_timezone)
        self.n_bad_time += parsed.n_bad
        labels = np.array(["" if u is None else str(u) for u in users], dtype=object)
        unique, inverse = np.unique(labels, return_inverse=True)
        mapping = np.array(
            [self.codes.setdefault(label, len(self.codes)) for label in unique], dtype=np.int64
        )
        acc = None
        if accuracy is not None:
            self.has_accuracy = True
            acc = np.asarray(accuracy, dtype=np.float64)
        self.parts.append(
            (
                mapping[inverse],
                parsed.utc_s,
                np.asarray(x, dtype=np.float64),
                np.asarray(y, dtype=np.float64),
                parsed.offset_s,
                acc,
            )
        )

    def finish(self):
        """``(Points, accuracy array or None)``."""
        users = np.empty(len(self.codes), dtype=object)
        for label, code in self.codes.items():
            users[code] = label
        if not self.parts:
            empty = np.array([], dtype=np.float64)
            return Points(np.array([], dtype=np.int64), empty, empty, empty, users, empty), None
        cat = np.concatenate
        accuracy = None
        if self.has_accuracy:
            accuracy = cat([p[5] if p[5] is not None else np.full(len(p[1]), np.nan) for p in self.parts])
        points = Points(
            cat([p[0] for p in self.parts]),
            cat([p[1] for p in self.parts]),
            cat([p[2] for p in self.parts]),
            cat([p[3] for p in self.parts]),
            users,
            cat([p[4] for p in self.parts]),
        )
        self.parts = []
        return points, accuracy


@dataclass
class CleaningReport:
    n_input: int = 0
    n_missing: int = 0  # no position or no time
    n_inaccurate: int = 0  # reported accuracy worse than the limit
    n_duplicate_time: int = 0  # same user, same timestamp (first kept)
    n_speed_outlier: int = 0  # isolated spikes faster than max_speed_mps both ways
    n_kept: int = 0

    def add(self, other: CleaningReport) -> None:
        for name in ("n_input", "n_missing", "n_inaccurate", "n_duplicate_time", "n_speed_outlier", "n_kept"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def make_points(user, t, x, y, offset_s=None) -> Points:
    """Points from raw columns (any user labels); not yet cleaned or sorted."""
    labels, codes = np.unique(np.asarray(user).astype(str), return_inverse=True)
    return Points(
        user=codes.astype(np.int64),
        t=np.asarray(t, dtype=np.float64),
        x=np.asarray(x, dtype=np.float64),
        y=np.asarray(y, dtype=np.float64),
        users=labels,
        offset_s=None if offset_s is None else np.asarray(offset_s, dtype=np.float64),
    )


def clean(
    points: Points,
    max_speed_mps: Optional[float] = 50.0,
    spike_m: Optional[float] = 300.0,
    drop_duplicate_times: bool = True,
    accuracy_m=None,
    max_accuracy_m: Optional[float] = None,
):
    """Sort by (user, time) and drop, counting each kind:

    - points without position or time (``n_missing``), and with a reported accuracy worse than
      ``max_accuracy_m`` when ``accuracy_m`` is given (``n_inaccurate``);
    - repeated timestamps of a user, the first kept (``n_duplicate_time``);
    - isolated spikes (``n_speed_outlier``): a point reached and left faster than
      ``max_speed_mps`` while its neighbours are consistent with each other, or a point more than
      ``spike_m`` from both neighbours that lie within half that jump of each other (an
      out-and-back jump, the typical GPS multipath outlier of sparsely logging phones).
      None disables either test.
    """
    report = CleaningReport(n_input=len(points))
    ok = np.isfinite(points.t) & np.isfinite(points.x) & np.isfinite(points.y)
    report.n_missing = int((~ok).sum())
    if accuracy_m is not None and max_accuracy_m is not None:
        acc = np.asarray(accuracy_m, dtype=np.float64)
        bad_acc = ok & np.isfinite(acc) & (acc > max_accuracy_m)
        report.n_inaccurate = int(bad_acc.sum())
        ok &= ~bad_acc
    keep = np.flatnonzero(ok)
    order = keep[np.lexsort((points.t[keep], points.user[keep]))]
    user, t, x, y = points.user[order], points.t[order], points.x[order], points.y[order]
    off = None if points.offset_s is None else points.offset_s[order]
    if drop_duplicate_times and len(t) > 1:
        dup = np.zeros(len(t), dtype=bool)
        dup[1:] = (user[1:] == user[:-1]) & (t[1:] == t[:-1])
        report.n_duplicate_time = int(dup.sum())
        if dup.any():
            sel = ~dup
            user, t, x, y = user[sel], t[sel], x[sel], y[sel]
            off = None if off is None else off[sel]
    if (max_speed_mps is not None or spike_m is not None) and len(t) > 2:
        i = np.arange(1, len(t) - 1)
        inner = (user[i - 1] == user[i]) & (user[i + 1] == user[i])
        i = i[inner]
        d_in = np.hypot(x[i] - x[i - 1], y[i] - y[i - 1])
        d_out = np.hypot(x[i + 1] - x[i], y[i + 1] - y[i])
        d_skip = np.hypot(x[i + 1] - x[i - 1], y[i + 1] - y[i - 1])
        spike_i = np.zeros(len(i), dtype=bool)
        if max_speed_mps is not None:
            v_in = d_in / np.maximum(t[i] - t[i - 1], 1e-9)
            v_out = d_out / np.maximum(t[i + 1] - t[i], 1e-9)
            v_skip = d_skip / np.maximum(t[i + 1] - t[i - 1], 1e-9)
            spike_i |= (v_in > max_speed_mps) & (v_out > max_speed_mps) & (v_skip <= max_speed_mps)
        if spike_m is not None:
            spike_i |= (d_in > spike_m) & (d_out > spike_m) & (d_skip < 0.5 * np.minimum(d_in, d_out))
        spike = np.zeros(len(t), dtype=bool)
        spike[i[spike_i]] = True
        report.n_speed_outlier = int(spike.sum())
        if spike.any():
            sel = ~spike
            user, t, x, y = user[sel], t[sel], x[sel], y[sel]
            off = None if off is None else off[sel]
    report.n_kept = len(t)
    return Points(user, t, x, y, points.users, off), report


def iter_user_chunks(points: Points, max_points: int = 2_000_000) -> Iterator[Points]:
    """Slices of sorted ``points`` holding whole users, each at most ``max_points`` points
    (a single larger user is its own chunk)."""
    n = len(points)
    if n == 0:
        return
    bounds = np.flatnonzero(np.diff(points.user)) + 1
    starts = np.concatenate(([0], bounds))
    ends = np.concatenate((bounds, [n]))
    begin = 0
    while begin < len(starts):
        first = starts[begin]
        # last user whose end fits the budget
        last = int(np.searchsorted(ends, first + max_points, side="right")) - 1
        last = max(last, begin)
        end = ends[last]
        yield Points(
            points.user[first:end],
            points.t[first:end],
            points.x[first:end],
            points.y[first:end],
            points.users,
            None if points.offset_s is None else points.offset_s[first:end],
        )
        begin = last + 1


# -- stay points ------------------------------------------------------------------------------
@dataclass
class Stays:
    """Stay points: one row per stay, arrays of equal length."""

    user: np.ndarray
    start_s: np.ndarray
    end_s: np.ndarray
    x: np.ndarray
    y: np.ndarray
    n_points: np.ndarray
    first_index: np.ndarray  # index of the anchor point in the (cleaned) input
    users: np.ndarray
    offset_s: Optional[np.ndarray] = None  # local offset at the stay's start

    def __len__(self):
        return len(self.start_s)

    @property
    def duration_s(self) -> np.ndarray:
        return self.end_s - self.start_s

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(
            {
                "user_id": self.users[self.user] if len(self.user) else np.array([], dtype=str),
                "start_s": self.start_s,
                "end_s": self.end_s,
                "duration_s": self.duration_s,
                "x": self.x,
                "y": self.y,
                "n_points": self.n_points,
            }
        )
        if self.offset_s is not None:
            frame["offset_s"] = self.offset_s
        return frame


def _concat_stays(parts: list, users: np.ndarray) -> Stays:
    if not parts:
        empty_f, empty_i = np.array([], dtype=np.float64), np.array([], dtype=np.int64)
        return Stays(empty_i, empty_f, empty_f, empty_f, empty_f, empty_i, empty_i, users, empty_f)
    cat = np.concatenate
    offsets = [p.offset_s for p in parts]
    return Stays(
        cat([p.user for p in parts]),
        cat([p.start_s for p in parts]),
        cat([p.end_s for p in parts]),
        cat([p.x for p in parts]),
        cat([p.y for p in parts]),
        cat([p.n_points for p in parts]),
        cat([p.first_index for p in parts]),
        users,
        None if any(o is None for o in offsets) else cat(offsets),
    )


def _exits(x, y, seg_end, dist2, quick_steps):
    """For every anchor ``s``: the first ``j`` in ``(s, seg_end[s])`` at >= threshold, or
    ``seg_end[s]`` when the segment ends first; -1 where the ``quick_steps`` probes did not
    decide. Probing starts at the first point whose path length from ``s`` reaches the threshold
    (no earlier point can be that far: triangle inequality), so moving anchors resolve at once.
    Also returns that first candidate per anchor."""
    n = len(x)
    step = np.zeros(n)
    step[1:] = np.hypot(np.diff(x), np.diff(y))
    path = np.cumsum(step)
    dist = math.sqrt(dist2)
    first = np.searchsorted(path, path + dist * (1.0 - 1e-9) - 1e-6, side="left")
    first = np.maximum(first, np.arange(1, n + 1))
    exit_ = np.full(n, -1, dtype=np.int64)
    active = np.arange(n, dtype=np.int64)
    for k in range(quick_steps):
        if not len(active):
            break
        j = first[active] + k
        ended = j >= seg_end[active]
        exit_[active[ended]] = seg_end[active[ended]]
        active, j = active[~ended], j[~ended]
        far = (x[j] - x[active]) ** 2 + (y[j] - y[active]) ** 2 >= dist2
        exit_[active[far]] = j[far]
        active = active[~far]
    return exit_, first


def _search_exit(x, y, s, first, end, dist2):
    """The first ``j`` in ``[first, end)`` at >= threshold from anchor ``s``, else ``end``."""
    width = 256
    lo = first
    xs, ys = x[s], y[s]
    while lo < end:
        hi = min(lo + width, end)
        d2 = (x[lo:hi] - xs) ** 2 + (y[lo:hi] - ys) ** 2
        hit = np.flatnonzero(d2 >= dist2)
        if len(hit):
            return lo + int(hit[0])
        lo = hi
        width *= 4
    return end


def _stays_of_chunk(
    chunk: Points,
    dist_threshold_m,
    time_threshold_s,
    gap_threshold_s,
    include_last,
    quick_steps,
    bridge_gaps_s,
    close_at_gaps=False,
):
    x, y, t, user = chunk.x, chunk.y, chunk.t, chunk.user
    n = len(t)
    new_user = np.ones(n, dtype=bool)
    new_user[1:] = user[1:] != user[:-1]
    brk = new_user.copy()
    if gap_threshold_s is not None and n > 1:
        dt = np.diff(t)
        gap = dt > gap_threshold_s
        if bridge_gaps_s:  # signal lost while staying put: the gap does not break the stay
            still = np.hypot(np.diff(x), np.diff(y)) < dist_threshold_m
            gap &= ~(still & (dt <= bridge_gaps_s))
        brk[1:] |= gap
    seg_starts = np.flatnonzero(brk)
    seg_bounds = np.concatenate((seg_starts[1:], [n]))
    seg_end = np.repeat(seg_bounds, np.diff(np.concatenate((seg_starts, [n]))))
    dist2 = float(dist_threshold_m) ** 2
    exit_, first = _exits(x, y, seg_end, dist2, quick_steps)
    # a segment ending at the end of the user's data (not at a gap)
    user_end = np.zeros(n + 1, dtype=bool)
    user_end[np.flatnonzero(new_user)] = True
    user_end[n] = True

    exit_list = exit_.tolist()
    seg_end_list = seg_end.tolist()
    t_list = t.tolist()
    user_end_list = user_end.tolist()
    starts, ends, last = [], [], []
    s = 0
    while s < n:
        e = exit_list[s]
        b = seg_end_list[s]
        if e < 0:
            e = _search_exit(x, y, s, first[s] + quick_steps, b, dist2)
        if e < b:  # a point far enough: close the window
            if t_list[e] - t_list[s] >= time_threshold_s:
                starts.append(s)
                ends.append(e)
                last.append(False)
            s = e
        else:  # the segment ended (gap or end of user)
            closing = include_last if user_end_list[b] else close_at_gaps
            if closing and t_list[b - 1] - t_list[s] >= time_threshold_s:
                starts.append(s)
                ends.append(b - 1)
                last.append(True)
            s = b
    if not starts:
        return None
    s_idx = np.asarray(starts, dtype=np.int64)
    e_idx = np.asarray(ends, dtype=np.int64)
    is_last = np.asarray(last, dtype=bool)
    stop = np.where(is_last, e_idx + 1, e_idx)  # points s .. stop-1 make the stay
    counts = stop - s_idx
    pairs = np.empty(2 * len(s_idx), dtype=np.int64)
    pairs[0::2], pairs[1::2] = s_idx, np.minimum(stop, n - 1)
    # reduceat over [s, stop) (stop may equal n: handle by summing explicitly)
    sx = np.add.reduceat(x, pairs)[0::2]
    sy = np.add.reduceat(y, pairs)[0::2]
    tail = stop == n
    if tail.any():  # reduceat stopped at n-1: add the last point
        sx[tail] += x[n - 1]
        sy[tail] += y[n - 1]
    return Stays(
        user=user[s_idx],
        start_s=t[s_idx],
        end_s=t[e_idx],
        x=sx / counts,
        y=sy / counts,
        n_points=counts,
        first_index=s_idx,
        users=chunk.users,
        offset_s=None if chunk.offset_s is None else chunk.offset_s[s_idx],
    )


def generate_staypoints(
    points: Points,
    dist_threshold_m: float = 100.0,
    time_threshold_s: float = 600.0,
    gap_threshold_s: Optional[float] = 900.0,
    include_last: bool = False,
    chunk_points: int = 2_000_000,
    quick_steps: int = 4,
    bridge_gaps_s: Optional[float] = None,
    close_at_gaps: bool = False,
    progress: ProgressCallback = no_progress,
    cancelled: CancelCallback = never_cancelled,
) -> Stays:
    """Sliding stay points (Li et al. 2008; trackintel ``generate_staypoints`` semantics) of
    cleaned, sorted ``points``, user chunk by user chunk.

    ``bridge_gaps_s``: a gap longer than ``gap_threshold_s`` but at most this long, across which
    the position moved less than ``dist_threshold_m`` (the device was off while its owner stayed,
    typically at home overnight), does not break a stay. None keeps trackintel's semantics.
    ``close_at_gaps``: a stay in progress when a (not bridged) gap starts is kept, ending at the
    last point before the gap, as ``include_last`` does at the end of a user's data; trackintel
    drops it (False)."""
    if dist_threshold_m <= 0 or time_threshold_s < 0:
        raise InputError(
            code="bad_threshold",
            template="Stay thresholds must be positive: {detail}",
            detail=f"distance {dist_threshold_m} m, time {time_threshold_s} s",
        )
    parts = []
    n = max(len(points), 1)
    done = 0
    offset = 0
    for chunk in iter_user_chunks(points, chunk_points):
        check_cancel(cancelled)
        part = _stays_of_chunk(
            chunk,
            dist_threshold_m,
            time_threshold_s,
            gap_threshold_s,
            include_last,
            quick_steps,
            bridge_gaps_s,
            close_at_gaps,
        )
        if part is not None:
            part.first_index = part.first_index + offset
            parts.append(part)
        offset += len(chunk)
        done += len(chunk)
        progress(done / n)
    return _concat_stays(parts, points.users)


def staypoints_streaming(
    chunks: Iterable[Points],
    users: np.ndarray,
    progress: ProgressCallback = no_progress,
    cancelled: CancelCallback = never_cancelled,
    **parameters,
) -> Stays:
    """Stay points of an iterable of cleaned, sorted chunks, each holding whole users (e.g. read
    from a file piece by piece); only one chunk is in memory at a time."""
    parts = []
    for count, chunk in enumerate(chunks):
        check_cancel(cancelled)
        part = generate_staypoints(chunk, **parameters)
        if len(part):
            parts.append(part)
        progress(min(0.99, 1.0 - 1.0 / (count + 2)))
    progress(1.0)
    return _concat_stays(parts, users)


# -- locations and homes ----------------------------------------------------------------------
def cluster_locations(user: np.ndarray, x: np.ndarray, y: np.ndarray, radius_m: float = 100.0) -> np.ndarray:
    """Location id per stay: single-linkage clusters of a user's stays within ``radius_m``
    (DBSCAN with one sample). Ids are global (unique across users)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    n = len(x)
    if n == 0:
        return np.array([], dtype=np.int64)
    # users far apart in a third dimension: one tree for all
    points = np.column_stack((x, y, user.astype(np.float64) * (radius_m * 1e3 + 1e7)))
    pairs = cKDTree(points).query_pairs(radius_m, output_type="ndarray")
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels.astype(np.int64)


@dataclass
class Homes:
    """One row per user with stays. ``detected`` False: too few nights (x/y NaN)."""

    users: np.ndarray  # labels
    x: np.ndarray
    y: np.ndarray
    detected: np.ndarray
    nights_home: np.ndarray
    nights_observed: np.ndarray
    confidence: np.ndarray  # share of observed night time at the home location
    location: np.ndarray  # location id of the home (-1 if none)
    stay_is_home: np.ndarray = field(default_factory=lambda: np.array([], dtype=bool))  # per stay

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "user_id": self.users,
                "x": self.x,
                "y": self.y,
                "detected": self.detected,
                "nights_home": self.nights_home,
                "nights_observed": self.nights_observed,
                "confidence": self.confidence,
            }
        )


def night_overlaps(start_local_s, end_local_s, night_start_h=22.0, night_end_h=7.0):
    """Per (stay, night) pieces: ``(stay_index, night_number, overlap_s)`` for every night the
    stay touches. Night ``k`` runs from ``night_start_h`` of local day ``k`` to ``night_end_h``
    the next morning (or the same day when start < end)."""
    ns = float(night_start_h) * 3600.0
    length = ((float(night_end_h) - float(night_start_h)) % 24.0) * 3600.0 or DAY_S
    v0 = np.asarray(start_local_s, dtype=np.float64) - ns
    v1 = np.asarray(end_local_s, dtype=np.float64) - ns
    k0 = np.floor(v0 / DAY_S).astype(np.int64)
    k1 = np.floor(v1 / DAY_S).astype(np.int64)
    count = np.maximum(k1 - k0 + 1, 1)
    stay = np.repeat(np.arange(len(v0)), count)
    within = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    night = k0[stay] + within
    lo = np.maximum(v0[stay], night * DAY_S)
    hi = np.minimum(v1[stay], night * DAY_S + length)
    overlap = np.maximum(hi - lo, 0.0)
    keep = overlap > 0
    return stay[keep], night[keep], overlap[keep]


def detect_homes(
    stays: Stays,
    local_offset_s: Optional[np.ndarray] = None,
    night_start_h: float = 22.0,
    night_end_h: float = 7.0,
    min_nights: int = 3,
    min_night_overlap_s: float = 3600.0,
    location_radius_m: float = 100.0,
) -> Homes:
    """Home = the location where a user spent the most distinct nights (night hours in local
    time), ties broken by night time; detected when on at least ``min_nights`` nights.
    ``local_offset_s`` per stay (default: ``stays.offset_s``, else UTC)."""
    n_users = len(stays.users)
    if local_offset_s is None:
        local_offset_s = stays.offset_s if stays.offset_s is not None else np.zeros(len(stays))
    location = cluster_locations(stays.user, stays.x, stays.y, location_radius_m)
    stay_i, night, overlap = night_overlaps(
        stays.start_s + local_offset_s, stays.end_s + local_offset_s, night_start_h, night_end_h
    )
    home_x = np.full(n_users, np.nan)
    home_y = np.full(n_users, np.nan)
    detected = np.zeros(n_users, dtype=bool)
    nights_home = np.zeros(n_users, dtype=np.int64)
    nights_obs = np.zeros(n_users, dtype=np.int64)
    confidence = np.zeros(n_users)
    home_loc = np.full(n_users, -1, dtype=np.int64)
    is_home = np.zeros(len(stays), dtype=bool)
    if len(stay_i):
        pieces = pd.DataFrame(
            {"user": stays.user[stay_i], "loc": location[stay_i], "night": night, "overlap": overlap}
        )
        # night time per user and night (all locations): the observed nights
        per_night = pieces.groupby(["user", "night"], sort=False)["overlap"].sum()
        observed = per_night[per_night >= min_night_overlap_s].groupby(level=0).size()
        nights_obs[observed.index.to_numpy()] = observed.to_numpy()
        total_night = pieces.groupby("user")["overlap"].sum()
        loc_night = pieces.groupby(["user", "loc", "night"], sort=False)["overlap"].sum().reset_index()
        loc_night["counted"] = loc_night["overlap"] >= min_night_overlap_s
        per_loc = loc_night.groupby(["user", "loc"]).agg(
            nights=("counted", "sum"), night_s=("overlap", "sum")
        )
        per_loc = per_loc.reset_index().sort_values(
            ["user", "nights", "night_s"], ascending=[True, False, False]
        )
        best = per_loc.drop_duplicates("user")
        users_b = best["user"].to_numpy()
        home_loc[users_b] = best["loc"].to_numpy()
        nights_home[users_b] = best["nights"].to_numpy()
        confidence[users_b] = best["night_s"].to_numpy() / total_night.loc[users_b].to_numpy()
        detected[users_b] = best["nights"].to_numpy() >= min_nights
    # home position: duration-weighted mean of the home location's stays
    is_home = (home_loc[stays.user] == location) & detected[stays.user] if len(stays) else is_home
    if is_home.any():
        w = stays.duration_s[is_home] + 1.0
        u = stays.user[is_home]
        sw = np.bincount(u, weights=w, minlength=n_users)
        with np.errstate(invalid="ignore", divide="ignore"):
            hx = np.bincount(u, weights=w * stays.x[is_home], minlength=n_users) / sw
            hy = np.bincount(u, weights=w * stays.y[is_home], minlength=n_users) / sw
        home_x = np.where(detected, hx, np.nan)
        home_y = np.where(detected, hy, np.nan)
    return Homes(
        users=stays.users,
        x=home_x,
        y=home_y,
        detected=detected,
        nights_home=nights_home,
        nights_observed=nights_obs,
        confidence=np.where(detected, confidence, 0.0),
        location=home_loc,
        stay_is_home=is_home,
    )


# -- activity spaces --------------------------------------------------------------------------
@dataclass
class Ellipse:
    """Standard deviational ellipses per user (ArcGIS convention, sqrt(2) correction)."""

    user: np.ndarray
    cx: np.ndarray
    cy: np.ndarray
    sigma_x: np.ndarray  # semi-axis along the rotated x axis (m)
    sigma_y: np.ndarray
    angle_rad: np.ndarray  # rotation of the x axis, counter-clockwise from east
    n: np.ndarray

    @property
    def area_m2(self) -> np.ndarray:
        return math.pi * self.sigma_x * self.sigma_y


def standard_deviational_ellipse(user, x, y, weight=None, n_std: float = 1.0, min_points: int = 3) -> Ellipse:
    """Weighted standard deviational ellipse per user, vectorised (Yuill 1971; the sqrt(2)
    correction of ArcGIS so that one standard deviation covers about 63% of the points)."""
    user = np.asarray(user, dtype=np.int64)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    w = np.ones(len(x)) if weight is None else np.asarray(weight, dtype=np.float64)
    size = int(user.max()) + 1 if len(user) else 0
    sw = np.bincount(user, weights=w, minlength=size)
    cnt = np.bincount(user, minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        cx = np.bincount(user, weights=w * x, minlength=size) / sw
        cy = np.bincount(user, weights=w * y, minlength=size) / sw
        dx, dy = x - cx[user], y - cy[user]
        sxx = np.bincount(user, weights=w * dx * dx, minlength=size)
        syy = np.bincount(user, weights=w * dy * dy, minlength=size)
        sxy = np.bincount(user, weights=w * dx * dy, minlength=size)
        a = sxx - syy
        theta = np.arctan2(a + np.sqrt(a * a + 4 * sxy * sxy), 2 * sxy)  # angle of the y axis from north
        # rotate: the ArcGIS formulas with theta measured clockwise from north
        cos_t, sin_t = np.cos(theta), np.sin(theta)
        var_x = np.bincount(user, weights=w * (dx * cos_t[user] - dy * sin_t[user]) ** 2, minlength=size) / sw
        var_y = np.bincount(user, weights=w * (dx * sin_t[user] + dy * cos_t[user]) ** 2, minlength=size) / sw
    sigma_x = n_std * math.sqrt(2.0) * np.sqrt(var_x)
    sigma_y = n_std * math.sqrt(2.0) * np.sqrt(var_y)
    has = np.flatnonzero(cnt >= min_points)
    # theta is clockwise from north for the ellipse's y axis; its x axis is then at -theta from east
    return Ellipse(has, cx[has], cy[has], sigma_x[has], sigma_y[has], -theta[has], cnt[has])


def ellipse_polygons(ellipse: Ellipse, vertices: int = 64):
    """Shapely polygons of the ellipses."""
    from shapely.geometry import Polygon

    phi = np.linspace(0.0, 2.0 * math.pi, vertices, endpoint=False)
    out = []
    for cx, cy, a, b, ang in zip(ellipse.cx, ellipse.cy, ellipse.sigma_x, ellipse.sigma_y, ellipse.angle_rad):
        ex, ey = a * np.cos(phi), b * np.sin(phi)
        c, s = math.cos(ang), math.sin(ang)
        out.append(Polygon(np.column_stack((cx + ex * c - ey * s, cy + ex * s + ey * c))))
    return out


def minimum_convex_polygons(user, x, y, percent: float = 95.0, min_points: int = 3) -> dict:
    """Per user: the convex hull of the ``percent`` % of points closest to the user's centroid
    (the MCP-p of home-range analysis). Returns ``{user_code: polygon}``."""
    from shapely.geometry import MultiPoint

    user = np.asarray(user, dtype=np.int64)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if not len(user):
        return {}
    size = int(user.max()) + 1
    cnt = np.bincount(user, minlength=size)
    cx = np.bincount(user, weights=x, minlength=size) / np.maximum(cnt, 1)
    cy = np.bincount(user, weights=y, minlength=size) / np.maximum(cnt, 1)
    dist = np.hypot(x - cx[user], y - cy[user])
    order = np.lexsort((dist, user))
    rank = np.arange(len(order)) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    keep_n = np.ceil(cnt * percent / 100.0).astype(np.int64)
    sel = order[rank < keep_n[user[order]]]
    out = {}
    su = user[sel]
    bounds = np.flatnonzero(np.diff(su)) + 1
    for part in np.split(np.arange(len(sel)), bounds):
        if not len(part):
            continue
        code = int(su[part[0]])
        if cnt[code] < min_points:
            continue
        hull = MultiPoint(list(zip(x[sel[part]], y[sel[part]]))).convex_hull
        if hull.geom_type == "Polygon":
            out[code] = hull
    return out
