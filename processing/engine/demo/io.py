"""Writing the demo to a GeoPackage (geopandas / fiona, no QGIS) and its truth to JSON."""

import json
from pathlib import Path

import fiona
import geopandas as gpd
import numpy as np
import pandas as pd

from ..errors import InputError

NO_INDEX = {"trajectories"}  # a point layer read whole by every tool: no R-tree, half the bytes
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


def _fiona_type(dtype) -> str:
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    return "str"


def _records(frame: pd.DataFrame):
    columns = list(frame.columns)
    values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in columns]
    for row in zip(*values):
        yield {
            c: (int(v) if isinstance(v, (np.integer,)) else float(v) if isinstance(v, np.floating) else v)
            for c, v in zip(columns, row)
        }


def write_table(frame: pd.DataFrame, path, layer: str) -> None:
    schema = {"geometry": "None", "properties": {c: _fiona_type(frame[c].dtype) for c in frame.columns}}
    with fiona.open(str(path), "w", driver="GPKG", layer=layer, schema=schema) as sink:
        sink.writerecords({"geometry": None, "properties": props} for props in _records(frame))


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


def write_xy_points(frame: pd.DataFrame, path, layer: str, epsg: int) -> None:
    """A large point layer from a frame with ``x``/``y`` columns: schema through fiona, rows
    through sqlite (fiona writes one record at a time), no spatial index."""
    import sqlite3

    attrs = frame.drop(columns=["x", "y"])
    schema = {"geometry": "Point", "properties": {c: _fiona_type(attrs[c].dtype) for c in attrs.columns}}
    with fiona.open(
        str(path), "w", driver="GPKG", layer=layer, schema=schema, crs=f"EPSG:{epsg}", SPATIAL_INDEX="NO"
    ):
        pass
    con = sqlite3.connect(str(path))
    try:
        srs_id = con.execute(
            "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)
        ).fetchone()[0]
        geom_col = con.execute(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)
        ).fetchone()[0]
        columns = [geom_col] + list(attrs.columns)
        values = [point_blobs(frame["x"].to_numpy(), frame["y"].to_numpy(), srs_id)]
        values += [attrs[c].astype(object).tolist() for c in attrs.columns]
        values = [[int(v) if isinstance(v, np.integer) else v for v in col] for col in values]
        quoted = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        con.executemany(f'INSERT INTO "{layer}" ({quoted}) VALUES ({marks})', zip(*values))
        con.execute(
            "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?",
            (
                float(frame["x"].min()),
                float(frame["y"].min()),
                float(frame["x"].max()),
                float(frame["y"].max()),
                layer,
            ),
        )
        con.commit()
    finally:
        con.close()


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
    for k, name in enumerate(names):
        frame = data.layers[name]
        if not isinstance(frame, gpd.GeoDataFrame) and {"x", "y"} <= set(frame.columns):
            write_xy_points(frame, gpkg_path, name, data.epsg)
        elif isinstance(frame, gpd.GeoDataFrame):
            options = {"SPATIAL_INDEX": "NO"} if name in NO_INDEX else {}
            types = set(frame.geom_type)
            if types == {"Polygon", "MultiPolygon"}:
                from shapely.geometry import MultiPolygon

                frame = frame.copy()
                frame[frame.geometry.name] = [
                    g if g.geom_type == "MultiPolygon" else MultiPolygon([g]) for g in frame.geometry
                ]
                types = {"MultiPolygon"}
            schema = {
                "geometry": types.pop() if len(types) == 1 else "Unknown",
                "properties": {
                    c: _fiona_type(t) for c, t in frame.dtypes.items() if c != frame.geometry.name
                },
            }
            frame.to_file(str(gpkg_path), layer=name, driver="GPKG", schema=schema, **options)
        else:
            write_table(frame, gpkg_path, name)
        if progress:
            progress((k + 1) / len(names))
    if truth_path is not None:
        Path(truth_path).write_text(
            json.dumps(data.truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return gpkg_path


def read_layers(gpkg_path, names=None) -> dict:
    """Every (or the named) layer of a demo GeoPackage as (Geo)DataFrames, in file order."""
    out = {}
    for name in names or fiona.listlayers(str(gpkg_path)):
        if name in NO_INDEX:
            out[name] = read_xy_points(gpkg_path, name)
            continue
        frame = gpd.read_file(str(gpkg_path), layer=name)
        if "geometry" in frame and frame.geometry.isna().all():
            frame = pd.DataFrame(frame.drop(columns="geometry"))
        out[name] = frame
    return out


def read_xy_points(gpkg_path, layer: str) -> pd.DataFrame:
    """A point layer as a frame with ``x``/``y`` columns (fast, for the big layers)."""
    import sqlite3

    con = sqlite3.connect(f"file:{gpkg_path}?mode=ro", uri=True)
    try:
        geom_col = con.execute(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)
        ).fetchone()[0]
        names = [r[1] for r in con.execute(f'PRAGMA table_info("{layer}")')]
        attrs = [c for c in names if c not in ("fid", geom_col)]
        quoted = ", ".join(f'"{c}"' for c in [geom_col] + attrs)
        rows = con.execute(f'SELECT {quoted} FROM "{layer}" ORDER BY fid').fetchall()
    finally:
        con.close()
    frame = pd.DataFrame([r[1:] for r in rows], columns=attrs)
    xy = blobs_to_xy([r[0] for r in rows]) if rows else np.zeros((0, 2))
    frame["x"] = xy[:, 0]
    frame["y"] = xy[:, 1]
    return frame
