"""Valenx Press knowledge-base extension for Sphinx."""

from typing import Any

from sphinx.application import Sphinx

from valenx_kb import authors, datasource, listings, navigation, posts, seo
from valenx_kb.chart import SalaryChart
from valenx_kb.chart_nodes import HTML_ONLY_NODES, skip_node
from valenx_kb.comparisons import RoleComparisons
from valenx_kb.datadirective import DataFile
from valenx_kb.domain import KnowledgeBaseDomain
from valenx_kb.faq import Faq
from valenx_kb.figures import (
    DatasetFigure,
    SalaryChangeFigure,
    SalaryDifferenceFigure,
    SalaryFigure,
    SkillsFigure,
)
from valenx_kb.history_chart import SalaryHistory
from valenx_kb.listings import PostIndex, RelatedPosts, RenderListings
from valenx_kb.reading import RecommendedReading
from valenx_kb.site_index import Archive, TaxonomyIndex
from valenx_kb.tables import ComparisonTable
from valenx_kb.term_links import resolve_term_links

__version__ = "0.4.0"

DIRECTIVES = {
    "comparison-table": ComparisonTable,
    "data-file": DataFile,
    "salary-chart": SalaryChart,
    "salary-history": SalaryHistory,
    "related-posts": RelatedPosts,
    "post-index": PostIndex,
    "recommended-reading": RecommendedReading,
    "faq": Faq,
    "archive": Archive,
    "taxonomy-index": TaxonomyIndex,
    "role-comparisons": RoleComparisons,
}
# MyST calls these roles; "role" elsewhere in the extension means a job role of the data file.
INLINE_FIGURES = {
    "salary": SalaryFigure,
    "salary-diff": SalaryDifferenceFigure,
    "salary-change": SalaryChangeFigure,
    "skills": SkillsFigure,
    "dataset": DatasetFigure,
}


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    app.setup_extension("valenx_kb.config")
    app.setup_extension("valenx_kb.translation")  # before any text is shown
    app.add_domain(KnowledgeBaseDomain)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    for name, figure in INLINE_FIGURES.items():
        app.add_role(name, figure())
    skip = (skip_node, None)
    for node, visit_html in HTML_ONLY_NODES.items():
        app.add_node(node, html=(visit_html, None), latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_post_transform(RenderListings)
    app.add_post_transform(posts.PlainFactsInPrint)
    app.connect("doctree-resolved", resolve_term_links)
    app.setup_extension("valenx_kb.html_fixes")
    app.connect("env-before-read-docs", datasource.check_site_data)
    app.connect("env-get-outdated", datasource.pages_with_changed_data)
    app.connect("env-updated", datasource.keep_data_digests)
    app.connect("env-before-read-docs", authors.check_authors)
    # After Sphinx's own metadata collector (priority 500) has read the front matter.
    app.connect("doctree-read", posts.collect_post, priority=600)
    app.connect("env-updated", listings.refresh_listings)
    navigation.connect_site_rewrites(app)
    # The feed links first, then our description, before sphinxext-opengraph (priority
    # 500), which then keeps it.
    app.setup_extension("valenx_kb.feeds")
    app.connect("html-page-context", seo.add_head_tags, priority=400)
    app.connect("build-finished", seo.write_robots)
    app.connect("doctree-resolved", seo.absolute_links_on_404_page)
    app.setup_extension("valenx_kb.navigation")
    app.setup_extension("valenx_kb.sitemap")
    app.setup_extension("valenx_kb.drafts")
    app.setup_extension("valenx_kb.generated_pages")
    app.setup_extension("valenx_kb.comparison_pages")
    app.setup_extension("valenx_kb.neighbours")
    app.setup_extension("valenx_kb.redirects")
    app.setup_extension("valenx_kb.occupation")
    app.setup_extension("valenx_kb.persistent_warnings")
    app.setup_extension("valenx_kb.toctree_purge")
    app.setup_extension("valenx_kb.lean_readers")
    app.setup_extension("valenx_kb.fork_memory")
    app.setup_extension("valenx_kb.downloads")
    app.setup_extension("valenx_kb.books")
    app.setup_extension("valenx_kb.share_images")
    app.setup_extension("valenx_kb.faq")
    return {
        "version": __version__,
        "env_version": 12,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
