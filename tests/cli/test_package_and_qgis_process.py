"""The built ZIP installs into a fresh QGIS profile and its tools run under qgis_process."""

import json
import subprocess
import sys
import zipfile

import pytest
from qgis_process import Profile  # scripts/ is on sys.path (tests/conftest.py)


@pytest.fixture(scope="module")
def installed_profile(tmp_path_factory, pytestconfig):
    root = pytestconfig.rootpath
    subprocess.run([sys.executable, str(root / "scripts" / "i18n.py"), "compile"], check=True)
    dist = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, str(root / "scripts" / "package.py"), "--output", str(dist)],
        capture_output=True,
        text=True,
        check=True,
    )
    archive_path = built.stdout.strip().splitlines()[-1]
    with zipfile.ZipFile(archive_path) as archive:
        names = archive.namelist()
        assert "community_governance/metadata.txt" in names
        assert "community_governance/i18n/community_governance_zh_CN.qm" in names
        assert not any(n.startswith("community_governance/tests/") for n in names)
        unpacked = tmp_path_factory.mktemp("unpacked")
        archive.extractall(unpacked)
    return Profile(tmp_path_factory.mktemp("profile"), unpacked / "community_governance", link=False)


def test_qgis_process_lists_the_provider_from_the_zip(installed_profile):
    listed = installed_profile.run(["list"])
    assert listed.returncode == 0, listed.stderr
    assert "communitygov:" in listed.stdout


def test_qgis_process_runs_an_algorithm_from_the_zip(installed_profile, tmp_path):
    output = tmp_path / "demo.gpkg"
    ran = installed_profile.run(
        ["--json", "run", "communitygov:createdemo", "--", "SIZE=0", "SEED=7", f"OUTPUT={output}"]
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    results = json.loads(ran.stdout[ran.stdout.index("{") :])["results"]
    assert output.exists() and results
