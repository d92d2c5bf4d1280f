from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request

from stilton.search import Match, SearchHit, SearchQuery, SearchResults
from stilton.web.search_page import MAX_PAGE, page_numbers, read_query, results_document


def request(query_string: str) -> Request:
    return Request({"type": "http", "query_string": query_string.encode(), "headers": []})


def test_the_query_is_read_defensively() -> None:
    query = read_query(request("q=a%00b&c=X&c=X&c=&c=%01&page=zz&per_page=5"))
    assert (query.text, query.classifiers, query.page, query.per_page) == ("ab", ("X",), 1, 5)
    assert read_query(request("page=100000")).page == MAX_PAGE
    many = "&".join(f"c=C{n}" for n in range(10))
    assert len(read_query(request(many)).classifiers) == 5


def test_page_numbers_keep_the_ends_and_the_neighbourhood() -> None:
    def pages(page: int, total: int) -> list[int | None]:
        results = SearchResults(SearchQuery("x", page=page, per_page=1), (), total)
        return page_numbers(results)

    assert pages(1, 1) == [1]
    assert pages(1, 4) == [1, 2, 3, 4]
    assert pages(10, 30) == [1, None, 8, 9, 10, 11, 12, None, 30]
    assert pages(30, 30) == [1, None, 28, 29, 30]


def test_the_json_document_links_the_neighbouring_pages() -> None:
    hit = SearchHit("Foo", "foo", "1.0", "A foo", datetime(2026, 1, 2, tzinfo=UTC), Match.EXACT)
    query = SearchQuery("foo bar", ("Typing :: Typed",), page=2, per_page=1)
    document = results_document(SearchResults(query, (hit,), 3), "https://x.invalid")
    assert document["results"] == [
        {
            "name": "Foo",
            "normalized_name": "foo",
            "version": "1.0",
            "summary": "A foo",
            "updated": "2026-01-02T00:00:00Z",
            "match": "exact",
            "url": "https://x.invalid/project/foo/",
            "json_url": "https://x.invalid/pypi/foo/json",
        }
    ]
    assert document["next"] == (
        "https://x.invalid/search/?q=foo+bar&c=Typing+%3A%3A+Typed&page=3&per_page=1&format=json"
    )
    assert document["previous"] == (
        "https://x.invalid/search/?q=foo+bar&c=Typing+%3A%3A+Typed&per_page=1&format=json"
    )
    assert (document["total"], document["pages"], document["more"]) == (3, 3, False)
