"""Mojibake detection and repair for Chinese text fields (GBK / UTF-8 / Latin-1 confusion).

Departments deliver GBK (CP936) shapefiles without a ``.cpg``, readers guess UTF-8 or Latin-1,
and the same text is then re-saved in the wrong encoding. The classic results:

* UTF-8 bytes read as GBK: ``社区`` becomes ``绀惧尯``. The wrong characters are mostly rare
  ones (GB2312 level 2 or GBK extensions), because UTF-8 lead bytes ``E4``-``E9`` fall in the
  rare half of GB2312; decoding back (``encode('gbk').decode('utf-8')``) gives common text.
* GBK or UTF-8 bytes read as Latin-1 / CP1252: ``社区`` becomes ``ÉçÇø`` or ``ç¤¾åŒº``.
* Lost bytes, unrecoverable: replacement characters ``\\ufffd``, or ``锟斤拷`` (replacement
  characters re-read as GBK), ``烫烫烫`` / ``屯屯屯`` (uninitialised memory shown as GBK).

:func:`diagnose` classifies one string; :func:`scan_values` runs it over the unique values of a
column. Repairs are only proposed when the round trip is strict (no error) and the result is
clearly more plausible Chinese than the input.
"""

from functools import lru_cache
from typing import NamedTuple, Optional

UNRECOVERABLE_MARKERS = ("\ufffd", "锟斤拷", "烫烫烫", "屯屯屯")


class Diagnosis(NamedTuple):
    kind: str  # "mojibake" (fixable) or "unrecoverable"
    fixed: Optional[str]  # the repaired text (None when unrecoverable)
    detail: str  # English description of the confusion, e.g. "UTF-8 read as GBK"
    detail_zh: str


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


@lru_cache(maxsize=65536)
def _gb2312_level(char: str) -> int:
    """1 for the 3755 common hanzi (GB2312 level 1), 2 for level 2, 3 for GBK-only, 0 other."""
    try:
        encoded = char.encode("gb2312")
    except UnicodeEncodeError:
        return 3 if _is_cjk(char) else 0
    if len(encoded) != 2:
        return 0
    lead = encoded[0]
    if 0xB0 <= lead <= 0xD7:
        return 1
    if 0xD8 <= lead <= 0xF7:
        return 2
    return 0


def _cjk_shares(text: str):
    """(share of common hanzi, share of rare hanzi, number of hanzi) among the CJK characters."""
    levels = [_gb2312_level(c) for c in text if _is_cjk(c)]
    if not levels:
        return 0.0, 0.0, 0
    common = sum(1 for level in levels if level == 1)
    return common / len(levels), (len(levels) - common) / len(levels), len(levels)


def _plausible_chinese(text: str) -> bool:
    common, _rare, count = _cjk_shares(text)
    if count == 0:
        return False
    # control characters are never the right answer
    if any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return False
    return common >= 0.6


_LATIN_CONFUSIONS = (
    ("latin-1", "utf-8", "UTF-8 read as Latin-1", "UTF-8 被误读为 Latin-1"),
    ("cp1252", "utf-8", "UTF-8 read as Windows-1252", "UTF-8 被误读为 Windows-1252"),
    ("latin-1", "gbk", "GBK read as Latin-1", "GBK 被误读为 Latin-1"),
    ("cp1252", "gbk", "GBK read as Windows-1252", "GBK 被误读为 Windows-1252"),
)


def diagnose(text) -> Optional[Diagnosis]:
    """The encoding problem of ``text``, or ``None`` when it looks fine (or is not text)."""
    if not isinstance(text, str) or text.isascii():
        return None
    for marker in UNRECOVERABLE_MARKERS:
        if marker in text:
            return Diagnosis(
                "unrecoverable",
                None,
                f"contains “{marker}”: bytes were lost in a wrong decoding",
                f"含有“{marker}”：错误解码时字节已丢失",
            )
    has_cjk = any(_is_cjk(c) for c in text)
    if not has_cjk:
        # Latin-1 / CP1252 look-alikes of multi-byte text
        if not any("\u0080" <= c <= "\u00ff" or c in "ŒœŠšŽžŸƒˆ˜–—‘’‚“”„†‡•…‰‹›€™" for c in text):
            return None
        for wrong, right, detail, detail_zh in _LATIN_CONFUSIONS:
            try:
                fixed = text.encode(wrong).decode(right)
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            if fixed == text:
                continue
            # a strict UTF-8 decode of Latin-1 look-alikes is a strong signal on its own
            if (right == "utf-8" and len(fixed) < len(text)) or _plausible_chinese(fixed):
                return Diagnosis("mojibake", fixed, detail, detail_zh)
        return None
    # CJK text: UTF-8 bytes read as GBK produce mostly rare characters
    _common, rare, count = _cjk_shares(text)
    if rare < 0.5:
        return None
    try:
        fixed = text.encode("gbk").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        if count >= 2 and rare >= 0.8:
            return Diagnosis(
                "unrecoverable",
                None,
                "rare characters typical of UTF-8 read as GBK, but the bytes do not decode back",
                "疑似 UTF-8 被误读为 GBK 的生僻字，但无法还原",
            )
        return None
    if fixed != text and _plausible_chinese(fixed):
        return Diagnosis("mojibake", fixed, "UTF-8 read as GBK", "UTF-8 被误读为 GBK")
    return None


def scan_values(values) -> dict:
    """``{value: Diagnosis}`` for the distinct problematic strings among ``values``."""
    found = {}
    seen = set()
    for value in values:
        if not isinstance(value, str) or value in seen or value.isascii():
            continue
        seen.add(value)
        diagnosis = diagnose(value)
        if diagnosis is not None:
            found[value] = diagnosis
    return found
