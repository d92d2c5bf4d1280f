"""One ranking on both engines: the same catalogue must give the same answers, in order."""

from __future__ import annotations

from collections import defaultdict

import pytest

from stilton.search import Match, SearchQuery, SearchResults
from stilton.search import results as results_module
from tests.unit.search.conftest import Catalog


def names(results: SearchResults) -> list[str]:
    return [hit.normalized_name for hit in results.hits]


def matches(results: SearchResults) -> list[tuple[str, Match]]:
    return [(hit.normalized_name, hit.match) for hit in results.hits]


def search(catalog: Catalog, text: str = "", *classifiers: str, **kwargs: int) -> SearchResults:
    return catalog.search_index().search(SearchQuery(text, classifiers, **kwargs))


def test_tiers_come_in_order_exact_prefix_name_summary_text(catalog: Catalog) -> None:
    catalog.publish("text-only", summary="Nothing here", description="a toolbelt for requests")
    catalog.publish("in-summary", summary="Helpers for requests and toolbelt users")
    catalog.publish("toolbelt-requests", summary="Words of the name, other order")
    catalog.publish("requests-toolbelt-extra", summary="Longer name, same prefix")
    catalog.publish("requests-toolbelt", summary="The exact name")
    catalog.publish("unrelated", summary="Something else", description="requests only")
    results = search(catalog, "requests toolbelt")
    assert matches(results) == [
        ("requests-toolbelt", Match.EXACT),
        ("requests-toolbelt-extra", Match.PREFIX),
        ("toolbelt-requests", Match.NAME),
        ("in-summary", Match.SUMMARY),
        ("text-only", Match.TEXT),
    ]
    assert results.total == 5
    assert not results.more


def test_the_name_is_normalized_before_matching(catalog: Catalog) -> None:
    catalog.publish("Zope.Interface")
    for asked in ("zope.interface", "ZOPE_INTERFACE", "zope interface", "Zope-Interface"):
        assert matches(search(catalog, asked)) == [("zope-interface", Match.EXACT)], asked


def test_shorter_names_come_first_among_prefix_matches(catalog: Catalog) -> None:
    for name in ("flask-sqlalchemy-extras", "flask-login", "flask", "flask-sqlalchemy"):
        catalog.publish(name)
    # `flask` does not begin with `flask-`, but has the word: the name tier follows.
    assert matches(search(catalog, "flask-")) == [
        ("flask-login", Match.PREFIX),
        ("flask-sqlalchemy", Match.PREFIX),
        ("flask-sqlalchemy-extras", Match.PREFIX),
        ("flask", Match.NAME),
    ]
    assert names(search(catalog, "fla")) == [
        "flask",
        "flask-login",
        "flask-sqlalchemy",
        "flask-sqlalchemy-extras",
    ]


def test_within_a_word_tier_the_latest_change_comes_first(catalog: Catalog) -> None:
    catalog.publish("alpha", summary="a parser for toml")
    catalog.publish("beta", summary="toml parser")
    catalog.publish("gamma", summary="parser of toml, fast")
    assert names(search(catalog, "toml parser")) == ["gamma", "beta", "alpha"]
    catalog.publish("alpha", "2.0", summary="a parser for toml, again")
    assert names(search(catalog, "toml parser")) == ["alpha", "gamma", "beta"]


def test_every_word_must_match_whole_and_case_and_accents_do_not_count(catalog: Catalog) -> None:
    catalog.publish("caf", summary="Café RÉSUMÉ tools")
    catalog.publish("other", summary="cafe tools")
    assert names(search(catalog, "resume CAFÉ")) == ["caf"]
    assert names(search(catalog, "cafe tool")) == []  # words are whole: "tool" is not "tools"
    assert sorted(names(search(catalog, "tools cafe"))) == ["caf", "other"]


def test_keywords_count_as_much_as_the_summary(catalog: Catalog) -> None:
    catalog.publish("by-description", description="asynchronous sockets")
    catalog.publish("by-keyword", keywords=["asynchronous", "sockets"])
    assert matches(search(catalog, "asynchronous sockets")) == [
        ("by-keyword", Match.SUMMARY),
        ("by-description", Match.TEXT),
    ]


def test_classifier_filters_apply_to_every_tier_and_alone(catalog: Catalog) -> None:
    django = "Framework :: Django"
    typed = "Typing :: Typed"
    catalog.publish("django-things", summary="things", classifiers=[django, typed])
    catalog.publish("django-other", summary="things", classifiers=[django])
    catalog.publish("flask-things", summary="things", classifiers=[typed])
    assert names(search(catalog, "django", django)) == ["django-other", "django-things"]
    assert names(search(catalog, "things", typed)) == ["flask-things", "django-things"]
    assert names(search(catalog, "things", django, typed)) == ["django-things"]
    only_filter = search(catalog, "", django)
    assert matches(only_filter) == [
        ("django-other", Match.FILTER),
        ("django-things", Match.FILTER),
    ]
    assert names(search(catalog, "", "Framework :: Nothing")) == []


