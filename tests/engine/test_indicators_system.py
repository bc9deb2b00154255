"""The indicator system as data: schema, citations, a city's override, typed config errors."""

import numpy as np
import pytest
import yaml
from community_governance.processing.engine import indicators as ind
from community_governance.processing.engine.errors import ConfigError


def test_default_system_is_valid_and_cited():
    system = ind.load_system()
    assert [level["id"] for level in system.levels] == list(ind.LEVEL_IDS)
    families = {i.family for i in system.indicators}
    # the paper's families: spatial performance, supply-demand match, satisfaction, safety/health events
    assert {"spatial_performance", "supply_demand", "satisfaction", "public_safety"} <= families
    kinds = {i.source["type"] for i in system.indicators}
    assert kinds == {"sensor", "feedback", "field"}
    for indicator in system.indicators:
        assert indicator.citations and all(key in system.citations for key in indicator.citations)
        assert indicator.name["zh"] and indicator.definition["zh"] and indicator.unit


def test_example_override_changes_thresholds_disables_and_adds(tmp_path):
    default = ind.load_system()
    system = ind.load_system(overrides=[ind.RESOURCE_DIR / "example_override.yaml"])
    override = yaml.safe_load((ind.RESOURCE_DIR / "example_override.yaml").read_text(encoding="utf-8"))
    night = system.indicator("noise_night_leq")
    expected = [override["indicators"]["noise_night_leq"]["thresholds"][k] for k in ind.LEVEL_IDS]
    assert night.thresholds.tolist() == expected
    assert night.persistence == 3
    assert night.hysteresis == default.indicator("noise_night_leq").hysteresis  # untouched keys kept
    assert system.indicator("feedback_per_1000").enabled is False
    assert system.indicator("noise_evening_leq").aggregation["hours"] == [19, 22]
    assert len(system.sources) == 2


def _write(tmp_path, data, name="override.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_override_of_unknown_indicator_is_a_config_error(tmp_path):
    path = _write(tmp_path, {"name": "x", "indicators": {"no_such": {"persistence": 2}}})
    with pytest.raises(ConfigError) as info:
        ind.load_system(overrides=[path])
    assert info.value.code == "config_error" and "no_such" in info.value.params["detail"]
    assert info.value.params["file"] == str(path)


def test_thresholds_out_of_order_are_rejected(tmp_path):
    path = _write(tmp_path, {"name": "x", "indicators": {"noise_day_leq": {"thresholds": {"yellow": 50}}}})
    with pytest.raises(ConfigError) as info:
        ind.load_system(overrides=[path])
    assert "noise_day_leq" in info.value.params["detail"] and "blue to red" in info.value.params["detail"]


def test_schema_violation_names_the_place(tmp_path):
    path = _write(tmp_path, {"name": "x", "indicators": {"noise_day_leq": {"direction": "up"}}})
    with pytest.raises(ConfigError) as info:
        ind.load_system(overrides=[path])
    assert "direction" in info.value.params["detail"] or "indicators/1" in info.value.params["detail"]


def test_unreadable_yaml_is_a_config_error(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError):
        ind.load_system(overrides=[path])


def test_a_level_can_be_left_out():
    document = yaml.safe_load(ind.DEFAULT_SYSTEM.read_text(encoding="utf-8"))
    document["indicators"][0]["thresholds"]["yellow"] = None
    system = ind.build_system(document)
    assert np.isnan(system.indicators[0].thresholds[1])
