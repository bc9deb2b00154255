"""One fixture per defect class (tests/data/quality/cases.yaml): the gate reports each planted
defect with the right check, feature, location and message (en and zh); clean data passes clean.

Declared as data like QGIS's AlgorithmsTestBase: the fixtures and their expected findings are
written by tests/data/quality/make_fixtures.py from how each defect was built.
"""

from pathlib import Path

import numpy as np
import pytest
import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "quality"
CASES = yaml.safe_load((DATA / "cases.yaml").read_text(encoding="utf-8"))["cases"]
LOCATION_TOLERANCE_M = 0.01


def _read(case):
    import geopandas as gpd

    frame = gpd.read_file(DATA / case["file"])
    frame.index = range(1, len(frame) + 1)  # feature ids as a provider would give them
    return frame


def _run(case):
    from community_governance.processing.engine import quality

    return quality.check_frame(_read(case), case["schema"], crs_epsg=case["crs"], layer_name=case["name"])


def _matches(issue, expected) -> bool:
    if issue["check_id"] != expected["check"]:
        return False
    if expected["record"] is None:
        if "xy" not in expected and issue["feature_id"] is not None and issue["record_id"] is not None:
            return False
    elif str(issue["record_id"]) != expected["record"]:
        return False
    if expected.get("xy") is not None:
        if not np.allclose([issue["x"], issue["y"]], expected["xy"], atol=LOCATION_TOLERANCE_M, rtol=0):
            return False
    return expected["en"] in issue["message_en"] and expected["zh"] in issue["message_zh"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fixture(case):
    result = _run(case)
    issues = result.issues.to_dict("records")
    for expected in case["expect"]:
        hits = [issue for issue in issues if _matches(issue, expected)]
        assert hits, f"{case['name']}: expected {expected} among\n" + "\n".join(
            f"  {i['check_id']} {i['record_id']} ({i['x']}, {i['y']}): {i['message_en']} | {i['message_zh']}"
            for i in issues
        )
    if case["strict"]:
        # nothing but what was planted (info findings such as field aliases aside)
        expected_checks = {e["check"] for e in case["expect"]}
        extra = [i for i in issues if i["severity"] != "info" and i["check_id"] not in expected_checks]
        assert not extra, f"{case['name']}: unexpected findings {extra}"
        planted = sum(1 for e in case["expect"] if e["check"] != "schema.field_alias")
        counted = sum(
            1 for i in issues if i["check_id"] in expected_checks and i["check_id"] != "schema.field_alias"
        )
        assert counted == planted, f"{case['name']}: {counted} findings for {planted} planted defects"


def test_clean_cases_pass_clean():
    clean = [c for c in CASES if c["name"].startswith("clean_")]
    assert len(clean) >= 5
    for case in clean:
        result = _run(case)
        assert result.passed and result.accepted(accept_warnings=False), case["name"]
        assert result.score == 100.0
        assert result.issues.empty, result.issues


def test_every_check_in_the_catalogue_has_a_fixture():
    from community_governance.processing.engine import quality

    covered = {e["check"] for c in CASES for e in c["expect"]}
    catalogue = set(quality.load_checks()["checks"])
    # geometry.empty cannot be stored in GeoJSON: covered in test_quality_engine.py
    missing = catalogue - covered - {"geometry.empty", "crs.missing", "crs.outside_area"}
    assert not missing, f"checks without a fixture: {sorted(missing)}"
