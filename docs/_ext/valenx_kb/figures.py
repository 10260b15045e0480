"""Inline figures: {salary}`ai-engineer` and the like (MyST role syntax) quote the data in prose."""

from collections.abc import Callable

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from valenx_kb.changes import change_since, edition_named
from valenx_kb.data import Dataset, Role
from valenx_kb.data_model import RANGES, STATISTICS
from valenx_kb.datadirective import page_data_file
from valenx_kb.datasource import dataset_for_page, find_role, formatter
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.formatting import formatter_for
from valenx_kb.translation import N_, gettext


class InlineFigure(SphinxRole):
    """Base for the inline figures: load the data, render text or a fallback."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """Render the figure as plain text in an inline node."""
        dataset = dataset_for_page(self.env, self.get_location(), page_data_file(self.env))
        text = self.render(dataset) if dataset is not None else None
        if text is None:
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        return [nodes.inline(self.rawtext, text, classes=["valenx-figure"])], []

    def render(self, dataset: Dataset) -> str | None:
        """The figure's text, or None after a warning."""
        raise NotImplementedError

    def role_or_warn(self, dataset: Dataset, role_id: str) -> Role | None:
        """The job role named in the text, or None after a warning at this line."""
        return find_role(self.env, dataset, role_id.strip(), self.get_location())

    def warn_usage(self, message: str) -> None:
        """Warn about the figure's text, at its line."""
        warn(message, Subtype.USAGE, self.get_location())


# How {salary-change} words a change since an earlier edition, of the average or the median
# (said, so it never reads as a change of averages).
CHANGE_WORDS = {
    ("up", "average"): N_("up {share} since {month}"),
    ("down", "average"): N_("down {share} since {month}"),
    ("same", "average"): N_("unchanged since {month}"),
    ("up", "median"): N_("up {share} since {month} (median)"),
    ("down", "median"): N_("down {share} since {month} (median)"),
    ("same", "median"): N_("unchanged since {month} (median)"),
}


class SalaryFigure(InlineFigure):
    """{salary}`ai-engineer`: a role's average salary, e.g. "$141,000".

    Words after the role id choose a statistic, a level and a location, in any order:
    {salary}`ai-engineer median senior berlin`.
    """

    def render(self, dataset: Dataset) -> str | None:
        """The chosen figure in the site's language."""
        words = self.text.split()
        if not words:
            self.warn_usage("write a role id in {salary}, e.g. {salary}`ai-engineer median`.")
            return None
        role_id, *words = words
        role = self.role_or_warn(dataset, role_id)
        query = self.query(dataset, words) if role else None
        if role is None or query is None:
            return None
        statistic, level, place = query
        figures = role.figures(level, place)
        amounts = figures.amounts(statistic) if figures else None
        if figures is None or amounts is None:
            self.warn_missing(dataset, role.id, statistic, level, place)
            return None
        return formatter_for(self.env.config.language, figures.currency).figure(amounts)

    def query(
        self, dataset: Dataset, words: list[str]
    ) -> tuple[str, str | None, str | None] | None:
        """The statistic, level and location the words name; None after a warning."""
        kinds = dict.fromkeys((*STATISTICS, *RANGES), "statistic")
        kinds |= {level.id: "level" for level in dataset.levels}
        kinds |= {place.id: "location" for place in dataset.locations}
        chosen: dict[str, str] = {}
        for word in words:
            kind = kinds.get(word)
            if kind is None:
                self.warn_usage(
                    f"{word!r} is not a statistic, level or location of {dataset.path.name}; "
                    f"use any of: {', '.join(kinds)}."
                )
                return None
            if kind in chosen:
                self.warn_usage(f"{{salary}} names two of one kind: {chosen[kind]!r} and {word!r}.")
                return None
            chosen[kind] = word
        return chosen.get("statistic", "average"), chosen.get("level"), chosen.get("location")

    def warn_missing(
        self, dataset: Dataset, role_id: str, statistic: str, level: str | None, place: str | None
    ) -> None:
        """Say that the data file does not give the figure asked for."""
        where = "".join(f" {name}" for name in (level, place) if name)
        message = f"the data file {dataset.path.name} gives no {statistic} for {role_id}{where}. "
        self.warn_usage(message + "Add it there, or ask for a figure the file gives.")


