"""The faq directive: questions with anchors, answers that keep inline figures.

Contributors write a MyST definition list inside the directive; each term is
a question, its definition the answer. Once the page is translated (sphinx-build
-b gettext offers each question and answer to the page's translators), each
question gets its "¶" link, and the questions and answers are kept on the
environment for the page's FAQPage structured data (seo.py).
"""

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.domain import knowledge_base
from valenx_kb.records import FaqEntry
from valenx_kb.translation import N_, gettext

QUESTION = "valenx-faq-question"  # the class of a question's heading
ANSWER = "valenx-faq-answer"  # the class of the answer after it
LINK_TITLE = N_("Link to this question")


class Faq(SphinxDirective):
    """{faq}: a definition list of questions (terms) and answers (definitions)."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        """One linkable heading per question, its answer below."""
        parsed = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, parsed)
        items = list(parsed.findall(nodes.definition_list_item))
        if not items:
            message = "write each question on a line, and its answer below it after ': '."
            warn(message, Subtype.USAGE, self.get_location())
            return []
        faq = nodes.container("", classes=["valenx-faq"])
        for item in items:
            term = next(item.findall(nodes.term))
            answer = next(item.findall(nodes.definition))
            anchor = self.unique_anchor(term.astext())
            question = nodes.rubric("", "", *term.children, classes=[QUESTION])
            question["heading-level"] = 3
            question["ids"] = [anchor]
            self.state.document.ids[anchor] = question
            faq += question
            faq += nodes.container("", *answer.children, classes=[ANSWER])
        return [faq]

    def unique_anchor(self, question: str) -> str:
        """An id made from the question, unique in the page ("what-is-…", "what-is-…-1")."""
        document = self.state.document
        base = nodes.make_id(question) or "question"
        anchor, number = base, 0
        while anchor in document.ids:
            number += 1
            anchor = f"{base}-{number}"
        return anchor


class FaqLinks(SphinxTransform):
    """Give each question its "¶" link, and keep the questions and answers for seo.py."""

    # After Sphinx's Locale (20), which replaces a translated question's children: the
    # link comes after it, and the structured data says what the page shows.
    default_priority = 30

    def apply(self, **kwargs: Any) -> None:
        """Link every question of the page to itself and note it with its answer."""
        entries = []
        for question in list(self.document.findall(nodes.rubric)):
            if QUESTION not in question["classes"]:
                continue
            anchor = question["ids"][0]
            title = html.escape(gettext(LINK_TITLE), quote=True)
            link = f'<a class="headerlink" href="#{anchor}" title="{title}">¶</a>'
            answer = question.next_node(descend=False, siblings=True)
            text = answer.astext() if isinstance(answer, nodes.container) else ""
            entries.append(FaqEntry(anchor, question.astext(), " ".join(text.split())))
            question += nodes.raw("", link, format="html")
        if entries:
            knowledge_base(self.env).faqs[self.env.docname] = entries


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the transform that finishes each question (the directive is valenx_kb's)."""
    app.add_transform(FaqLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
