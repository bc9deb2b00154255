"""The one place that bridges shapely 1.8 / geopandas 0.12 (Debian 12, QGIS 3.22) and
shapely 2 / geopandas >= 0.14 (Debian 13, the peers' virtual environments).

Engine code calls these functions instead of version-specific APIs. Under shapely 2 they are
vectorised; under shapely 1.8 they fall back to loops over geometries.
"""

import numpy as np
import pandas as pd
import shapely
import shapely.wkb

SHAPELY_2 = int(shapely.__version__.split(".")[0]) >= 2


def from_wkb(wkbs) -> np.ndarray:
    """Geometries (object array, ``None`` stays ``None``) from WKB bytes."""
    if SHAPELY_2:
        return shapely.from_wkb(np.asarray(wkbs, dtype=object))
    # object_array, not np.array: numpy would unpack shapely 1.8 multi-geometries into rows
    return object_array(None if w is None else shapely.wkb.loads(bytes(w)) for w in wkbs)


def to_wkb(geometries) -> list:
    """WKB bytes of ``geometries`` (``None`` and empty stay ``None``)."""
    if SHAPELY_2:
        out = shapely.to_wkb(np.asarray(geometries, dtype=object))
        return [None if g is None else w for g, w in zip(geometries, out)]
    return [None if g is None else g.wkb for g in geometries]


def geometry_values(series) -> np.ndarray:
    """A GeoSeries' geometries as an object array of shapely geometries."""
    return object_array(series.geometry if hasattr(series, "geometry") else series)


# -- lines and points as coordinate arrays (network engine, issue 4) --------------------------
def object_array(items) -> np.ndarray:
    """A 1-D object array of geometries (shapely 1.8 geometries would be unpacked by numpy)."""
    items = list(items)
    out = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        out[i] = item
    return out


def line_parts_coordinates(geometries):
    """The LineString parts of ``geometries`` as flat coordinate arrays.

    Returns ``(xy, part_of_vertex, owner_of_part)``: ``xy`` (M, 2) floats (Z dropped),
    ``part_of_vertex`` (M,) the part each vertex belongs to, ``owner_of_part`` (P,) the position in
    ``geometries`` of each part. Multi-lines and collections are exploded; ``None``, empty and
    non-line geometries give no parts (callers compare ``owner_of_part`` to find them).
    """
    geoms = object_array(geometries)
    if SHAPELY_2 and len(geoms):
        if any(isinstance(g, (bytes, bytearray)) for g in geoms):
            geoms = from_wkb(geoms)
        parts, owner = shapely.get_parts(geoms, return_index=True)
        keep = np.isin(shapely.get_type_id(parts), (1, 2)) & ~shapely.is_empty(parts)
        parts, owner = parts[keep], owner[keep]
        xy, part_of_vertex = shapely.get_coordinates(parts, return_index=True)
        return np.asarray(xy, dtype=float).reshape(-1, 2), part_of_vertex, owner
    wkbs = [None if g is None else (bytes(g) if isinstance(g, (bytes, bytearray)) else g.wkb) for g in geoms]
    # 2D little-endian LineStrings (the common case) in one vectorised pass over their WKB
    fast_xy, fast_part, fast_owner, simple = _simple_linestrings(wkbs)
    coords, part_index, owners = [fast_xy], [fast_part], list(fast_owner)
    for position, geometry in enumerate(geoms):
        if geometry is None or simple[position]:
            continue
        wkb = wkbs[position]
        parsed = _wkb_line_parts(wkb)  # far faster than .coords under shapely 1.8
        if parsed is not None:
            for array in parsed:
                if len(array):
                    part_index.append(np.full(len(array), len(owners)))
                    coords.append(array)
                    owners.append(position)
            continue
        if isinstance(geometry, (bytes, bytearray)):
            geometry = shapely.wkb.loads(bytes(geometry))
        if geometry.is_empty:
            continue
        stack = [geometry]
        while stack:
            g = stack.pop(0)
            if g.geom_type in ("LineString", "LinearRing"):
                if g.is_empty:
                    continue
                array = np.asarray(g.coords, dtype=float)[:, :2]
                part_index.append(np.full(len(array), len(owners)))
                coords.append(array)
                owners.append(position)
            elif hasattr(g, "geoms"):
                stack[:0] = list(g.geoms)
    if not owners:
        return np.zeros((0, 2)), np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    return np.concatenate(coords), np.concatenate(part_index).astype(int), np.asarray(owners, dtype=int)


