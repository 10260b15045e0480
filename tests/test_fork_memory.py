"""With -j, the build's objects are out of the garbage collector's reach whenever Sphinx forks."""

import gc
from multiprocessing.context import ForkProcess
from pathlib import Path
from typing import Any

import pytest
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

from helpers import BLOG_LISTINGS, build_site, dated_posts, output_files, write_blog

# The steps after which the build's process has made new objects, before it forks again.
MILESTONES = {"read", "merge", "write", "extension pages"}


def record_forks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The build's freezes, forks and milestones, in order."""
    events: list[str] = []

    def logged_as(name: str, original: Any) -> Any:
        def logged(*args: Any, **kwargs: Any) -> Any:
            events.append(name)
            return original(*args, **kwargs)

        return logged

    monkeypatch.setattr(gc, "freeze", logged_as("freeze", gc.freeze))
    monkeypatch.setattr(ForkProcess, "start", logged_as("fork", ForkProcess.start))
    monkeypatch.setattr(Builder, "read", logged_as("read", Builder.read))
    merge = BuildEnvironment.merge_info_from
    monkeypatch.setattr(BuildEnvironment, "merge_info_from", logged_as("merge", merge))
    monkeypatch.setattr(Builder, "write", logged_as("write", Builder.write))
    pages = StandaloneHTMLBuilder.gen_pages_from_extensions
    monkeypatch.setattr(
        StandaloneHTMLBuilder, "gen_pages_from_extensions", logged_as("extension pages", pages)
    )
    return events


def frozen_before(events: list[str], fork: int) -> bool:
    """Whether the objects were frozen after the last milestone before this fork."""
    for event in reversed(events[:fork]):
        if event == "freeze":
            return True
        if event in MILESTONES:
            return False
    return False


def test_every_fork_of_a_parallel_build_finds_the_objects_frozen_and_the_end_thaws_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 40 posts: three readers, the third forked after the first is merged; a tag with
    # one post a page, so the generated pages are written by a forked process too.
    pages = {**dated_posts(40), **BLOG_LISTINGS}
    serial = build_site(write_blog(tmp_path / "serial", pages))
    events = record_forks(monkeypatch)
    parallel = build_site(write_blog(tmp_path / "parallel", pages), parallel=2)

    assert parallel.warnings == ""
    reading = events[: events.index("write")]
    assert "fork" in reading[reading.index("merge") :]  # a reader forked after a merge
    assert "fork" in events[events.index("write") : events.index("extension pages")]
    assert "fork" in events[events.index("extension pages") :]
    forks = [place for place, event in enumerate(events) if event == "fork"]
    assert [frozen_before(events, fork) for fork in forks] == [True] * len(forks)
    assert gc.get_freeze_count() == 0
    assert output_files(parallel.outdir) == output_files(serial.outdir)
