"""schema.org Occupation data for role pages: the role, its region and its salary figures.

What the data does not say is left out rather than guessed: an average is a single
MonetaryAmount (schema.org has no "mean" statistic on a distribution), and only the
percentiles the data gives go into the MonetaryAmountDistribution. Figures by level or
location are left out: Google reads one Occupation per page, for one occupationLocation
(https://developers.google.com/search/docs/appearance/structured-data/estimated-salary).
"""

from decimal import Decimal
from typing import Any

from babel.core import get_global
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from valenx_kb.data_digests import DataUse
from valenx_kb.data_model import PERCENTILES, Amount, Dataset, Percentiles, Role
from valenx_kb.datasource import data_file_key, note_use, site_data_path, site_dataset
from valenx_kb.domain import knowledge_base
from valenx_kb.formatting import locale_for

# schema.org's names for the data file's percentiles.
DISTRIBUTION = {
    "p10": "percentile10",
    "p25": "percentile25",
    "median": "median",
    "p75": "percentile75",
    "p90": "percentile90",
}
# Google's name for the kind of pay: the data's salary and percentiles are salary, not
# bonus or equity (those are the role's compensation parts, left out).
PAY = "base"
YEARLY = "P1Y"  # ISO 8601: the figures are yearly


def occupation_data(dataset: Dataset, role: Role, url: str, language: str | None) -> dict[str, Any]:
    """schema.org Occupation for a role's page at url, from the role's overall figures."""
    currency = role.currency or dataset.currency
    salaries: list[dict[str, Any]] = []
    if role.percentiles is not None and (points := distribution(role.percentiles)):
        salaries.append(
            {
                "@type": "MonetaryAmountDistribution",
                "name": PAY,
                "currency": currency,
                "duration": YEARLY,
                **points,
            }
        )
    if role.salary is not None:
        # An average is not a median: a plain amount per year, as JobPosting's baseSalary is.
        salaries.append(
            {
                "@type": "MonetaryAmount",
                "name": PAY,
                "currency": currency,
                "value": {
                    "@type": "QuantitativeValue",
                    "value": number(role.salary),
                    "unitText": "YEAR",
                },
            }
        )
    return {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": role.title,
        "description": role.summary,
        "skills": list(role.skills),
        "occupationLocation": place(dataset.region, language),
        **({"estimatedSalary": salaries} if salaries else {}),
        # The month the figures describe, as the date they were last reviewed.
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": url,
            "lastReviewed": dataset.as_of.isoformat(),
        },
    }


def distribution(percentiles: Percentiles) -> dict[str, int | float]:
    """The percentiles the data gives, under schema.org's names."""
    points = ((DISTRIBUTION[name], getattr(percentiles, name)) for name in PERCENTILES)
    return {name: number(amount) for name, amount in points if amount is not None}


def number(amount: Amount) -> int | float:
    """An amount as a JSON number: whole amounts as integers, cents as decimals."""
    if isinstance(amount, Decimal):
        return int(amount) if amount % 1 == 0 else float(amount)
    return amount


def place(region: str, language: str | None) -> dict[str, str]:
    """A Country when Babel knows region as a country's name, else an AdministrativeArea."""
    return {
        "@type": "Country" if is_country(region, language) else "AdministrativeArea",
        "name": region,
    }


def is_country(name: str, language: str | None) -> bool:
    """Whether name is a country's name in the site's language (or English)."""
    currencies = get_global("territory_currencies")
    for locale in {locale_for(language), locale_for("en")}:
        for code, territory in locale.territories.items():
            # Countries have two-letter codes and a currency; the EU has both but is none.
            if territory == name and len(code) == 2 and code in currencies and code != "EU":
                return True
    return False


def page_occupation(env: BuildEnvironment, docname: str, url: str) -> dict[str, Any] | None:
    """The Occupation data of a role's page, or None for every other page."""
    dataset = site_dataset(env)
    role = None if dataset is None else dataset.role_of_page(docname)
    if dataset is None or role is None:
        return None
    return occupation_data(dataset, role, url, env.config.language)


def note_role_page_data(app: Sphinx, doctree: nodes.document) -> None:
    """A role's page shows the role: editing its figures re-reads the page (data_digests.py)."""
    env = app.env
    dataset = site_dataset(env)
    role = None if dataset is None else dataset.role_of_page(env.docname)
    if role is not None:
        note_use(env, site_data_path(env), [role.id])


def reread_new_role_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages that became a role's page (or the data came back) since they were last read."""
    dataset = site_dataset(env)
    if dataset is None:
        return []
    key = data_file_key(env, site_data_path(env))
    uses = knowledge_base(env).data_uses
    return sorted(
        role.page
        for role in dataset.roles
        if role.page in env.all_docs
        and role.page not in added | changed
        and role.id not in uses.get(role.page, {}).get(key, DataUse()).roles
    )


def setup(app: Sphinx) -> dict[str, Any]:
    """Keep role pages' Occupation data in step with the data file on incremental builds."""
    app.connect("doctree-read", note_role_page_data)
    app.connect("env-get-outdated", reread_new_role_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
