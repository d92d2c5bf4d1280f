"""A release's description as HTML, rendered as PyPI renders it and cached by content.

`readme_renderer` turns Markdown (GFM unless the variant says CommonMark), reStructuredText
(also when no content type is given, as PyPI assumes) and plain text into HTML and cleans it
with nh3: no scripts, no event handlers, no `javascript:` links. reStructuredText that does
not render falls back to plain text. The result is cached by a digest of the text and its
type, so a description is rendered once per process however many pages show it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from email.message import Message

import readme_renderer.markdown
import readme_renderer.rst
import readme_renderer.txt
from markupsafe import Markup

MARKDOWN = "text/markdown"
RST = "text/x-rst"
PLAIN = "text/plain"


def render_description(text: str, content_type: str | None) -> Markup:
    """Sanitized HTML for a description (the caller checks it is not empty)."""
    kind, variant = _parse_content_type(content_type)
    html: str | None
    if kind == MARKDOWN:
        html = readme_renderer.markdown.render(text, variant=variant or "GFM")
    elif kind == RST:
        html = readme_renderer.rst.render(text)
    else:
        html = None
    if html is None:
        html = readme_renderer.txt.render(text)
    # The renderers' output has been through nh3; it is the one place HTML passes unescaped.
    return Markup(html or "")  # noqa: S704


def _parse_content_type(content_type: str | None) -> tuple[str, str | None]:
    if not content_type or not content_type.strip():
        return RST, None
    message = Message()
    message["Content-Type"] = content_type
    kind = message.get_content_type()
    variant = message.get_param("variant")
    if kind not in (MARKDOWN, RST, PLAIN):
        kind = PLAIN
    return kind, variant if isinstance(variant, str) else None


class ReadmeCache:
    """Rendered descriptions by digest of (content type, text); least recently used go first."""

    def __init__(self, capacity: int = 256) -> None:
        self.capacity = capacity
        self._rendered: OrderedDict[bytes, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def render(self, text: str | None, content_type: str | None) -> Markup | None:
        """None when there is no description to show. Blocking: call from a worker thread."""
        if not text or not text.strip():
            return None
        key = hashlib.blake2b(
            f"{content_type or ''}\0{text}".encode("utf-8", "surrogatepass"), digest_size=16
        ).digest()
        with self._lock:
            cached = self._rendered.get(key)
            if cached is not None:
                self._rendered.move_to_end(key)
                return cached
        html = render_description(text, content_type)
        with self._lock:
            self._rendered[key] = html
            while len(self._rendered) > self.capacity:
                self._rendered.popitem(last=False)
        return html
