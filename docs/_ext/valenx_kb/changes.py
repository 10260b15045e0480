"""How a role's figures changed between editions of the data: pure Python."""

from dataclasses import dataclass
from datetime import date

from valenx_kb.data_model import Amount, Dataset, Edition, Figures, Role

# The statistics a change may compare, in order of preference: what both editions give.
COMPARED = ("average", "median")


@dataclass(frozen=True)
class Change:
    """One statistic of a role in an earlier edition and now."""

    statistic: str  # "average" or "median"
    before: Amount
    after: Amount
    since: date  # the earlier edition's as_of month

    @property
    def share(self) -> float:
        """The change as a share of the earlier figure: 0.032 for +3.2 %."""
        return float((self.after - self.before) / self.before)


def edition_named(dataset: Dataset, month: str) -> Edition | str:
    """The earlier edition of month (YYYY-MM; the newest when empty), or why there is none."""
    if not dataset.editions:
        return (
            f"the data file {dataset.path.name} has no earlier edition to compare with. "
            "Add one under 'editions'."
        )
    if not month:
        return dataset.editions[0]
    found = next(
        (edition for edition in dataset.editions if f"{edition.as_of:%Y-%m}" == month), None
    )
    if found is None:
        known = ", ".join(f"{edition.as_of:%Y-%m}" for edition in dataset.editions)
        return f"unknown edition {month!r}; the earlier editions are: {known}."
    return found


def change_since(role: Role, edition: Edition) -> Change | None:
    """How the role's overall figures changed since edition; None if it cannot be compared."""
    before, after = edition.figures(role.id), role.figures()
    if before is None or after is None:
        return None
    return compare(before, after, edition.as_of)


def compare(
    before: Figures, after: Figures, since: date, order: tuple[str, ...] = COMPARED
) -> Change | None:
    """The change of the first statistic in order both figures give (average, then median)."""
    for name in order:
        old, new = before.statistic(name), after.statistic(name)
        if old is not None and new is not None:
            return Change(name, old, new, since)
    return None


def history(dataset: Dataset, role: Role) -> list[tuple[date, Figures]]:
    """The role's overall figures in every edition that has them, oldest first, then now."""
    found = [
        (edition.as_of, figures)
        for edition in reversed(dataset.editions)
        if (figures := edition.figures(role.id)) is not None
    ]
    current = role.figures()
    return [*found, (dataset.as_of, current)] if current is not None else found
