"""A live `stilton serve` with the e2e sample projects, and Debian's Chromium driven by Playwright.

The server and its helpers are the e2e suite's (`tests.e2e.server`, `tests.e2e.samples`).
Chromium is the machine's `chromium` binary; no browser is ever downloaded. Without it every
test here is skipped. The screenshots in the docs are made by `scripts/screenshots.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, expect, sync_playwright

from tests.browser.people import ACTION_TIMEOUT_MS, CHROMIUM, launch
from tests.builders import build_wheel
from tests.e2e.conftest import backend  # noqa: F401 - one server per database
from tests.e2e.samples import build_samples
from tests.e2e.server import OWNER, Deployment, LiveServer, running_server
from tests.support.databases import temporary_database

FEATURED = "wensleydale"
FEATURED_README = """# Wensleydale

Crumbly, mild and slightly sweet: **Wensleydale** turns a folder of cheese notes into a
tasting menu.

## Install

```console
$ pip install wensleydale
```

## Use

```python
from wensleydale import menu

print(menu(["cheddar", "stilton"], pairing="port"))
```

| cheese   | texture  | pairs with |
|----------|----------|------------|
| Cheddar  | firm     | apple      |
| Stilton  | creamy   | port       |

> Blessed are the cheesemakers.
"""

if CHROMIUM is None:  # pragma: no cover - CI installs Debian's chromium
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

# Playwright's five seconds are too few for a page of a server sharing two busy cores.
expect.set_options(timeout=ACTION_TIMEOUT_MS)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`stilton serve` on SQLite with the e2e samples and one project with a real README."""
    root = tmp_path_factory.mktemp("browser")
    with temporary_database("sqlite", root) as database_url:
        deployment = Deployment(root / "data", database_url)
        token = deployment.mint_token(OWNER)
        with running_server(deployment, root / "server") as server:
            server.token = token
            server.publish(build_samples(root / "samples"))
            featured = build_wheel(
                root,
                FEATURED,
                "1.2.0",
                summary="Tasting menus from cheese notes",
                description=FEATURED_README,
                requires_dist=["cheddar-lib[fast]>=1.1", "cheddar-core>=2; extra == 'strong'"],
                requires_python=">=3.10",
                extra_metadata=[
                    ("Provides-Extra", "strong"),
                    ("Keywords", "cheese,menu,tasting"),
                    ("License", "MIT"),
                    ("Classifier", "Programming Language :: Python :: 3"),
                    ("Classifier", "Topic :: Software Development :: Libraries"),
                    ("Project-URL", "Source, https://example.invalid/wensleydale"),
                ],
            )
            response = server.upload(featured)
            assert response.status_code == 200, response.text
            yield server


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = launch(playwright)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")
