"""A check that HTML can run nothing: no scripts, handlers, script URLs, styles or frames."""

from __future__ import annotations

from html.parser import HTMLParser

FORBIDDEN_TAGS = frozenset(
    {"script", "iframe", "frame", "object", "embed", "style", "form", "base"}
)
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "srcset"})


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name == "style":
                self.problems.append(f"{tag}[style]")
            cleaned = "".join((value or "").split()).lower()
            if name in URL_ATTRIBUTES and cleaned.startswith(("javascript:", "vbscript:", "data:")):
                self.problems.append(f"{tag}[{name}={value}]")


def active_content(html: str, *, allow: frozenset[str] = frozenset()) -> list[str]:
    """What in `html` could run or restyle the page (tags named in `allow` are let through)."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return [problem for problem in finder.problems if problem.strip("<>") not in allow]