def _simple_linestrings(wkbs):
    """Vectorised WKB reading of the 2D little-endian LineStrings among ``wkbs``.

    Returns ``(xy, part_of_vertex, owner_of_part, simple)``; ``simple`` marks the positions
    handled here (the others are left to :func:`_wkb_line_parts`). Empty lines give no part.
    """
    present = [i for i, w in enumerate(wkbs) if w is not None and len(w) >= 9]
    simple = np.zeros(len(wkbs), dtype=bool)
    empty = (np.zeros((0, 2)), np.zeros(0, dtype=int), np.zeros(0, dtype=int), simple)
    if not present:
        return empty
    chunks = [wkbs[i] for i in present]
    lengths = np.fromiter((len(w) for w in chunks), dtype=np.int64, count=len(chunks))
    buf = np.frombuffer(b"".join(chunks), dtype=np.uint8)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])

    def uint32(at):
        b = buf[at[:, None] + np.arange(4)].astype(np.uint64)
        return (b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16) | (b[:, 3] << 24)).astype(np.int64)

    ok = (buf[starts] == 1) & (uint32(starts + 1) == 2)
    n = np.where(ok, uint32(starts + 5), 0)
    ok &= lengths == 9 + 16 * n
    rows = np.flatnonzero(ok)
    simple[np.asarray(present)[rows]] = True
    rows = rows[n[rows] > 0]
    if not len(rows):
        return empty[:3] + (simple,)
    counts = n[rows]
    total = int(counts.sum())
    first_byte = starts[rows] + 9
    offsets = np.repeat(first_byte - 16 * np.concatenate([[0], np.cumsum(counts)[:-1]]), 16 * counts)
    values = buf[offsets + np.arange(16 * total)].view("<f8").reshape(-1, 2).astype(float)
    part_of_vertex = np.repeat(np.arange(len(rows)), counts)
    return values, part_of_vertex, np.asarray(present)[rows], simple


