"""Descriptions render as PyPI renders them, and nothing in them can run."""

from __future__ import annotations

import pytest

from stilton.web.readme import ReadmeCache, render_description
from tests.unit.web.inert import active_content

HOSTILE_MARKDOWN = """# Title

<script>alert("script")</script>
<img src="x" onerror="alert('img')">
[a link](javascript:alert('link'))
<a href="javascript:alert('anchor')" onclick="alert('click')">anchor</a>
<iframe src="https://example.invalid/"></iframe>
<style>body { display: none }</style>
<form action="https://example.invalid/"><input name="x"></form>
<div style="position:fixed">styled</div>
"""

HOSTILE_RST = """Title
=====

`a link <javascript:alert('rst')>`_

.. raw:: html

   <script>alert("raw")</script>
"""


def assert_inert(html: str) -> None:
    assert active_content(html) == [], html


def test_markdown_renders_as_github_flavoured_markdown() -> None:
    html = render_description("# Hello\n\n| a |\n|---|\n| 1 |\n\n~~old~~", "text/markdown")
    assert '<h1 id="user-content-hello">' in html
    assert "<table>" in html
    assert "<del>old</del>" in html


def test_commonmark_variant_is_honoured() -> None:
    html = render_description("~~old~~", "text/markdown; variant=CommonMark")
    assert "<del>" not in html


def test_code_blocks_are_highlighted() -> None:
    html = render_description("```python\nimport os\n```", "text/markdown")
    assert '<span class="kn">import</span>' in html


def test_hostile_markdown_renders_inert() -> None:
    html = render_description(HOSTILE_MARKDOWN, "text/markdown")
    assert_inert(html)
    assert "Title" in html
    assert "anchor" in html


def test_hostile_rst_renders_inert() -> None:
    html = render_description(HOSTILE_RST, "text/x-rst")
    assert_inert(html)
    assert "Title" in html


@pytest.mark.parametrize("content_type", [None, "", "text/x-rst; charset=UTF-8"])
def test_rst_is_the_default_as_on_pypi(content_type: str | None) -> None:
    html = render_description("Heading\n=======\n\n*emphasis*", content_type)
    assert "<em>emphasis</em>" in html


def test_rst_that_does_not_render_falls_back_to_plain_text() -> None:
    html = render_description("Broken\n===\n\n.. unknown-directive::\n\n<b>x</b>", "text/x-rst")
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_plain_text_and_unknown_types_are_escaped_text() -> None:
    for content_type in ("text/plain", "application/x-what"):
        html = render_description("a <b>\nb", content_type)
        assert html == "a &lt;b&gt;<br>b"


def test_the_cache_renders_each_text_once_and_forgets_the_oldest() -> None:
    cache = ReadmeCache(capacity=2)
    first = cache.render("# One", "text/markdown")
    assert first is cache.render("# One", "text/markdown")
    assert first is not cache.render("# One", "text/x-rst")
    cache.render("# Two", "text/markdown")
    assert first is not cache.render("# One", "text/markdown")
    assert cache.render("", "text/markdown") is None
    assert cache.render("  \n", None) is None


def test_the_inertness_check_itself_finds_active_content() -> None:
    found = active_content(
        '<script>x</script><a href=" JaVa script:x">a</a><a href="javascript:x">b</a>'
        '<img src=x onerror=y><p style="color:red">c</p><iframe></iframe>'
    )
    assert found == [
        "<script>",
        "a[href= JaVa script:x]",
        "a[href=javascript:x]",
        "img[onerror]",
        "p[style]",
        "<iframe>",
    ]
