"""Mojibake detection and repair (GBK / UTF-8 / Latin-1 confusion) of the data-quality gate."""

import pytest
from community_governance.processing.engine.quality_text import diagnose, scan_values

TEXTS = [
    "社区",
    "幸福里社区",
    "安徽省合肥市蜀山区",
    "城镇社区服务设施用地",
    "张三",
    "长江西路123号",
    "名邸嘉园花园",
]


@pytest.mark.parametrize("text", TEXTS)
def test_correct_chinese_is_left_alone(text):
    assert diagnose(text) is None


@pytest.mark.parametrize("text", ["café", "naïve", "°C", "½", "Straße", "plain ascii", "", None, 12])
def test_other_text_is_left_alone(text):
    assert diagnose(text) is None


@pytest.mark.parametrize("text", TEXTS)
def test_gbk_read_as_latin1_is_recovered(text):
    garbled = text.encode("gbk").decode("latin-1")
    found = diagnose(garbled)
    assert found.kind == "mojibake" and found.fixed == text and found.detail == "GBK read as Latin-1"


@pytest.mark.parametrize("text", [t for t in TEXTS if t.isalpha() and len(t.encode("utf-8")) % 2 == 0])
def test_utf8_read_as_gbk_is_recovered(text):
    garbled = text.encode("utf-8").decode("gbk")
    found = diagnose(garbled)
    assert found.kind == "mojibake" and found.fixed == text and found.detail_zh == "UTF-8 被误读为 GBK"


def test_utf8_read_as_cp1252_is_recovered():
    assert diagnose("ç¤¾åŒº").fixed == "社区"
    assert diagnose("cafÃ©").fixed == "café"


@pytest.mark.parametrize("garbled", ["锟斤拷锟斤拷", "烫烫烫", "幸福\ufffd\ufffd", "屯屯屯屯"])
def test_lost_bytes_are_unrecoverable(garbled):
    found = diagnose(garbled)
    assert found.kind == "unrecoverable" and found.fixed is None


def test_scan_values_reports_each_distinct_value_once():
    values = ["社区", "ÉçÇø", "ÉçÇø", None, 3.5, "锟斤拷"]
    found = scan_values(values)
    assert set(found) == {"ÉçÇø", "锟斤拷"}
