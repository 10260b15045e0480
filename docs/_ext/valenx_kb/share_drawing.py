"""A share image drawn with Pillow: title, kind of page, key figures and publisher, 1200 x 630.

Pure: no Sphinx. The card is an 8-bit palette image: each colour of text has its
own ramp of shades from the colour beneath it to the colour itself, so text
keeps smooth edges while the PNG stays small and quick to encode (a fifth of
the time of an RGB one). Text is laid out by Pillow's basic layout, the same
with or without libraqm. The PNG holds no date and no text chunk: the same card
and fonts give the same bytes.
"""

import io
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
ELLIPSIS = "…"  # ends a title or label cut short
CUT_PUNCTUATION = " ,;:\u00b7\u2014\u2013-"  # left out before an ellipsis

Colour = tuple[int, int, int]
# furo's dark theme; the mark's blue is the dark logo's (docs/_static/valenx-logo-dark.svg).
BACKGROUND: Colour = (0x13, 0x14, 0x16)
BRAND: Colour = (0x3D, 0x94, 0xFF)
TITLE: Colour = (0xFF, 0xFF, 0xFF)
BODY: Colour = (0xCF, 0xD0, 0xD0)
MUTED: Colour = (0x9C, 0xA0, 0xA5)
RULE: Colour = (0x2E, 0x30, 0x34)
MARK: Colour = (0x5C, 0xA5, 0xFF)

# Each ink is a colour drawn over another: a ramp of LEVELS shades in the palette.
INKS: tuple[tuple[Colour, Colour], ...] = (
    (BACKGROUND, TITLE),
    (BACKGROUND, BRAND),
    (BACKGROUND, BODY),
    (BACKGROUND, MUTED),
    (BACKGROUND, RULE),
    (BACKGROUND, MARK),
    (MARK, BACKGROUND),
)
LEVELS = 36  # shades per ink: 1 + 7 * 36 palette entries of the 256 a PNG palette holds
COVERED = (0,) + (255,) * 255  # turns coverage into a mask of the pixels covered at all

MARGIN = 80  # left and right
TOP_BAND = 12  # the brand-coloured band along the top edge
KIND_TOP = 64
TITLE_TOP = 124
TITLE_SIZES = (72, 64, 56)  # the largest that fits the title without cutting it
LINE_SPACING = 1.18
KIND_SIZE = 30
CAPTION_SIZE, AMOUNT_SIZE, LABEL_SIZE = 24, 52, 26
CAPTION_TOP, AMOUNT_TOP, LABEL_TOP = 364, 402, 468
RULE_TOP = 530
MARK_TOP, MARK_SIZE = 556, 44
# The dark logo's mark on its 28-unit square: rounded corners, and a V stroked through
# three points with round ends and joins.
MARK_UNITS, MARK_RADIUS, MARK_STROKE = 28, 7, 3.4
MARK_V = ((7.5, 7.5), (14, 21), (20.5, 7.5))
PUBLISHER_SIZE = 28
GAP = 28  # between figure columns, and above the figures
COMPRESS_LEVEL = 3  # zlib: nearly level 9's size at a tenth of its time


@dataclass(frozen=True)
class Figure:
    """One key figure and what it is: "$141,000", "AI Engineer"."""

    amount: str
    label: str


@dataclass(frozen=True)
class ShareCard:
    """What a page's share image shows."""

    title: str
    kind: str  # the post's category, or "Role profile"
    publisher: str
    figures: tuple[Figure, ...] = ()
    caption: str = ""  # what the figures are: "Average salaries, United States, June 2026"


@dataclass(frozen=True)
class Fonts:
    """The regular and bold faces the card is drawn in."""

    regular: Path
    bold: Path


