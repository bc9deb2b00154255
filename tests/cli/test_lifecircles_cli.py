"""communitygov:walkinglifecircles and communitygov:networkdistance under qgis_process (demo data)."""

import json

import pytest
from qgis_process import Profile  # scripts/ is on sys.path (tests/conftest.py)


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    return Profile(tmp_path_factory.mktemp("lifecircles-profile"))


def _results(ran):
    assert ran.returncode == 0, ran.stdout + ran.stderr
    return json.loads(ran.stdout[ran.stdout.index("{") :])["results"]


def test_walking_life_circles_from_the_command_line(profile, demo_gpkg, tmp_path):
    import geopandas as gpd

    output = tmp_path / "circles.gpkg"
    ran = profile.run(
        [
            "--json",
            "run",
            "communitygov:walkinglifecircles",
            "--",
            f"ROADS={demo_gpkg}|layername=roads",
            'ROAD_FILTER="pedestrian" = 1',
            f"ORIGINS={demo_gpkg}|layername=residential",
            "ORIGIN_ID_FIELD=res_id",
            "BANDS=5,10,15",
            "BAND_UNIT=1",
            "WALK_SPEED=60",
            "MODE=1",
            "GROUP_FIELD=community_id",
            f"RESIDENTIAL={demo_gpkg}|layername=residential",
            "POPULATION_FIELD=pop_total",
            f"OUTPUT={output}",
        ]
    )
    results = _results(ran)
    residential = gpd.read_file(demo_gpkg, layer="residential")
    communities = residential["community_id"].nunique()
    assert results["CIRCLES"] == 3 * communities and results["SNAP_FAILED"] == 0
    circles = gpd.read_file(output)
    assert len(circles) == 3 * communities
    assert sorted(set(circles["band_min"])) == [5, 10, 15]
    assert sorted(set(circles["band_m"])) == [300, 600, 900]
    for community, rows in circles.groupby("group"):
        rows = rows.sort_values("band_m")
        assert list(rows["reach_len_m"]) == sorted(rows["reach_len_m"])
        own = residential.loc[residential["community_id"] == community, "pop_total"].sum()
        # every compound of the community is an origin: its own population lies inside its circles
        assert rows["population"].iloc[0] >= 0.8 * own
        assert rows["population"].iloc[-1] <= residential["pop_total"].sum() + 1e-6


def test_network_distance_from_the_command_line(profile, demo_gpkg, tmp_path):
    import geopandas as gpd

    output = tmp_path / "distances.gpkg"
    od = tmp_path / "od.gpkg"
    ran = profile.run(
        [
            "--json",
            "run",
            "communitygov:networkdistance",
            "--",
            f"ROADS={demo_gpkg}|layername=roads",
            'ROAD_FILTER="pedestrian" = 1',
            f"DEMAND={demo_gpkg}|layername=residential",
            "DEMAND_ID_FIELD=res_id",
            f"FACILITIES={demo_gpkg}|layername=facilities",
            "FACILITY_TYPE_FIELD=fac_type",
            "FACILITY_ID_FIELD=fac_id",
            "CUTOFF=1000",
            f"OUTPUT={output}",
            f"OD_OUTPUT={od}",
        ]
    )
    results = _results(ran)
    distances = gpd.read_file(output)
    facilities = gpd.read_file(demo_gpkg, layer="facilities")
    assert len(distances) == len(gpd.read_file(demo_gpkg, layer="residential"))
    for fac_type in facilities["fac_type"].unique():
        assert f"{fac_type}_m" in distances.columns and f"{fac_type}_id" in distances.columns
    table = gpd.read_file(od)
    assert results["OD_PAIRS"] == len(table) > 0
    assert (table["cost_m"] <= 1000).all()
    # the nearest of each type in the table is the distance written on the demand feature
    nearest = table.groupby(["demand_id", "fac_type"])["cost_m"].min()
    for (res_id, fac_type), cost in nearest.items():
        row = distances[distances["demand_id"] == res_id].iloc[0]
        assert row[f"{fac_type}_m"] == pytest.approx(cost)
