"""A small, lifelike index for the screenshots: a few projects by two publishers, with READMEs,
dependencies on each other, several releases (one yanked), and two uploads the scanner held.

Every distribution is built at run time; the flagged ones are the inert fixtures of the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.builders import build_sdist, build_wheel
from tests.builders.flagged import build_malicious_wheel, build_suspicious_wheel
from tests.e2e.server import LiveServer

PUBLISHERS = ("ada", "grace")
FEATURED = "rennet"
SEARCHED = "rennet"
RENNET_README = """# rennet

An HTTP client for people who would rather not think about HTTP: connection pooling,
retries with backoff, timeouts on by default and **typed** responses.

```python
import rennet

with rennet.Client(base_url="https://api.example.com", retries=3) as client:
    order = client.get("/orders/42").json(into=Order)
```

## Features

- one client per host, pooled and HTTP/2 ready
- retries only where they are safe (idempotent methods, connection errors)
- `rennet.testing` replays recorded responses in your tests

| extra   | adds                              |
|---------|-----------------------------------|
| `socks` | SOCKS proxies                     |
| `brotli`| Brotli-compressed responses       |
"""
CLASSIFIERS = (
    ("Classifier", "Development Status :: 5 - Production/Stable"),
    ("Classifier", "Intended Audience :: Developers"),
    ("Classifier", "Programming Language :: Python :: 3"),
    ("Classifier", "Topic :: Internet :: WWW/HTTP"),
)


@dataclass(frozen=True)
class Release:
    project: str
    version: str
    publisher: str
    summary: str
    requires: tuple[str, ...] = ()
    readme: str | None = None
    details: tuple[tuple[str, str], ...] = ()
    sdist: bool = True


@dataclass
class Demo:
    tokens: dict[str, str] = field(default_factory=dict)
    held: list[str] = field(default_factory=list)


def _readme(name: str, summary: str) -> str:
    return f"# {name}\n\n{summary}.\n\n```console\n$ pip install {name}\n```\n"


RELEASES = (
    Release("curdle", "0.9.0", "grace", "Validate and coerce JSON data with type hints"),
    Release("curdle", "1.0.0", "grace", "Validate and coerce JSON data with type hints"),
    Release(FEATURED, "2.9.0", "ada", "HTTP client with pooling, retries and typed responses"),
    Release(FEATURED, "3.0.0", "ada", "HTTP client with pooling, retries and typed responses"),
    Release(
        FEATURED,
        "3.1.0",
        "ada",
        "HTTP client with pooling, retries and typed responses",
        requires=(
            "curdle>=1.0",
            "certifi>=2024.2",
            "socksio>=1.0; extra == 'socks'",
            "brotli>=1.1; extra == 'brotli'",
        ),
        readme=RENNET_README,
        details=(
            ("Provides-Extra", "socks"),
            ("Provides-Extra", "brotli"),
            ("License", "MIT"),
            ("Keywords", "http,client,retries,pool"),
            ("Author-email", "Ada Lovelace <ada@example.invalid>"),
            ("Project-URL", "Documentation, https://rennet.example.invalid/docs"),
            ("Project-URL", "Source, https://git.example.invalid/ada/rennet"),
            *CLASSIFIERS,
        ),
    ),
    Release(
        "rennet-auth",
        "0.4.2",
        "ada",
        "OAuth 2 and API-key authentication for rennet",
        requires=("rennet>=3.0",),
    ),
    Release(
        "whey",
        "1.4.0",
        "grace",
        "A small task queue on SQLite or PostgreSQL, with retries through rennet",
        requires=("rennet>=3.1", "curdle>=1.0"),
    ),
    Release("cheddar-cli", "5.2.1", "grace", "Good-looking command line interfaces in a few lines"),
    Release("wensleydale", "1.2.0", "ada", "Tasting menus from cheese notes", sdist=False),
)
YANKED = (FEATURED, "3.0.0", "Leaked connections under HTTP/2: upgrade to 3.1.0")


def publish_demo(server: LiveServer, dest: Path) -> Demo:
    """Upload the demo releases (oldest first), yank one, and upload two files that are held."""
    demo = Demo({name: server.mint_token(name) for name in PUBLISHERS})
    dest.mkdir(parents=True, exist_ok=True)
    for release in RELEASES:
        for path in _build(release, dest):
            response = server.upload(path, demo.tokens[release.publisher])
            if response.status_code != 200:
                raise RuntimeError(f"{path.name}: {response.status_code} {response.text}")
    project, version, reason = YANKED
    server.deployment.cli("yank", project, version, "--reason", reason)
    for build, name in ((build_suspicious_wheel, "paneer-hooks"), (build_malicious_wheel, "qeso")):
        path = build(dest, name, "0.1.0")
        response = server.upload(path, demo.tokens["grace"])
        if response.status_code != 422:
            raise RuntimeError(f"{path.name} was not held: {response.status_code}")
        demo.held.append(path.name)
    return demo


def _build(release: Release, dest: Path) -> list[Path]:
    built = []
    for build in (build_wheel, build_sdist) if release.sdist else (build_wheel,):
        path = build(
            dest,
            release.project,
            release.version,
            summary=release.summary,
            description=release.readme or _readme(release.project, release.summary),
            requires_dist=release.requires,
            requires_python=">=3.9",
            extra_metadata=release.details,
        )
        built.append(path)
    return built
