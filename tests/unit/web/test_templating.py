from __future__ import annotations

from datetime import UTC, datetime

import pytest

from stilton.web.assets import Assets
from stilton.web.templating import (
    filesize,
    make_environment,
    printable,
    project_url,
    rfc822,
    safe_url,
    search_url,
)


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 bytes"),
        (999, "999 bytes"),
        (1000, "1.0 kB"),
        (1_234_567, "1.2 MB"),
        (5 * 10**12, "5000.0 GB"),
    ],
)
def test_filesize(size: int, shown: str) -> None:
    assert filesize(size) == shown


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.invalid/x", "https://example.invalid/x"),
        ("  HTTP://example.invalid ", "HTTP://example.invalid"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.invalid/", None),
        ("/relative", None),
        ("https://example.invalid/\x00", None),
        ("", None),
        (None, None),
    ],
)
def test_only_absolute_http_urls_become_links(url: str | None, kept: str | None) -> None:
    assert safe_url(url) == kept


def test_printable_drops_what_xml_cannot_hold() -> None:
    assert printable("a\x00b\x1fc\td\ne\ufffe") == "abc\td\ne"
    assert printable(None) == ""


def test_urls_are_built_escaped() -> None:
    assert project_url("foo-bar") == "/project/foo-bar/"
    assert project_url("foo", "1.0+local") == "/project/foo/1.0%2Blocal/"
    assert search_url() == "/search/"
    assert search_url("a&b", ["Framework :: Django"], 2) == (
        "/search/?q=a%26b&c=Framework+%3A%3A+Django&page=2"
    )


def test_rfc822_dates_for_feeds() -> None:
    assert rfc822(datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)) == "Wed, 04 Mar 2026 05:06:07 GMT"


def test_every_template_escapes_by_default() -> None:
    environment = make_environment(Assets())
    template = environment.from_string("{{ value }}")
    assert template.render(value="<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    for name in ("base.html", "project.html", "search.html", "feed.xml", "home.html"):
        assert environment.get_template(name) is not None


def test_the_verdict_block_shows_a_badge_and_links_the_report() -> None:
    from stilton.web.scan_data import ScanSummary

    template = make_environment(Assets()).get_template("_verdict.html")

    class File:
        def __init__(self, scan: ScanSummary | None) -> None:
            self.scan = scan

    assert "not scanned" in template.render(file=File(None))
    linked = template.render(file=File(ScanSummary("clean", "clean", "/scan/1/")))
    assert (
        '<a class="verdict verdict-clean" href="/scan/1/" title="Read the scan report">clean</a>'
    ) in linked
    assert "approved" not in linked
    approved = template.render(
        file=File(ScanSummary("suspicious", "suspicious", "/scan/2/", approved=True))
    )
    assert 'class="verdict verdict-suspicious" href="/scan/2/"' in approved
    assert "approved by an admin" in approved
    unlinked = template.render(file=File(ScanSummary("malicious", "held: malicious", None)))
    assert '<span class="verdict verdict-malicious">held: malicious</span>' in unlinked
