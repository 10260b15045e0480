"""A chart's scale: ticks from zero to a round figure above the largest amount; pure Python."""

import math
from dataclasses import dataclass
from decimal import Decimal

from valenx_kb.data_model import Amount

# Tick steps are one of these times a power of ten: 10,000, 20,000, 25,000, 50,000 ...
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))
# At most this many steps: five tick labels still fit side by side on a phone.
MAX_STEPS = 4


@dataclass(frozen=True)
class Scale:
    """Ticks from 0 to top, evenly spaced."""

    ticks: tuple[Amount, ...]

    @property
    def top(self) -> Amount:
        """The last tick: the amount a full-width bar stands for."""
        return self.ticks[-1]

    @property
    def steps(self) -> int:
        """How many intervals the ticks mark."""
        return len(self.ticks) - 1

    def share(self, amount: Amount) -> float:
        """Where amount sits on the scale, in percent of its width."""
        return 100 * float(amount) / float(self.top)


def nice_scale(largest: Amount) -> Scale:
    """The scale from 0 whose round step gives at most MAX_STEPS steps up to largest or beyond."""
    if largest <= 0:
        raise ValueError(f"a scale needs a positive amount, not {largest}")
    rough = Decimal(largest) / MAX_STEPS
    step = next(
        multiple.scaleb(power)
        for power in (rough.adjusted(), rough.adjusted() + 1)
        for multiple in NICE_STEPS
        if multiple.scaleb(power) >= rough
    )
    count = math.ceil(Decimal(largest) / step)
    return Scale(tuple(_plain(step * index) for index in range(count + 1)))


def _plain(amount: Decimal) -> Amount:
    """A whole amount as an int ("50000", not "5E+4"), any other as a plain Decimal."""
    return int(amount) if amount == amount.to_integral_value() else amount.normalize()
