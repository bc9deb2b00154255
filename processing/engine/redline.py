"""Project red lines: the national standard coordinate TXT (部标准 用地红线坐标文件) and GBK shapefiles.

The TXT has two sections::

    [属性描述]
    坐标系=2000国家大地坐标系
    几度分带=3
    投影类型=高斯克吕格
    计量单位=米
    带号=39
    ...
    [地块坐标]
    5,0.9876,1,地块名称,面,,地块用途,,@          <- 界址点数,地块面积,地块编号,地块名称,记录图形属性,图幅号,地块用途,,@
    J1,1,3520000.000,39528000.000               <- 点号,地块圈号,X,Y
    ...

X is the northing (7 integer digits), Y the easting with the 2-digit zone prefix (8 digits). A
parcel's ring 1 is its outer boundary; further rings inside it are holes, rings outside it are
further parts. The zone prefix selects the CGCS2000 Gauss-Kruger CRS with zone-prefixed eastings:
3-degree zones 25..45 -> EPSG:4513..4533, 6-degree zones 13..23 -> EPSG:4491..4501; eastings
without a prefix use the zone of ``带号`` and the truncated CRS (EPSG:4534..4554 / 4502..4512).

Shapefiles delivered from Chinese desktop GIS often carry GBK/CP936 attributes without a ``.cpg``;
:func:`detect_dbf_encoding` tells GBK from UTF-8 by the language driver byte and by decoding the
records, so names never come out as mojibake.
"""

import re
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .errors import InputError

THREE_DEGREE_PREFIXED = (25, 45, 4513)  # zones, first EPSG
THREE_DEGREE_TRUNCATED = (25, 45, 4534)
SIX_DEGREE_PREFIXED = (13, 23, 4491)
SIX_DEGREE_TRUNCATED = (13, 23, 4502)


def _error(source, line, detail, **extra):
    return InputError(
        code="redline_format",
        template="Red-line file {file}, line {line}: {detail}",
        file=str(source),
        line=line,
        detail=detail,
        **extra,
    )


@dataclass
class RedLineParcel:
    number: str
    name: str
    use: str
    declared_area: Optional[float]
    n_points: int
    geometry: object  # shapely Polygon/MultiPolygon, x = easting, y = northing (as in the file)
    first_line: int
    warnings: list = field(default_factory=list)


@dataclass
class RedLineFile:
    attributes: dict
    parcels: list
    epsg: int
    zone: int
    zone_width_deg: int
    prefixed: bool
    encoding: str


def read_text(path) -> tuple:
    """The file's text and encoding: UTF-8 (with or without BOM), else GB18030 (a GBK superset)."""
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding), ("UTF-8" if encoding == "utf-8-sig" else "GBK")
        except UnicodeDecodeError:
            continue
    raise _error(path, 0, "the file is neither UTF-8 nor GBK text")


def read_redline(path) -> RedLineFile:
    text, encoding = read_text(path)
    result = parse_redline(text, source=str(path))
    result.encoding = encoding
    return result


def _number(text, source, line, what):
    try:
        return float(text.strip())
    except ValueError as error:
        raise _error(source, line, f"{what} is not a number: {text.strip()!r}") from error


def _zone_crs(zone: int, width: int, prefixed: bool, source) -> int:
    table = (
        (THREE_DEGREE_PREFIXED if prefixed else THREE_DEGREE_TRUNCATED)
        if width == 3
        else (SIX_DEGREE_PREFIXED if prefixed else SIX_DEGREE_TRUNCATED)
    )
    first, last, epsg = table
    if not first <= zone <= last:
        raise _error(
            source, 0, f"zone {zone} is not a CGCS2000 {width}-degree zone of China ({first}..{last})"
        )
    return epsg + zone - first