def draw_card(card: ShareCard, fonts: Fonts) -> bytes:
    """The card as PNG bytes."""
    canvas = Image.new("L", (WIDTH, HEIGHT), 0)  # palette indexes; 0 is the background
    box(canvas, (0, 0, WIDTH, TOP_BAND), ink(BACKGROUND, BRAND))
    width = WIDTH - 2 * MARGIN
    kind = fit(card.kind, font(fonts.bold, KIND_SIZE), width)
    put(canvas, (MARGIN, KIND_TOP), kind, fonts.bold, KIND_SIZE, ink(BACKGROUND, BRAND))
    bottom = CAPTION_TOP - GAP if card.figures else RULE_TOP - GAP
    size, lines = title_lines(card.title, fonts.bold, width, bottom - TITLE_TOP)
    for number, line in enumerate(lines):
        top = TITLE_TOP + round(number * size * LINE_SPACING)
        put(canvas, (MARGIN, top), line, fonts.bold, size, ink(BACKGROUND, TITLE))
    if card.figures:
        draw_figures(canvas, card, fonts, width)
    box(canvas, (MARGIN, RULE_TOP, WIDTH - MARGIN, RULE_TOP + 2), ink(BACKGROUND, RULE))
    mark = publisher_mark(MARK_SIZE)
    canvas.paste(mark[0], (MARGIN, MARK_TOP), mark[1])
    middle = MARK_TOP + MARK_SIZE // 2
    publisher = fit(card.publisher, font(fonts.bold, PUBLISHER_SIZE), width - MARK_SIZE - 20)
    x = MARGIN + MARK_SIZE + 18
    put(canvas, (x, middle), publisher, fonts.bold, PUBLISHER_SIZE, ink(BACKGROUND, BODY), "lm")
    canvas.putpalette(palette())  # the indexes become a palette image
    png = io.BytesIO()
    canvas.save(png, "PNG", compress_level=COMPRESS_LEVEL)
    return png.getvalue()


def draw_figures(canvas: Image.Image, card: ShareCard, fonts: Fonts, width: int) -> None:
    """The caption, then each figure above its label, in columns of equal width."""
    caption = fit(card.caption, font(fonts.regular, CAPTION_SIZE), width)
    put(canvas, (MARGIN, CAPTION_TOP), caption, fonts.regular, CAPTION_SIZE, ink(BACKGROUND, MUTED))
    column = (width + GAP) // len(card.figures)
    for number, figure in enumerate(card.figures):
        x = MARGIN + number * column
        amount = fit(figure.amount, font(fonts.bold, AMOUNT_SIZE), column - GAP)
        put(canvas, (x, AMOUNT_TOP), amount, fonts.bold, AMOUNT_SIZE, ink(BACKGROUND, TITLE))
        # A role's page shows its one figure under its own title: no label repeats it.
        shown = "" if figure.label == card.title else figure.label
        label = fit(shown, font(fonts.regular, LABEL_SIZE), column - GAP)
        put(canvas, (x, LABEL_TOP), label, fonts.regular, LABEL_SIZE, ink(BACKGROUND, BODY))


