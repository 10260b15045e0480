"""The faq directive: questions with anchors, answers that keep inline figures.

Contributors write a MyST definition list inside the directive; each term is
a question, its definition the answer. The questions and answers are kept on
the environment for the page's FAQPage structured data (seo.py).
"""

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from valenx_kb.diagnostics import Subtype, warn
from valenx_kb.domain import knowledge_base
from valenx_kb.records import FaqEntry


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
        entries = knowledge_base(self.env).faqs.setdefault(self.env.docname, [])
        for item in items:
            term = next(item.findall(nodes.term))
            answer = next(item.findall(nodes.definition))
            anchor = self.unique_anchor(term.astext())
            question = nodes.rubric("", "", *term.children, classes=["valenx-faq-question"])
            question["heading-level"] = 3
            question["ids"] = [anchor]
            self.state.document.ids[anchor] = question
            question += nodes.raw(
                "",
                f'<a class="headerlink" href="#{anchor}" title="Link to this question">¶</a>',
                format="html",
            )
            faq += question
            faq += nodes.container("", *answer.children, classes=["valenx-faq-answer"])
            entries.append(FaqEntry(anchor, term.astext(), " ".join(answer.astext().split())))
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