def parse_redline(text: str, source: str = "<text>") -> RedLineFile:
    """Parse the standard red-line TXT; raise :class:`InputError` (code ``redline_format``) naming
    the line on anything malformed."""
    from shapely.geometry import MultiPolygon, Polygon

    lines = text.splitlines()
    section = None
    attributes = {}
    headers = []  # (line number, fields, rows)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section == "属性描述":
            if "=" not in line:
                raise _error(source, number, f"expected key=value in [属性描述], got {line!r}")
            key, value = line.split("=", 1)
            attributes[key.strip()] = value.strip()
        elif section == "地块坐标":
            fields = [f.strip() for f in line.split(",")]
            if fields[-1] == "@" or line.endswith("@"):
                headers.append((number, fields, []))
                continue
            if not headers:
                raise _error(source, number, "a coordinate row before the first parcel header (…,@)")
            if len(fields) < 4:
                raise _error(source, number, f"expected 点号,地块圈号,X,Y, got {line!r}")
            ring = fields[1]
            x = _number(fields[2], source, number, "X")
            y = _number(fields[3], source, number, "Y")
            headers[-1][2].append((number, fields[0], ring, x, y))
        elif section is None:
            raise _error(source, number, "text before the [属性描述] section")
    if "地块坐标" not in {line.strip()[1:-1] for line in lines if line.strip().startswith("[")}:
        raise _error(source, 0, "no [地块坐标] section")
    if not headers:
        raise _error(source, 0, "the [地块坐标] section holds no parcel")
    unit = attributes.get("计量单位", "米")
    if unit and unit not in ("米", "m", "M"):
        raise _error(source, 0, f"计量单位 must be 米 (metres), got {unit!r}")
    width_text = attributes.get("几度分带", "").strip()
    width = int(float(width_text)) if width_text else None
    if width not in (None, 3, 6):
        raise _error(source, 0, f"几度分带 must be 3 or 6, got {width_text!r}")
    declared_zone = attributes.get("带号", "").strip()
    declared_zone = int(float(declared_zone)) if declared_zone else None

    # coordinates: X northing 7 digits, Y easting with (8 digits) or without (6 digits) zone prefix
    zones = set()
    prefixed = None
    for _, _fields, rows in headers:
        for number, _name, _ring, x, y in rows:
            if x >= 1e7 and y < 1e7:
                raise _error(source, number, "X looks like an easting and Y like a northing: are X and Y swapped? "
                             "(X = northing, Y = easting with zone prefix)")  # fmt: skip
            if not 1e6 <= x < 1e7:
                raise _error(source, number, f"X (northing) {x:.3f} is not a 7-digit northing of China")
            if y >= 1e7:
                zone, row_prefixed = int(y // 1e6), True
            elif 1e5 <= y < 1e6:
                zone, row_prefixed = declared_zone, False
            else:
                raise _error(
                    source, number, f"Y (easting) {y:.3f} is neither a zone-prefixed nor a plain easting"
                )
            if prefixed is not None and row_prefixed != prefixed:
                raise _error(source, number, "eastings with and without zone prefix are mixed")
            prefixed = row_prefixed
            zones.add(zone)
    if None in zones:
        raise _error(source, 0, "eastings have no zone prefix and [属性描述] gives no 带号")
    if len(zones) > 1:
        raise _error(source, 0, f"coordinates in several zones: {sorted(zones)}")
    zone = zones.pop()
    if declared_zone is not None and declared_zone != zone:
        raise _error(source, 0, f"带号={declared_zone} but the eastings carry zone prefix {zone}")
    if width is None:
        width = 3 if 25 <= zone <= 45 else 6
    epsg = _zone_crs(zone, width, prefixed, source)

    parcels = []
    for number, fields, rows in headers:
        if len(fields) < 3:
            raise _error(
                source,
                number,
                f"a parcel header needs 界址点数,地块面积,地块编号,…,@, got {','.join(fields)!r}",
            )
        n_points_text = fields[0]
        try:
            n_points = int(float(n_points_text))
        except ValueError as error:
            raise _error(source, number, f"界址点数 is not a number: {n_points_text!r}") from error
        declared = _number(fields[1], source, number, "地块面积") if fields[1] else None
        parcel_no = fields[2] if len(fields) > 2 else ""
        name = fields[3] if len(fields) > 3 else ""
        kind = fields[4] if len(fields) > 4 else ""
        use = fields[6] if len(fields) > 6 else ""
        if kind and kind not in ("面", "polygon", "Polygon"):
            raise _error(
                source, number, f"记录图形属性 {kind!r} is not 面 (polygon): only polygons are supported"
            )
        warnings = []
        if not rows:
            raise _error(source, number, f"parcel {parcel_no or name} has no coordinates")
        if len(rows) != n_points:
            warnings.append(f"界址点数 says {n_points} points, the file lists {len(rows)}")
        rings = {}
        for row in rows:
            rings.setdefault(row[2], []).append(row)
        polygons_xy = []
        for ring_id, ring_rows in rings.items():
            coords = [(y, x) for _n, _p, _r, x, y in ring_rows]  # easting, northing
            if coords[0] != coords[-1]:
                warnings.append(f"ring {ring_id} was not closed (line {ring_rows[-1][0]}): closed it")
                coords.append(coords[0])
            if len(set(coords)) < 3:
                raise _error(
                    source,
                    ring_rows[0][0],
                    f"ring {ring_id} of parcel {parcel_no or name} has fewer than 3 points",
                )
            polygons_xy.append((ring_id, ring_rows[0][0], coords))
        outer = [Polygon(polygons_xy[0][2])]
        holes = {0: []}
        for _ring_id, _line_no, coords in polygons_xy[1:]:
            ring = Polygon(coords)
            host = next((k for k, poly in enumerate(outer) if poly.contains(ring)), None)
            if host is None:
                outer.append(ring)
                holes[len(outer) - 1] = []
            else:
                holes[host].append(coords)
        parts = [Polygon(poly.exterior.coords, holes.get(k, [])) for k, poly in enumerate(outer)]
        geometry = parts[0] if len(parts) == 1 else MultiPolygon(parts)
        if not geometry.is_valid:
            from shapely.validation import explain_validity

            raise _error(
                source,
                number,
                f"parcel {parcel_no or name} is not a valid polygon: {explain_validity(geometry)}",
            )
        if declared is not None:
            area = geometry.area
            if not (
                abs(declared - area) <= 0.01 * area + 0.01 or abs(declared * 1e4 - area) <= 0.01 * area + 1.0
            ):
                warnings.append(
                    f"地块面积 {declared:g} matches neither the computed {area:.2f} m2 nor {area / 1e4:.4f} ha"
                )
        parcels.append(RedLineParcel(parcel_no, name, use, declared, n_points, geometry, number, warnings))
    return RedLineFile(attributes, parcels, epsg, zone, width, bool(prefixed), "UTF-8")


# -- shapefiles without .cpg -----------------------------------------------------------------
_LDID = {0x4D: "GBK", 0x7A: "GBK", 0x57: None, 0x00: None, 0x03: None, 0x01: "CP437"}
_CPG_ALIASES = {
    "936": "GBK",
    "CP936": "GBK",
    "GB2312": "GBK",
    "GB18030": "GBK",
    "UTF8": "UTF-8",
    "65001": "UTF-8",
}


def detect_dbf_encoding(shp_path) -> tuple:
    """``(encoding, how)`` of a shapefile's attributes: the ``.cpg`` if present, else the DBF
    language-driver byte, else a decoding test of the text fields (UTF-8 if every record decodes
    as UTF-8, else GBK). ``how`` says which (``cpg`` / ``ldid`` / ``content`` / ``ascii``)."""
    base = Path(shp_path).with_suffix("")
    for suffix in (".cpg", ".CPG"):
        cpg = base.with_suffix(suffix)
        if cpg.exists():
            name = cpg.read_text(encoding="ascii", errors="ignore").strip().upper()
            return _CPG_ALIASES.get(name, name or "UTF-8"), "cpg"
    dbf = next((base.with_suffix(s) for s in (".dbf", ".DBF") if base.with_suffix(s).exists()), None)
    if dbf is None:
        raise InputError(
            code="missing_file", template="No attribute file (.dbf) beside {file}.", file=str(shp_path)
        )
    raw = dbf.read_bytes()
    if len(raw) < 32:
        raise InputError(code="redline_format", template="Red-line file {file}, line {line}: {detail}",
                         file=str(dbf), line=0, detail="the .dbf header is truncated")  # fmt: skip
    ldid = raw[29]
    if _LDID.get(ldid):
        return _LDID[ldid], "ldid"
    n_records, header_len, record_len = struct.unpack("<IHH", raw[4:12])
    body = raw[header_len : header_len + n_records * record_len]
    text_bytes = bytes(b for b in body if b >= 0x80)
    if not text_bytes:
        return "UTF-8", "ascii"
    try:
        body.decode("utf-8")
        return "UTF-8", "content"
    except UnicodeDecodeError:
        return "GBK", "content"


def read_shapefile(path, encoding: Optional[str] = None):
    """A shapefile as a GeoDataFrame with its text decoded right (``encoding`` or detected)."""
    import geopandas as gpd

    how = "given"
    if not encoding:
        encoding, how = detect_dbf_encoding(path)
    frame = gpd.read_file(str(path), encoding=encoding)
    frame.attrs["encoding"] = encoding
    frame.attrs["encoding_detected_by"] = how
    return frame


_GARBLED = re.compile("[\u00c0-\u00ff]{2,}")


def looks_garbled(text: str) -> bool:
    """Whether ``text`` looks like GBK bytes read as Latin-1 (the classic mojibake)."""
    return bool(_GARBLED.search(text or ""))
