"""A publisher's whole way through the pages, in order, on one server per database:
register and log in, make an API token, upload with twine, find the project, read it, yank
a release; then an admin reviews the upload the scanner held, and approves it.

Each test is one step (`@step`, in file order) and leaves what the next needs in `Journey`;
a test whose predecessor failed is skipped, so the first failure is the one reported.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.people import Person, create_token, log_in, log_out, open_tab, register
from tests.browser.sites import add_account, empty_site
from tests.builders import build_sdist, build_wheel
from tests.builders.flagged import MALICIOUS_RULES, build_malicious_wheel
from tests.e2e.clients import client_env, twine_upload
from tests.e2e.server import LiveServer

pytestmark = pytest.mark.e2e

PUBLISHER = "alice"
ADMIN = "root-admin"
PASSWORD = "a long enough passphrase"
PROJECT = "roquefort"
LIBRARY = "roquefort-core"
ELSEWHERE = "brie-http"
YANK_REASON = "Crashes on empty cellars: use 1.1"
README = """# Roquefort

Ages your **data** in limestone caves until it is ready to serve.

## Use

```python
from roquefort import cave

cave.age("curds", weeks=12)
```

- sheep's milk only
- blue veins guaranteed
"""


@dataclass
class Journey:
    server: LiveServer
    browser: Browser
    publisher: Person
    scratch: Path
    tried: set[str] = field(default_factory=set)
    passed: set[str] = field(default_factory=set)
    token: str = ""

    @property
    def page(self) -> Page:
        return self.publisher.page


Step = Callable[[Journey], None]
STEPS: list[Step] = []


def step(test: Step) -> Step:
    """A test that is one step of the journey, in the order of this file."""

    @functools.wraps(test)
    def run(journey: Journey) -> None:
        journey.tried.add(test.__name__)
        test(journey)
        journey.passed.add(test.__name__)

    STEPS.append(run)
    return run


@pytest.fixture(scope="module")
def trip(
    backend: str, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Journey]:
    root = tmp_path_factory.mktemp(f"journey-{backend}")
    with empty_site(backend, root) as server:
        publisher = open_tab(browser, server.url)
        yield Journey(server, browser, publisher, root)
        publisher.close()


@pytest.fixture
def journey(trip: Journey, request: pytest.FixtureRequest) -> Iterator[Journey]:
    """The module's journey, brought up to this test's step: the steps before it that this
    process has not taken (pytest-xdist may have given them to another worker) are taken
    first; a step that failed here skips the rest."""
    names = [earlier.__name__ for earlier in STEPS]
    for earlier in STEPS[: names.index(request.function.__name__)]:
        if earlier.__name__ not in trip.tried:
            earlier(trip)
        elif earlier.__name__ not in trip.passed:
            pytest.skip(f"the step {earlier.__name__} failed")
    yield trip
    assert trip.publisher.problems == []
    assert trip.publisher.dialogs == []


@step
def test_register_log_out_and_log_back_in(journey: Journey) -> None:
    page = journey.page
    register(page, PUBLISHER, PASSWORD)
    expect(page.get_by_role("status")).to_contain_text(f"Welcome, {PUBLISHER}")
    expect(page.locator("#your-projects")).to_contain_text("No projects yet")

    log_out(page)
    page.goto("/account/")
    page.wait_for_url(re.compile(r"/account/login/\?next="))
    log_in(page, PUBLISHER, PASSWORD)


@step
def test_create_an_api_token_shown_once(journey: Journey) -> None:
    page = journey.page
    token = create_token(page, "twine on my laptop", expires="30d")

    page.get_by_role("link", name="Back to your tokens").click()
    page.wait_for_url("**/account/tokens/")
    row = page.locator("#token-list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("twine on my laptop")
    expect(row.locator(".token-status")).to_have_text("active")
    assert token not in page.content()
    journey.token = token


@step
def test_twine_uploads_wheels_and_sdists_with_the_token(journey: Journey) -> None:
    dist = journey.scratch / "dist"
    dist.mkdir()
    files = [
        build_wheel(dist, LIBRARY, "1.0", summary="The caves under roquefort"),
        *(
            build(
                dist,
                PROJECT,
                version,
                summary="Blue cheese for your data",
                description=README,
                requires_dist=[f"{LIBRARY}>=1.0", f"{ELSEWHERE}>=2; extra == 'web'"],
                extra_metadata=[("Provides-Extra", "web"), ("Keywords", "cheese,ageing")],
            )
            for version in ("1.0", "1.1")
            for build in (build_wheel, build_sdist)
        ),
    ]
    env = client_env(journey.scratch / "client")
    outcome = twine_upload(journey.server.upload_url, journey.token, files, env)
    assert outcome.returncode == 0, outcome

    page = journey.page
    page.goto("/account/")
    projects = page.locator("#your-projects tbody tr")
    expect(projects).to_have_count(2)
    expect(projects.filter(has_text=LIBRARY)).to_contain_text("Owner")


@step
def test_find_the_project_by_search_and_read_it(journey: Journey) -> None:
    page = journey.page
    page.goto("/")
    page.get_by_label("Search projects by name").fill(PROJECT)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/search/?q={PROJECT}")
    hits = page.locator(".result h2 a")
    expect(hits).to_have_text([PROJECT, LIBRARY])

    hits.first.click()
    page.wait_for_url(f"**/project/{PROJECT}/")
    expect(page.locator(".project-header h1")).to_have_text(f"{PROJECT} 1.1")
    readme = page.locator(".readme")
    expect(readme.get_by_role("heading", name="Roquefort", exact=True)).to_be_visible()
    expect(readme.locator("strong")).to_have_text("data")
    expect(readme.locator("pre")).to_contain_text('cave.age("curds", weeks=12)')
    expect(readme.get_by_role("listitem")).to_have_count(2)

    dependencies = page.locator("#dependencies")
    expect(dependencies).to_contain_text("With the extra web")
    expect(dependencies.locator("li", has_text=ELSEWHERE)).to_contain_text("not on this index")
    dependencies.get_by_role("link", name=LIBRARY).click()
    page.wait_for_url(f"**/project/{LIBRARY}/")
    expect(page.locator("#used-by").get_by_role("link", name=PROJECT)).to_be_visible()


@step
def test_yank_a_release_with_a_reason_and_see_it_marked(journey: Journey) -> None:
    page = journey.page
    page.goto(f"/project/{PROJECT}/")
    page.get_by_role("link", name="Manage this project").click()
    page.wait_for_url(f"**/manage/project/{PROJECT}/")
    release = page.locator("article.managed-release").filter(
        has=page.locator('input[name="version"][value="1.0"]')
    )
    release.get_by_label("Reason for yanking").fill(YANK_REASON)
    release.get_by_role("button", name="Yank").click()
    page.wait_for_url(f"**/manage/project/{PROJECT}/")
    expect(page.get_by_role("status")).to_contain_text("1.0 is yanked")
    expect(release.locator(".tag-yanked")).to_be_visible()
    expect(release.locator(".yank-reason")).to_contain_text(YANK_REASON)

    page.get_by_role("link", name="Public page").click()
    page.wait_for_url(f"**/project/{PROJECT}/")
    old = page.locator("#history li").filter(has=page.get_by_role("link", name="1.0", exact=True))
    expect(old.locator(".tag-yanked")).to_have_text("yanked")
    expect(old.locator(".yank-reason")).to_have_text(YANK_REASON)

    old.get_by_role("link", name="1.0", exact=True).click()
    page.wait_for_url(f"**/project/{PROJECT}/1.0/")
    notice = page.locator(".project-header .notice-danger")
    expect(notice).to_contain_text("This release is yanked.")
    expect(notice.locator("q")).to_have_text(YANK_REASON)
    simple = journey.server.http.get(
        f"{journey.server.index_url}{PROJECT}/",
        headers={"Accept": "application/vnd.pypi.simple.v1+json"},
    )
    yanked = {f["filename"]: f["yanked"] for f in simple.json()["files"]}
    assert yanked == {
        "roquefort-1.0-py3-none-any.whl": YANK_REASON,
        "roquefort-1.0.tar.gz": YANK_REASON,
        "roquefort-1.1-py3-none-any.whl": False,
        "roquefort-1.1.tar.gz": False,
    }


@step
def test_an_admin_reads_the_findings_of_a_held_upload_and_approves_it(journey: Journey) -> None:
    server, page = journey.server, journey.page
    wheel = build_malicious_wheel(journey.scratch / "dist", LIBRARY, "1.1")
    env = client_env(journey.scratch / "client")
    refused = twine_upload(server.upload_url, journey.token, [wheel], env)
    assert refused.returncode != 0, refused
    assert "HTTPError: 422" in refused.said, refused
    assert f"an admin must approve '{wheel.name}'" in refused.said, refused
    page.goto(f"/project/{LIBRARY}/")
    expect(page.locator(".project-header h1")).to_have_text(f"{LIBRARY} 1.0")
    assert wheel.name not in (server.served(LIBRARY) or {})

    add_account(server.deployment, ADMIN, PASSWORD, admin=True)
    admin = open_tab(journey.browser, server.url)
    try:
        approve_in_the_review_queue(admin.page, wheel.name)
    finally:
        admin.close()
    assert admin.problems == []

    page.goto(f"/project/{LIBRARY}/")
    expect(page.locator(".project-header h1")).to_have_text(f"{LIBRARY} 1.1")
    listed = page.locator("#files tbody tr").filter(has_text=wheel.name)
    expect(listed.get_by_role("link", name=wheel.name)).to_be_visible()
    assert wheel.name in (server.served(LIBRARY) or {})


def approve_in_the_review_queue(page: Page, filename: str) -> None:
    log_in(page, ADMIN, PASSWORD)
    page.get_by_role("link", name="Admin", exact=True).click()
    page.wait_for_url("**/admin/")
    expect(page.locator("#count-awaiting")).to_have_text("1")
    page.get_by_role("link", name="Review queue").click()
    page.wait_for_url("**/admin/review/")
    rows = page.locator("#review-queue tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("quarantined")
    expect(rows).to_contain_text(PUBLISHER)

    rows.get_by_role("link", name=filename).click()
    page.wait_for_url(f"**/admin/review/{filename}/")
    expect(page.locator("#report-verdict")).to_have_text("malicious")
    findings = page.locator("#findings tbody tr")
    for rule in MALICIOUS_RULES:
        expect(findings.filter(has_text=rule).first).to_be_visible()
    page.get_by_label("Why it is safe").fill("Inert fixture of the browser tests")
    page.get_by_role("button", name="Approve and publish").click()
    page.wait_for_url("**/admin/review/")
    expect(page.get_by_role("status")).to_contain_text(f"{filename} is approved")
    expect(page.locator("#review-empty")).to_have_text("Nothing awaits review.")
