"""The engine on the Debian 13 stack (shapely 2, geopandas 1.0, pandas 2.2, numpy 2).

This machine's QGIS Python has shapely 1.8 / geopandas 0.12 / pandas 1.5 (Debian 12); the engine
must work on both, so its whole test suite runs again in `.venvs/engine-shapely2` (made by
`scripts/setup.sh --all` from requirements/venv-engine-shapely2.txt). Peer comparisons that start
their own virtual environments are left to the main run.
"""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venvs" / "engine-shapely2" / "bin" / "python"


def test_engine_suite_passes_on_shapely2_geopandas1_pandas2():
    assert PYTHON.exists(), f"{PYTHON} is missing: run `bash scripts/setup.sh --all`"
    versions = subprocess.run(
        [
            str(PYTHON),
            "-c",
            "import shapely, geopandas, pandas; print(shapely.__version__, geopandas.__version__, pandas.__version__)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert versions[0].startswith("2.") and versions[1].startswith("1.") and versions[2].startswith("2.")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "QGIS"))}
    ran = subprocess.run(
        [
            str(PYTHON),
            "-m",
            "pytest",
            "tests/engine",
            "-q",
            "-p",
            "no:cacheprovider",
            "--import-mode=importlib",
            "-o",
            "addopts=",
            "-k",
            "not trackintel and not peers",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert ran.returncode == 0, ran.stdout[-4000:] + ran.stderr[-2000:]
