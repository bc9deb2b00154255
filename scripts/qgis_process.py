"""Run ``qgis_process`` with the plugin in a throwaway QGIS profile (tests, demo, packaging).

Debian 12's ``/usr/bin/qgis_process`` wrapper adds ``--noversioncheck``, which qgis_process
rejects; ``qgis_process.bin`` works on both Debian 12 and 13.
"""

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_NAME = "community_governance"


def binary() -> str:
    for candidate in ("/usr/bin/qgis_process.bin", shutil.which("qgis_process") or ""):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise FileNotFoundError("qgis_process not found: run scripts/setup.sh (package 'qgis')")


class Profile:
    """A QGIS configuration folder holding only this plugin (linked, or unpacked from a ZIP)."""

    def __init__(self, folder: Path, plugin_source: Path = ROOT, link: bool = True):
        self.folder = Path(folder)
        plugins = self.folder / "profiles" / "default" / "python" / "plugins"
        plugins.mkdir(parents=True, exist_ok=True)
        target = plugins / PLUGIN_NAME
        if not target.exists():
            if link:
                target.symlink_to(Path(plugin_source).resolve(), target_is_directory=True)
            else:
                shutil.copytree(plugin_source, target)
        enabled = self.run(["plugins", "enable", PLUGIN_NAME])
        if enabled.returncode != 0 and "already enabled" not in enabled.stdout + enabled.stderr:
            raise RuntimeError(
                f"qgis_process could not enable {PLUGIN_NAME}: {enabled.stdout}{enabled.stderr}"
            )

    def env(self) -> dict:
        env = dict(os.environ)
        env.update(
            QGIS_CUSTOM_CONFIG_PATH=str(self.folder),
            QT_QPA_PLATFORM="offscreen",
            XDG_RUNTIME_DIR=str(self.folder / "runtime"),
        )
        (self.folder / "runtime").mkdir(mode=0o700, exist_ok=True)
        return env

    def run(self, arguments, check=False, timeout=1800) -> subprocess.CompletedProcess:
        return subprocess.run(
            [binary(), *arguments],
            env=self.env(),
            capture_output=True,
            text=True,
            check=check,
            timeout=timeout,
        )


def plugin_importable() -> None:
    """Make ``import community_governance`` work in a script (the checkout's folder name varies)."""
    import sys

    parent = ROOT / "build" / "pkg"
    parent.mkdir(parents=True, exist_ok=True)
    link = parent / PLUGIN_NAME
    if not link.exists():
        link.symlink_to(ROOT, target_is_directory=True)
    if str(parent) not in sys.path:
        sys.path.insert(0, str(parent))
