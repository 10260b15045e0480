"""Write the lock files from pyproject.toml (`make lock`), or check that they are current.

`make lock` keeps every pin that pyproject.toml still allows, and rewrites a
file only when its text changes (a rewritten lock makes .venv anew);
`make lock LOCK_ARGS=--upgrade` moves every package to its newest allowed release.

Both files pin every package with its hashes, for every platform and Python
3.11 or newer (uv's universal resolution). requirements/test.txt holds
everything; requirements/docs.txt is resolved within it, so the docs build
(Read the Docs, the first `make html`) gets the very versions the tests ran.

`--check` (run by `make check-lock`, part of `make test`) resolves the same
way and fails if a pin or the set of packages differs: pyproject.toml gained,
lost or narrowed a dependency since the last `make lock`. Both ask the package
index.
"""

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Resolved in this order: the docs lock is constrained by the test lock.
LOCKS = {
    "requirements/test.txt": ["--extra", "test", "--extra", "dev"],
    "requirements/docs.txt": ["--constraint", "requirements/test.txt"],
}
COMPILE = ["pip", "compile", "pyproject.toml", "--universal", "--generate-hashes", "--quiet"]


def resolve(upgrade: bool = False, offline: bool = False) -> dict[str, str]:
    """Each lock file as uv writes it now, preferring the pins already committed."""
    env = {**os.environ, "UV_CUSTOM_COMPILE_COMMAND": "make lock"}
    with tempfile.TemporaryDirectory() as folder:
        # In a copy, so the committed files change only when their text does.
        scratch = Path(folder)
        shutil.copy2(REPO / "pyproject.toml", scratch)
        (scratch / "requirements").mkdir()
        for lock, options in LOCKS.items():
            if (REPO / lock).exists():
                shutil.copy2(REPO / lock, scratch / lock)
            command = [sys.executable, "-m", "uv", *COMPILE, *options, "--output-file", lock]
            if upgrade:
                command.append("--upgrade")
            if offline:
                command.append("--offline")  # from uv's cache only
            subprocess.run(command, cwd=scratch, env=env, check=True)
        return {lock: (scratch / lock).read_text(encoding="utf-8") for lock in LOCKS}


def pins(text: str) -> list[str]:
    """The lock's lines without hashes: a project may add files to a pinned release later."""
    lines = text.splitlines()
    return [line.removesuffix(" \\") for line in lines if not line.lstrip().startswith("--hash=")]


def committed(lock: str) -> str:
    """The lock file's text in the repository, empty if it is missing."""
    path = REPO / lock
    return path.read_text(encoding="utf-8") if path.exists() else ""


def main(arguments: list[str]) -> int:
    """Rewrite the lock files, or with --check report stale ones; return an exit code."""
    if arguments not in ([], ["--upgrade"], ["--check"]):
        print("usage: lock.py [--upgrade | --check]")
        return 2
    if arguments == ["--check"]:
        return check()
    resolved = resolve(upgrade=arguments == ["--upgrade"])
    for lock, text in resolved.items():
        if text != committed(lock):
            (REPO / lock).write_text(text, encoding="utf-8")
            print(f"wrote {lock}")
    return 0


def check() -> int:
    """Report stale lock files; without the package index, only CI fails."""
    try:
        resolved = resolve()
    except subprocess.CalledProcessError:
        try:
            resolved = resolve(offline=True)
        except subprocess.CalledProcessError:
            print("error: cannot resolve the lock files: is the package index reachable?")
            if os.environ.get("CI") == "true":
                return 1
            print("The lock files were not checked here; CI checks them on every run.")
            return 0
    diffs: list[str] = []
    for lock, text in resolved.items():
        old, new = pins(committed(lock)), pins(text)
        diffs.extend(difflib.unified_diff(old, new, lock, "resolved", lineterm=""))
    if not diffs:
        return 0
    print("\n".join(diffs))
    print(
        "error: the lock files no longer match pyproject.toml's dependencies. "
        "Run `make lock` and commit requirements/docs.txt and requirements/test.txt."
    )
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
