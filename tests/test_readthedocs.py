"""Read the Docs can build the site: valid config, and its exact build command works."""

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from helpers import ARTICLE, REPO

CONFIG = REPO / ".readthedocs.yaml"
SCHEMA = REPO / "tests" / "schemas" / "readthedocs-config.schema.json"


def read_config() -> dict[str, object]:
    """The parsed .readthedocs.yaml."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert isinstance(config, dict)
    return config


def test_config_is_valid_against_the_official_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = [error.message for error in Draft202012Validator(schema).iter_errors(read_config())]
    assert errors == []


def test_config_installs_from_the_lock_file_and_points_at_conf_py() -> None:
    config = read_config()
    install = config["build"]["jobs"]["install"]  # type: ignore[index]
    lock = "--require-hashes --requirement requirements/docs.txt"
    assert any(lock in command for command in install)
    assert (REPO / "requirements" / "docs.txt").is_file()
    assert (REPO / config["sphinx"]["configuration"]).is_file()  # type: ignore[index]


def test_read_the_docs_build_command_works_from_docs(site_copy: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "readthedocs-html"
    env = {**os.environ, "READTHEDOCS_CANONICAL_URL": "https://valenx.readthedocs.io/en/latest/"}
    command = [sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "html"]
    command += ["-d", "_build/doctrees", "-D", "language=en", ".", str(outdir)]

    result = subprocess.run(command, cwd=site_copy, env=env, capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    article = (outdir / f"{ARTICLE}.html").read_text(encoding="utf-8")
    canonical = (
        f'<link rel="canonical" href="https://valenx.readthedocs.io/en/latest/{ARTICLE}.html"'
    )
    assert canonical in article
