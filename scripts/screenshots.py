"""Make the screenshots of docs/screenshots/ from a small demo index.

    make screenshots                    # or: .venv/bin/python scripts/screenshots.py [DIR]

Starts `stilton serve` on a throwaway SQLite database, publishes the demo projects of
tests/browser/demo.py (two of whose uploads the scanner holds), and photographs the home,
search, project and admin review pages in Debian's chromium at 1200x800 (the project page
also at phone size). Each PNG is deflated again at zlib's highest level to keep it small.
"""

from __future__ import annotations

import secrets
import struct
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the demo and the server helpers live in the tests

from playwright.sync_api import Page, sync_playwright  # noqa: E402
from tests.browser.demo import FEATURED, SEARCHED, publish_demo  # noqa: E402
from tests.browser.people import DESKTOP, launch, log_in, open_tab  # noqa: E402
from tests.browser.sites import add_account, empty_site  # noqa: E402

PHONE = {"width": 390, "height": 844}
# Shown in the install commands instead of the throwaway server's random port.
BASE_URL = "https://packages.example.com"
ADMIN = "moderator"
PASSWORD = secrets.token_urlsafe(16)
PUBLIC = (
    ("home.png", "/", DESKTOP),
    ("search.png", f"/search/?q={SEARCHED}", DESKTOP),
    ("project.png", f"/project/{FEATURED}/", DESKTOP),
    ("project-phone.png", f"/project/{FEATURED}/", PHONE),
)
ADMIN_PAGES = (("admin.png", "/admin/review/", DESKTOP),)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="stilton-screenshots-") as scratch:
        root = Path(scratch)
        with empty_site("sqlite", root, {"STILTON_BASE_URL": BASE_URL}) as server:
            publish_demo(server, root / "dist")
            add_account(server.deployment, ADMIN, PASSWORD, admin=True)
            with sync_playwright() as driver:
                browser = launch(driver)
                for name, path, viewport in PUBLIC:
                    visitor = open_tab(browser, server.url, viewport=viewport)
                    shoot(visitor.page, path, out / name)
                    visitor.close()
                admin = open_tab(browser, server.url)
                log_in(admin.page, ADMIN, PASSWORD)
                for name, path, _ in ADMIN_PAGES:
                    shoot(admin.page, path, out / name)
                browser.close()
    for name, *_ in (*PUBLIC, *ADMIN_PAGES):
        sys.stdout.write(f"{out / name}: {(out / name).stat().st_size // 1024} KiB\n")
    return 0


def shoot(page: Page, path: str, target: Path) -> None:
    response = page.goto(path)
    if response is None or response.status != 200:
        raise RuntimeError(f"{path}: {response.status if response else 'no response'}")
    page.screenshot(path=target)
    deflate_again(target)


def deflate_again(path: Path) -> None:
    """Recompress a PNG's image data at zlib level 9; the pixels stay exactly the same."""
    data = path.read_bytes()
    chunks: list[tuple[bytes, bytes]] = []
    image = b""
    position = 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IDAT":
            image += body
        else:
            chunks.append((kind, body))
    packed = zlib.compress(zlib.decompress(image), 9)
    rebuilt = [data[:8]]
    for kind, body in chunks:
        if kind == b"IEND":
            rebuilt.append(_chunk(b"IDAT", packed))
        rebuilt.append(_chunk(kind, body))
    smaller = b"".join(rebuilt)
    if len(smaller) < len(data):
        path.write_bytes(smaller)


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body)
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
