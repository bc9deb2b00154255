"""communitygov:conformity under qgis_process (headless, throwaway profile), maps included."""

import geopandas as gpd
import pytest
from shapely.geometry import box


def test_conformity_runs_under_qgis_process(tmp_path):
    from qgis_process import Profile

    gpkg = tmp_path / "t.gpkg"
    x, y = 528000.0, 3520000.0
    gpd.GeoDataFrame({"parcel_id": ["P1"], "YDYHFLDM": ["070102"]}, geometry=[box(x, y, x + 100, y + 100)],
                     crs="EPSG:4548").to_file(gpkg, layer="plan")  # fmt: skip
    gpd.GeoDataFrame({"MC": ["红线"]}, geometry=[box(x + 90, y, x + 200, y + 50)], crs="EPSG:4548").to_file(
        gpkg, layer="STBHHX"
    )
    profile = Profile(tmp_path / "profile")
    run = profile.run(
        ["run", "communitygov:conformity", "--", f"PLAN={gpkg}|layername=plan", f"ONEMAP_DATABASE={gpkg}",
         f"CONFLICTS={tmp_path / 'c.gpkg'}", f"VERDICTS={tmp_path / 'v.gpkg'}", f"REPORT={tmp_path / 'r.html'}",
         "MAPS=true"],
        timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "OVERALL:\tfail" in run.stdout
    conflicts = gpd.read_file(tmp_path / "c.gpkg")
    assert list(conflicts.rule_id) == ["STBHHX_NO_BUILD"] and list(conflicts.verdict) == ["不符合"]
    assert conflicts.ovl_area_plan_m2.iloc[0] == pytest.approx(500.0)
    verdicts = gpd.read_file(tmp_path / "v.gpkg")
    assert len(verdicts) == 13 and (verdicts.verdict == "未检查").sum() == 12
    assert (tmp_path / "r.html").read_text(encoding="utf-8").count("data:image/png;base64,") == 1
