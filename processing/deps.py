"""Optional runtime dependencies: which are present, and what to tell the user when not.

Checked without importing the packages (``importlib.util.find_spec``) so QGIS start-up stays
fast. A package set to ``None`` in ``sys.modules`` counts as missing, which is also how Python
itself blocks an import.
"""

import importlib.util
import sys

# package -> (Debian/Ubuntu package, pip name)
OPTIONAL_PACKAGES = {
    "numpy": ("python3-numpy", "numpy"),
    "scipy": ("python3-scipy", "scipy"),
    "geopandas": ("python3-geopandas", "geopandas"),
    "shapely": ("python3-shapely", "shapely"),
    "rasterio": ("python3-rasterio", "rasterio"),
    "pyqtgraph": ("python3-pyqtgraph", "pyqtgraph"),
    "yaml": ("python3-yaml", "PyYAML"),
    "jsonschema": ("python3-jsonschema", "jsonschema"),
}


def is_available(package: str) -> bool:
    if package in sys.modules:
        return sys.modules[package] is not None
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):
        return False


def missing(packages) -> list:
    """The packages of ``packages`` that cannot be imported, in the given order."""
    return [p for p in packages if not is_available(p)]


def install_hint(package: str) -> str:
    """How to install ``package``, for Linux packages and for the QGIS Python on Windows/macOS."""
    debian, pip_name = OPTIONAL_PACKAGES.get(package, (f"python3-{package}", package))
    return f"sudo apt install {debian}  |  OSGeo4W Shell: python -m pip install {pip_name}"
