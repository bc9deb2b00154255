"""communitygov:facilitysiting on the demo: sites chosen, coverage before/after consistent."""

import pytest


def _run(gpkg, out, model, p=2, capacity=0.0):
    import processing

    return processing.run(
        "communitygov:facilitysiting",
        {
            "ROADS": f"{gpkg}|layername=roads",
            "ROAD_FILTER": '"pedestrian" = 1',
            "RESIDENTIAL": f"{gpkg}|layername=residential",
            "FACILITIES": f"{gpkg}|layername=facilities",
            "CANDIDATES": f"{gpkg}|layername=candidate_sites",
            "FAC_TYPE": "kindergarten",
            "MODEL": model,
            "P": p,
            "NEW_CAPACITY": capacity,
            "OUTPUT": str(out / f"sites_{model}.gpkg"),
            "COVERAGE": str(out / f"coverage_{model}.csv"),
        },
    )


@pytest.fixture(scope="module")
def runs(processing_provider, demo_gpkg, tmp_path_factory):
    out = tmp_path_factory.mktemp("facilitysiting")
    return {model: _run(str(demo_gpkg), out, model) for model in (0, 2)}, out


def test_mclp_sites_cover_new_children(runs):
    import geopandas as gpd
    import pandas as pd

    results, out = runs
    assert results[0]["CHOSEN"] == 2
    sites = gpd.read_file(out / "sites_0.gpkg")
    coverage = pd.read_csv(out / "coverage_0.csv").set_index("group")
    gained = coverage["covered_after"] - coverage["covered_before"]
    # the population newly covered by the chosen sites is exactly the coverage gain, per group
    for group in ("total", "children_0_6", "elderly_60p", "low_income"):
        assert sites[f"new_pop_{group}"].sum() == pytest.approx(gained[group], abs=1e-6)
    assert gained["children_0_6"] > 0
    # the MCLP objective counts the served group (children) covered after building
    assert results[0]["OBJECTIVE"] == pytest.approx(coverage.loc["children_0_6", "covered_after"], abs=1e-6)


def test_lscp_covers_everything_coverable(runs):
    import pandas as pd

    results, out = runs
    coverage = pd.read_csv(out / "coverage_2.csv").set_index("group")
    mclp = pd.read_csv(out / "coverage_0.csv").set_index("group")
    # LSCP brings every coverable child within the radius; MCLP with 2 sites cannot cover more
    assert results[2]["CHOSEN"] >= 1
    assert coverage.loc["children_0_6", "covered_after"] >= mclp.loc["children_0_6", "covered_after"] - 1e-6
    assert coverage.loc["children_0_6", "covered_after"] > coverage.loc["children_0_6", "covered_before"]


def test_unknown_facility_type_is_a_clear_error(processing_provider, demo_gpkg, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    gpkg = str(demo_gpkg)
    with pytest.raises(QgsProcessingException, match="swimming_pool.*gb50180_2018"):
        processing.run(
            "communitygov:facilitysiting",
            {
                "ROADS": f"{gpkg}|layername=roads",
                "RESIDENTIAL": f"{gpkg}|layername=residential",
                "CANDIDATES": f"{gpkg}|layername=candidate_sites",
                "FAC_TYPE": "swimming_pool",
                "OUTPUT": str(tmp_path / "s.gpkg"),
                "COVERAGE": str(tmp_path / "c.csv"),
            },
        )
