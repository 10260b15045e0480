"""Occupation JSON-LD on role pages: what Google documents, with the data file's figures.

The small site tests/roots/test-occupation uses the example data file
(data/examples/salaries-example.yaml: percentiles, levels, locations) and has a
page for each of its roles; the real site's role pages, whose data has only
averages, are checked too.
"""

import json
import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import extruct
import pytest
from bs4 import BeautifulSoup

from helpers import REPO, BuiltSite, build_site
from site_sources import average
from valenx_kb.data import Dataset, Role, load_dataset
from valenx_kb.occupation import occupation_data

ROOT = REPO / "tests" / "roots" / "test-occupation"
BASE = "https://example.org/kb/"  # html_baseurl of the test site
REAL_BASE = "https://valenx-press.readthedocs.io/en/latest/"
SCHEMA = REPO / "data" / "salaries.schema.json"
EXAMPLE = load_dataset(REPO / "data" / "examples" / "salaries-example.yaml", SCHEMA)

# Google's estimated salary documentation:
# https://developers.google.com/search/docs/appearance/structured-data/estimated-salary
# Its lists for an Occupation and for each estimatedSalary (a MonetaryAmountDistribution),
# taken from its example and from copies of its property tables; re-check them when it changes.
REQUIRED = ("estimatedSalary", "name", "occupationLocation")
REQUIRED_SALARY = ("duration", "name")
RECOMMENDED = ("description", "mainEntityOfPage")
RECOMMENDED_PAGE = ("lastReviewed",)  # of mainEntityOfPage
RECOMMENDED_SALARY = (
    "currency",
    "median",
    "percentile10",
    "percentile25",
    "percentile75",
    "percentile90",
)
# schema.org's name for each percentile of the data file.
STATISTICS = {
    "p10": "percentile10",
    "p25": "percentile25",
    "median": "median",
    "p75": "percentile75",
    "p90": "percentile90",
}
PLACES = {"City", "State", "Country", "AdministrativeArea"}  # Google's three, and schema.org's
# Properties whose schema.org type is Number, wherever they appear.
NUMBERS = {"value", *STATISTICS.values()}


def copy_root(destination: Path) -> Path:
    """The test site under destination, its data a copy of the example data file; its docs/."""
    shutil.copytree(ROOT, destination)
    (destination / "data").mkdir()
    shutil.copy(SCHEMA, destination / "data")
    shutil.copy(
        REPO / "data" / "examples" / "salaries-example.yaml",
        destination / "data" / "salaries.yaml",
    )
    return destination / "docs"


