"""Writing the demo to a GeoPackage (geopandas, no QGIS) and its truth to JSON.

Vector layers go through ``GeoDataFrame.to_file`` (fiona under geopandas 0.12, pyogrio under
geopandas 1.x). The big point layer (trajectories) and the attribute tables are written
straight into the GeoPackage's SQLite tables (GeoPackage 1.2 core: ``gpkg_contents``,
``gpkg_geometry_columns``, standard binary points): one transaction instead of one call per
record, and the same file whichever I/O engine geopandas uses.
"""

import json
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from ..errors import InputError

POINT_BLOB = np.dtype(
    [
        ("magic", "S2"),
        ("version", "u1"),
        ("flags", "u1"),
        ("srs_id", "<i4"),
        ("byte_order", "u1"),
        ("wkb_type", "<u4"),
        ("x", "<f8"),
        ("y", "<f8"),
    ]
)


def _sql_type(dtype) -> str:
    if pd.api.types.is_integer_dtype(dtype):
        return "INTEGER"
    if pd.api.types.is_float_dtype(dtype):
        return "REAL"
    return "TEXT"


def _fiona_type(dtype) -> str:
    return {"INTEGER": "int", "REAL": "float", "TEXT": "str"}[_sql_type(dtype)]


def _column_values(series: pd.Series) -> list:
    kind = _sql_type(series.dtype)
    values = series.astype(object).where(series.notna(), None).tolist()
    if kind == "INTEGER":
        return [None if v is None else int(v) for v in values]
    if kind == "REAL":
        return [None if v is None else float(v) for v in values]
    return values


def point_blobs(x, y, srs_id: int) -> list:
    """GeoPackage binary points (no envelope, little endian) for coordinate arrays."""
    rec = np.zeros(len(x), dtype=POINT_BLOB)
    rec["magic"] = b"GP"
    rec["flags"] = 1
    rec["srs_id"] = srs_id
    rec["byte_order"] = 1
    rec["wkb_type"] = 1
    rec["x"] = x
    rec["y"] = y
    raw = rec.tobytes()
    size = POINT_BLOB.itemsize
    return [raw[k : k + size] for k in range(0, len(raw), size)]


def blobs_to_xy(blobs) -> np.ndarray:
    """(n, 2) coordinates of GeoPackage points without envelope (as written here)."""
    raw = np.frombuffer(b"".join(bytes(b) for b in blobs), dtype=POINT_BLOB)
    return np.column_stack([raw["x"], raw["y"]])


def _srs_id(con, epsg: int) -> int:
    row = con.execute(
        "SELECT srs_id FROM gpkg_spatial_ref_sys WHERE lower(organization) = 'epsg' "
        "AND organization_coordsys_id = ?",
        (epsg,),
    ).fetchone()
    if row is None:
        raise InputError(detail=f"EPSG:{epsg} is not registered in the GeoPackage")
    return int(row[0])


CHUNK_ROWS = 100_000


def _insert_table(con, layer: str, attrs: pd.DataFrame, xy=None, srs_id=None, bounds=None) -> None:
    """Create ``layer`` (features with points when ``xy`` (n, 2) is given, else attributes) and
    fill it, chunk by chunk."""
    geometry = xy is not None
    columns = ['"fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL']
    if geometry:
        columns.append('"geom" POINT')
    columns += [f'"{c}" {_sql_type(attrs[c].dtype)}' for c in attrs.columns]
    con.execute(f'CREATE TABLE "{layer}" ({", ".join(columns)})')
    names = (["geom"] if geometry else []) + list(attrs.columns)
    quoted = ", ".join(f'"{c}"' for c in names)
    marks = ", ".join("?" for _ in names)
    for start in range(0, len(attrs), CHUNK_ROWS):
        part = attrs.iloc[start : start + CHUNK_ROWS]
        values = [_column_values(part[c]) for c in part.columns]
        if geometry:
            chunk = xy[start : start + CHUNK_ROWS]
            values.insert(0, point_blobs(chunk[:, 0], chunk[:, 1], srs_id))
        con.executemany(f'INSERT INTO "{layer}" ({quoted}) VALUES ({marks})', zip(*values))
    bounds = bounds or (None, None, None, None)
    con.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, "
        "min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, '', "
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?, ?, ?, ?)",
        (
            layer,
            "features" if geometry else "attributes",
            layer,
            *bounds,
            srs_id if geometry else 0,
        ),
    )
    if geometry:
        con.execute(
            "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) "
            "VALUES (?, 'geom', 'POINT', ?, 0, 0)",
            (layer, srs_id),
        )
    has_ogr = con.execute("SELECT 1 FROM sqlite_master WHERE name = 'gpkg_ogr_contents'").fetchone()
    if has_ogr:
        con.execute(
            "INSERT INTO gpkg_ogr_contents (table_name, feature_count) VALUES (?, ?)", (layer, len(attrs))
        )


def write_xy_points(frame: pd.DataFrame, path, layer: str, epsg: int) -> None:
    """A large point layer from a frame with ``x``/``y`` columns, without spatial index."""
    con = sqlite3.connect(str(path))
    try:
        srs_id = _srs_id(con, epsg)
        x, y = frame["x"].to_numpy(float), frame["y"].to_numpy(float)
        bounds = (float(x.min()), float(y.min()), float(x.max()), float(y.max())) if len(x) else None
        _insert_table(con, layer, frame.drop(columns=["x", "y"]), np.column_stack([x, y]), srs_id, bounds)
        con.commit()
    finally:
        con.close()


