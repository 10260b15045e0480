"""Downloads of the data behind the tables: CSV, JSON and the JSON Schema, linked from each table.

A web build (html, dirhtml, singlehtml) writes, into _data/ of its output, one CSV
and one JSON file per data file in use (the site's, and each one a comparison table
names with :data:), named after the data file, and a copy of the JSON Schema. Every
comparison table ends with links to the files of its data: a placeholder until the
page is written, when the builder and the page's address are known; other builders
leave it out. The files are rewritten only when their bytes change, and those a
build no longer writes are removed, so an incremental build leaves what a fresh one
does.
"""

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from valenx_kb.build_notes import remove_stale_files
from valenx_kb.data import DataError, Dataset, load_dataset
from valenx_kb.data_model import STATISTICS, Figures
from valenx_kb.datasource import data_file_key, schema_path, site_data_path
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.domain import knowledge_base
from valenx_kb.translation import N_, gettext
from valenx_kb.yaml_loader import load_yaml

# What readers see under a table: a sentence whose {placeholders} become the links.
DOWNLOAD_TEXT = N_("Download the data: {csv} · {json} · {schema}")
LINK_TEXTS = {"csv": "CSV", "json": "JSON", "schema": "JSON Schema"}

FOLDER = "_data"  # in the output folder
BUILDERS = {"html", "dirhtml", "singlehtml"}  # not epub: a book does not carry the files
# The CSV's header: one row per role, level, location, statistic and edition.
CSV_COLUMNS = (
    "role",
    "role_title",
    "level",
    "location",
    "statistic",
    "value",
    "currency",
    "sample_size",
    "edition",
    "source",
    "source_url",
    "source_period",
)


class download_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils naming)
    """Where the links to a table's data files go once the page's address is known."""


def download_note(env: BuildEnvironment, dataset_path: Path) -> nodes.Element:
    """The links to the downloads of a data file, resolved when the page is written.

    The file is kept by its path from the source folder, which moves with the project.
    """
    return download_placeholder("", data_file=data_file_key(env, dataset_path))


def record_downloads(app: Sphinx, doctree: nodes.document) -> None:
    """Note the data files whose downloads a page links to."""
    files = sorted({node["data_file"] for node in doctree.findall(download_placeholder)})
    if files:
        knowledge_base(app.env).downloads[app.env.docname] = files


