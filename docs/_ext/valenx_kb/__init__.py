"""Valenx Press knowledge-base extension for Sphinx."""

from typing import Any

from sphinx.application import Sphinx

from valenx_kb import authors, datasource, listings, navigation, posts, seo
from valenx_kb.chart import SalaryChart, salary_bar, skip_node, visit_salary_bar_html
from valenx_kb.domain import KnowledgeBaseDomain
from valenx_kb.faq import Faq
from valenx_kb.figures import DatasetFigure, SalaryDifferenceFigure, SalaryFigure, SkillsFigure
from valenx_kb.html_fixes import UniqueTableIds
from valenx_kb.listings import PostIndex, RelatedPosts, RenderListings
from valenx_kb.reading import RecommendedReading
from valenx_kb.site_index import Archive, TaxonomyIndex
from valenx_kb.tables import ComparisonTable
from valenx_kb.term_links import resolve_term_links

__version__ = "0.4.0"

DIRECTIVES = {
    "comparison-table": ComparisonTable,
    "salary-chart": SalaryChart,
    "related-posts": RelatedPosts,
    "post-index": PostIndex,
    "recommended-reading": RecommendedReading,
    "faq": Faq,
    "archive": Archive,
    "taxonomy-index": TaxonomyIndex,
}
# MyST calls these roles; "role" elsewhere in the extension means a job role of the data file.
INLINE_FIGURES = {
    "salary": SalaryFigure,
    "salary-diff": SalaryDifferenceFigure,
    "skills": SkillsFigure,
    "dataset": DatasetFigure,
}


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    app.setup_extension("valenx_kb.config")
    app.add_domain(KnowledgeBaseDomain)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    for name, figure in INLINE_FIGURES.items():
        app.add_role(name, figure())
    skip = (skip_node, None)
    app.add_node(
        salary_bar,
        html=(visit_salary_bar_html, None),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
    app.add_post_transform(RenderListings)
    app.connect("doctree-resolved", resolve_term_links)
    app.add_post_transform(UniqueTableIds)
    app.connect("env-before-read-docs", datasource.check_site_data)
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
    app.setup_extension("valenx_kb.neighbours")
    app.setup_extension("valenx_kb.redirects")
    app.setup_extension("valenx_kb.persistent_warnings")
    app.setup_extension("valenx_kb.toctree_purge")
    app.setup_extension("valenx_kb.lean_readers")
    app.setup_extension("valenx_kb.fork_memory")
    return {
        "version": __version__,
        "env_version": 8,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
