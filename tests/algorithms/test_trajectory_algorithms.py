"""communitygov:staypoints and communitygov:trajectorylifecircles through processing.run."""

import datetime as dt

import numpy as np
import pytest

X0, Y0 = 520000.0, 3520000.0  # EPSG:4548, near Hefei
TZ = dt.timezone(dt.timedelta(hours=8))


def _user_points(rng, home, places, days=5):
    """Fixes of one resident: nights at home, days at one of ``places``; +08:00 text times."""
    rows = []
    start = dt.datetime(2026, 3, 2, 0, 0, tzinfo=TZ)
    for day in range(days):
        base = start + dt.timedelta(days=day)
        place = places[day % len(places)]
        schedule = [(0, 8, home), (9, 12, place), (13, 21, home), (21.5, 24, home)]
        for h0, h1, (x, y) in schedule:
            for minute in range(int(h0 * 60), int(h1 * 60), 20):
                t = base + dt.timedelta(minutes=minute)
                rows.append((t.isoformat(), x + rng.normal(0, 8), y + rng.normal(0, 8)))
        # the walks between (every 30 s)
        for h, a, b in ((8, home, place), (12, place, home)):
            for k in range(1, 60):
                t = base + dt.timedelta(hours=h, seconds=30 * k)
                f = k / 60.0
                rows.append((t.isoformat(), a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f))
    return rows


def _layer(groups):
    """A memory point layer; ``groups``: {name: (n_residents, home_centre, places)}."""
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    layer = QgsVectorLayer(
        "Point?crs=EPSG:4548&field=user_id:string&field=timestamp:string", "trajectories", "memory"
    )
    rng = np.random.default_rng(42)
    truth = {}
    features = []
    for name, (count, centre, places) in groups.items():
        for i in range(count):
            uid = f"{name}{i}"
            home = (centre[0] + 60 * i, centre[1] + 40 * (i % 2))
            truth[uid] = home
            for t, x, y in _user_points(rng, home, places):
                feature = QgsFeature(layer.fields())
                feature.setAttributes([uid, t])
                feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
                features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer, truth


def _communities():
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer("Polygon?crs=EPSG:4548&field=community_id:string", "communities", "memory")
    features = []
    for cid, x in (("C01", X0), ("C02", X0 + 5000)):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([cid])
        feature.setGeometry(
            QgsGeometry.fromWkt(
                f"POLYGON(({x - 1000} {Y0 - 1000},{x + 1000} {Y0 - 1000},{x + 1000} {Y0 + 1000},{x - 1000} {Y0 + 1000},{x - 1000} {Y0 - 1000}))"
            )
        )
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


GROUPS = {
    # 6 residents of C01 (k = 5 holds); 4 of C02 (k - 1: suppressed)
    "a": (6, (X0, Y0), [(X0 + 700, Y0 + 300), (X0 - 500, Y0 + 600)]),
    "b": (4, (X0 + 5000, Y0), [(X0 + 5600, Y0 - 400)]),
}


@pytest.fixture(scope="module")
def trajectories(processing_provider):
    return _layer(GROUPS)


def _value(value):
    """QVariant NULL (QGIS 3.22) -> None."""
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


def _features(layer):
    names = layer.fields().names()
    return [
        {name: _value(v) for name, v in zip(names, f.attributes())} | {"_geometry": f.geometry()}
        for f in layer.getFeatures()
    ]


def test_staypoints_private_by_default(trajectories):
    import processing

    layer, truth = trajectories
    result = processing.run(
        "communitygov:staypoints",
        {
            "INPUT": layer,
            "USER_FIELD": "user_id",
            "TIME_FIELD": "timestamp",
            "OUTPUT": "TEMPORARY_OUTPUT",
            "HOMES": "TEMPORARY_OUTPUT",
        },
    )
    assert result["USERS"] == 10 and result["HOMES_FOUND"] == 10
    assert "HOMES" not in result or result["HOMES"] in (None, "")  # not written without the explicit choice
    cells = _features(result["OUTPUT"])
    assert cells and all(c["residents"] >= 5 for c in cells)
    # group b (4 residents) lives 5 km away: none of its cells is published
    for cell in cells:
        assert cell["_geometry"].boundingBox().xMinimum() < X0 + 3000