def title_lines(title: str, face: Path, width: int, height: int) -> tuple[int, list[str]]:
    """The title's size and lines: the largest size that shows it whole, else cut at the smallest.

    Lines break between words; a word wider than a line is cut, with an ellipsis.
    """
    for size in TITLE_SIZES:
        most = max(1, int((height - size) // (size * LINE_SPACING)) + 1)
        lines = wrap(title, font(face, size), width)
        if len(lines) <= most and all(font(face, size).getlength(line) <= width for line in lines):
            return size, lines
    size = TITLE_SIZES[-1]
    shown = lines[:most]
    if len(lines) > most:
        shown[-1] = shown[-1] + " " + " ".join(lines[most:])  # cut below, with an ellipsis
    return size, [fit(line, font(face, size), width) for line in shown]


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """text in lines no wider than width, broken between words; a long word gets a line alone."""
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and face.getlength(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines or [""]


def fit(text: str, face: ImageFont.FreeTypeFont, width: int) -> str:
    """text, or its first words that fit in width and an ellipsis (a long word cut short)."""
    if face.getlength(text) <= width:
        return text
    words = text.split()
    shown = ""
    for count in range(1, len(words)):
        more = " ".join(words[:count]).rstrip(CUT_PUNCTUATION) + ELLIPSIS
        if face.getlength(more) > width:
            break
        shown = more
    if shown:
        return shown
    word = words[0] if words else text
    while word and face.getlength(word + ELLIPSIS) > width:
        word = word[:-1]
    return word + ELLIPSIS


def put(
    canvas: Image.Image,
    at: tuple[int, int],
    text: str,
    face: Path,
    size: int,
    base: int,
    anchor: str = "la",
) -> None:
    """Draw text at a point (Pillow's anchor: "la" is its top left) in the ink starting at base."""
    if text:
        indexes, covered, left, top = text_patch(text, face, size, base, anchor)
        canvas.paste(indexes, (at[0] + left, at[1] + top), covered)


@lru_cache(maxsize=512)  # the publisher, kinds, figures and labels recur on every card
def text_patch(
    text: str, face: Path, size: int, base: int, anchor: str
) -> tuple[Image.Image, Image.Image, int, int]:
    """text's shades as palette indexes, the mask of its pixels, and its offset from the anchor."""
    typeface = font(face, size)
    edges = typeface.getbbox(text, anchor=anchor)
    left, top = math.floor(edges[0]), math.floor(edges[1])
    right, bottom = math.ceil(edges[2]), math.ceil(edges[3])
    coverage = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(coverage).text((-left, -top), text, font=typeface, fill=255, anchor=anchor)
    return shade(coverage, base), coverage.point(COVERED), left, top


@cache
def publisher_mark(size: int) -> tuple[Image.Image, Image.Image]:
    """The publisher's mark, as in the dark logo: palette indexes and the mask of its pixels.

    Drawn four times as large and scaled down, for smooth edges.
    """
    big = size * 4
    unit = big / MARK_UNITS
    square = Image.new("L", (big, big), 0)
    ImageDraw.Draw(square).rounded_rectangle(
        (0, 0, big - 1, big - 1), radius=round(MARK_RADIUS * unit), fill=255
    )
    letter = Image.new("L", (big, big), 0)
    pen = ImageDraw.Draw(letter)
    points = [(x * unit, y * unit) for x, y in MARK_V]
    stroke = round(MARK_STROKE * unit)
    pen.line(points, fill=255, width=stroke, joint="curve")
    for x, y in (points[0], points[-1]):  # round ends, as the logo's stroke-linecap
        pen.ellipse((x - stroke / 2, y - stroke / 2, x + stroke / 2, y + stroke / 2), fill=255)
    square, letter = (
        image.resize((size, size), Image.Resampling.BOX) for image in (square, letter)
    )
    indexes = shade(square, ink(BACKGROUND, MARK))
    indexes.paste(shade(letter, ink(MARK, BACKGROUND)), (0, 0), letter.point(COVERED))
    return indexes, square.point(COVERED)


def shade(coverage: Image.Image, base: int) -> Image.Image:
    """Coverage (0-255) as the palette indexes of an ink's shades, from base up."""
    return coverage.point(shades(base))


@cache
def shades(base: int) -> tuple[int, ...]:
    """The palette index of each coverage (0-255) in the ink whose first shade is base."""
    return tuple(base + max(0, math.ceil(alpha * LEVELS / 255) - 1) for alpha in range(256))


def box(canvas: Image.Image, corners: tuple[int, int, int, int], base: int) -> None:
    """A filled rectangle in an ink's full colour (its edges fall on whole pixels)."""
    ImageDraw.Draw(canvas).rectangle(
        (corners[0], corners[1], corners[2] - 1, corners[3] - 1), fill=base + LEVELS - 1
    )


def ink(under: Colour, over: Colour) -> int:
    """The palette index of an ink's first shade."""
    return 1 + INKS.index((under, over)) * LEVELS


@cache
def palette() -> tuple[int, ...]:
    """The background, then each ink's shades from faint to full, as RGB triples."""
    colours = [BACKGROUND]
    for under, over in INKS:
        for level in range(1, LEVELS + 1):
            colours.append(mix(under, over, level / LEVELS))
    return tuple(value for colour in colours for value in colour)


def mix(under: Colour, over: Colour, share: float) -> Colour:
    """over drawn with the given coverage over under."""
    red, green, blue = (
        round(low + (high - low) * share) for low, high in zip(under, over, strict=True)
    )
    return red, green, blue


@cache
def font(face: Path, size: int) -> ImageFont.FreeTypeFont:
    """A font at a pixel size, laid out by Pillow's basic layout (no libraqm needed)."""
    return ImageFont.truetype(str(face), size, layout_engine=ImageFont.Layout.BASIC)