class SalaryChangeFigure(InlineFigure):
    """{salary-change}`ai-engineer`: "up 3.2% since December 2025".

    A second word names the earlier edition's month: {salary-change}`ai-engineer 2025-06`.
    """

    def render(self, dataset: Dataset) -> str | None:
        """How the role's figure changed since the newest earlier edition (or the one named)."""
        role_id, _, month = self.text.strip().partition(" ")
        role = self.role_or_warn(dataset, role_id)
        if role is None:
            return None
        edition = edition_named(dataset, month.strip())
        if isinstance(edition, str):
            self.warn_usage(edition)
            return None
        change = change_since(role, edition)
        fmt = formatter(self.env, dataset)
        since = fmt.month(edition.as_of)
        if change is None:
            message = f"{role.id} has no average or median in both the {edition.as_of:%Y-%m} "
            message += "edition and the current figures of "
            self.warn_usage(message + f"{dataset.path.name}, so there is no change to show.")
            return None
        share = fmt.percent(change.share)
        word = "up" if change.after > change.before else "down"
        if share == fmt.percent(0):
            word = "same"
        return gettext(CHANGE_WORDS[word, change.statistic]).format(share=share, month=since)


class SalaryDifferenceFigure(InlineFigure):
    """{salary-diff}`ml-engineer vs ai-engineer`: "+$5,000 (+3.5%)"."""

    def render(self, dataset: Dataset) -> str | None:
        """How much the first role earns above (or below) the second."""
        first, separator, second = self.text.partition(" vs ")
        if not separator:
            message = "write {salary-diff}`ROLE vs BASELINE`, e.g. `ml-engineer vs ai-engineer`, "
            message += f"not {self.text!r}."
            warn(message, Subtype.USAGE, self.get_location())
            return None
        role, baseline = self.role_or_warn(dataset, first), self.role_or_warn(dataset, second)
        if role is None or baseline is None:
            return None
        if role.salary is None or baseline.salary is None:
            missing = role.id if role.salary is None else baseline.id
            self.warn_usage(
                f"the data file {dataset.path.name} gives no average for {missing}, so "
                "there is no difference to show. Add its 'salary' there."
            )
            return None
        return formatter(self.env, dataset).difference(role.salary, baseline.salary)


class SkillsFigure(InlineFigure):
    """{skills}`ai-engineer`: the role's required skills, "Python, Java, C++, AI frameworks"."""

    def render(self, dataset: Dataset) -> str | None:
        """The skills, comma-separated, most important first."""
        role = self.role_or_warn(dataset, self.text)
        return ", ".join(role.skills) if role else None


# {dataset}`FIELD`: facts about the whole data set.
DATASET_FIELDS: dict[str, Callable[[Dataset, "DatasetFigure"], str]] = {
    "as-of": lambda data, figure: formatter(figure.env, data).month(data.as_of),
    "region": lambda data, figure: data.region,
    "basis": lambda data, figure: data.basis,
    "currency": lambda data, figure: data.currency,
    "source": lambda data, figure: data.source,
    "title": lambda data, figure: data.title,
}


class DatasetFigure(InlineFigure):
    """{dataset}`as-of`: a fact about the data set, e.g. "June 2026" or "United States"."""

    def render(self, dataset: Dataset) -> str | None:
        """The named field of the data set."""
        field = self.text.strip()
        if field not in DATASET_FIELDS:
            known = ", ".join(DATASET_FIELDS)
            message = f"unknown dataset field {field!r}; use one of: {known}."
            warn(message, Subtype.USAGE, self.get_location())
            return None
        return DATASET_FIELDS[field](dataset, self)
