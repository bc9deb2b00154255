"""CGCS2000 coordinate reference systems: picking the metric CRS for an analysis.

Geographic input (EPSG:4490 CGCS2000, EPSG:4326 WGS 84) is worked in the CGCS2000 3-degree
Gauss-Kruger zone whose central meridian is nearest to the data: EPSG:4534 (75 E) ... EPSG:4554
(135 E), the truncated variants without zone prefix. Zone-prefixed variants are EPSG:4513
(zone 25, 75 E) ... EPSG:4533 (zone 45, 135 E).
"""

import math

TRUNCATED_GK_FIRST_EPSG = 4534  # CM 75 E
PREFIXED_GK_FIRST_EPSG = 4513  # zone 25, CM 75 E
FIRST_ZONE = 25
LAST_ZONE = 45


def gk3_zone(longitude: float) -> int:
    """The 3-degree zone number (25..45) whose central meridian (3 * zone) is nearest."""
    if not math.isfinite(longitude):
        raise ValueError("longitude must be finite")
    zone = int(math.floor(longitude / 3.0 + 0.5))
    return min(max(zone, FIRST_ZONE), LAST_ZONE)


def gk3_epsg_for_longitude(longitude: float, zone_prefixed: bool = False) -> int:
    """EPSG code of the CGCS2000 3-degree GK CRS for ``longitude`` (degrees east)."""
    offset = gk3_zone(longitude) - FIRST_ZONE
    return (PREFIXED_GK_FIRST_EPSG if zone_prefixed else TRUNCATED_GK_FIRST_EPSG) + offset


def gk3_central_meridian(epsg: int) -> float:
    """Central meridian of a CGCS2000 3-degree GK EPSG code (prefixed or truncated)."""
    if TRUNCATED_GK_FIRST_EPSG <= epsg <= TRUNCATED_GK_FIRST_EPSG + LAST_ZONE - FIRST_ZONE:
        return 3.0 * (FIRST_ZONE + epsg - TRUNCATED_GK_FIRST_EPSG)
    if PREFIXED_GK_FIRST_EPSG <= epsg <= PREFIXED_GK_FIRST_EPSG + LAST_ZONE - FIRST_ZONE:
        return 3.0 * (FIRST_ZONE + epsg - PREFIXED_GK_FIRST_EPSG)
    raise ValueError(f"EPSG:{epsg} is not a CGCS2000 3-degree Gauss-Kruger CRS")


MU_PER_M2 = 3.0 / 2000.0  # 1 mu = 2000/3 m2
HA_PER_M2 = 1.0e-4
