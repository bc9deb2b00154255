#!/usr/bin/env python3
"""Translations: extract, fill, check and compile.

    i18n.py update    write i18n/community_governance_zh_CN.ts from the sources + catalogs
    i18n.py check     fail when a source string has no zh_CN translation or the .ts is stale
    i18n.py compile   lrelease the .ts into .qm files (zh_CN and zh) beside it

Sources: every ``tr("literal")`` call in plugin/ and processing/ (one context,
"CommunityGovernance"). Translations: ``i18n/zh_CN/*.yaml`` (English -> Chinese), one file per
area so that areas never edit the same file.
"""

import ast
import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("plugin", "processing")
CATALOG_DIR = ROOT / "i18n" / "zh_CN"
TS_PATH = ROOT / "i18n" / "community_governance_zh_CN.ts"
QM_NAMES = ("community_governance_zh_CN.qm", "community_governance_zh.qm")
CONTEXT = "CommunityGovernance"


def extract() -> dict:
    """source string -> first (relative file, line) where it appears."""
    found = {}
    for directory in SOURCE_DIRS:
        for path in sorted((ROOT / directory).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                first = node.args[0]
                if name == "tr" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.setdefault(first.value, (path.relative_to(ROOT).as_posix(), node.lineno))
    return found


def catalog() -> dict:
    merged = {}
    for path in sorted(CATALOG_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for source, translation in data.items():
            if source in merged and merged[source] != translation:
                sys.exit(f"{path.name}: conflicting translation for {source!r}")
            merged[source] = translation
    return merged


def render(strings: dict, translations: dict) -> str:
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<!DOCTYPE TS>",
        '<TS version="2.1" language="zh_CN">',
        "<context>",
        f"    <name>{CONTEXT}</name>",
    ]
    for source in sorted(strings):
        filename, line = strings[source]
        translation = translations.get(source)
        lines.append("    <message>")
        lines.append(f'        <location filename="../{filename}" line="{line}"/>')
        lines.append(f"        <source>{escape(source)}</source>")
        if translation:
            lines.append(f"        <translation>{escape(translation)}</translation>")
        else:
            lines.append('        <translation type="unfinished"></translation>')
        lines.append("    </message>")
    lines += ["</context>", "</TS>", ""]
    return "\n".join(lines)


def _without_locations(ts_text: str) -> str:
    """The .ts without its <location> lines: moving a string within a file does not make it stale."""
    return "\n".join(line for line in ts_text.splitlines() if "<location " not in line)


def missing_translations(strings, translations):
    return sorted(s for s in strings if not translations.get(s))


def lrelease() -> str:
    for candidate in (
        "lrelease",
        "/usr/lib/qt5/bin/lrelease",
        "/usr/lib/x86_64-linux-gnu/qt5/bin/lrelease",
        "lrelease-qt5",
        "/usr/lib/qt6/bin/lrelease",
    ):
        found = shutil.which(candidate)
        if found:
            return found
    sys.exit("lrelease not found: install qttools5-dev-tools (scripts/setup.sh does)")


def main(command: str) -> int:
    strings, translations = extract(), catalog()
    text = render(strings, translations)
    if command == "update":
        TS_PATH.write_text(text, encoding="utf-8")
        missing = missing_translations(strings, translations)
        print(f"{TS_PATH.name}: {len(strings)} strings, {len(missing)} without translation")
        for source in missing:
            print(f"  missing: {source!r}  ({strings[source][0]}:{strings[source][1]})")
        return 0
    if command == "check":
        problems = [
            f"no zh_CN translation: {s!r} ({strings[s][0]})"
            for s in missing_translations(strings, translations)
        ]
        if not TS_PATH.exists() or _without_locations(
            TS_PATH.read_text(encoding="utf-8")
        ) != _without_locations(text):
            problems.append(f"{TS_PATH.name} is stale: run `python3 scripts/i18n.py update`")
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    if command == "compile":
        tool = lrelease()
        first = TS_PATH.parent / QM_NAMES[0]
        subprocess.run([tool, "-silent", str(TS_PATH), "-qm", str(first)], check=True)
        for name in QM_NAMES[1:]:
            shutil.copyfile(first, TS_PATH.parent / name)
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
