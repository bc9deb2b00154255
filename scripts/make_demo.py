#!/usr/bin/env python3
"""Write the demo community GeoPackage and its known truth (no QGIS needed).

scripts/make_demo.py                       # the shipped demo: resources/demo/ (default seed)
scripts/make_demo.py --size city --output /tmp/city.gpkg   # benchmark size, never committed
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_parent = ROOT / "build" / "pkg"
_parent.mkdir(parents=True, exist_ok=True)
if not (_parent / "community_governance").exists():
    (_parent / "community_governance").symlink_to(ROOT, target_is_directory=True)
sys.path[:] = [p for p in sys.path if p not in ("", ".", str(ROOT))]
sys.path.insert(0, str(_parent))

from community_governance.processing.engine.demo.__main__ import main  # noqa: E402

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--output" not in args:
        args += ["--output", str(ROOT / "resources" / "demo" / "community_demo.gpkg")]
    raise SystemExit(main(args))
