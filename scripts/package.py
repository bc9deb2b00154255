#!/usr/bin/env python3
"""Build the ZIP that QGIS's "Install from ZIP" accepts: dist/community_governance-VERSION.zip.

It holds the committed plugin files (``git ls-files``) under ``community_governance/`` plus the
compiled translations, and leaves out tests, scripts, CI and other development files.
"""

import argparse
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_NAME = "community_governance"
EXCLUDED_TOP = {"tests", "scripts", ".ci", "requirements", "docs", "build", "dist"}
EXCLUDED_FILES = {"Makefile", "pyproject.toml", ".gitignore", ".gitattributes"}


def version() -> str:
    for line in (ROOT / "metadata.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("version="):
            return line.split("=", 1)[1].strip()
    sys.exit("metadata.txt has no version")


def plugin_files() -> list:
    listed = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode("utf-8")
        .split("\0")
    )
    files = []
    for name in filter(None, listed):
        parts = Path(name).parts
        if parts[0] in EXCLUDED_TOP or name in EXCLUDED_FILES or not (ROOT / name).is_file():
            continue
        files.append(name)
    qm_files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "i18n").glob("*.qm"))
    if not qm_files:
        sys.exit("no compiled translations: run `python3 scripts/i18n.py compile` first")
    return sorted(set(files) | set(qm_files))


def build(output_dir: Path) -> Path:
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"{PLUGIN_NAME}-{version()}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in plugin_files():
            archive.write(ROOT / name, f"{PLUGIN_NAME}/{name}")
    return target


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", default=str(ROOT / "dist"), help="folder for the ZIP")
    target = build(Path(parser.parse_args().output))
    print(target)


if __name__ == "__main__":
    main()
