"""Fast reading of a GeoPackage point layer for the mobility tests (fiona takes a minute for the
demo's trajectories; sqlite and the GeoPackage binary header take a second)."""

import sqlite3
import struct

import numpy as np
import pandas as pd

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def read_points(path, layer: str, columns) -> tuple:
    """``(frame of columns, x, y, srs_id)`` of a GeoPackage point layer."""
    with sqlite3.connect(str(path)) as connection:
        geometry, srs_id = connection.execute(
            "select column_name, srs_id from gpkg_geometry_columns where table_name = ?", (layer,)
        ).fetchone()
        names = ", ".join(f'"{c}"' for c in columns)
        frame = pd.read_sql(f'select {names}, "{geometry}" as _geom from "{layer}"', connection)
    x = np.full(len(frame), np.nan)
    y = np.full(len(frame), np.nan)
    for i, blob in enumerate(frame.pop("_geom")):
        if blob is None:
            continue
        flags = blob[3]
        start = 8 + _ENVELOPE_BYTES[(flags >> 1) & 0x07]
        order = "<" if blob[start] == 1 else ">"
        x[i], y[i] = struct.unpack_from(order + "dd", blob, start + 5)
    return frame, x, y, srs_id
