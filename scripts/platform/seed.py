"""Builds the local platform's data and pygeoapi configuration from the demo community.

Run by ``scripts/platform.sh start`` with ``/usr/bin/python3`` (it has geopandas; the pygeoapi
venv does not need GDAL). Writes into STATE:

- ``data/<collection>.json``: TinyDB files (pygeoapi TinyDB provider, transactions on), features
  in the storage CRS EPSG:4490 (CGCS2000), each with ``id`` and a ``cg_uid`` property (the
  client's idempotency key; it must exist in the first record, from which pygeoapi guesses fields);
- ``pygeoapi.yml``: the server configuration (127.0.0.1, public URL = the nginx URL);
- ``sta_seed.json``: Things/Datastreams/Observations for the SensorThings server.

Usage: seed.py GPKG STATE PUBLIC_URL BACKEND_PORT
"""

import json
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely.ops
import yaml

STORAGE_CRS = "http://www.opengis.net/def/crs/EPSG/0/4490"
CRS_LIST = [
    "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
    "http://www.opengis.net/def/crs/EPSG/0/4490",
    "http://www.opengis.net/def/crs/EPSG/0/4326",
    "http://www.opengis.net/def/crs/EPSG/0/4548",
]
# collection -> (demo layer, id field, theme, title, title_zh, time field)
COLLECTIONS = {
    "communities": (
        "communities",
        "community_id",
        "population",
        "Communities and population",
        "社区与人口",
        None,
    ),
    "residential": ("residential", "res_id", "housing", "Residential compounds", "居住小区", None),
    "facilities": ("facilities", "fac_id", "facilities", "Public service facilities", "公共服务设施", None),
    "sensors": ("sensors", "sensor_id", "sensors", "IoT sensors", "物联感知设备", None),
    "feedback": ("feedback", "fb_id", "feedback", "Residents' feedback", "居民反馈", "created_at"),
}
UPLOADS = ("uploads", "Survey uploads", "调查成果上报")


def plain(value):
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def to_features(frame: gpd.GeoDataFrame, id_field: str) -> list:
    frame = frame.to_crs(4490)
    features, used = [], set()
    for index, row in frame.iterrows():
        properties = {k: plain(v) for k, v in row.items() if k != frame.geometry.name}
        fid = str(properties.get(id_field) or f"{id_field}-{index}")
        while fid in used:  # the demo plants duplicate ids for the quality gate: keep both
            fid += "-dup"
        used.add(fid)
        properties["cg_uid"] = fid
        # EPSG:4490 is stored in its authority axis order (latitude, longitude), as pygeoapi expects
        swapped = shapely.ops.transform(lambda x, y, z=None: (y, x), row.geometry)
        geometry = json.loads(gpd.GeoSeries([swapped]).to_json())["features"][0]["geometry"]
        features.append({"type": "Feature", "id": fid, "geometry": geometry, "properties": properties})
    return features


