"""Share images: each post's and role page's og:image, Twitter's large card and JSON-LD image.

After a good html or dirhtml build, every published post and every role's page
has _share/<page>.png (drawn by share_drawing.py): its title, its category or
"Role profile", the average salaries of the roles it is about (from the data
file) and the publisher. seo.py names the image in the page's head through
head_tags(). An image is drawn again only when its digest changes (its text,
the fonts, Pillow and the drawing code), in -j's processes; the images of pages
that no longer have one are removed, and pages whose image tags change are
re-written, so an incremental build leaves what a fresh one does. Without the
fonts, a web build warns once, saying what to install, and draws no images.
"""

import hashlib
import html
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

import PIL
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.parallel import ParallelTasks

from valenx_kb import share_drawing
from valenx_kb.build_notes import read_digests, remove_stale_files, write_digests
from valenx_kb.data_model import Dataset
from valenx_kb.datasource import site_dataset
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.domain import knowledge_base
from valenx_kb.formatting import formatter_for
from valenx_kb.links import WEB_BUILDERS
from valenx_kb.share_drawing import HEIGHT, WIDTH, Figure, Fonts, ShareCard, draw_card
from valenx_kb.translation import N_, gettext

# What readers see: on the image, and in its text alternative.
ROLE_PROFILE = N_("Role profile")
FIGURES_CAPTION = "{title}, {region}, {month}"
IMAGE_ALT = "{title} ({kind}, {publisher})"
IMAGE_ALT_FIGURES = "{alt}. {caption}: {figures}."
FIGURE_ALT = "{label} {amount}"
FIGURE_ALT_SEPARATOR = "; "
# For contributors: the build's warning when the fonts are missing.
MISSING_FONTS = (
    "share images need the DejaVu Sans fonts ({files}), and {folder} does not have them "
    "(valenx_share_image_fonts). Install them (Debian and Ubuntu: apt-get install "
    "fonts-dejavu-core), or set valenx_share_image_fonts in conf.py to a folder that has "
    "them, or to '' for no share images. Until then pages have no share image."
)

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")  # regular, bold
FOLDER = "_share"  # in the output folder
MOST_FIGURES = 3  # the roles a card shows figures for, at most
NOTE = "share-images"  # the image files this build wrote or kept
DIGESTS_NOTE = "share-image-digests"  # each image file's digest
PAGES_NOTE = "share-image-pages"  # each page with an image, and its image's text alternative
LARGE_CARD, SMALL_CARD = "summary_large_image", "summary"  # twitter:card


def font_files(app: Sphinx) -> Fonts | None:
    """The fonts share images are drawn in; None when they are off or missing."""
    setting = str(app.config.valenx_share_image_fonts)
    if not setting:
        return None
    folder = Path(app.srcdir) / setting
    fonts = Fonts(folder / FONT_FILES[0], folder / FONT_FILES[1])
    return fonts if fonts.regular.is_file() and fonts.bold.is_file() else None


def check_fonts(app: Sphinx) -> None:
    """Warn once per web build when the fonts are missing: what to install, or how to opt out."""
    setting = str(app.config.valenx_share_image_fonts)
    if app.builder.name in WEB_BUILDERS and setting and font_files(app) is None:
        folder = Path(app.srcdir) / setting
        warn(MISSING_FONTS.format(files=", ".join(FONT_FILES), folder=folder), Subtype.CONFIG, None)


def share_card(env: BuildEnvironment, docname: str) -> ShareCard | None:
    """What the page's share image shows; None for a page without one."""
    post = knowledge_base(env).posts.get(docname)
    if post is not None and post.unpublished:
        return None  # a preview's draft or scheduled post: not for sharing
    dataset = site_dataset(env)
    role = None if dataset is None else dataset.role_of_page(docname)
    publisher = str(env.config.valenx_publisher)
    if role is not None and docname in env.all_docs:
        title = post.title if post is not None else page_title(env, docname)
        kind = gettext(ROLE_PROFILE)
        return ShareCard(title, kind, publisher, *key_figures(env, dataset, [role.id]))
    if post is None:
        return None
    roles = post.compares or post.roles
    return ShareCard(post.title, post.category, publisher, *key_figures(env, dataset, roles))


def page_title(env: BuildEnvironment, docname: str) -> str:
    """A page's title as text."""
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname.rpartition("/")[2]


def key_figures(
    env: BuildEnvironment, dataset: Dataset | None, role_ids: tuple[str, ...] | list[str]
) -> tuple[tuple[Figure, ...], str]:
    """The average salaries of the first roles that have one, and a caption saying what they are."""
    if dataset is None:
        return (), ""
    language = env.config.language
    figures = []
    for role_id in role_ids:
        role = dataset.role(role_id)
        if role is not None and role.salary is not None:
            money = formatter_for(language, role.currency or dataset.currency).money
            figures.append(Figure(money(role.salary), role.title))
    if not figures:
        return (), ""
    month = formatter_for(language, dataset.currency).month(dataset.as_of)
    caption = FIGURES_CAPTION.format(title=dataset.title, region=dataset.region, month=month)
    return tuple(figures[:MOST_FIGURES]), caption


def image_alt(card: ShareCard) -> str:
    """The image's text alternative: everything it shows."""
    alt = IMAGE_ALT.format(kind=card.kind, publisher=card.publisher, title=card.title)
    if not card.figures:
        return alt
    figures = FIGURE_ALT_SEPARATOR.join(
        FIGURE_ALT.format(label=figure.label, amount=figure.amount) for figure in card.figures
    )
    return IMAGE_ALT_FIGURES.format(alt=alt, caption=card.caption, figures=figures)


