"""Stilton's own CSS, script and icon, served from memory under content-addressed URLs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

_MEDIA_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
_FOREVER = "public, max-age=31536000, immutable"
_BRIEFLY = "public, max-age=300"


@dataclass(frozen=True)
class Asset:
    body: bytes
    digest: str
    media_type: str


class Assets:
    """Every file of `stilton/web/static`, read once; URLs carry a digest of the content."""

    def __init__(self) -> None:
        self._assets: dict[str, Asset] = {}
        for entry in resources.files("stilton.web").joinpath("static").iterdir():
            suffix = "." + entry.name.rsplit(".", 1)[-1]
            if entry.is_file() and suffix in _MEDIA_TYPES:
                body = entry.read_bytes()
                digest = hashlib.blake2b(body, digest_size=6).hexdigest()
                self._assets[entry.name] = Asset(body, digest, _MEDIA_TYPES[suffix])

    def url(self, name: str) -> str:
        return f"/static/{self._assets[name].digest}/{name}"

    def response(self, digest: str, name: str) -> Response:
        asset = self._assets.get(name)
        if asset is None:
            return PlainTextResponse("Not Found", 404)
        # An older digest still gets today's file, briefly cached: pages rendered before a
        # deployment keep their styles.
        caching = _FOREVER if digest == asset.digest else _BRIEFLY
        return Response(
            asset.body,
            media_type=asset.media_type,
            headers={"Cache-Control": caching, "ETag": f'"{asset.digest}"'},
        )


async def static_file(request: Request) -> Response:
    assets: Assets = request.app.state.web.assets
    return assets.response(request.path_params["digest"], request.path_params["name"])
