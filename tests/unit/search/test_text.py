from __future__ import annotations

import pytest

from stilton.search import SearchQuery, words
from stilton.search.text import MAX_TERMS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, ""),
        ("", ""),
        ("Café-Tools: 2.0!", "cafe tools 2 0"),
        ("snake_case and CamelCase", "snake case and camelcase"),
        ("ÉCOLE naïve Straße", "ecole naive strasse"),
        ("<script>alert(1)</script>", "script alert 1 script"),
        ("  spaced\t\nout  ", "spaced out"),
        ("数据 处理", "数据 处理"),
    ],
)
def test_words_are_lowercase_letters_and_digits(text: str | None, expected: str) -> None:
    assert words(text) == expected


def test_words_cut_at_a_whole_word() -> None:
    assert words("alpha beta gamma", limit=12) == "alpha beta"
    assert words("alpha beta gamma", limit=100) == "alpha beta gamma"


@pytest.mark.parametrize(
    ("text", "name_key"),
    [
        ("Requests", "requests"),
        ("zope.interface", "zope-interface"),
        ("Django REST framework", "django-rest-framework"),
        ("flask-", "flask-"),
        ("c++", None),
        ("!!", None),
        ("", None),
        ("café", None),
    ],
)
def test_the_name_key_reads_the_query_as_a_project_name(text: str, name_key: str | None) -> None:
    assert SearchQuery(text).name_key == name_key


def test_terms_are_unique_words_and_bounded() -> None:
    assert SearchQuery("HTTP http client, Client").terms == ("http", "client")
    many = " ".join(f"word{n}" for n in range(20))
    assert len(SearchQuery(many).terms) == MAX_TERMS


def test_pages_and_sizes_are_clamped() -> None:
    query = SearchQuery("x", page=0, per_page=1000)
    assert (query.page, query.per_page, query.offset) == (1, 100, 0)
    assert SearchQuery("x", page=3, per_page=20).offset == 40


def test_an_empty_query_is_one_without_words_names_or_classifiers() -> None:
    assert SearchQuery("  ").is_empty
    assert SearchQuery("--").is_empty
    assert not SearchQuery("", classifiers=("Typing :: Typed",)).is_empty
    assert SearchQuery("  lots   of\tspace ").text == "lots of space"
