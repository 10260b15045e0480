"""With -j, the build's objects are out of the garbage collector's reach whenever Sphinx forks."""

import gc
from pathlib import Path
from typing import Any

import pytest
from sphinx.util.parallel import ParallelTasks

from helpers import build_site, dated_posts, output_files, write_blog


def test_every_fork_of_a_parallel_build_finds_the_objects_frozen_and_the_end_thaws_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen_at_forks: list[int] = []
    add_task = ParallelTasks.add_task

    def recording(self: ParallelTasks, task_func: Any, arg: Any = None, result: Any = None) -> None:
        frozen_at_forks.append(gc.get_freeze_count())
        add_task(self, task_func, arg, result)

    monkeypatch.setattr(ParallelTasks, "add_task", recording)
    serial = build_site(write_blog(tmp_path / "serial", dated_posts(12)))
    assert frozen_at_forks == []
    parallel = build_site(write_blog(tmp_path / "parallel", dated_posts(12)), parallel=2)

    assert parallel.warnings == ""
    assert len(frozen_at_forks) >= 2  # readers and writers
    assert all(count > 0 for count in frozen_at_forks)
    assert gc.get_freeze_count() == 0
    assert output_files(parallel.outdir) == output_files(serial.outdir)