def image_file(docname: str) -> str:
    """Where a page's image is written, relative to the output folder."""
    return f"{FOLDER}/{docname}.png"


def page_card(app: Sphinx, pagename: str) -> ShareCard | None:
    """The card of a page this build gives an image: web builders, fonts found."""
    if app.builder.name not in WEB_BUILDERS or font_files(app) is None:
        return None
    return share_card(app.env, pagename)


def head_tags(
    app: Sphinx, pagename: str, context: dict[str, Any], base: str
) -> tuple[str, list[str]]:
    """The page's image's absolute URL ("" without one) and the head tags naming it.

    sphinxext-opengraph writes og:image from the page's fields when it is in use
    (so there is only one); without it, the tags come from here. twitter:card asks
    for the large card when there is an image.
    """
    card = page_card(app, pagename)
    if card is None:
        return "", [f'<meta name="twitter:card" content="{SMALL_CARD}" />']
    url = urljoin(base, quote(image_file(pagename)))
    fields = {
        "og:image": url,
        "og:image:alt": image_alt(card),
        "og:image:width": str(WIDTH),
        "og:image:height": str(HEIGHT),
    }
    tags = [f'<meta name="twitter:card" content="{LARGE_CARD}" />']
    if "sphinxext.opengraph" in app.extensions:
        # A copy: the page's metadata in the environment stays as it was read.
        context["meta"] = {**(context.get("meta") or {}), **fields}
    else:
        for name, value in fields.items():
            tags.append(f'<meta property="{name}" content="{html.escape(value, quote=True)}" />')
    return url, tags


def card_pages(app: Sphinx) -> dict[str, ShareCard]:
    """Every page with a share image this build, and its card."""
    if app.builder.name not in WEB_BUILDERS or font_files(app) is None:
        return {}
    env = app.env
    dataset = site_dataset(env)
    roles = {role.page for role in dataset.roles} if dataset is not None else set()
    candidates = sorted(set(knowledge_base(env).posts) | (roles & env.all_docs.keys()))
    return {docname: card for docname in candidates if (card := share_card(env, docname))}


def pages_with_new_image_tags(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose image, or its text alternative, differs from the last build's: re-write them."""
    if app.builder.name not in WEB_BUILDERS:
        return []
    before = read_digests(app, PAGES_NOTE)
    now = {docname: image_alt(card) for docname, card in card_pages(app).items()}
    changed = before.keys() | now.keys()
    return sorted(
        page for page in changed if before.get(page) != now.get(page) and page in env.all_docs
    )


def write_share_images(app: Sphinx, exception: BaseException | None) -> None:
    """After a good web build: draw the images that changed, remove those no page has now."""
    if exception is not None or app.builder.name not in WEB_BUILDERS:
        return
    cards = card_pages(app)
    fonts = font_files(app)
    renderer = renderer_digest(fonts) if fonts is not None else ""
    digests = {image_file(page): card_digest(card, renderer) for page, card in cards.items()}
    drawn = read_digests(app, DIGESTS_NOTE)
    outdir = Path(app.outdir)
    changed = [
        (outdir / image_file(page), card)
        for page, card in cards.items()
        if drawn.get(image_file(page)) != digests[image_file(page)]
        or not (outdir / image_file(page)).is_file()
    ]
    if changed and fonts is not None:
        draw_in_processes(changed, fonts, app.parallel if app.builder.parallel_ok else 1)
    remove_stale_files(app, NOTE, set(digests))
    write_digests(app, DIGESTS_NOTE, digests)
    write_digests(app, PAGES_NOTE, {page: image_alt(card) for page, card in cards.items()})


def card_digest(card: ShareCard, renderer: str) -> str:
    """A digest of everything an image's bytes depend on: its card and how it is drawn."""
    return hashlib.blake2b(repr((card, renderer)).encode(), digest_size=16).hexdigest()


def renderer_digest(fonts: Fonts) -> str:
    """A digest of how cards are drawn: the fonts, Pillow's version and the drawing code."""
    digest = hashlib.blake2b(PIL.__version__.encode(), digest_size=16)
    for path in (fonts.regular, fonts.bold, Path(share_drawing.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def draw_in_processes(images: list[tuple[Path, ShareCard]], fonts: Fonts, writers: int) -> None:
    """Draw the images in this process and writers - 1 forked ones at once, as -j does."""
    tasks = ParallelTasks(writers - 1)
    try:
        for share in range(1, writers):
            tasks.add_task(partial(draw_images, fonts=fonts), images[share::writers])
        draw_images(images[0::writers], fonts)
    except BaseException:
        tasks.terminate()  # leave no process behind a failed build
        raise
    tasks.join()


def draw_images(images: list[tuple[Path, ShareCard]], fonts: Fonts) -> None:
    """Draw each card into its file."""
    for path, card in images:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(draw_card(card, fonts))


def setup(app: Sphinx) -> dict[str, Any]:
    """Check the fonts, re-write pages whose image tags changed, and draw the images."""
    app.setup_extension("valenx_kb.config")
    app.connect("builder-inited", check_fonts)
    app.connect("env-updated", pages_with_new_image_tags)
    app.connect("build-finished", write_share_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
