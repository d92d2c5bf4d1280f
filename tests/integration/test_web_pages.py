"""The pages people read, over the whole app on SQLite and PostgreSQL, after real uploads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from stilton.accounts import Actor
from stilton.db import models
from stilton.web import CONTENT_SECURITY_POLICY
from tests.builders import build_wheel
from tests.integration.conftest import Index
from tests.unit.web.inert import active_content

README = """# Cheese tools

Tools for *blue* cheese.

```python
import cheese
```
"""


def publish(index: Index, directory: Path, name: str, version: str = "1.0", **kwargs: Any) -> Path:
    wheel = build_wheel(directory, name, version, **kwargs)
    response = index.upload(wheel)
    assert response.status_code == 200, response.text
    return wheel


def html(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return response.text


def section(page: str, section_id: str) -> str:
    """The HTML of one `<section id=…>` of a page."""
    match = re.search(rf'<section id="{section_id}".*?</section>', page, re.DOTALL)
    assert match is not None, section_id
    return match.group(0)


@pytest.fixture
def cheese(index: Index, project_name: str, tmp_path: Path) -> str:
    """A project with a README, a dependency on another project here, one elsewhere, an extra."""
    lib = f"{project_name}-lib"
    publish(index, tmp_path, lib, summary="The library")
    publish(
        index,
        tmp_path,
        project_name,
        "1.0",
        summary="Cheese tools, first",
        requires_dist=[f"{lib}>=1.0"],
    )
    publish(
        index,
        tmp_path,
        project_name,
        "2.0",
        summary="Cheese tools for everyone",
        description=README,
        metadata_version="2.4",
        requires_python=">=3.10",
        requires_dist=[
            f"{lib}[fast]>=1.0",
            "nowhere-to-be-found>=2; python_version < '3.12'",
            f"{lib}; extra == 'full'",
        ],
        extra_metadata=[
            ("Provides-Extra", "full"),
            ("Keywords", "cheese,blue"),
            ("License-Expression", "MIT"),
            ("Classifier", "Programming Language :: Python :: 3"),
            ("Classifier", "Topic :: Software Development :: Libraries"),
            ("Project-URL", "Source, https://example.invalid/source"),
            ("Author-email", "Ada <ada@example.invalid>"),
        ],
    )
    return project_name


def test_the_project_page_answers_what_a_reader_asks(index: Index, cheese: str) -> None:
    page = html(index.get(f"/project/{cheese}/"))
    assert f"<h1>{cheese} <span" in page
    assert "Cheese tools for everyone" in page
    assert "<h1" in section(page, "description")
    assert '<span class="kn">import</span>' in page
    assert f"pip install --index-url http://testserver/simple/ {cheese}</code>" in page
    assert "MIT" in page
    assert "<code>&gt;=3.10</code>" in page
    assert 'href="https://example.invalid/source"' in page
    assert 'href="/user/alice/">alice</a>' in page
    assert "Ada &lt;ada@example.invalid&gt;" in page
    assert 'href="/search/?c=Topic+%3A%3A+Software+Development+%3A%3A+Libraries"' in page


def test_dependencies_are_grouped_by_extra_and_link_what_is_here(index: Index, cheese: str) -> None:
    dependencies = section(html(index.get(f"/project/{cheese}/")), "dependencies")
    always, extra = dependencies.split("With the extra")
    assert (
        f'<a href="/project/{cheese}-lib/">{cheese}-lib</a><span class="extras">[fast]</span>'
        in (always)
    )
    assert "<span>nowhere-to-be-found</span>" in always
    assert "not on this index" in always
    assert "when <code>python_version &lt; &#34;3.12&#34;</code>" in always
    assert "<code>full</code>" in extra
    assert f'href="/project/{cheese}-lib/"' in extra


def test_used_by_lists_the_projects_that_depend_on_it(index: Index, cheese: str) -> None:
    used_by = section(html(index.get(f"/project/{cheese}-lib/")), "used-by")
    assert f'<a href="/project/{cheese}/">{cheese}</a> <span class="version">2.0</span>' in used_by
    nothing = section(html(index.get(f"/project/{cheese}/")), "used-by")
    assert "No project on this index depends on" in nothing


def test_history_and_files_of_a_release(index: Index, cheese: str) -> None:
    page = html(index.get(f"/project/{cheese}/1.0/"))
    history = section(page, "history")
    assert history.index(">2.0</a>") < history.index(">1.0</a>")
    assert "latest" in history
    assert 'aria-current="page">1.0</a>' in history
    assert "the latest release is" in page
    assert f"{cheese}==1.0</code>" in page
    files = section(page, "files")
    filename = f"{cheese}-1.0-py3-none-any.whl"
    assert f">{filename}</a>" in files
    assert re.search(r'<code class="hash" id="sha-1">[0-9a-f]{64}</code>', files)
    scan = f"/project/{cheese}/1.0/files/{filename}/scan/"
    assert f'<a class="verdict verdict-clean" href="{scan}"' in files
    assert "by <a" in files
    download = re.search(r'href="(/packages/[^"]+)"', files)
    assert download is not None
    assert index.get(download.group(1)).status_code == 200


def test_yanked_releases_are_marked_with_their_reason(index: Index, cheese: str) -> None:
    with index.database.session() as session:
        project_id = session.scalar(
            select(models.Project.id).where(models.Project.normalized_name == cheese)
        )
        session.execute(
            update(models.Release)
            .where(models.Release.project_id == project_id, models.Release.version == "1.0")
            .values(yanked=True, yanked_reason="Broke <everything>")
        )
    history = section(html(index.get(f"/project/{cheese}/")), "history")
    assert '<span class="tag tag-yanked">yanked</span>' in history
    assert "Broke &lt;everything&gt;" in history
    release = html(index.get(f"/project/{cheese}/1.0/"))
    assert "This release is yanked." in release


def test_a_journaled_change_shows_on_the_next_view(
    index: Index, cheese: str, tmp_path: Path
) -> None:
    """The version history is kept per project serial: every journaled change moves it."""
    assert "tag-yanked" not in section(html(index.get(f"/project/{cheese}/")), "history")
    serial = index.app.state.manage.projects.yank(Actor.operator("tests"), cheese, "1.0", "old")
    index.app.state.serials.advance(serial)
    assert "tag-yanked" in section(html(index.get(f"/project/{cheese}/")), "history")
    publish(index, tmp_path, cheese, "3.0", summary="Third")
    history = section(html(index.get(f"/project/{cheese}/")), "history")
    assert "3.0" in history


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/project/{name_upper}/", "/project/{name}/"),
        ("/project/{name}", "/project/{name}/"),
        ("/project/{name_upper}/1.0/", "/project/{name}/1.0/"),
        ("/project/{name}/1.0", "/project/{name}/1.0/"),
        ("/project/{name}/1.0.0/", "/project/{name}/1.0/"),
        ("/project/{name}/2.0.0", "/project/{name}/2.0/"),
        ("/rss/project/{name_upper}/releases.xml", "/rss/project/{name}/releases.xml"),
        ("/search", "/search/"),
        ("/user/alice", "/user/alice/"),
    ],
)
def test_urls_that_are_not_canonical_redirect(
    index: Index, cheese: str, path: str, location: str
) -> None:
    names = {"name": cheese, "name_upper": cheese.upper().replace("-", "_")}
    response = index.get(path.format(**names))
    assert response.status_code == 301
    assert response.headers["location"] == "http://testserver" + location.format(**names)


@pytest.mark.parametrize(
    "path",
    [
        "/project/no-such-project/",
        "/project/no-such-project/1.0/",
        "/project/{name}/9.9/",
        "/project/{name}/not a version/",
        "/project/{name}/1.0%00/",
        "/project/%00/",
        "/user/nobody-here/",
        "/user/bad%00name/",
        "/rss/project/no-such-project/releases.xml",
    ],
)
def test_what_is_not_here_is_a_404_page(index: Index, cheese: str, path: str) -> None:
    response = index.get(path.format(name=cheese))
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "No such" in response.text


def test_a_hostile_readme_renders_inert(index: Index, project_name: str, tmp_path: Path) -> None:
    hostile = (
        "# Hi\n\n<script>alert('readme')</script>\n\n[click](javascript:alert('md'))\n\n"
        '<a href="javascript:alert(1)" onclick="alert(2)">a</a>\n'
        '<img src="https://example.invalid/x.png" onerror="alert(3)">\n'
        "<iframe src='https://example.invalid/'></iframe>\n"
    )
    publish(index, tmp_path, project_name, description=hostile)
    page = html(index.get(f"/project/{project_name}/"))
    readme = section(page, "description")
    assert active_content(readme) == []
    assert "alert('readme')" not in page.replace("&lt;script&gt;alert('readme')", "")
    assert 'src="https://example.invalid/x.png"' in readme
    # The page's own only script is the copy button's, from Stilton itself.
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == [re.search(r'<script src="/static/[0-9a-f]+/copy.js" defer>', page)[0]]


def test_a_hostile_rst_readme_renders_inert(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    # reStructuredText that does not render is refused at upload: this one renders.
    hostile = "Title\n=====\n\n`x <javascript:alert(1)>`_ and <script>alert(2)</script>\n"
    publish(index, tmp_path, project_name, description=hostile, description_content_type=None)
    readme = section(html(index.get(f"/project/{project_name}/")), "description")
    assert active_content(readme) == []


def test_every_metadata_field_is_escaped(index: Index, project_name: str, tmp_path: Path) -> None:
    publish(
        index,
        tmp_path,
        project_name,
        summary='<b onmouseover="x">bold</b> & "quoted"',
        extra_metadata=[
            ("Keywords", "<i>kw</i>,plain"),
            ("Author", "<script>alert('author')</script>"),
            ("Project-URL", "Evil <label>, javascript:alert('url')"),
            ("Project-URL", "Docs, https://example.invalid/?a=1&b=<2>"),
        ],
    )
    for path in (f"/project/{project_name}/", f"/search/?q={project_name}", "/"):
        page = html(index.get(path))
        assert "<b onmouseover" not in page
        assert "&lt;b onmouseover=&#34;x&#34;&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;" in page
    page = html(index.get(f"/project/{project_name}/"))
    assert active_content(page, allow=frozenset({"script", "form"})) == []
    assert "<i>kw</i>" not in page
    assert "&lt;script&gt;alert(&#39;author&#39;)&lt;/script&gt;" in page
    assert "javascript:" not in page
    assert "Evil &lt;label&gt; <span" in page
    assert 'href="https://example.invalid/?a=1&amp;b=&lt;2&gt;"' in page


def test_pages_carry_the_security_headers_and_installer_paths_do_not(
    index: Index, cheese: str
) -> None:
    for path in ("/", f"/project/{cheese}/", "/search/?q=x", "/rss/updates.xml", "/nothing-here"):
        response = index.get(path)
        if response.status_code == 404 and path == "/nothing-here":
            continue
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert response.headers["x-content-type-options"] == "nosniff", path
    for path in ("/simple/", f"/simple/{cheese}/", f"/pypi/{cheese}/json", "/health"):
        response = index.get(path)
        assert response.status_code == 200, path
        assert "content-security-policy" not in response.headers, path


def test_the_home_page_counts_and_lists_the_newest(index: Index, cheese: str) -> None:
    page = html(index.get("/"))
    counts = dict(re.findall(r"<dt>(\w+)</dt><dd>([\d,]+)</dd>", page))
    assert set(counts) == {"Projects", "Releases", "Files", "Users"}
    assert int(counts["Projects"].replace(",", "")) >= 2
    assert int(counts["Users"].replace(",", "")) >= 2
    assert f'href="/project/{cheese}/2.0/">{cheese} <span class="version">2.0</span>' in page
    assert f'href="/project/{cheese}/">{cheese}</a>' in page
    assert 'type="search" name="q"' in page


def test_the_user_page_lists_the_projects(index: Index, cheese: str) -> None:
    page = html(index.get("/user/alice/"))
    assert f'href="/project/{cheese}/">{cheese}' in page
    assert "Owner" in page


def test_static_assets_are_served_by_stilton_itself(index: Index) -> None:
    page = html(index.get("/"))
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', page):
        response = index.get(asset)
        assert response.status_code == 200, asset
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert 'href="http' not in page.split("</head>")[0]
    css = index.get(re.search(r'href="(/static/[^"]+\.css)"', page)[1])
    assert css.headers["content-type"] == "text/css; charset=utf-8"
    assert "@import" not in css.text
    assert "url(http" not in css.text
    assert index.get("/static/0000/missing.css").status_code == 404
    stale = index.get("/static/0000/stilton.css")
    assert (stale.status_code, stale.headers["cache-control"]) == (200, "public, max-age=300")
