"""The one place that bridges shapely 1.8 / geopandas 0.12 (Debian 12, QGIS 3.22) and
shapely 2 / geopandas >= 0.14 (Debian 13, the peers' virtual environments).

Engine code calls these functions instead of version-specific APIs. Under shapely 2 they are
vectorised; under shapely 1.8 they fall back to loops over geometries.
"""

import numpy as np
import shapely
import shapely.wkb

SHAPELY_2 = int(shapely.__version__.split(".")[0]) >= 2


def from_wkb(wkbs) -> np.ndarray:
    """Geometries (object array, ``None`` stays ``None``) from WKB bytes."""
    if SHAPELY_2:
        return shapely.from_wkb(np.asarray(wkbs, dtype=object))
    return np.array([None if w is None else shapely.wkb.loads(bytes(w)) for w in wkbs], dtype=object)


def to_wkb(geometries) -> list:
    """WKB bytes of ``geometries`` (``None`` and empty stay ``None``)."""
    if SHAPELY_2:
        out = shapely.to_wkb(np.asarray(geometries, dtype=object))
        return [None if g is None else w for g, w in zip(geometries, out)]
    return [None if g is None else g.wkb for g in geometries]


def geometry_values(series) -> np.ndarray:
    """A GeoSeries' geometries as an object array of shapely geometries."""
    return np.asarray(list(series.geometry if hasattr(series, "geometry") else series), dtype=object)