def parse_time(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def write_tinydb(path: Path, features: list):
    path.write_text(
        json.dumps({"_default": {str(i + 1): f for i, f in enumerate(features)}}, ensure_ascii=False),
        encoding="utf-8",
    )


def bbox_crs84(frame: gpd.GeoDataFrame) -> list:
    return [round(float(v), 6) for v in frame.to_crs(4326).total_bounds]


def main(gpkg: str, state: str, public_url: str, backend_port: str):
    state_dir = Path(state)
    data_dir = state_dir / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        import pyogrio

        layers = {str(name) for name, _ in pyogrio.list_layers(gpkg)}
    except ImportError:
        import fiona

        layers = set(fiona.listlayers(gpkg))
    subdistrict = ""
    if "subdistrict" in layers:
        sub = gpd.read_file(gpkg, layer="subdistrict")
        if len(sub) and "jd_name" in sub:
            subdistrict = str(sub["jd_name"].iloc[0])
    resources = {}
    all_bounds = None
    for collection, (layer, id_field, theme, title, title_zh, time_field) in COLLECTIONS.items():
        if layer not in layers:
            print(
                f"seed: layer {layer} missing from {gpkg}; collection {collection} skipped", file=sys.stderr
            )
            continue
        frame = gpd.read_file(gpkg, layer=layer)
        features = to_features(frame, id_field)
        write_tinydb(data_dir / f"{collection}.json", features)
        bbox = bbox_crs84(frame)
        all_bounds = (
            bbox
            if all_bounds is None
            else [
                min(all_bounds[0], bbox[0]),
                min(all_bounds[1], bbox[1]),
                max(all_bounds[2], bbox[2]),
                max(all_bounds[3], bbox[3]),
            ]
        )
        extents = {"spatial": {"bbox": bbox, "crs": CRS_LIST[0]}}
        provider = {
            "type": "feature",
            "name": "TinyDB",
            "editable": True,
            "data": str((data_dir / f"{collection}.json").resolve()),
            "id_field": "id",
            "crs": CRS_LIST,
            "storage_crs": STORAGE_CRS,
        }
        if time_field and time_field in frame:
            times = sorted(str(t) for t in frame[time_field].dropna())
            if times:
                # datetime objects: pygeoapi wants YAML timestamps, not strings
                extents["temporal"] = {"begin": parse_time(times[0]), "end": parse_time(times[-1])}
            provider["time_field"] = time_field
        resources[collection] = {
            "type": "collection",
            "title": {"en": title, "zh": title_zh},
            "description": {
                "en": f"{title} of the demo community ({len(features)} features).",
                "zh": f"示范社区{title_zh}（{len(features)} 个要素）。",
            },
            "keywords": [f"theme:{theme}", f"community:{subdistrict or 'demo'}"],
            "extents": extents,
            "providers": [provider],
        }
    # an editable collection for survey uploads, seeded with one record so pygeoapi knows the fields
    if all_bounds is None:
        raise SystemExit(f"seed: no demo layer found in {gpkg}")
    cx, cy = (all_bounds[0] + all_bounds[2]) / 2, (all_bounds[1] + all_bounds[3]) / 2
    seed_feature = {
        "type": "Feature",
        "id": "seed-0",
        "geometry": {"type": "Point", "coordinates": [cy, cx]},
        "properties": {
            "cg_uid": "seed-0",
            "name": "seed",
            "kind": "seed",
            "batch": "seed",
            "value": 0,
            "note": "seed",
        },
    }
    write_tinydb(data_dir / "uploads.json", [seed_feature])
    resources["uploads"] = {
        "type": "collection",
        "title": {"en": UPLOADS[1], "zh": UPLOADS[2]},
        "description": {"en": "Field survey results published from QGIS.", "zh": "从 QGIS 上报的调查成果。"},
        "keywords": ["theme:facilities", f"community:{subdistrict or 'demo'}"],
        "extents": {"spatial": {"bbox": all_bounds, "crs": CRS_LIST[0]}},
        "providers": [
            {
                "type": "feature",
                "name": "TinyDB",
                "editable": True,
                "data": str((data_dir / "uploads.json").resolve()),
                "id_field": "id",
                "crs": CRS_LIST,
                "storage_crs": STORAGE_CRS,
            }
        ],
    }
    config = {
        "server": {
            "bind": {"host": "127.0.0.1", "port": int(backend_port)},
            "url": public_url.rstrip("/"),
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "languages": ["en-US", "zh-CN"],
            "limits": {"default_items": 10, "max_items": 1000},
            "map": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "OpenStreetMap"},
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": {
                    "en": "Community base information platform (demo)",
                    "zh": "社区基础信息平台（示范）",
                },
                "description": {"en": "Demo community data behind authentication.", "zh": "示范社区数据。"},
                "keywords": {"en": ["community", "planning"], "zh": ["社区", "规划"]},
                "keywords_type": "theme",
                "terms_of_service": "https://creativecommons.org/licenses/by/4.0/",
                "url": public_url,
            },
            "license": {"name": "CC-BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
            "provider": {"name": "Community Smart Governance demo", "url": public_url},
            "contact": {"name": "Platform administrator", "email": "admin@example.org"},
        },
        "resources": resources,
    }
    (state_dir / "pygeoapi.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )

    # SensorThings seed: one Thing (with Location and Datastream) per sensor, its observations
    things = []
    if "sensors" in layers:
        sensors = gpd.read_file(gpkg, layer="sensors").to_crs(4326)
        observations = (
            gpd.read_file(gpkg, layer="sensor_observations")
            if "sensor_observations" in layers
            else pd.DataFrame()
        )
        for _, row in sensors.iterrows():
            sid = str(row["sensor_id"])
            obs = (
                observations[observations["sensor_id"].astype(str) == sid]
                if len(observations)
                else observations
            )
            things.append(
                {
                    "sensor_id": sid,
                    "community_id": str(row.get("community_id", "")),
                    "kind": str(row.get("kind", "")),
                    "unit": str(row.get("unit", "")),
                    "lon": float(row.geometry.x),
                    "lat": float(row.geometry.y),
                    "observations": [
                        [str(t), plain(v)]
                        for t, v in zip(obs.get("phenomenon_time", []), obs.get("value", []))
                    ],
                }
            )
    (state_dir / "sta_seed.json").write_text(json.dumps(things, ensure_ascii=False), encoding="utf-8")
    print(f"seed: {len(resources)} collections, {len(things)} sensors")


if __name__ == "__main__":
    main(*sys.argv[1:5])