def test_pages_split_the_ranked_list(catalog: Catalog) -> None:
    for number in range(7):
        catalog.publish(f"pager-{number}", summary="paged")
    everything = names(search(catalog, "pager", per_page=100))
    pages = [names(search(catalog, "pager", page=page, per_page=3)) for page in (1, 2, 3, 4)]
    assert [name for page in pages for name in page] == everything
    assert [len(page) for page in pages] == [3, 3, 1, 0]
    third = search(catalog, "pager", page=3, per_page=3)
    assert (third.total, third.pages, third.has_next, third.has_previous) == (7, 3, False, True)


def test_counting_stops_at_the_limit_and_says_there_is_more(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("stilton.search.ranked.MAX_RESULTS", 4)
    for number in range(6):
        catalog.publish(f"many-{number}", summary="plenty")
    results = search(catalog, "plenty", per_page=10)
    assert (results.total, results.more, len(results.hits)) == (4, True, 4)
    assert results_module.MAX_RESULTS >= 100


def test_an_empty_query_or_one_without_words_finds_nothing(catalog: Catalog) -> None:
    catalog.publish("something", summary="words")
    for text in ("", "   ", "!!!", "-"):
        assert search(catalog, text).hits == (), repr(text)


def test_unpublished_files_keep_a_project_out(catalog: Catalog) -> None:
    catalog.publish("held-back", summary="waiting", state="quarantined")
    assert names(search(catalog, "held-back")) == []
    catalog.publish("held-back", "1.1", summary="waiting")
    assert names(search(catalog, "held-back")) == ["held-back"]


def test_the_document_follows_the_newest_release_and_yanks(catalog: Catalog) -> None:
    catalog.publish("moving", "1.0", summary="first words")
    catalog.publish("moving", "2.0", summary="second words")
    catalog.publish("moving", "3.0rc1", summary="third words")
    index = catalog.search_index()
    (hit,) = index.search(SearchQuery("moving")).hits
    assert (hit.version, hit.summary) == ("2.0", "second words")  # finals before pre-releases
    assert names(index.search(SearchQuery("first"))) == []
    catalog.yank("moving", "2.0")
    (hit,) = index.search(SearchQuery("moving")).hits
    assert hit.version == "1.0"


def test_a_removed_project_leaves_the_index(catalog: Catalog) -> None:
    catalog.publish("short-lived", summary="ephemeral words")
    index = catalog.search_index()
    assert names(index.search(SearchQuery("ephemeral"))) == ["short-lived"]
    catalog.remove_project("short-lived")
    assert names(index.search(SearchQuery("ephemeral"))) == []
    assert names(index.search(SearchQuery("short-lived"))) == []


def test_a_new_process_finds_what_was_published_before_it_started(catalog: Catalog) -> None:
    catalog.publish("before-start", summary="early bird")
    assert names(catalog.search_index().search(SearchQuery("early"))) == ["before-start"]
    catalog.publish("after-start", summary="early riser")
    fresh = catalog.search_index()
    assert names(fresh.search(SearchQuery("early"))) == ["after-start", "before-start"]


def test_dependents_are_the_projects_whose_newest_release_requires_it(catalog: Catalog) -> None:
    catalog.publish("core-lib")
    catalog.publish("app-one", requires_dist=["core-lib>=1"])
    catalog.publish("app-two", requires_dist=["Core_Lib[speed]; extra == 'fast'"])
    catalog.publish("app-three", "1.0", requires_dist=["core-lib"])
    catalog.publish("app-three", "2.0", requires_dist=["other"])
    catalog.publish("core-lib-self", requires_dist=["core-lib-self[x]; extra == 'all'"])
    index = catalog.search_index()
    used_by = index.dependents("core-lib")
    assert used_by.total == 2
    assert [(d.normalized_name, d.optional) for d in used_by.projects] == [
        ("app-one", False),
        ("app-two", True),
    ]
    assert index.dependents("core-lib-self").total == 0
    assert index.dependents("core-lib", limit=1).total == 2


@pytest.mark.parametrize("probe", [1, 2, 1000])
def test_both_plans_of_a_word_tier_give_the_same_order(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, probe: int
) -> None:
    """PostgreSQL sorts a few matches itself and walks the serial index for many."""
    monkeypatch.setattr("stilton.search.postgres.PROBE", defaultdict(lambda: probe))
    for number in range(4):
        catalog.publish(f"plan-{number}", summary="shared words")
        catalog.publish(f"other-{number}", description="shared words")
    results = search(catalog, "shared words")
    assert matches(results) == [
        *((f"plan-{n}", Match.SUMMARY) for n in (3, 2, 1, 0)),
        *((f"other-{n}", Match.TEXT) for n in (3, 2, 1, 0)),
    ]
