"""The pre-commit hooks run the locked tools from .venv, and say what to do without it."""

import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from helpers import REPO

RUNNER = REPO / ".ci" / "venv-tool"


def hook_entries() -> list[list[str]]:
    """Every hook's command, split into words."""
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return [shlex.split(hook["entry"]) for repo in config["repos"] for hook in repo["hooks"]]


def test_every_hook_runs_a_tool_the_lock_installs() -> None:
    entries = hook_entries()
    assert {"check-yaml", "check-json", "end-of-file-fixer"} <= {entry[2] for entry in entries}
    for entry in entries:
        assert entry[:2] == ["bash", ".ci/venv-tool"], entry
        assert (Path(sys.executable).parent / entry[2]).is_file(), entry


def test_a_hook_without_venv_says_to_make_it(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", str(RUNNER), "ruff", "check"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "make venv" in result.stderr
    assert ".venv/bin/ruff is missing" in result.stderr
