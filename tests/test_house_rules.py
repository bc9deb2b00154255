"""Rules of the house that a machine can check: Qt6-ready enums and imports, engine purity."""

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_CODE = sorted(
    [ROOT / "__init__.py", *(ROOT / "plugin").rglob("*.py"), *(ROOT / "processing").rglob("*.py")]
)
ENGINE_CODE = sorted((ROOT / "processing" / "engine").rglob("*.py"))


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if ROOT in path.parents else path.name


def _imported_qgis_names(tree: ast.Module) -> dict:
    """Names bound by ``from qgis... import X`` in a module, resolved to the real objects."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("qgis"):
            module = importlib.import_module(node.module)
            for alias in node.names:
                if hasattr(module, alias.name):
                    names[alias.asname or alias.name] = getattr(module, alias.name)
    return names


def _is_enum_value(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and type(value) is not int


def _resolve(node, names):
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, names)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def unscoped_enums(path: Path) -> list:
    """``Qt.AlignLeft``-style uses: an enum value read from a class that is not the enum itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = _imported_qgis_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        owner = _resolve(node.value, names)
        if owner is None or not isinstance(owner, type) or issubclass(owner, int):
            continue  # not a class, or already the enum type (scoped access)
        value = getattr(owner, node.attr, None)
        if _is_enum_value(value):
            scoped = f"{type(value).__name__}.{node.attr}"
            found.append(f"{_relative(path)}:{node.lineno}: {ast.unparse(node)} (use …{scoped})")
    return found


@pytest.mark.parametrize("path", PLUGIN_CODE, ids=_relative)
def test_qt_enums_are_fully_scoped(path):
    assert unscoped_enums(path) == []


def test_the_enum_check_catches_an_unscoped_enum(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from qgis.PyQt.QtCore import Qt\nA = Qt.AlignLeft\nB = Qt.AlignmentFlag.AlignLeft\n",
        encoding="utf-8",
    )
    found = unscoped_enums(sample)
    assert len(found) == 1 and ":2:" in found[0] and "AlignmentFlag.AlignLeft" in found[0]


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


@pytest.mark.parametrize("path", PLUGIN_CODE, ids=_relative)
def test_qt_only_through_qgis_pyqt_and_network_only_through_qgis(path):
    forbidden = ("PyQt5", "PyQt6", "PySide2", "PySide6", "requests", "urllib.request", "httpx", "urllib3")
    bad = [
        f"{_relative(path)}:{line}: import {module}"
        for line, module in _imports(path)
        if module.split(".")[0] in forbidden or module in forbidden
    ]
    assert bad == []


@pytest.mark.parametrize("path", ENGINE_CODE, ids=_relative)
def test_engine_never_imports_qgis(path):
    bad = [
        f"{_relative(path)}:{line}: {module}"
        for line, module in _imports(path)
        if module.split(".")[0] == "qgis"
    ]
    assert bad == []


def test_engine_imports_with_qgis_blocked():
    """Every engine module imports in a Python where ``import qgis`` fails."""
    modules = [
        "community_governance.processing.engine."
        + p.relative_to(ROOT / "processing" / "engine").with_suffix("").as_posix().replace("/", ".")
        for p in ENGINE_CODE
        if p.name != "__main__.py"
    ]
    modules = [m[: -len(".__init__")] if m.endswith(".__init__") else m for m in modules]
    code = (
        "import sys, importlib\n"
        "sys.modules['qgis'] = None\n"
        f"sys.path.insert(0, {str(ROOT / 'build' / 'pkg')!r})\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd="/")
    assert result.returncode == 0, result.stderr