@pytest.fixture(autouse=True)
def production(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build is a production build: no preview."""
    monkeypatch.delenv("VALENX_PREVIEW", raising=False)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The test site, built once."""
    return build_site(copy_root(tmp_path_factory.mktemp("occupation") / "site"))


def json_ld(html_file: Path, base: str = BASE) -> list[dict[str, Any]]:
    """The page's JSON-LD items, as extruct (a real structured-data parser) reads them."""
    html = html_file.read_text(encoding="utf-8")
    items: list[dict[str, Any]] = extruct.extract(html, base_url=base, syntaxes=["json-ld"])[
        "json-ld"
    ]
    return items


def occupations(html_file: Path, base: str = BASE) -> list[dict[str, Any]]:
    """The page's Occupation items."""
    return [item for item in json_ld(html_file, base) if item.get("@type") == "Occupation"]


def occupation(html_file: Path, base: str = BASE) -> dict[str, Any]:
    """The page's one Occupation (Google reads one per page)."""
    found = occupations(html_file, base)
    assert len(found) == 1, found
    return found[0]


def role_page(outdir: Path, role: Role) -> Path:
    """The built page of a role."""
    return outdir / f"{role.page}.html"


def salaries(item: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The estimatedSalary entries of one schema.org type."""
    return [entry for entry in item["estimatedSalary"] if entry["@type"] == kind]


def percentiles_of(role: Role) -> dict[str, object]:
    """The role's overall percentiles the data gives, under schema.org's names."""
    if role.percentiles is None:
        return {}
    given = {name: getattr(role.percentiles, name) for name in STATISTICS}
    return {STATISTICS[name]: value for name, value in given.items() if value is not None}


def test_role_pages_have_what_google_requires_and_recommends(example_site: BuiltSite) -> None:
    for role in EXAMPLE.roles:
        item = occupation(role_page(example_site.outdir, role))

        assert set(REQUIRED + RECOMMENDED) <= set(item), role.id
        assert set(RECOMMENDED_PAGE) <= set(item["mainEntityOfPage"])
        assert item["occupationLocation"]["@type"] in PLACES
        assert item["occupationLocation"]["name"]
        # Recommended statistics appear exactly when the data has them: no guessed median.
        given = set(percentiles_of(role))
        distributions = salaries(item, "MonetaryAmountDistribution")
        if not given:
            assert distributions == [], role.id  # an average alone is no distribution
            continue
        [distribution] = distributions
        assert set(REQUIRED_SALARY) <= set(distribution)
        assert set(distribution) & set(RECOMMENDED_SALARY) == {"currency"} | given
    # The example file gives one role every percentile: all Google recommends appears.
    complete = [role for role in EXAMPLE.roles if len(percentiles_of(role)) == len(STATISTICS)]
    assert complete
    item = occupation(role_page(example_site.outdir, complete[0]))
    assert set(RECOMMENDED_SALARY) <= set(salaries(item, "MonetaryAmountDistribution")[0])


def expected_occupation(dataset: Dataset, role: Role, base: str) -> dict[str, Any]:
    """What a role's page should say, from the data file.

    Only the overall figures: Google reads one Occupation per page, for one place, so
    figures by level and location are left out.
    """
    currency = role.currency or dataset.currency
    pay = {"name": "base", "currency": currency}
    distribution = [
        {"@type": "MonetaryAmountDistribution", **pay, "duration": "P1Y", **percentiles_of(role)}
    ]
    value = {"@type": "QuantitativeValue", "value": role.salary, "unitText": "YEAR"}
    return {
        "name": role.title,
        "description": role.summary,
        "skills": list(role.skills),
        "region": dataset.region,
        "estimatedSalary": (distribution if percentiles_of(role) else [])
        + [{"@type": "MonetaryAmount", **pay, "value": value}],
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": f"{base}{role.page}.html",
            "lastReviewed": dataset.as_of.isoformat(),
        },
    }


def shown(item: dict[str, Any]) -> dict[str, Any]:
    """An Occupation's properties in the shape expected_occupation gives."""
    return {
        "name": item["name"],
        "description": item["description"],
        "skills": item["skills"],
        "region": item["occupationLocation"]["name"],
        "estimatedSalary": item["estimatedSalary"],
        "mainEntityOfPage": item["mainEntityOfPage"],
    }


def test_figures_are_the_data_files(example_site: BuiltSite) -> None:
    for role in EXAMPLE.roles:
        item = occupation(role_page(example_site.outdir, role))
        # Numbers compare by value: the data's Decimal 91000.50 equals the JSON's 91000.5.
        assert shown(item) == expected_occupation(EXAMPLE, role, BASE), role.id


def scripts(html_file: Path) -> list[str]:
    """The text of each JSON-LD script element of a page."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    return [str(script.string) for script in soup.find_all("script", type="application/ld+json")]


def check_types(value: object, key: str = "") -> None:
    """Numbers are JSON numbers, everything else text or nested items, as schema.org types them."""
    if isinstance(value, dict):
        for name, inner in value.items():
            check_types(inner, name)
    elif isinstance(value, list):
        for inner in value:
            check_types(inner, key)
    elif key in NUMBERS:
        assert isinstance(value, int | float), (key, value)
        assert not isinstance(value, bool), (key, value)
    else:
        assert isinstance(value, str), (key, value)
        assert value, key


def test_json_ld_is_well_formed_with_schema_org_types(example_site: BuiltSite) -> None:
    for role in EXAMPLE.roles:
        page = role_page(example_site.outdir, role)
        items = [json.loads(text) for text in scripts(page)]
        [item] = [item for item in items if item["@type"] == "Occupation"]

        assert item["@context"] == "https://schema.org"
        check_types(item)
        for entry in item["estimatedSalary"]:
            assert re.fullmatch(r"[A-Z]{3}", entry["currency"])
            # Yearly figures: a distribution's duration is one year (ISO 8601); an average
            # is an amount whose value is per year, as a job posting's salary is.
            if entry["@type"] == "MonetaryAmountDistribution":
                assert entry["duration"] == "P1Y"
            else:
                assert entry["@type"] == "MonetaryAmount"
                assert entry["value"]["unitText"] == "YEAR"
        date.fromisoformat(item["mainEntityOfPage"]["lastReviewed"])
        assert item["mainEntityOfPage"]["@id"].startswith(BASE)


def test_pages_that_are_no_roles_page_have_no_occupation(example_site: BuiltSite) -> None:
    role_pages = {role_page(example_site.outdir, role) for role in EXAMPLE.roles}
    pages = set(example_site.outdir.rglob("*.html")) - role_pages
    assert example_site.outdir / "plain.html" in pages
    for page in pages:
        assert occupations(page) == [], page
    # A role page that is also a post keeps its Article next to the Occupation.
    posts = [page for page in role_pages if any(i["@type"] == "Article" for i in json_ld(page))]
    assert posts


def test_real_role_pages_give_the_average_and_no_statistic_the_data_lacks(
    built_html: BuiltSite,
) -> None:
    data = load_dataset(REPO / "data" / "salaries.yaml", SCHEMA)
    for role in data.roles:
        item = occupation(role_page(built_html.outdir, role), REAL_BASE)

        assert shown(item) == expected_occupation(data, role, REAL_BASE), role.id
        [average] = salaries(item, "MonetaryAmount")
        assert average["value"]["value"] == role.salary
        if role.percentiles is None:  # an average only: no distribution, and no median
            assert salaries(item, "MonetaryAmountDistribution") == []
            assert "median" not in json.dumps(item)
    assert occupations(built_html.outdir / "index.html", REAL_BASE) == []


def test_data_edits_reach_role_pages_on_incremental_and_parallel_builds(tmp_path: Path) -> None:
    docs = copy_root(tmp_path / "site")
    build_site(docs)
    data_file = docs.parent / "data" / "salaries.yaml"
    before = data_file.read_text(encoding="utf-8")
    # A new average for the first role, and the last role's page moves to one that used no data.
    first, last = EXAMPLE.roles[0], EXAMPLE.roles[-1]
    text = before.replace(f"salary: {average(first)}\n", f"salary: {average(first) + 1000}\n", 1)
    text = text.replace(f"page: {last.page}\n", "page: plain\n")
    assert text.count("page: plain\n") == 1
    data_file.write_text(text, encoding="utf-8")
    edited = load_dataset(data_file, SCHEMA)
    assert average(edited.roles[0]) == average(first) + 1000

    built = build_site(docs)

    assert "plain" in built.read
    assert build_site(docs).read == []  # and read once: it now depends on the data
    for role in edited.roles:
        expected = expected_occupation(edited, role, BASE)
        assert shown(occupation(role_page(built.outdir, role))) == expected
    assert occupations(role_page(built.outdir, last)) == []
    incremental = {page: json_ld(page) for page in built.outdir.rglob("*.html")}
    fresh = build_site(docs, freshenv=True)
    assert {page: json_ld(page) for page in fresh.outdir.rglob("*.html")} == incremental
    parallel = build_site(docs, freshenv=True, parallel=2)
    assert {page: json_ld(page) for page in parallel.outdir.rglob("*.html")} == incremental


def test_a_role_without_an_average_gives_only_its_distribution() -> None:
    role = next(role for role in EXAMPLE.roles if role.percentiles is not None)
    points = role.percentiles
    assert points is not None
    without = replace(role, salary=None)

    data = occupation_data(EXAMPLE, without, BASE + "role.html", "en")

    salaries = data["estimatedSalary"]
    assert [entry["@type"] for entry in salaries] == ["MonetaryAmountDistribution"]
    assert salaries[0]["median"] == points.median
    assert "value" not in json.dumps(salaries)
