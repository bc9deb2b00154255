"""2023 用地用海 code validation, classic-mistake warnings and the GB 50137-2011 mapping."""

import pytest
from community_governance.processing.engine import landuse


@pytest.mark.parametrize(
    "code, name, status, suggestion",
    [
        ("070102", "二类城镇住宅用地", "ok", ""),
        ("0702", "", "ok", ""),
        ("1207", "城镇村道路用地", "ok", ""),
        ("05", "商业服务业用地", "classic_mistake", "09"),  # 05 is wetland in 2023
        ("0501", "", "classic_mistake", "09"),  # no name: still suspicious in a plan
        ("0505", "沿海滩涂", "ok", ""),  # a real wetland code with a wetland name
        ("10", "道路用地", "classic_mistake", "12"),  # GB/T 21010 10 = 交通运输
        ("0799", "", "unknown_code", ""),
        ("", "", "empty_code", ""),
        ("R2", "", "gb50137_letter_code", "070102"),
        ("A33", "中小学", "gb50137_letter_code", "080403"),
        ("B1", "", "gb50137_letter_code", "0901"),
        ("G1", "", "gb50137_letter_code", "1401"),
        ("060201", "", "legacy_2020_code", ""),
    ],
)
def test_check_code(code, name, status, suggestion):
    result = landuse.check_code(code, name)
    assert result.status == status
    assert result.suggestion == suggestion
    assert result.citation


def test_numeric_codes_from_a_layer_are_normalised():
    assert landuse.check_code(1401.0).status == "ok"
    assert landuse.check_code(" 0701 ").name == "城镇住宅用地"


def test_gb50137_mapping_falls_back_to_the_parent_code():
    mapped = landuse.map_gb50137("B19")
    assert mapped["from"] == "B1" and mapped["code"] == "0901" and mapped["name"] == "商业用地"
    assert landuse.map_gb50137("R22")["alternatives"]
    assert landuse.map_gb50137("Z9") is None


def test_the_code_table_has_all_24_first_level_classes():
    table = landuse.code_table()
    assert [c for c in table if len(c) == 2] == [f"{k:02d}" for k in range(1, 25)]
    assert table["05"] == "湿地" and table["09"] == "商业服务业用地"
    # every sub-code has its parent
    assert all(c[:-2] in table for c in table if len(c) > 2)


def test_check_codes_returns_only_the_warnings_with_their_feature():
    out = landuse.check_codes(["070102", "05", "R2"], ["住宅", "商业", ""], ["P1", "P2", "P3"])
    assert [(w["id"], w["status"]) for w in out] == [("P2", "classic_mistake"), ("P3", "gb50137_letter_code")]
