"""`/search/` over the app: found right after upload, the same answers as HTML and as JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from stilton.web import listings
from tests.integration.conftest import Index
from tests.integration.test_web_pages import html, publish

TYPED = "Typing :: Typed"


def test_a_project_is_found_as_soon_as_it_is_published(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    assert index.get(f"/search/?q={project_name}&format=json").json()["total"] == 0
    publish(index, tmp_path, project_name, summary="Freshly grated")
    document = index.get(f"/search/?q={project_name}&format=json").json()
    (hit,) = document["results"]
    assert hit == {
        "name": project_name,
        "normalized_name": project_name,
        "version": "1.0",
        "summary": "Freshly grated",
        "updated": hit["updated"],
        "match": "exact",
        "url": f"http://testserver/project/{project_name}/",
        "json_url": f"http://testserver/pypi/{project_name}/json",
    }
    publish(index, tmp_path, project_name, "1.1", summary="Grated again")
    (hit,) = index.get(f"/search/?q={project_name}&format=json").json()["results"]
    assert (hit["version"], hit["summary"]) == ("1.1", "Grated again")


def test_json_results_page_and_filter(index: Index, project_name: str, tmp_path: Path) -> None:
    for suffix, classifiers in (("a", [TYPED]), ("bb", []), ("ccc", [TYPED])):
        extra = [("Classifier", classifier) for classifier in classifiers]
        publish(index, tmp_path, f"{project_name}-{suffix}", extra_metadata=extra)
    base = f"/search/?q={project_name}&format=json"
    everything = index.get(base).json()
    assert [r["normalized_name"] for r in everything["results"]] == [
        f"{project_name}-a",
        f"{project_name}-bb",
        f"{project_name}-ccc",
    ]
    assert {r["match"] for r in everything["results"]} == {"prefix"}
    first = index.get(base + "&per_page=2").json()
    assert (first["total"], first["pages"], first["previous"]) == (3, 2, None)
    second = index.get(first["next"].removeprefix("http://testserver")).json()
    assert [r["normalized_name"] for r in second["results"]] == [f"{project_name}-ccc"]
    filtered = index.get(base + "&c=Typing+%3A%3A+Typed").json()
    assert [r["normalized_name"] for r in filtered["results"]] == [
        f"{project_name}-a",
        f"{project_name}-ccc",
    ]
    assert filtered["classifiers"] == [TYPED]


def test_the_html_results_page(
    index: Index, project_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Classifier counts may lag changes by a few seconds; this test wants them at once.
    monkeypatch.setattr(listings, "COUNTS_MAX_AGE", 0.0)
    publish(
        index, tmp_path, project_name, summary="Blue veined", extra_metadata=[("Classifier", TYPED)]
    )
    page = html(index.get(f"/search/?q={project_name}"))
    assert f'<a href="/project/{project_name}/">{project_name}</a>' in page
    assert "Exact name" in page
    assert "1 project" in page
    assert f'<option value="{TYPED}">Typed (' in page
    filtered = html(index.get(f"/search/?q={project_name}&c={TYPED}"))
    assert f"<span>{TYPED}</span>" in filtered
    assert f'<input type="hidden" name="c" value="{TYPED}">' in filtered


def test_queries_are_escaped_and_odd_input_is_harmless(index: Index) -> None:
    page = html(index.get("/search/?q=%3Cscript%3Ealert(1)%3C/script%3E"))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for query in ("q=", "q=%00", "q=a&page=-3", "q=a&page=x", "c=%00%01", "q=" + "x" * 5000):
        response = index.get(f"/search/?{query}")
        assert response.status_code == 200, query
        assert index.get(f"/search/?{query}&format=json").status_code == 200, query
    empty = index.get("/search/?format=json").json()
    assert (empty["total"], empty["results"]) == (0, [])