def test_staypoints_individual_homes_generalised_then_exact(trajectories):
    import processing

    layer, truth = trajectories
    common = {
        "INPUT": layer,
        "USER_FIELD": "user_id",
        "TIME_FIELD": "timestamp",
        "OUTPUT": "TEMPORARY_OUTPUT",
        "HOMES": "TEMPORARY_OUTPUT",
        "STAYS": "TEMPORARY_OUTPUT",
        "INDIVIDUAL_OUTPUTS": True,
        "HOME_GRID": 500,
    }
    result = processing.run("communitygov:staypoints", common)
    homes = _features(result["HOMES"])
    assert len(homes) == 10
    for home in homes:
        point = home["_geometry"].asPoint()
        assert (point.x() - 250) % 500 == pytest.approx(0, abs=1e-6) or (
            point.x() - 250
        ) % 500 == pytest.approx(500, abs=1e-6)
        tx, ty = truth[home["user_id"]]
        assert abs(point.x() - tx) <= 250 + 10 and abs(point.y() - ty) <= 250 + 10
        assert home["nights_home"] >= 4 and home["confidence"] > 0.9
    stays = _features(result["STAYS"])
    at_home = [s for s in stays if s["is_home"] == 1]
    assert at_home and all(
        (s["_geometry"].asPoint().x() - 250) % 500 in (0.0, 500.0)
        or abs((s["_geometry"].asPoint().x() - 250) % 500) < 1e-6
        for s in at_home
    )
    assert stays[0]["started_at"].endswith("+08:00")
    exact = processing.run("communitygov:staypoints", common | {"EXACT_HOMES": True})
    for home in _features(exact["HOMES"]):
        point = home["_geometry"].asPoint()
        tx, ty = truth[home["user_id"]]
        assert np.hypot(point.x() - tx, point.y() - ty) < 15


def test_trajectory_life_circles_suppress_k_minus_one(trajectories, tmp_path):
    import processing
    import rasterio

    layer, _ = trajectories
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    walking = QgsVectorLayer("Polygon?crs=EPSG:4548&field=group:string", "walking", "memory")
    feature = QgsFeature(walking.fields())
    feature.setAttributes(["C01"])
    feature.setGeometry(
        QgsGeometry.fromWkt(
            f"POLYGON(({X0 - 800} {Y0 - 800},{X0 + 800} {Y0 - 800},{X0 + 800} {Y0 + 800},{X0 - 800} {Y0 + 800},{X0 - 800} {Y0 - 800}))"
        )
    )
    walking.dataProvider().addFeatures([feature])
    density = str(tmp_path / "density.tif")
    result = processing.run(
        "communitygov:trajectorylifecircles",
        {
            "INPUT": layer,
            "USER_FIELD": "user_id",
            "TIME_FIELD": "timestamp",
            "COMMUNITIES": _communities(),
            "COMMUNITY_ID_FIELD": "community_id",
            "WALKING_CIRCLES": walking,
            "WALKING_ID_FIELD": "group",
            "OUTPUT": "TEMPORARY_OUTPUT",
            "STATS": "TEMPORARY_OUTPUT",
            "DENSITY": density,
            "SPACES": "TEMPORARY_OUTPUT",
        },
    )
    assert result["RESIDENTS"] == 10 and result["COMMUNITIES_SUPPRESSED"] == 1
    assert "SPACES" not in result  # personal data: not without the explicit choice
    stats = {row["community_id"]: row for row in _features(result["STATS"])}
    assert stats["C02"]["suppressed"] == 1 and stats["C02"]["residents"] is None
    assert stats["C01"]["suppressed"] == 0 and stats["C01"]["residents"] == 6
    # C01's activity: both places lie inside its 800 m walking square
    assert stats["C01"]["share_in_walking"] == pytest.approx(1.0)
    contours = _features(result["OUTPUT"])
    assert {c["community_id"] for c in contours} <= {"C01", "all"}
    c01 = [c for c in contours if c["community_id"] == "C01"]
    assert sorted(c["level_pct"] for c in c01) == [50.0, 80.0, 95.0]
    assert all(c["residents"] >= 5 and c["area_m2"] > 0 and 0 < c["iou_walking"] < 1 for c in c01)
    with rasterio.open(density) as dataset:
        names = list(dataset.descriptions)
        assert names[0] == "all" and "C01" in names and "C02" in names
        c02 = dataset.read(names.index("C02") + 1)
        assert np.isnan(c02).all()
        c01_band = dataset.read(names.index("C01") + 1)
        assert np.nanmax(c01_band) > 0
        everyone = dataset.read(1)
        row, col = dataset.index(X0 + 5600, Y0 - 400)
        assert np.isnan(everyone[row, col])  # only the 4 residents of C02 go there