def write_table(frame: pd.DataFrame, path, layer: str) -> None:
    """An attribute table (GeoPackage ``attributes``)."""
    con = sqlite3.connect(str(path))
    try:
        _insert_table(con, layer, frame)
        con.commit()
    finally:
        con.close()


def _uses_fiona() -> bool:
    major, minor = (int(v) for v in gpd.__version__.split(".")[:2])
    if (major, minor) < (0, 14):
        return True
    engine = getattr(gpd.options, "io_engine", None)
    if engine:
        return engine == "fiona"
    import importlib.util

    return importlib.util.find_spec("pyogrio") is None


def write_vector(frame: gpd.GeoDataFrame, path, layer: str) -> None:
    types = set(frame.geom_type)
    if types == {"Polygon", "MultiPolygon"}:
        from shapely.geometry import MultiPolygon

        frame = frame.copy()
        frame[frame.geometry.name] = [
            g if g.geom_type == "MultiPolygon" else MultiPolygon([g]) for g in frame.geometry
        ]
        types = {"MultiPolygon"}
    kwargs = {"layer": layer, "driver": "GPKG"}
    if _uses_fiona():  # geopandas 0.12 cannot infer nullable integer fields
        kwargs["schema"] = {
            "geometry": types.pop() if len(types) == 1 else "Unknown",
            "properties": {c: _fiona_type(t) for c, t in frame.dtypes.items() if c != frame.geometry.name},
        }
    frame.to_file(str(path), **kwargs)


def write_geopackage(data, gpkg_path, truth_path=None, progress=None) -> Path:
    """Write every layer of ``data`` (a :class:`DemoData`) to ``gpkg_path`` (replaced)."""
    gpkg_path = Path(gpkg_path)
    if gpkg_path.suffix.lower() != ".gpkg":
        raise InputError(
            code="demo_bad_output",
            template="Output must be a .gpkg file: {path}",
            path=str(gpkg_path),
            detail=str(gpkg_path),
        )
    gpkg_path.parent.mkdir(parents=True, exist_ok=True)
    if gpkg_path.exists():
        gpkg_path.unlink()
    names = list(data.layers)
    # vector layers first: GDAL creates the GeoPackage and registers the CRS
    order = sorted(names, key=lambda n: not isinstance(data.layers[n], gpd.GeoDataFrame))
    for k, name in enumerate(order):
        frame = data.layers[name]
        if isinstance(frame, gpd.GeoDataFrame):
            write_vector(frame, gpkg_path, name)
        elif {"x", "y"} <= set(frame.columns):
            write_xy_points(frame, gpkg_path, name, data.epsg)
        else:
            write_table(frame, gpkg_path, name)
        if progress:
            progress((k + 1) / len(names))
    if truth_path is not None:
        Path(truth_path).write_text(
            json.dumps(data.truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return gpkg_path


def list_layers(gpkg_path) -> list:
    """Layer (table) names of a GeoPackage, in the order they were written."""
    con = sqlite3.connect(f"file:{gpkg_path}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents ORDER BY rowid")]
    finally:
        con.close()


def read_layers(gpkg_path, names=None) -> dict:
    """Every (or the named) layer of a demo GeoPackage as (Geo)DataFrames.

    The trajectories come back as a DataFrame with ``x``/``y`` columns, tables as DataFrames.
    """
    out = {}
    con = sqlite3.connect(f"file:{gpkg_path}?mode=ro", uri=True)
    try:
        kinds = dict(con.execute("SELECT table_name, data_type FROM gpkg_contents"))
    finally:
        con.close()
    for name in names or list_layers(gpkg_path):
        if name == "trajectories":
            out[name] = read_xy_points(gpkg_path, name)
        elif kinds.get(name) == "attributes":
            out[name] = read_table(gpkg_path, name)
        else:
            out[name] = gpd.read_file(str(gpkg_path), layer=name)
    return out


def _read_rows(gpkg_path, layer: str, geometry: bool):
    con = sqlite3.connect(f"file:{gpkg_path}?mode=ro", uri=True)
    try:
        names = [r[1] for r in con.execute(f'PRAGMA table_info("{layer}")')]
        geom_col = None
        if geometry:
            geom_col = con.execute(
                "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)
            ).fetchone()[0]
        attrs = [c for c in names if c not in ("fid", geom_col)]
        selected = ([geom_col] if geom_col else []) + attrs
        quoted = ", ".join(f'"{c}"' for c in selected)
        rows = con.execute(f'SELECT {quoted} FROM "{layer}" ORDER BY fid').fetchall()
    finally:
        con.close()
    return attrs, rows


def read_table(gpkg_path, layer: str) -> pd.DataFrame:
    attrs, rows = _read_rows(gpkg_path, layer, geometry=False)
    return pd.DataFrame(rows, columns=attrs)


def read_xy_points(gpkg_path, layer: str) -> pd.DataFrame:
    """A point layer as a frame with ``x``/``y`` columns (fast, for the big layers)."""
    attrs, rows = _read_rows(gpkg_path, layer, geometry=True)
    frame = pd.DataFrame([r[1:] for r in rows], columns=attrs)
    xy = blobs_to_xy([r[0] for r in rows]) if rows else np.zeros((0, 2))
    frame["x"] = xy[:, 0]
    frame["y"] = xy[:, 1]
    return frame