def resolve_download_notes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turn each placeholder into links from this page; drop it where no files are written."""
    for node in list(doctree.findall(download_placeholder)):
        if app.builder.name in BUILDERS:
            node.replace_self(download_links(app.builder, docname, Path(node["data_file"])))
        else:
            node.replace_self([])


def download_links(builder: Builder, docname: str, data_file: Path) -> nodes.paragraph:
    """The paragraph of links from docname to the downloads of data_file (web builders only)."""
    stem, schema = data_file.stem, schema_path(builder.env).name
    files = {"csv": f"{stem}.csv", "json": f"{stem}.json", "schema": schema}
    # singlehtml's page addresses are anchors of one page; relative_uri drops them.
    page = builder.get_target_uri(docname)
    paragraph = nodes.paragraph("", "", classes=["valenx-downloads"])
    for index, part in enumerate(re.split(r"\{(\w+)\}", gettext(DOWNLOAD_TEXT))):
        if index % 2:  # a placeholder's name
            uri = relative_uri(page, f"{FOLDER}/{files[part]}")
            paragraph += nodes.reference("", LINK_TEXTS[part], refuri=uri)
        elif part:
            paragraph += nodes.Text(part)
    return paragraph


def write_downloads(app: Sphinx, exception: BaseException | None) -> None:
    """After a good web build: the files of every data file in use, and the JSON Schema."""
    if exception is not None or app.builder.name not in BUILDERS:
        return
    schema = schema_path(app.env)
    source = Path(app.env.srcdir)
    used = {
        (source / key).resolve()
        for keys in knowledge_base(app.env).downloads.values()
        for key in keys
    }
    contents: dict[str, bytes] = {}
    origin: dict[str, Path] = {schema.name: schema}  # file name -> the file it is made from
    for path in [site_data_path(app.env), *sorted(used - {site_data_path(app.env)})]:
        names = (f"{path.stem}.csv", f"{path.stem}.json")
        clash = next((name for name in names if name in origin), None)
        if clash is not None:
            # About a whole file: named first, as data errors without a line are.
            message = f"{path}: its download {FOLDER}/{clash} would replace that of "
            message += f"{origin[clash]}. Rename one of the two files."
            warn(message, Subtype.USAGE, None)
            continue
        try:
            texts = (csv_text(load_dataset(path, schema)), json_text(path))
        except DataError:
            continue  # reported while the pages were read
        contents |= {name: text.encode("utf-8") for name, text in zip(names, texts, strict=True)}
        origin |= dict.fromkeys(names, path)
    if contents:
        contents[schema.name] = schema.read_bytes()
    folder = Path(app.outdir) / FOLDER
    for name, data in contents.items():
        target = folder / name
        if not target.is_file() or target.read_bytes() != data:
            folder.mkdir(exist_ok=True)
            target.write_bytes(data)
    remove_stale_files(app, "downloads", {f"{FOLDER}/{name}" for name in contents})


def csv_text(dataset: Dataset) -> str:
    """The data set as CSV: the current figures, then each earlier edition's, newest first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    month = f"{dataset.as_of:%Y-%m}"
    for role in dataset.roles:
        for figures in (role.figures(), *role.breakdown):
            if figures is not None:  # a role's overall figures always are
                writer.writerows(_rows(dataset, role.id, figures, month, figures.source))
    for edition in dataset.editions:
        month = f"{edition.as_of:%Y-%m}"
        for role_id, figures in edition.roles:
            source = figures.source or edition.source
            writer.writerows(_rows(dataset, role_id, figures, month, source))
    return buffer.getvalue()


def _rows(
    dataset: Dataset, role_id: str, figures: Figures, month: str, source_id: str | None
) -> list[list[str]]:
    """The CSV rows of one role's figures: one per statistic given, in STATISTICS order."""
    role = dataset.role(role_id)
    assert role is not None  # the loader checks every edition's role ids
    source = dataset.source_of(source_id)
    # The dataset's own period describes its current figures, not an earlier edition's.
    period = source.period if source_id is not None or month == f"{dataset.as_of:%Y-%m}" else None
    sample_size = "" if figures.sample_size is None else str(figures.sample_size)
    return [
        [
            role.id,
            role.title,
            figures.level or "",
            figures.location or "",
            statistic,
            str(value),  # as written: 91000.50 stays 91000.50
            figures.currency,
            sample_size,
            month,
            source.name,
            source.url or "",
            period or "",
        ]
        for statistic in STATISTICS
        if (value := figures.statistic(statistic)) is not None
    ]


def json_text(path: Path) -> str:
    """The data file as JSON: the same fields, so its JSON Schema describes this file too."""
    tree, _ = load_yaml(path.read_bytes(), path, needs="a 'dataset' and a list of 'roles'")
    return json.dumps(tree, indent=2, ensure_ascii=False, default=_json_number) + "\n"


def _json_number(value: object) -> float:
    """An amount written with cents, as a JSON number.

    Exact: amounts have at most three decimals and at most ten digits before them (the
    schema's maximum), and a float keeps 15 digits.
    """
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def setup(app: Sphinx) -> dict[str, Any]:
    """Place the links, note which data files pages use, and write the files."""
    skip = (_skip, None)
    app.add_node(download_placeholder, html=skip, latex=skip, text=skip, man=skip, texinfo=skip)
    app.connect("doctree-read", record_downloads)
    app.connect("doctree-resolved", resolve_download_notes)
    app.connect("build-finished", write_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _skip(translator: Any, node: nodes.Element) -> None:
    """Leave a placeholder nobody resolved out (doctree-resolved always does)."""
    raise nodes.SkipNode
