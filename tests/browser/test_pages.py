"""A person finds a project by searching, opens it, reads its README and dependencies."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from tests.browser.conftest import FEATURED
from tests.browser.people import open_tab
from tests.builders import build_wheel
from tests.e2e.server import LiveServer

DESKTOP = {"width": 1200, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page that fails the test on any script error or console error (a CSP
    violation is reported as one)."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", on_console)
    yield page
    context.close()
    assert problems == []


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_find_open_and_read_a_project(page: Page, site: LiveServer, screenshots: Path) -> None:
    page.goto(site.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Find a package")
    page.screenshot(path=screenshots / "home.png")

    page.get_by_label("Search projects by name").fill("cheddar")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=cheddar")
    # The cheddar projects by name first, then the one whose README names it.
    hits = page.locator(".result h2 a")
    expect(hits).to_have_count(6)
    expect(hits.last).to_have_text(FEATURED)
    result = page.get_by_role("link", name=FEATURED, exact=True)
    page.screenshot(path=screenshots / "search.png")

    result.click()
    page.wait_for_url(f"**/project/{FEATURED}/")
    expect(page.locator(".project-header h1")).to_have_text(f"{FEATURED} 1.2.0")
    readme = page.locator(".readme")
    expect(readme.get_by_role("heading", name="Wensleydale", exact=True)).to_be_visible()
    expect(readme.locator("table")).to_contain_text("Stilton")
    dependencies = page.locator("#dependencies")
    expect(dependencies.get_by_role("link", name="cheddar-lib")).to_be_visible()
    expect(dependencies).to_contain_text("With the extra strong")
    page.screenshot(path=screenshots / "project.png")

    dependencies.get_by_role("link", name="cheddar-lib").click()
    page.wait_for_url("**/project/cheddar-lib/")
    expect(page.locator("#used-by").get_by_role("link", name=FEATURED)).to_be_visible()
    expect(page.locator("#used-by").get_by_role("link", name="cheddar-app")).to_be_visible()

    for name in ("home.png", "search.png", "project.png"):
        width, height = png_size(screenshots / name)
        assert (width, height) == (DESKTOP["width"], DESKTOP["height"])
        assert (screenshots / name).stat().st_size < 400_000


def test_the_history_and_files_of_an_older_release(page: Page, site: LiveServer) -> None:
    page.goto(site.url + "/project/cheddar-app/")
    page.locator("#history").get_by_role("link", name="1.0", exact=True).click()
    page.wait_for_url("**/project/cheddar-app/1.0/")
    expect(page.locator(".notice")).to_contain_text("the latest release is 2.0")
    files = page.locator("#files")
    expect(files.get_by_role("link", name="cheddar_app-1.0-py3-none-any.whl")).to_be_visible()
    verdict = files.get_by_role("link", name="clean").first
    expect(verdict).to_be_visible()
    verdict.click()
    page.wait_for_url("**/project/cheddar-app/1.0/files/*/scan/")
    expect(page.locator("#current-report")).to_contain_text("No findings")


def test_the_copy_button_copies_the_install_command(browser: Browser, site: LiveServer) -> None:
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page = context.new_page()
    page.goto(f"{site.url}/project/{FEATURED}/")
    button = page.locator(".install button.copy")
    expect(button).to_be_visible()
    button.click()
    expect(button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"pip install --index-url {site.url}/simple/ {FEATURED}"
    context.close()


def test_pages_work_without_javascript(browser: Browser, site: LiveServer) -> None:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/")
    page.get_by_label("Search projects by name").fill("cheddar")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=cheddar")
    page.get_by_role("link", name="cheddar-core", exact=True).click()
    expect(page.locator("#install-command")).to_contain_text("pip install")
    expect(page.locator(".install button.copy")).to_be_hidden()
    context.close()


def test_a_phone_sees_every_page_without_sideways_scrolling(
    browser: Browser, site: LiveServer, screenshots: Path
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    for path in ("/", "/search/?q=cheddar", "/project/cheddar-lib/1.1/", f"/project/{FEATURED}/"):
        page.goto(site.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path
    page.locator("#files").scroll_into_view_if_needed()
    page.screenshot(path=screenshots / "project-phone.png")
    context.close()


HOSTILE = "hostile-readme"
HOSTILE_README = """# Hostile

<script>alert("script tag")</script>

[markdown link](javascript:alert("markdown"))

<a href="javascript:alert('html')">html link</a>
and <a href=" JaVaScRiPt:alert('mixed')">mixed case link</a>

<img src="/static/none.png" onerror="alert('image')" alt="broken image">

<p onclick="alert('paragraph')">Click this paragraph</p>
"""


def test_a_readme_with_scripts_and_script_links_renders_inert(
    browser: Browser, site: LiveServer, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, HOSTILE, "1.0", description=HOSTILE_README)
    assert site.upload(wheel).status_code == 200, site.stderr()
    person = open_tab(browser, site.url)
    page = person.page
    page.goto(f"/project/{HOSTILE}/")
    readme = page.locator(".readme")
    expect(readme.get_by_role("heading", name="Hostile")).to_be_visible()
    expect(readme.locator("script")).to_have_count(0)
    expect(readme.locator("[onerror], [onclick]")).to_have_count(0)
    hrefs = [link.get_attribute("href") or "" for link in readme.locator("a").all()]
    assert not [href for href in hrefs if "javascript:" in href.lower().replace(" ", "")], hrefs

    for text in ("markdown link", "html link", "mixed case link", "Click this paragraph"):
        readme.get_by_text(text, exact=True).click()
    page.wait_for_timeout(500)  # a dialog a click opened would have been reported by now
    assert person.dialogs == []
    assert page.url == f"{site.url}/project/{HOSTILE}/"
    assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    person.close()
    # The image's 404 is the only complaint: no CSP refusal of an inline script or handler.
    assert [p for p in person.problems if "Failed to load resource" not in p] == []
