"""With SOURCE_DATE_EPOCH set, two fresh builds of the site give byte-identical output."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import copy_site, output_files

pytestmark = pytest.mark.site


def fresh_build(root: Path, parallel: int) -> dict[str, bytes]:
    """Build a fresh copy of the site under root from inside docs/, like Read the Docs."""
    srcdir = copy_site(root)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1780000000"}
    command = [sys.executable, "-m", "sphinx", "-q", "-E", "-j", str(parallel), "-b", "html"]
    command += ["-d", str(root / "doctrees"), ".", str(root / "html")]
    # A process of its own, as each real build has: string hashes, so set order, differ per process.
    subprocess.run(command, cwd=srcdir, env=env, check=True, capture_output=True)
    return output_files(root / "html")


@pytest.fixture(scope="module")
def serial_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """One fresh serial build, which each of the other fresh builds must equal."""
    return fresh_build(tmp_path_factory.mktemp("first"), parallel=1)


@pytest.mark.parametrize("parallel", [1, 2])
def test_two_fresh_builds_are_byte_identical(
    tmp_path: Path, parallel: int, serial_build: dict[str, bytes]
) -> None:
    # The doctree cache (-d: environment.pickle and *.doctree) is the only thing
    # Sphinx writes that is specific to a build: it holds absolute source paths
    # and file times. It lives outside the output folder, so every output file
    # is compared, .buildinfo, searchindex.js, sitemap.xml and feed.atom included.
    first = serial_build
    second = fresh_build(tmp_path / "second", parallel=parallel)

    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert {"feed.atom", "sitemap.xml", "searchindex.js", ".buildinfo"} <= set(first)