def _wkb_header(wkb: bytes, offset: int):
    """(little endian?, base type, dimensions, offset after the header) of a WKB geometry."""
    little = wkb[offset] == 1
    code = int.from_bytes(wkb[offset + 1 : offset + 5], "little" if little else "big")
    offset += 5
    has_z = bool(code & 0x80000000)
    has_m = bool(code & 0x40000000)
    if code & 0x20000000:  # EWKB SRID
        offset += 4
    code &= 0x0FFFFFFF
    if code >= 1000:  # ISO Z / M / ZM
        has_z = has_z or (code // 1000) in (1, 3)
        has_m = has_m or (code // 1000) in (2, 3)
        code %= 1000
    return little, code, 2 + has_z + has_m, offset


def _wkb_line_parts(wkb: bytes):
    """The (k, 2) coordinate arrays of a LineString / MultiLineString WKB; None for other types."""
    little, code, dims, offset = _wkb_header(wkb, 0)
    order = "little" if little else "big"
    if code == 2:
        parts, count = [(little, dims, offset)], 1
    elif code == 5:
        count = int.from_bytes(wkb[offset : offset + 4], order)
        offset += 4
        parts = None
    else:
        return None
    out = []
    for _ in range(count):
        if parts is None:
            part_little, part_code, part_dims, offset = _wkb_header(wkb, offset)
            if part_code != 2:
                return None
        else:
            part_little, part_dims, offset = parts[0]
        part_order = "little" if part_little else "big"
        n = int.from_bytes(wkb[offset : offset + 4], part_order)
        offset += 4
        values = np.frombuffer(wkb, dtype="<f8" if part_little else ">f8", count=n * part_dims, offset=offset)
        offset += 8 * n * part_dims
        out.append(values.reshape(-1, part_dims)[:, :2].astype(float))
    return out


def surface_points_xy(geometries) -> np.ndarray:
    """(n, 2) coordinates of a point on each geometry (the point itself for points, a point on
    the surface for polygons, on the line for lines); NaN for ``None`` / empty geometries."""
    geoms = list(geometries)
    out = np.full((len(geoms), 2), np.nan)
    if any(isinstance(g, (bytes, bytearray)) for g in geoms):
        if SHAPELY_2:
            geoms = list(from_wkb(geoms))
        else:  # points straight from WKB; other types through shapely
            for i, g in enumerate(geoms):
                if isinstance(g, (bytes, bytearray)):
                    little, code, dims, offset = _wkb_header(bytes(g), 0)
                    if code == 1:
                        xy = np.frombuffer(bytes(g), dtype="<f8" if little else ">f8", count=2, offset=offset)
                        out[i] = xy
                        geoms[i] = None
                    else:
                        geoms[i] = shapely.wkb.loads(bytes(g))
            for i, g in enumerate(geoms):
                if g is None or g.is_empty:
                    continue
                p = g if g.geom_type == "Point" else g.representative_point()
                out[i] = (p.x, p.y)
            return out
    if SHAPELY_2 and geoms:
        array = np.asarray(geoms, dtype=object)
        valid = ~shapely.is_missing(array) & ~shapely.is_empty(array)
        if valid.any():
            points = shapely.point_on_surface(array[valid])
            out[valid] = shapely.get_coordinates(points)[:, :2]
        return out
    for i, g in enumerate(geoms):
        if g is None or g.is_empty:
            continue
        p = g if g.geom_type == "Point" else g.representative_point()
        out[i] = (p.x, p.y)
    return out


def segments_to_lines(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Two-point LineStrings from (n, 2) start and end coordinates (object array)."""
    starts = np.asarray(starts, dtype=float).reshape(-1, 2)
    ends = np.asarray(ends, dtype=float).reshape(-1, 2)
    if SHAPELY_2:
        return shapely.linestrings(np.stack([starts, ends], axis=1))
    from shapely.geometry import LineString

    return object_array(LineString([tuple(a), tuple(b)]) for a, b in zip(starts, ends))


def validity_reasons(geometries) -> list:
    """GEOS's reason per geometry (``"Valid Geometry"``, ``"Self-intersection[x y]"``, ...).

    ``None`` stays ``None``. Shapely 2: vectorised ``is_valid_reason``; 1.8: ``explain_validity``.
    """
    if SHAPELY_2:
        return list(shapely.is_valid_reason(np.asarray(geometries, dtype=object)))
    from shapely.validation import explain_validity

    return [None if g is None else explain_validity(g) for g in geometries]


def make_valid(geometries) -> np.ndarray:
    """Valid versions of ``geometries`` (valid ones unchanged, ``None`` stays ``None``)."""
    if SHAPELY_2:
        return shapely.make_valid(np.asarray(geometries, dtype=object))
    from shapely.validation import make_valid as _make_valid

    return object_array(None if g is None or g.is_valid else _make_valid(g) for g in geometries)


def interiors_intersect(left, right) -> np.ndarray:
    """Pairwise: do the interiors of ``left[i]`` and ``right[i]`` intersect (DE-9IM ``T********``)?"""
    if SHAPELY_2:
        return shapely.relate_pattern(
            np.asarray(left, dtype=object), np.asarray(right, dtype=object), "T********"
        )
    return np.array([a.relate_pattern(b, "T********") for a, b in zip(left, right)], dtype=bool)


def intersection_areas(left, right) -> np.ndarray:
    """Pairwise area of ``left[i] ∩ right[i]`` (planar, in the geometries' units)."""
    if SHAPELY_2:
        return shapely.area(
            shapely.intersection(np.asarray(left, dtype=object), np.asarray(right, dtype=object))
        )
    return np.array([a.intersection(b).area for a, b in zip(left, right)], dtype=float)


def contains_xy(geometry, x, y) -> np.ndarray:
    """Boolean array: which points ``(x[i], y[i])`` lie inside ``geometry`` (boundary excluded)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if geometry is None or geometry.is_empty or not len(x):
        return np.zeros(len(x), dtype=bool)
    if SHAPELY_2:
        return shapely.contains_xy(geometry, x, y)
    from shapely import vectorized

    return np.asarray(vectorized.contains(geometry, x, y), dtype=bool)


def coordinates_with_index(geometries):
    """All vertices ``(M, 2)`` of ``geometries`` (rings and parts in order) and, per vertex, the
    position of its geometry. ``None`` and empty geometries contribute nothing."""
    geoms = object_array(geometries)
    if SHAPELY_2 and len(geoms):
        xy, index = shapely.get_coordinates(geoms, return_index=True)
        return np.asarray(xy, dtype=float).reshape(-1, 2), np.asarray(index)
    coords, owners = [], []
    for position, geometry in enumerate(geoms):
        if geometry is None or geometry.is_empty:
            continue
        stack = [geometry]
        while stack:
            g = stack.pop(0)
            if g.geom_type == "Polygon":
                stack[:0] = [g.exterior, *g.interiors]
            elif hasattr(g, "geoms"):
                stack[:0] = list(g.geoms)
            elif not g.is_empty:
                array = np.asarray(g.coords, dtype=float)[:, :2]
                coords.append(array)
                owners.append(np.full(len(array), position))
    if not coords:
        return np.zeros((0, 2)), np.zeros(0, dtype=int)
    return np.concatenate(coords), np.concatenate(owners)


def geo_series(geometries, crs=None):
    """A GeoSeries over ``geometries`` without a per-item conversion (fast on geopandas 0.12)."""
    import geopandas as gpd
    from geopandas.array import GeometryArray

    if SHAPELY_2:
        return gpd.GeoSeries(object_array(geometries), crs=crs)
    return gpd.GeoSeries(GeometryArray(object_array(geometries), crs=crs))


def bounds_array(geometries) -> np.ndarray:
    """(n, 4) ``minx, miny, maxx, maxy``; NaN rows for ``None`` and empty geometries.

    Shapely 1.8's ``.bounds`` costs ~0.1 ms a geometry; GEOS's ``GEOSGeom_getXMin_r`` & co.
    (GEOS >= 3.7) through ctypes are ~20 times faster, with ``.bounds`` as the fallback.
    """
    geoms = object_array(geometries)
    if SHAPELY_2:
        return np.asarray(shapely.bounds(geoms), dtype=float).reshape(-1, 4)
    out = np.full((len(geoms), 4), np.nan)
    try:
        import ctypes

        from shapely.geos import lgeos

        library, handle = lgeos._lgeos, lgeos.geos_handle
        extent = getattr(library, "GEOSGeom_getExtent_r", None)  # GEOS >= 3.11: one call
        functions = [getattr(library, f"GEOSGeom_get{name}_r") for name in ("XMin", "YMin", "XMax", "YMax")]
    except AttributeError:
        functions = None
    if functions is None:
        for i, g in enumerate(geoms):
            if g is not None and not g.is_empty:
                out[i] = g.bounds
        return out
    values = [ctypes.c_double() for _ in range(4)]
    references = [ctypes.byref(v) for v in values]
    if extent is not None:
        extent.argtypes = [ctypes.c_void_p, ctypes.c_void_p] + [ctypes.POINTER(ctypes.c_double)] * 4
        extent.restype = ctypes.c_int
        for i, g in enumerate(geoms):
            if g is not None and extent(handle, g._geom, *references):  # 0: exception (empty)
                out[i] = (values[0].value, values[1].value, values[2].value, values[3].value)
        return out
    for function in functions:
        function.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_double)]
        function.restype = ctypes.c_int
    for i, g in enumerate(geoms):
        if g is None:
            continue
        pointer = g._geom
        row = out[i]
        for k, function in enumerate(functions):
            if not function(handle, pointer, references[k]):  # 0: GEOS exception (empty geometry)
                row[:] = np.nan
                break
            row[k] = values[k].value
    return out


def is_valid_array(geometries) -> np.ndarray:
    """GEOS validity of each geometry (``None`` counts as valid: callers flag missing ones).

    Shapely 2: vectorised ``is_valid``. Shapely 1.8: ``GEOSisValid_r`` through ctypes, about ten
    times faster than the ``is_valid`` property (same GEOS answer).
    """
    geoms = object_array(geometries)
    if SHAPELY_2:
        return np.asarray(shapely.is_valid(geoms), dtype=bool) | np.asarray(
            shapely.is_missing(geoms), dtype=bool
        )
    out = np.ones(len(geoms), dtype=bool)
    try:
        import ctypes

        from shapely.geos import lgeos

        function = lgeos._lgeos.GEOSisValid_r
        handle = lgeos.geos_handle
    except AttributeError:
        for i, g in enumerate(geoms):
            if g is not None:
                out[i] = g.is_valid
        return out
    function.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    function.restype = ctypes.c_byte
    for i, g in enumerate(geoms):
        if g is not None:
            out[i] = function(handle, g._geom) == 1  # 0 invalid, 2 exception
    return out


def _wkb_rings(wkb: bytes, offset: int, rings: list) -> int:
    """Append the (k, 2) vertex arrays of every ring / line / point in the WKB geometry at
    ``offset`` to ``rings``; return the offset after it."""
    little, code, dims, offset = _wkb_header(wkb, offset)
    order = "little" if little else "big"
    dtype = "<f8" if little else ">f8"

    def points(offset, n):
        values = np.frombuffer(wkb, dtype=dtype, count=n * dims, offset=offset)
        return values.reshape(-1, dims)[:, :2].astype(float), offset + 8 * n * dims

    if code == 1:
        xy, offset = points(offset, 1)
        if np.isfinite(xy).all():
            rings.append(xy)
        return offset
    if code == 2:
        n = int.from_bytes(wkb[offset : offset + 4], order)
        xy, offset = points(offset + 4, n)
        if n:
            rings.append(xy)
        return offset
    if code == 3:
        count = int.from_bytes(wkb[offset : offset + 4], order)
        offset += 4
        for _ in range(count):
            n = int.from_bytes(wkb[offset : offset + 4], order)
            xy, offset = points(offset + 4, n)
            if n:
                rings.append(xy)
        return offset
    count = int.from_bytes(wkb[offset : offset + 4], order)  # multi-geometries and collections
    offset += 4
    for _ in range(count):
        offset = _wkb_rings(wkb, offset, rings)
    return offset


def ring_coordinates(geometries):
    """Vertices of every ring, line and point of ``geometries``.

    Returns ``(xy, ring_of_vertex, owner_of_ring)``: ``xy`` (M, 2), the ring of each vertex, and
    the position in ``geometries`` of each ring. Shapely 2: vectorised; 1.8: parsed from WKB
    (about 20 times faster than ``.coords`` on polygons).
    """
    geoms = object_array(geometries)
    if SHAPELY_2 and len(geoms):
        parts, owner = shapely.get_parts(geoms, return_index=True)
        keep = ~shapely.is_empty(parts)
        parts, owner = parts[keep], owner[keep]
        polygon = shapely.get_type_id(parts) == 3
        rings, index = shapely.get_rings(parts[polygon], return_index=True)
        all_rings = np.concatenate([rings, parts[~polygon]])
        owners = np.concatenate([owner[polygon][index], owner[~polygon]]).astype(int)
        xy, ring_of_vertex = shapely.get_coordinates(all_rings, return_index=True)
        return np.asarray(xy, dtype=float).reshape(-1, 2), ring_of_vertex, owners
    from shapely.geos import WKBWriter, lgeos

    writer = WKBWriter(lgeos)
    positions = np.array([i for i, g in enumerate(geoms) if g is not None], dtype=int)
    chunks_xy, chunks_size, chunks_owner = [], [], []
    batch = 50_000  # bounds the memory of the numpy gather
    for begin in range(0, len(positions), batch):
        chunk = positions[begin : begin + batch]
        wkbs = [writer.write(geoms[i]) for i in chunk]
        simple = _simple_wkb(wkbs)  # 2D little-endian LineStrings and one-ring Polygons, one numpy pass
        mask = np.zeros(len(wkbs), dtype=bool)
        if simple is not None:
            mask, xy, sizes = simple
            chunks_xy.append(xy)
            chunks_size.append(sizes)
            chunks_owner.append(chunk[mask])
        arrays, owners = [], []
        for k in np.flatnonzero(~mask):
            before = len(arrays)
            _wkb_rings(wkbs[k], 0, arrays)
            owners.extend([chunk[k]] * (len(arrays) - before))
        if arrays:
            chunks_xy.append(np.concatenate(arrays))
            chunks_size.append(np.array([len(a) for a in arrays]))
            chunks_owner.append(np.asarray(owners, dtype=int))
    if not chunks_xy:
        return np.zeros((0, 2)), np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    sizes = np.concatenate(chunks_size)
    return (
        np.concatenate(chunks_xy),
        np.repeat(np.arange(len(sizes)), sizes),
        np.concatenate(chunks_owner).astype(int),
    )


def _simple_wkb(wkbs):
    """Vectorised parse of the 2D little-endian LineStrings and single-ring Polygons among
    ``wkbs``: ``(mask of those parsed, xy (M, 2), vertices per ring)``, or ``None``."""
    if not wkbs:
        return None
    lengths = np.fromiter((len(w) for w in wkbs), dtype=np.int64, count=len(wkbs))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    data = np.frombuffer(b"".join(wkbs), dtype=np.uint8)

    def uint32(at):
        at = np.minimum(at, len(data) - 4)
        return (
            data[at].astype(np.uint32)
            | data[at + 1].astype(np.uint32) << 8
            | data[at + 2].astype(np.uint32) << 16
            | data[at + 3].astype(np.uint32) << 24
        )

    code = uint32(starts + 1)
    little = data[starts] == 1
    line = little & (code == 2) & (lengths >= 9)
    polygon = little & (code == 3) & (lengths >= 13) & (uint32(starts + 5) == 1)
    head = np.where(line, 9, 13)
    count = np.where(line, uint32(starts + 5), uint32(starts + 9)).astype(np.int64)
    mask = (line | polygon) & (count > 0) & (lengths == head + 16 * count)
    if not mask.any():
        return None
    first = (starts + head)[mask]
    sizes = count[mask]
    total = int(sizes.sum()) * 16
    offsets = np.repeat(first - np.concatenate([[0], np.cumsum(sizes * 16)[:-1]]), sizes * 16)
    picked = data[np.arange(total) + offsets]
    xy = picked.view("<f8").reshape(-1, 2).astype(float)
    return mask, xy, sizes


def intersects_pairwise(left, right) -> np.ndarray:
    """Pairwise: does ``left[i]`` intersect ``right[i]``?"""
    if SHAPELY_2:
        return np.asarray(
            shapely.intersects(np.asarray(left, dtype=object), np.asarray(right, dtype=object)), dtype=bool
        )
    return np.array([a.intersects(b) for a, b in zip(left, right)], dtype=bool)


def segments_to_multilinestring(starts, ends):
    """One MultiLineString of two-point lines from (n, 2) start and end coordinates (n >= 1)."""
    starts = np.asarray(starts, dtype=float).reshape(-1, 2)
    ends = np.asarray(ends, dtype=float).reshape(-1, 2)
    if SHAPELY_2:
        return shapely.multilinestrings(shapely.linestrings(np.stack([starts, ends], axis=1)))
    # built as WKB: far faster than a list of coordinate tuples under shapely 1.8
    n = len(starts)
    head = b"\x01" + (5).to_bytes(4, "little") + n.to_bytes(4, "little")
    records = np.zeros((n, 41), dtype=np.uint8)
    records[:, 0] = 1  # little endian
    records[:, 1] = 2  # LineString
    records[:, 5] = 2  # two points
    coords = np.ascontiguousarray(np.hstack([starts, ends]), dtype="<f8")
    records[:, 9:] = coords.view(np.uint8).reshape(n, 32)
    return shapely.wkb.loads(head + records.tobytes())


PANDAS_2 = int(pd.__version__.split(".")[0]) >= 2


def to_datetime_mixed(values, **kwargs):
    """``pd.to_datetime`` of text whose elements may differ in format (with and without offset).

    pandas >= 2 infers one format from the first element and turns the others into NaT unless
    told ``format="mixed"``; pandas 1.x parses each element on its own.
    """
    if PANDAS_2:
        kwargs.setdefault("format", "mixed")
    return pd.to_datetime(values, **kwargs)
