from __future__ import annotations

import pytest

from stilton.simple import PageFormat, choose_format

HTML = PageFormat.HTML
HTML_V1 = PageFormat.HTML_V1
JSON = PageFormat.JSON_V1
JSON_TYPE = "application/vnd.pypi.simple.v1+json"
HTML_V1_TYPE = "application/vnd.pypi.simple.v1+html"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, HTML),
        ("", HTML),
        ("*/*", HTML),
        ("text/*", HTML),
        ("text/html", HTML),
        ("TEXT/HTML", HTML),
        ("text/html; charset=utf-8", HTML),
        (JSON_TYPE, JSON),
        ("application/vnd.pypi.simple.latest+json", JSON),
        (HTML_V1_TYPE, HTML_V1),
        ("application/vnd.pypi.simple.latest+html", HTML_V1),
        ("application/json", HTML),
        ("application/vnd.pypi.simple.v2+json", HTML),
        ("image/png", HTML),
        ("garbage", HTML),
        (";;;,,,", HTML),
        ("text/html;q=", HTML),
        # what pip sends
        (f"{JSON_TYPE}, {HTML_V1_TYPE}; q=0.1, text/html; q=0.01", JSON),
        # what uv sends
        (f"{JSON_TYPE}, {HTML_V1_TYPE};q=0.2, text/html;q=0.01", JSON),
        # q-values decide, not order
        (f"text/html;q=0.5, {JSON_TYPE};q=0.9", JSON),
        (f"{JSON_TYPE};q=0.2, text/html;q=0.8", HTML),
        (f"{JSON_TYPE};q=0.5, {HTML_V1_TYPE};q=0.6", HTML_V1),
        # ties go to the earlier entry
        (f"text/html, {JSON_TYPE}", HTML),
        (f"{JSON_TYPE}, text/html", JSON),
        (f"{JSON_TYPE};q=0.5, text/html;q=0.5", JSON),
        # q=0 means "not this"
        (f"{JSON_TYPE};q=0", HTML),
        (f"{JSON_TYPE};q=0, {HTML_V1_TYPE}", HTML_V1),
        (f"{JSON_TYPE};q=0.0, */*", HTML),
        # unparseable q-values count as zero
        (f"{JSON_TYPE};q=high", HTML),
        (f"{JSON_TYPE};q=high, text/html;q=0.1", HTML),
        # parameters other than q are ignored
        (f"{JSON_TYPE}; charset=utf-8; q=0.9, text/html; q=0.1", JSON),
        (f"{JSON_TYPE}; Q=0.1, text/html; q=0.2", HTML),
        # unknown types among known ones are skipped
        (f"application/json, image/webp, {JSON_TYPE};q=0.5", JSON),
        (f"*/*;q=1.0, {JSON_TYPE};q=0.9", JSON),
    ],
)
def test_accept_header(accept: str | None, expected: PageFormat) -> None:
    assert choose_format(accept) is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("json", JSON),
        ("JSON", JSON),
        ("html", HTML),
        (JSON_TYPE, JSON),
        (HTML_V1_TYPE, HTML_V1),
        ("text/html", HTML),
    ],
)
def test_the_format_query_parameter_wins_over_accept(query: str, expected: PageFormat) -> None:
    accept = "text/html" if expected.is_json else JSON_TYPE
    assert choose_format(accept, query) is expected


@pytest.mark.parametrize("query", ["", "xml", "yaml", "application/json"])
def test_an_unknown_format_parameter_falls_back_to_accept(query: str) -> None:
    assert choose_format(JSON_TYPE, query) is JSON
    assert choose_format(None, query) is HTML


def test_formats_know_their_media_type() -> None:
    assert HTML.media_type == "text/html"
    assert HTML.value == "text/html; charset=utf-8"
    assert JSON.media_type == JSON_TYPE
    assert HTML_V1.media_type == HTML_V1_TYPE
    assert [f.is_json for f in (HTML, HTML_V1, JSON)] == [False, False, True]
