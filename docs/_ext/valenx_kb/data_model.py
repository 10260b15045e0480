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


@dataclass(frozen=True)
class Percentiles:
    """Points of a role's salary distribution; any of them may be missing."""

    p10: Amount | None = None
    p25: Amount | None = None
    median: Amount | None = None
    p75: Amount | None = None
    p90: Amount | None = None


@dataclass(frozen=True)
class Role:
    """One job role and its figures."""

    id: str
    title: str
    salary: Amount  # the average
    skills: tuple[str, ...]
    summary: str
    page: str
    line: int
    percentiles: Percentiles | None = None
    sample_size: int | None = None  # how many salaries the figures come from, if known


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

    def role(self, role_id: str) -> Role | None:
        """The role with this id, or None."""
        return next((role for role in self.roles if role.id == role_id), None)

    @property
    def role_ids(self) -> list[str]:
        """Every role id, in the file's order."""
        return [role.id for role in self.roles]