def test_geolife_csv_with_gmt_times(processing_provider, shared_data):
    import processing

    result = processing.run(
        "communitygov:staypoints",
        {
            "CSV": str(shared_data / "geolife_skmob" / "geolife_sample.txt.gz"),
            "TIMEZONE": "UTC",
            "K": 1,
            "INDIVIDUAL_OUTPUTS": True,
            "OUTPUT": "TEMPORARY_OUTPUT",
            "HOMES": "TEMPORARY_OUTPUT",
        },
    )
    assert result["USERS"] == 2 and result["HOMES_FOUND"] == 2
    homes = _features(result["HOMES"])
    assert result["HOMES"].crs().authid() == "EPSG:4326"
    for home in homes:  # both in Haidian (Tsinghua / Peking University / Wudaokou)
        point = home["_geometry"].asPoint()
        assert 116.25 < point.x() < 116.40 and 39.95 < point.y() < 40.05


def test_bad_timezone_is_a_clear_error(trajectories):
    import processing
    from qgis.core import QgsProcessingException

    layer, _ = trajectories
    with pytest.raises(QgsProcessingException, match="Mars/Olympus"):
        processing.run(
            "communitygov:staypoints",
            {"INPUT": layer, "TIMEZONE": "Mars/Olympus", "OUTPUT": "TEMPORARY_OUTPUT"},
        )


def test_demo_life_circles_residents_per_community(processing_provider, demo_gpkg, tmp_path):
    """On the demo: every sampled resident's home is found in its true community, and each
    community's life circles are published exactly when it has at least k residents."""
    import json

    import processing
    from qgis.core import QgsVectorLayer

    truth = json.loads((demo_gpkg.parent / "known_truth.json").read_text(encoding="utf-8"))["trajectories"]
    per_community = truth["users_per_community"]
    trajectories = QgsVectorLayer(f"{demo_gpkg}|layername=trajectories", "trajectories", "ogr")
    communities = QgsVectorLayer(f"{demo_gpkg}|layername=communities", "communities", "ogr")
    k = 20  # above some communities' sample size, so that both cases occur
    assert min(per_community.values()) < k <= max(per_community.values())
    result = processing.run(
        "communitygov:trajectorylifecircles",
        {
            "INPUT": trajectories,
            "COMMUNITIES": communities,
            "K": k,
            "OUTPUT": "TEMPORARY_OUTPUT",
            "STATS": "TEMPORARY_OUTPUT",
            "DENSITY": str(tmp_path / "density.tif"),
        },
    )
    assert result["RESIDENTS"] == sum(per_community.values())
    stats = {row["community_id"]: row for row in _features(result["STATS"])}
    for community, residents in per_community.items():
        row = stats[community]
        if residents < k:
            assert row["suppressed"] == 1 and row["residents"] is None
        else:
            assert row["suppressed"] == 0 and row["residents"] == residents
    published = {c["community_id"] for c in _features(result["OUTPUT"])}
    assert published == {c for c, n in per_community.items() if n >= k} | {"all"}


def test_individual_activity_spaces_only_on_request(trajectories, tmp_path):
    import processing

    layer, truth = trajectories
    result = processing.run(
        "communitygov:trajectorylifecircles",
        {
            "INPUT": layer,
            "K": 5,
            "INDIVIDUAL_OUTPUTS": True,
            "OUTPUT": "TEMPORARY_OUTPUT",
            "STATS": "TEMPORARY_OUTPUT",
            "DENSITY": str(tmp_path / "d.tif"),
            "SPACES": "TEMPORARY_OUTPUT",
        },
    )
    spaces = _features(result["SPACES"])
    kinds = {}
    for space in spaces:
        kinds.setdefault(space["user_id"], set()).add(space["kind"])
    # every resident has activity at >= 1 place away from home on 5 days: all three shapes
    assert set(kinds) == set(truth) and all(k == {"sde", "mcp", "kde"} for k in kinds.values())
    for space in spaces:
        assert space["_geometry"].area() > 0
        if space["user_id"].startswith("a") and space["kind"] == "mcp":
            # group a alternates two activity places 1.2 km apart: the polygon spans them
            assert space["_geometry"].boundingBox().width() > 1000
