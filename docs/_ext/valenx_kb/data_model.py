"""What the data file holds once loaded, and the error it gives when it cannot be: pure Python."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path


class DataError(Exception):
    """A problem in a data file, with the file, the line and what to do about it."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(f"{self.location}: {message}")

    @property
    def location(self) -> str:
        """The file and line in the "path:line" form editors and Sphinx understand."""
        return f"{self.path}:{self.line}" if self.line else str(self.path)


Amount = int | Decimal  # whole amounts are int, amounts written with cents Decimal

# The percentiles a role may give, lowest first, as the data file names them.
PERCENTILES = ("p10", "p25", "median", "p75", "p90")
# The parts of total compensation a role may give.
COMPENSATION_PARTS = ("base", "bonus", "equity")


@dataclass(frozen=True)
class Percentiles:
    """Points of a role's salary distribution; any of them may be missing."""

    p10: Amount | None = None
    p25: Amount | None = None
    median: Amount | None = None
    p75: Amount | None = None
    p90: Amount | None = None


@dataclass(frozen=True)
class Compensation:
    """Yearly total compensation split into its parts; any of them may be missing."""

    base: Amount | None = None
    bonus: Amount | None = None
    equity: Amount | None = None

    @property
    def total(self) -> Amount | None:
        """Base, bonus and equity added up, when all three are known."""
        parts = (self.base, self.bonus, self.equity)
        return None if None in parts else sum(part for part in parts if part is not None)


# The statistics a figure may give, as tables, roles and downloads name them.
STATISTICS = ("average", *PERCENTILES, *COMPENSATION_PARTS, "total")
# Ranges of two percentiles that tables and inline figures show, by the name they use.
RANGES = {"p25-p75": ("p25", "p75"), "p10-p90": ("p10", "p90")}


@dataclass(frozen=True)
class Figures:
    """A role's statistics, overall or for one experience level and/or location."""

    average: Amount | None = None
    percentiles: Percentiles | None = None
    compensation: Compensation | None = None
    sample_size: int | None = None  # how many salaries the figures come from, if known
    source: str | None = None  # the id of a declared source; None means the dataset's
    level: str | None = None
    location: str | None = None
    currency: str = ""
    line: int = 0

    def statistic(self, name: str) -> Amount | None:
        """The figure for one of STATISTICS, or None when the data does not give it."""
        if name == "average":
            return self.average
        if name in PERCENTILES:
            return getattr(self.percentiles, name) if self.percentiles else None
        if self.compensation is None:
            return None
        return self.compensation.total if name == "total" else getattr(self.compensation, name)

    def amounts(self, name: str) -> tuple[Amount, ...] | None:
        """The figure of a statistic, or the two ends of a range (RANGES); None if not given."""
        names = RANGES.get(name, (name,))
        found = tuple(amount for each in names if (amount := self.statistic(each)) is not None)
        return found if len(found) == len(names) else None


@dataclass(frozen=True)
class Role:
    """One job role and its figures."""

    id: str
    title: str
    salary: Amount | None  # the average, when the data gives it
    skills: tuple[str, ...]
    summary: str
    page: str
    line: int
    percentiles: Percentiles | None = None
    sample_size: int | None = None  # how many salaries the figures come from, if known
    compensation: Compensation | None = None
    source: str | None = None  # the id of a declared source; None means the dataset's
    breakdown: tuple[Figures, ...] = ()  # figures by level and location, in the file's order
    currency: str = ""

    @property
    def overall(self) -> Figures:
        """The role's own figures, for every level and location."""
        return Figures(
            average=self.salary,
            percentiles=self.percentiles,
            compensation=self.compensation,
            sample_size=self.sample_size,
            source=self.source,
            currency=self.currency,
            line=self.line,
        )

    def figures(self, level: str | None = None, location: str | None = None) -> Figures | None:
        """The role's figures for a level and location (None: overall), or None if not given."""
        if level is None and location is None:
            return self.overall
        return next(
            (
                figures
                for figures in self.breakdown
                if (figures.level, figures.location) == (level, location)
            ),
            None,
        )


@dataclass(frozen=True)
class Level:
    """An experience level that figures may be given for."""

    id: str
    title: str


@dataclass(frozen=True)
class Location:
    """A place that figures may be given for, and the currency they are in."""

    id: str
    title: str
    currency: str
    region: str | None = None
    country: str | None = None  # ISO 3166 alpha-2


@dataclass(frozen=True)
class Source:
    """Where figures come from: a name, a link and the period the figures describe."""

    name: str
    url: str | None
    period: str | None
    id: str = ""  # empty for the dataset's own source


@dataclass(frozen=True)
class Edition:
    """An earlier edition of the figures: its month and each role's figures then."""

    as_of: date
    roles: tuple[tuple[str, Figures], ...]  # (role id, figures), in the file's order
    source: str | None = None
    line: int = 0

    def figures(self, role_id: str) -> Figures | None:
        """The figures a role had in this edition, or None if it was not covered."""
        return next((figures for found, figures in self.roles if found == role_id), None)


@dataclass(frozen=True)
class Reading:
    """A book or other resource that pages recommend."""

    id: str
    title: str
    note: str
    url: str | None


@dataclass(frozen=True)
class Dataset:
    """The whole data file: metadata about the figures, and the roles."""

    path: Path
    title: str
    as_of: date
    region: str
    basis: str
    currency: str
    source: str
    source_url: str | None
    roles: tuple[Role, ...]
    reading: tuple[Reading, ...] = ()
    source_period: str | None = None
    levels: tuple[Level, ...] = ()
    locations: tuple[Location, ...] = ()
    sources: tuple[Source, ...] = ()
    editions: tuple[Edition, ...] = ()  # the earlier editions, newest first
    comparisons: tuple[tuple[str, str], ...] = ()  # pairs of role ids, in the file's order

    def role(self, role_id: str) -> Role | None:
        """The role with this id, or None."""
        return next((role for role in self.roles if role.id == role_id), None)

    @property
    def role_ids(self) -> list[str]:
        """Every role id, in the file's order."""
        return [role.id for role in self.roles]

    def role_of_page(self, docname: str) -> Role | None:
        """The role whose profile page docname is, or None."""
        return next((role for role in self.roles if role.page == docname), None)

    def level(self, level_id: str) -> Level | None:
        """The experience level with this id, or None."""
        return next((level for level in self.levels if level.id == level_id), None)

    def location(self, location_id: str) -> Location | None:
        """The location with this id, or None."""
        return next((place for place in self.locations if place.id == location_id), None)

    def edition(self, as_of: date) -> Edition | None:
        """The earlier edition of this month, or None."""
        return next((edition for edition in self.editions if edition.as_of == as_of), None)

    def source_of(self, source_id: str | None) -> Source:
        """The declared source with this id; the dataset's own source for None."""
        found = next((source for source in self.sources if source.id == source_id), None)
        return found or Source(self.source, self.source_url, self.source_period)
