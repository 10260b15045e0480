"""furo's sidebar navigation, built once per output folder instead of once per page.

furo shows the whole site's table of contents on every page: for each page it
asks Sphinx for the full toctree and reworks it with BeautifulSoup, so a page
costs time in proportion to the number of pages and a build grows as their
square (1,000 posts: over 8 minutes, nearly all of it here). Seen from two pages
of one folder the tree differs only in the marks of the page shown: "current"
on its link and every list around it, the link's href="#", its ancestors'
expand checkboxes checked, and "current-page" on its own item. So furo builds
the tree once per folder as seen from no page, and each page gets a copy of
that string with its marks added.

One page of each build is also built furo's way and compared; if the two
differ (an upgrade changed furo's markup), a warning says so and every page is
built furo's way. A page listed twice in the tree is always built furo's way;
a page with no source (viewcode's _modules pages) gets its folder's tree made
when first seen. The sidebar must never break a build: if furo's or Sphinx's
internals used here move or fail, one warning says so and every later page is
built furo's way.

With -j, pages are written by forked processes, which cannot turn the fast
sidebar off for the others and would each repeat its warning. So the build's
own process does what can fail before the first fork: writing the first page,
it builds every folder's tree and marks every page once. Sphinx writes pages
with no source (genindex, search, viewcode's) in that process too, after the
forked ones. Should marking still fail in a forked process, its pages are built
furo's way without a warning: furo's way is always right, and the build's own
process marked the same pages without fault.

Because every page's sidebar shows every page, a change to any page's title or
headings re-writes every page (OutlineChanges); Sphinx's own re-write of a
re-read post's toctree parent is then wasted, and held back (ParentRewrites).

Pages valenx_sidebar_excludes names (this site's posts) are left out of every
sidebar, built either way, so a page's sidebar does not grow with them; they
stay in their toctree for previous/next links and the other builders. A
left-out page shows itself in its own sidebar, in its place: the left-out
pages of one toctree between the same shown entries share a slot, and one
tree per slot (showing the slot's first page) serves them all, with the
page's own title put in. The trees are kept beside the environment for the
next build, which takes them again while site_digest() is unchanged.
"""

import fnmatch
import hashlib
import html
import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

import sphinx
from bs4 import BeautifulSoup
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from valenx_kb.build_notes import load_note, note_path
from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.domain import knowledge_base
from valenx_kb.records import Outline

# furo's and Sphinx's internals the fast sidebar relies on; if they move, it turns itself off.
missing_internals: ImportError | None = None
try:
    from furo.navigation import get_navigation_tree
    from sphinx.builders.html._build_info import BuildInfo
    from sphinx.environment.adapters.toctree import global_toctree_for_doc
except ImportError as error:
    missing_internals = error

# What furo asks for (furo/__init__.py, _compute_navigation_tree).
FURO_TOCTREE: dict[str, object] = {
    "collapse": False,
    "titles_only": True,
    "maxdepth": -1,
    "includehidden": True,
}
# Where the HTML builder makes a page's toctree() (get_doc_context); furo's sidebar calls it.
SPHINX_TOCTREE_MODULE = "sphinx.builders.html"
FURO_TREE = "furo_navigation_tree"  # where furo keeps the sidebar's HTML in the page's context
NO_PAGE = "__valenx_no_page__"  # a document name no toctree lists
TREES_NOTE = "sidebar-trees"  # the trees of the last build, beside the environment
TREE_KEY_SEPARATOR = "\n"  # joins a tree's links into the key it is kept under
# The end of every warning that the fast sidebar is off.
WHAT_TO_DO = (
    "Set valenx_fast_navigation = False in conf.py to silence this, "
    "and report it so the fast sidebar can be updated."
)
# Where a left-out page sits: its toctree parent, which of the parent's toctrees, and how
# many entries shown in the sidebar come before it there.
Slot = tuple[str, int, int]


TAG = re.compile(
    r"<(?P<closing>/?)(?P<list>ul|li)(?: class=\"(?P<classes>[^\"]*)\")?>"
    r"|<a class=\"(?P<link_classes>[^\"]*)\" href=\"(?P<href>[^\"]*)\">"
    r"|<input (?P<checkbox>[^>]*)>"
)


