"""2023 用地用海 land-use codes: validation, classic-mistake warnings, GB 50137-2011 mapping.

The code tables are data (``resources/landuse/*.yaml``, each with its citation). Three
classifications compete in Chinese plans: the 2023 用地用海 guide (自然资发〔2023〕234号), the
三调 working classification (GB/T 21010-2017, where 05 = 商服用地) and the old urban land-use
standard GB 50137-2011 (letter codes R2, B1, A33 ...). :func:`check_code` tells them apart.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Optional

from .rules import RESOURCES, normalise_code

LANDUSE_DIR = RESOURCES / "landuse"
_LETTER_CODE = re.compile(r"^[A-Za-z]\d{0,3}$")

# message codes (the algorithm layer translates them)
OK = "ok"
UNKNOWN = "unknown_code"
EMPTY = "empty_code"
LEGACY_2020 = "legacy_2020_code"
LETTER_CODE = "gb50137_letter_code"
CLASSIC_MISTAKE = "classic_mistake"


@dataclass
class CodeCheck:
    """The verdict on one land-use code."""

    code: str
    valid: bool
    status: str
    name: str = ""
    suggestion: str = ""
    detail: str = ""
    citation: str = ""
    warnings: list = field(default_factory=list)

    @property
    def is_warning(self) -> bool:
        return self.status != OK


@cache
def _tables():
    import yaml

    ydyh = yaml.safe_load((LANDUSE_DIR / "ydyh_2023.yaml").read_text(encoding="utf-8"))
    gb = yaml.safe_load((LANDUSE_DIR / "gb50137_to_ydyh.yaml").read_text(encoding="utf-8"))
    return ydyh, gb


def code_table() -> dict:
    """2023 code -> name."""
    return dict(_tables()[0]["codes"])


def code_name(code) -> str:
    return _tables()[0]["codes"].get(normalise_code(code), "")


def map_gb50137(letter_code) -> Optional[dict]:
    """The 2023 code for a GB 50137-2011 letter code (``R2`` -> ``070102``), or ``None``.

    Returns ``{code, name, alternatives, citation}``; an unknown sub-code falls back to its parent
    (``B19`` -> ``B1``).
    """
    code = normalise_code(letter_code).upper()
    mapping = _tables()[1]["mapping"]
    while code and code not in mapping:
        code = code[:-1]
    if not code:
        return None
    entry = mapping[code]
    return {
        "from": code,
        "code": entry["code"],
        "name": code_name(entry["code"]),
        "alternatives": list(entry.get("alternatives") or []),
        "citation": _tables()[1]["citation"],
    }


def check_code(code, name: str = "") -> CodeCheck:
    """Validate one 2023 用地用海 code, using the parcel's land-use name (``YDYHFLMC``) for hints."""
    ydyh, _gb = _tables()
    citation = ydyh["citation"]
    text = normalise_code(code)
    name = str(name or "").strip()
    if not text:
        return CodeCheck(text, False, EMPTY, citation=citation)
    if _LETTER_CODE.match(text) and text[0].isalpha():
        mapped = map_gb50137(text)
        if mapped:
            return CodeCheck(
                text,
                False,
                LETTER_CODE,
                suggestion=mapped["code"],
                detail=f"GB 50137-2011 {mapped['from']} -> {mapped['code']} {mapped['name']}",
                citation=mapped["citation"],
            )
        return CodeCheck(text, False, UNKNOWN, citation=citation)
    codes = ydyh["codes"]
    if text not in codes:
        legacy = ydyh.get("legacy_2020") or {}
        if text in legacy:
            return CodeCheck(
                text, True, LEGACY_2020, name=legacy[text], detail="2020 试行 code", citation=citation
            )
        return CodeCheck(text, False, UNKNOWN, citation=citation)
    result = CodeCheck(text, True, OK, name=codes[text], citation=citation)
    if name:
        for mistake in ydyh.get("classic_mistakes") or []:
            if text.startswith(mistake["code_prefix"]) and any(h in name for h in mistake["name_hints"]):
                result.status = CLASSIC_MISTAKE
                result.suggestion = str(mistake["suggest"])
                result.detail = mistake["source"]
                break
    # 05 without a telling name: still a likely mistake in an urban plan (05 was 商服 in GB/T 21010)
    if (
        result.status == OK
        and text.startswith("05")
        and (not name or "湿" not in name and "滩" not in name and "沼" not in name and "红树" not in name)
    ):
        result.status = CLASSIC_MISTAKE
        result.suggestion = "09"
        result.detail = ydyh["classic_mistakes"][0]["source"]
    return result


def check_codes(codes, names=None, ids=None) -> list:
    """Check many codes; return the warnings only, as dicts ``{id, code, name, status, suggestion,
    detail, citation}`` (one per offending feature)."""
    names = list(names) if names is not None else [""] * len(codes)
    ids = list(ids) if ids is not None else list(range(len(codes)))
    cache = {}
    out = []
    for fid, code, name in zip(ids, codes, names):
        key = (normalise_code(code), str(name or ""))
        if key not in cache:
            cache[key] = check_code(*key)
        result = cache[key]
        if result.is_warning:
            out.append(
                {
                    "id": fid,
                    "code": result.code,
                    "land_use_name": key[1],
                    "status": result.status,
                    "suggestion": result.suggestion,
                    "detail": result.detail,
                    "citation": result.citation,
                }
            )
    return out
