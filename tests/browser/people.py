"""What a person does in the browser, through the pages' labels and buttons as they see them."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Playwright,
    expect,
)

# Debian's chromium package; never a downloaded browser.
CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DESKTOP = {"width": 1200, "height": 800}
# Generous: up to four helpers share two cores, and a page may wait on a scan or a CLI run.
ACTION_TIMEOUT_MS = 30_000
NAVIGATION_TIMEOUT_MS = 60_000
HOME = re.compile(r"^https?://[^/]+/$")


def launch(driver: Playwright) -> Browser:
    if CHROMIUM is None:
        raise RuntimeError("Debian's chromium is not installed (apt-get install chromium)")
    return driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@dataclass
class Person:
    """One browser context (its own cookies), its page, and everything that went wrong on it:
    script errors and console errors (a CSP violation is reported as one), and dialogs."""

    context: BrowserContext
    page: Page
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.context.close()


def open_tab(browser: Browser, base_url: str, **options: Any) -> Person:
    options.setdefault("viewport", DESKTOP)
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    person = Person(context, context.new_page())

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            person.problems.append(message.text)

    def on_dialog(dialog: Dialog) -> None:
        person.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    person.page.on("pageerror", lambda error: person.problems.append(str(error)))
    person.page.on("console", on_console)
    person.page.on("dialog", on_dialog)
    return person


def register(page: Page, username: str, password: str) -> None:
    """From the home page's navigation; registering also logs in."""
    page.goto("/")
    page.locator("#nav-register").click()
    page.wait_for_url("**/account/register/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Email address").fill(f"{username}@example.invalid")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password again").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/account/")


def log_in(page: Page, username: str, password: str) -> None:
    page.goto("/")
    page.locator("#nav-login").click()
    page.wait_for_url(re.compile(r"/account/login/"))
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/account/")
    expect(page.locator("#nav-account")).to_have_text(username)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(HOME)
    expect(page.locator("#nav-login")).to_be_visible()


def create_token(page: Page, description: str, expires: str = "") -> str:
    """Create a token for all the person's projects; returns it as the page shows it, once."""
    page.goto("/account/")
    page.locator("#tokens-link").click()
    page.wait_for_url("**/account/tokens/")
    page.get_by_label("Description").fill(description)
    page.get_by_label("All your projects").check()
    page.get_by_label("Expires (optional)").fill(expires)
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your new API token")
    token = page.locator("#token-value").inner_text().strip()
    assert token, "the page shows no token"
    assert not any(c.isspace() for c in token), token
    return token