@dataclass
class ListElement:
    """A <ul> or <li> of the tree: where its class attribute is, and what encloses it."""

    tag: str
    name_end: int  # just after "<ul" or "<li"
    classes: tuple[int, int] | None  # start and end of the class attribute's value
    parent: "ListElement | None"
    checkbox_class: int | None = None  # where ' class="' starts in the item's checkbox


@dataclass
class Link:
    """An internal link of the tree and the item holding it."""

    start: int
    end: int
    classes: str
    item: ListElement


@dataclass
class UnmarkedTree:
    """furo's navigation tree as seen from no page, ready to be marked for any page."""

    html: str
    links: dict[str, list[Link]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Find every list, item, checkbox and internal link of the tree."""
        open_elements: list[ListElement] = []
        for tag in TAG.finditer(self.html):
            if tag["list"] and tag["closing"]:
                # Unbalanced markup cannot raise: the marks come out wrong and the check says so.
                if open_elements:
                    open_elements.pop()
            elif tag["list"]:
                classes = tag.span("classes") if tag["classes"] is not None else None
                parent = open_elements[-1] if open_elements else None
                open_elements.append(ListElement(tag["list"], tag.start() + 3, classes, parent))
            elif tag["checkbox"] is not None and open_elements and ' class="' in tag[0]:
                open_elements[-1].checkbox_class = tag.start() + tag[0].index(' class="')
            elif tag["href"] is not None and open_elements and "internal" in tag["link_classes"]:
                link = Link(tag.start(), tag.end(), tag["link_classes"], open_elements[-1])
                self.links.setdefault(tag["href"], []).append(link)

    def marked(self, href: str, title: str | None = None) -> str | None:
        """The tree as seen from the page at href; None when the page is listed twice.

        With a title, the page's link shows that title (a left-out page in its slot).
        """
        links = self.links.get(href, [])
        if not links:
            return self.html
        if len(links) > 1:
            return None
        link = links[0]
        edits = [(link.start, link.end, f'<a class="current {link.classes}" href="#">')]
        if title is not None:
            edits.append((link.end, self.html.index("</a>", link.end), title))
        element: ListElement | None = link.item
        while element is not None:
            edits += self._current(element, is_page=element is link.item)
            element = element.parent
        html = self.html
        for start, end, text in sorted(edits, reverse=True):
            html = html[:start] + text + html[end:]
        return html

    def _current(self, element: ListElement, is_page: bool) -> list[tuple[int, int, str]]:
        """Edits marking a list or item that holds the page, as Sphinx and furo do."""
        if element.classes is None:
            return [(element.name_end, element.name_end, ' class="current"')]
        start, end = element.classes
        classes = self.html[start:end].split()
        # Sphinx appends "current" to its own classes; furo then adds "has-children"
        # and, on the page's own item, "current-page".
        own = [name for name in classes if name != "has-children"]
        marked = own + ["current"] + [name for name in classes if name == "has-children"]
        edits = [(start, end, " ".join(marked + (["current-page"] if is_page else [])))]
        if element.checkbox_class is not None:  # BeautifulSoup sorts attributes
            edits.append((element.checkbox_class, element.checkbox_class, ' checked=""'))
        return edits


@dataclass
class FastNavigation:
    """One build's unmarked trees, one per output folder, and whether they can be used."""

    trees: dict[str, UnmarkedTree] = field(default_factory=dict)
    # The folders of the pages a sidebar links to, and each tree by the links from its
    # folder to them.
    page_folders: list[str] = field(default_factory=list)
    trees_by_links: dict[tuple[str, ...], UnmarkedTree] = field(default_factory=dict)
    left_out_pages: list[str] | None = None  # valenx_sidebar_excludes' pages, once per build
    # Where each left-out page sits (None: in several places), and the pages of each slot.
    slots: dict[str, Slot | None] = field(default_factory=dict)
    slot_pages: dict[Slot, list[str]] = field(default_factory=dict)
    slot_trees: dict[tuple[tuple[str, ...], Slot], UnmarkedTree] = field(default_factory=dict)
    usable: bool = True
    build_process: int = 0  # the id of the process running the build; -j writers differ
    # The last build's trees by their links, kept when nothing they show has changed since.
    kept_trees: dict[str, str] = field(default_factory=dict)
    digest: str = ""  # site_digest() of this build
    made_trees: bool = False  # whether this build made a tree, rather than took a kept one

    def start_build(self, app: Sphinx, env: object) -> None:
        """Forget the last build's trees: pages or titles may have changed."""
        self.trees.clear()
        self.left_out_pages = None
        self.slots, self.slot_pages, self.slot_trees = {}, {}, {}
        self.usable = bool(app.config.valenx_fast_navigation)
        self.build_process = os.getpid()
        self.kept_trees, self.digest, self.made_trees = {}, "", False

    def hand_furo_unmarked_tree(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        """Before furo: mark the page's tree, and answer furo's toctree call with the unmarked one.

        Whatever goes wrong here leaves the page to furo; nothing may break the build.
        """
        builder = app.builder
        toctree = context.get("toctree")
        if not self.usable or builder.name != "html" or app.config.html_theme != "furo":
            return
        if not isinstance(builder, StandaloneHTMLBuilder) or not callable(toctree):
            return
        maker = getattr(toctree, "__module__", None)
        if isinstance(maker, str) and maker.partition(".")[0] != "sphinx":
            return  # another extension made its own (sphinx-notfound-page): leave it alone
        try:
            if missing_internals is not None:
                raise missing_internals
            if maker != SPHINX_TOCTREE_MODULE:
                raise LookupError(
                    f"the page's toctree() comes from {maker}, not {SPHINX_TOCTREE_MODULE}"
                )
            folder = posixpath.dirname(pagename)
            if not self.trees:  # the first page, written before any -j writer is forked
                self._keep_last_trees(app)
                self._make_trees(builder, folder)
            if not self.usable:
                return
            if folder not in self.trees:  # a page with no source: a tag's, viewcode's
                self.trees[folder] = self._tree_for(builder, folder)
            tree = self.trees[folder]
            if pagename in self.slots:
                marked = self._marked_in_slot(builder, pagename)
            else:
                marked = tree.marked(_href(builder, pagename))
        except Exception as error:  # whatever it is, furo's own way still works
            self._turn_off(error)
            return
        if marked is None:
            return  # listed twice: furo's way

        def unmarked_for_furo(**options: Any) -> str:
            if options != FURO_TOCTREE:
                return str(toctree(**options))
            context["valenx_marked_tree"] = marked
            return tree.html

        context["valenx_furo_toctree"] = toctree
        context["toctree"] = unmarked_for_furo

    def mark_page(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        """After furo: give the page its marked tree in place of the unmarked one furo reworked."""
        toctree = context.pop("valenx_furo_toctree", None)
        marked = context.pop("valenx_marked_tree", None)
        if toctree is None:
            return  # the page was left to furo
        context["toctree"] = toctree
        if marked is None:  # furo asked with other options, and got its own tree
            self._turn_off(LookupError("furo asks for its sidebar's toctree() differently"))
        elif FURO_TREE not in context:
            self._turn_off(LookupError(f"furo keeps its sidebar elsewhere than {FURO_TREE}"))
        else:
            context[FURO_TREE] = marked

    def sidebar_without_left_out(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        """A page the fast sidebar left to furo still leaves out valenx_sidebar_excludes' pages."""
        builder = app.builder
        toctree = context.get("toctree")
        if not app.config.valenx_sidebar_excludes or "valenx_furo_toctree" in context:
            return  # nothing to leave out, or the fast sidebar's trees already do
        if not isinstance(builder, StandaloneHTMLBuilder) or not callable(toctree):
            return
        if getattr(toctree, "__module__", None) != SPHINX_TOCTREE_MODULE or missing_internals:
            return  # another extension's toctree(), or Sphinx's internals moved: leave it
        left = self.pages_left_out(builder)

        def without_left_out(**options: Any) -> str:
            others = [page for page in left if page != pagename]  # the page shows in its place
            return toctree_without_left_out(builder, pagename, others, **options)

        context["toctree"] = without_left_out

    def pages_left_out(self, builder: Builder) -> list[str]:
        """The pages valenx_sidebar_excludes keeps out of the sidebar, found once per build."""
        if self.left_out_pages is None:
            self.left_out_pages = left_out(builder)
            self.slots = left_out_slots(builder.env, set(self.left_out_pages))
            for page, slot in sorted(self.slots.items()):
                if slot is not None:
                    self.slot_pages.setdefault(slot, []).append(page)
        return self.left_out_pages

    def _marked_in_slot(self, builder: StandaloneHTMLBuilder, pagename: str) -> str | None:
        """A left-out page's tree: its slot's tree, with the page in its place, marked.

        The slot's tree shows the slot's first page, and the page's link shows
        the page's own title; None (furo's way) for a page in several places.
        """
        slot = self.slots[pagename]
        if slot is None:
            return None
        title = sidebar_title(builder, pagename)
        if title is None:
            return None
        folder = posixpath.dirname(pagename)
        tree = self._tree_for(builder, folder, slot)
        representative = self.slot_pages[slot][0]
        href = builder.get_relative_uri(posixpath.join(folder, NO_PAGE), representative)
        return tree.marked(href, title)

    def _turn_off(self, error: Exception) -> None:
        """Build every later page furo's way, and say why once, from the build's own process."""
        self.usable = False
        if os.getpid() != self.build_process:
            return  # a -j writer: its warning would come once per writer, and cannot stop others
        warn(
            f"valenx_kb's fast sidebar cannot use the installed furo or Sphinx "
            f"({type(error).__name__}: {error}); sidebars are built furo's own, slower way. "
            + WHAT_TO_DO,
            Subtype.NAVIGATION,
            None,
        )

    def _tree_for(
        self, builder: StandaloneHTMLBuilder, folder: str, slot: Slot | None = None
    ) -> UnmarkedTree:
        """The unmarked tree of folder: shared with every folder that links each page alike.

        The tree's links are relative, so two folders whose relative link to every
        page folder is the same (tags/a and archive/2026, which no page shares)
        see the same tree; generated pages make many such folders. A slot's tree
        keeps the slot's first page, which its other pages stand in for.
        """
        links = tuple(
            builder.get_relative_uri(
                posixpath.join(folder, NO_PAGE), posixpath.join(other, NO_PAGE)
            )
            for other in self.page_folders
        )
        made = self.trees_by_links if slot is None else self.slot_trees
        key: Any = links if slot is None else (links, slot)
        if key not in made:
            kept = self.kept_trees.get(tree_key(links, slot))
            if kept is None:
                self.made_trees = True
                left = self.pages_left_out(builder)
                if slot is not None:
                    shown = self.slot_pages[slot][0]
                    left = [page for page in left if page != shown]
                kept = _furo_tree(builder, posixpath.join(folder, NO_PAGE), left)
            made[key] = UnmarkedTree(kept)
        return made[key]

    def _keep_last_trees(self, app: Sphinx) -> None:
        """Take the last build's trees if nothing any page's sidebar shows has changed since."""
        self.digest = site_digest(app)
        last = load_note(app, TREES_NOTE)
        if isinstance(last, dict) and last.get("digest") == self.digest:
            trees = last.get("trees")
            if isinstance(trees, dict) and all(isinstance(html, str) for html in trees.values()):
                self.kept_trees = trees

    def save_trees(self, app: Sphinx, exception: BaseException | None) -> None:
        """Keep this build's trees for the next, when they were made and checked without fault."""
        if exception is not None or not self.usable or not self.made_trees:
            return
        trees = {tree_key(links, None): tree.html for links, tree in self.trees_by_links.items()}
        for (links, slot), tree in self.slot_trees.items():
            trees[tree_key(links, slot)] = tree.html
        note = {"digest": self.digest, "trees": dict(sorted(trees.items()))}
        note_path(app, TREES_NOTE).write_text(json.dumps(note), encoding="utf-8")

    def _make_trees(self, builder: StandaloneHTMLBuilder, folder: str) -> None:
        """Build every folder's tree, mark every page, and check one page against furo's own."""
        self.page_folders = shown_folders(builder.env, set(self.pages_left_out(builder)))
        self.trees_by_links = {}
        every_folder = {posixpath.dirname(name) for name in builder.env.found_docs}
        for name in sorted({*every_folder, folder}):
            self.trees[name] = self._tree_for(builder, name)
        # Marking fails here, if it does, before any fork: each page, and one page per slot
        # and folder (which makes the slot's tree there).
        slots_shown: set[tuple[str, Slot | None]] = set()
        for page in sorted(builder.env.found_docs):
            if page not in self.slots:
                self.trees[posixpath.dirname(page)].marked(_href(builder, page))
            elif (posixpath.dirname(page), self.slots[page]) not in slots_shown:
                slots_shown.add((posixpath.dirname(page), self.slots[page]))
                self._marked_in_slot(builder, page)
        # Trees kept from the last build were checked then, with the same furo and Sphinx.
        if self.made_trees:
            self._check_against_furo(builder)

    def _check_against_furo(self, builder: StandaloneHTMLBuilder) -> None:
        """Compare one page, and one left-out page, with furo's own sidebar; turn off if unlike."""
        left = self.pages_left_out(builder)
        checked = {"page": False, "left out": False}
        for page in sorted(builder.env.found_docs):
            kind = "left out" if page in self.slots else "page"
            if kind == "left out":
                marked = self._marked_in_slot(builder, page)
            else:
                tree = self.trees[posixpath.dirname(page)]
                marked = tree.marked(_href(builder, page))
                if marked == tree.html:
                    continue  # in no toctree
            if checked[kind] or marked is None:
                continue  # checked already, or listed twice
            checked[kind] = True
            others = [other for other in left if other != page]
            if marked != _furo_tree(builder, page, others):
                warn(
                    "furo's sidebar markup is not what valenx_kb expects; every page's sidebar "
                    "is built furo's own, slower way. " + WHAT_TO_DO,
                    Subtype.NAVIGATION,
                    page,
                )
                self.usable = False
                return
            if all(checked.values()):
                return


def site_digest(app: Sphinx) -> str:
    """A digest of what every page shows around its body; a page's frame changes with it.

    The settings that re-read or re-write pages, the tags, the newest template,
    the versions of Sphinx and of every extension and theme, the pages left out
    of the sidebar, and every page's table of contents (which holds its title
    and its toctrees). "" when Sphinx's internals used here are missing: then
    nothing of the last build is kept.
    """
    builder = app.builder
    assert isinstance(builder, StandaloneHTMLBuilder)
    if missing_internals is not None:
        return ""
    templates = builder.templates.newest_template_mtime() if builder.templates else 0.0
    versions = sorted((name, str(extension.version)) for name, extension in app.extensions.items())
    info = BuildInfo(app.config, builder.tags, frozenset({"env", "html"}))
    parts = (
        sphinx.__display_version__,
        builder.name,
        info.config_hash,
        info.tags_hash,
        templates,
        versions,
        app.config.valenx_sidebar_excludes,
        site_outline(app.env),
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def site_outline(env: BuildEnvironment) -> Outline:
    """Every page's table of contents as a digest: the extension's, or worked out here.

    valenx_kb.navigation can be used alone (the benchmark's plain pages), without
    the domain that keeps the outline.
    """
    try:
        return knowledge_base(env).outline
    except ExtensionError:
        return sorted((name, fingerprint(toc)) for name, toc in env.tocs.items())


def left_out_slots(env: BuildEnvironment, left: set[str]) -> dict[str, Slot | None]:
    """Each left-out page's slot; None for a page the slots cannot show as furo does.

    Pages of one slot show in the same place of the sidebar, so one tree serves
    them all. Left to furo's way: a page in several places, one with its own
    toctree (it would bring its children along), one listed as "Title <page>"
    (it shows that title), and one whose parent is not in the sidebar.
    """
    slots: dict[str, Slot | None] = {}
    parents: dict[str, set[str]] = {}
    for parent, children in env.toctree_includes.items():
        for child in children:
            parents.setdefault(child, set()).add(parent)
    for parent in sorted(env.toctree_includes.keys() & env.tocs.keys()):  # pages with a toctree
        shown_parent = in_sidebar(parent, parents, left, env.config.root_doc)
        for number, toctree in enumerate(env.tocs[parent].findall(addnodes.toctree)):
            shown = 0
            for title, page in toctree["entries"]:
                if page not in left:
                    shown += 1
                    continue
                if page in slots or title is not None or env.toctree_includes.get(page):
                    slots[page] = None
                elif not shown_parent:
                    slots[page] = None  # furo's way marks the hidden parent's ancestors
                else:
                    slots[page] = (parent, number, shown)
    return slots


def shown_folders(env: BuildEnvironment, left: set[str]) -> list[str]:
    """The folders of the pages a sidebar can link to: in a toctree and not left out.

    Only links to these tell two folders' trees apart; pages in no toctree
    (orphans) or left out may fill many folders that all see one tree.
    """
    listed = {env.config.root_doc}
    for children in env.toctree_includes.values():
        listed.update(children)
    return sorted({posixpath.dirname(page) for page in listed - left if page in env.found_docs})


def in_sidebar(page: str, parents: dict[str, set[str]], left: set[str], root: str) -> bool:
    """Whether page shows in the sidebar: it leads up to the root page through shown pages."""
    seen: set[str] = set()
    path = [page]
    while path:
        current = path.pop()
        if current == root:
            return True
        if current in seen or current in left:
            continue
        seen.add(current)
        path += sorted(parents.get(current, ()))
    return False


def sidebar_title(builder: StandaloneHTMLBuilder, pagename: str) -> str | None:
    """A page's title as furo's sidebar shows it; None when its contents have no title link."""
    toc = builder.env.tocs.get(pagename)
    reference = next(toc.findall(nodes.reference), None) if toc is not None else None
    if reference is None:
        return None
    if all(isinstance(child, nodes.Text) for child in reference.children):
        # What the round trip below gives plain text, without starting a writer for it.
        return html.escape(reference.astext(), quote=False)
    copy = nodes.paragraph("", "", *(child.deepcopy() for child in reference.children))
    fragment = builder.render_partial(copy)["fragment"].strip()
    # furo re-reads the tree with BeautifulSoup, which writes entities its own way.
    return str(BeautifulSoup(fragment.removeprefix("<p>").removesuffix("</p>"), "html.parser"))


def tree_key(links: tuple[str, ...], slot: Slot | None) -> str:
    """The key a tree is kept under between builds: its links, and its slot if any."""
    return TREE_KEY_SEPARATOR.join([*links, repr(slot)])


def _href(builder: Builder, pagename: str) -> str:
    """The link to pagename in the unmarked tree of its folder."""
    return builder.get_relative_uri(posixpath.join(posixpath.dirname(pagename), NO_PAGE), pagename)


def _furo_tree(builder: StandaloneHTMLBuilder, docname: str, left: list[str]) -> str:
    """furo's navigation tree as seen from docname, without the pages left out."""
    tree = toctree_without_left_out(builder, docname, left, **FURO_TOCTREE)
    return str(get_navigation_tree(tree))


def toctree_without_left_out(
    builder: StandaloneHTMLBuilder, docname: str, left: list[str], **options: Any
) -> str:
    """What the page's toctree() gives (Sphinx's _get_local_toctree), less the pages left out."""
    collapse = options.pop("collapse", True)
    options.setdefault("includehidden", False)
    if options.get("maxdepth") == "":
        options.pop("maxdepth")
    tree: nodes.Element | None = global_toctree_for_doc(
        builder.env, docname, builder, tags=builder.tags, collapse=collapse, **options
    )
    if tree is not None:
        leave_out(tree, {builder.get_relative_uri(docname, page) for page in left})
    return builder.render_partial(tree)["fragment"]


def left_out(builder: Builder) -> list[str]:
    """The pages valenx_sidebar_excludes keeps out of the sidebar."""
    patterns = builder.config.valenx_sidebar_excludes
    return [
        page
        for page in sorted(builder.env.found_docs)
        if any(fnmatch.fnmatchcase(page, pattern) for pattern in patterns)
    ]


def leave_out(tree: nodes.Element, links: set[str]) -> None:
    """Take the entries linking to links out of a toctree, and any caption left with none."""
    for reference in list(tree.findall(nodes.reference)):
        item = reference.parent.parent if reference.parent is not None else None
        if reference.get("refuri") in links and isinstance(item, nodes.list_item):
            item.parent.remove(item)
    for entries in list(tree.findall(nodes.bullet_list)):
        if entries.children or entries.parent is None:
            continue
        holder = entries.parent
        position = holder.index(entries)
        if position and isinstance(holder[position - 1], nodes.title):
            holder.remove(holder[position - 1])  # its caption
        holder.remove(entries)


@dataclass
class OutlineChanges:
    """Re-writes every page when a page was added, removed, renamed or had its headings changed.

    Every page's sidebar shows every page's title and headings, but Sphinx
    re-writes only the toctree parent of a page it re-reads. A heading's
    markup counts too: "# *Beta*" shows differently from "# Beta". Only the
    pages read in this build can have a new table of contents, so only theirs
    is digested again.
    """

    read: set[str] = field(default_factory=set)

    def note_read(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """Note the pages this build reads (after the handlers that add to them)."""
        self.read = set(docnames)

    def changes(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Every page, when the outline changed; none otherwise."""
        domain = knowledge_base(env)
        outline = {name: digest for name, digest in domain.outline if name in env.tocs}
        for name in (self.read | (env.tocs.keys() - outline.keys())) & env.tocs.keys():
            outline[name] = fingerprint(env.tocs[name])
        self.read = set()
        changed = domain.outline != sorted(outline.items())
        domain.outline = sorted(outline.items())
        return sorted(env.found_docs) if changed else []


def fingerprint(toc: nodes.Node) -> str:
    """A short digest of a page's table of contents, text and markup."""
    return hashlib.blake2b(toc.pformat().encode(), digest_size=16).hexdigest()


# Sphinx's map from a page to the pages whose toctree lists it (TocTreeCollector's state).
TOCTREE_PARENTS = "files_to_rebuild"


@dataclass
class ParentRewrites:
    """Keeps Sphinx from re-writing a post's toctree parent each time the post is re-read.

    Builder.write() adds to the pages it writes the toctree parents of every
    page read again (env.files_to_rebuild), in case its title or headings
    changed. OutlineChanges re-writes every page then, so for a post it is
    wasted work: editing one post's text would also re-write the page that
    lists the posts. Sphinx has no supported way to leave a page out of the
    pages it writes, so the posts' entries are taken out at write-started, just
    before write() reads them, and put back at build-finished. That is safe
    because Sphinx pickles the environment and runs its consistency check
    (the only other reader) before write-started, and reads the entries
    nowhere else while writing; test_navigation fails if that changes.
    """

    held_back: dict[str, set[str]] = field(default_factory=dict)

    def hold_back(self, app: Sphinx, builder: Builder) -> None:
        """Take the posts' toctree parents out of Sphinx's list; warn once if it is not there."""
        parents = getattr(builder.env, TOCTREE_PARENTS, None)
        if not isinstance(parents, dict):
            warn(
                f"valenx_kb cannot find Sphinx's env.{TOCTREE_PARENTS} (the installed Sphinx "
                "changed it), so editing a post also re-writes the page listing it; the "
                "output is the same. Report it so the extension can be updated.",
                Subtype.NAVIGATION,
                None,
            )
            return
        posts = knowledge_base(builder.env).posts
        self.held_back = {name: parents.pop(name) for name in posts if name in parents}

    def restore(self, app: Sphinx, exception: BaseException | None) -> None:
        """Put back what hold_back took out, so the environment is whole again."""
        if self.held_back:
            getattr(app.env, TOCTREE_PARENTS).update(self.held_back)
        self.held_back = {}


def connect_site_rewrites(app: Sphinx) -> None:
    """Re-write every page when the outline changes; hold back the posts' parent re-writes."""
    # Called by valenx_kb's setup(), not this module's: both need the domain, which
    # valenx_kb.navigation used alone (the benchmark's plain pages) does not have.
    parent_rewrites = ParentRewrites()
    outline = OutlineChanges()
    app.connect("env-before-read-docs", outline.note_read, priority=900)
    app.connect("env-updated", outline.changes)
    app.connect("write-started", parent_rewrites.hold_back)
    app.connect("build-finished", parent_rewrites.restore)


def setup(app: Sphinx) -> dict[str, Any]:
    """Declare the settings, and two steps around furo's html-page-context (priority 500)."""
    app.setup_extension("valenx_kb.config")
    navigation = FastNavigation()
    app.connect("env-updated", navigation.start_build)
    app.connect("html-page-context", navigation.hand_furo_unmarked_tree, priority=450)
    app.connect("html-page-context", navigation.sidebar_without_left_out, priority=460)
    app.connect("html-page-context", navigation.mark_page, priority=600)
    app.connect("build-finished", navigation.save_trees)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
