"""The upload gate, quarantine and review, end to end in-process on SQLite and PostgreSQL.

A flagged upload is stored but answered with 422 and never served; an admin's approval over
`/api/v1/review/` publishes it, a rejection keeps it unserved for good; a rescan tightens.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from stilton.accounts import Actor
from stilton.db import models
from stilton.review import Rescanner, ScanGate
from stilton.scanning import ScanPolicy
from stilton.storage import LocalBlobStore
from tests.builders import build_wheel
from tests.builders.flagged import (
    MALICIOUS_RULES,
    SUSPICIOUS_RULE,
    build_malicious_wheel,
    build_suspicious_wheel,
)
from tests.integration.conftest import Index

ADMIN = "rv-admin"


@pytest.fixture(scope="module")
def admin_token(index: Index) -> str:
    return index.admin_token(ADMIN)


def api(
    index: Index, method: str, path: str, token: str | None, body: Any = None
) -> httpx.Response:
    return index.api(method, f"/review{path}", token, body)


def file_row(index: Index, filename: str) -> tuple[str, list[models.ScanReport]]:
    with index.database.session() as session:
        file = session.scalar(select(models.File).where(models.File.filename == filename))
        assert file is not None
        reports = list(
            session.scalars(
                select(models.ScanReport)
                .where(models.ScanReport.file_id == file.id)
                .order_by(models.ScanReport.id)
            )
        )
        session.expunge_all()
        return file.state, reports


def served(index: Index, name: str, filename: str) -> bool:
    """Whether the file shows anywhere: simple (both formats), JSON API, project page, file."""
    simple = index.get(f"/simple/{name}/", params={"format": "json"})
    listed = simple.status_code == 200 and filename in {
        f["filename"] for f in simple.json()["files"]
    }
    html = index.get(f"/simple/{name}/")
    json_api = index.get(f"/pypi/{name}/json")
    in_json = json_api.status_code == 200 and filename in json_api.text
    page = index.get(f"/project/{name}/")
    on_page = page.status_code == 200 and filename in page.text
    shown = [listed, filename in html.text, in_json, on_page]
    assert len(set(shown)) == 1, shown
    return listed


def listed_projects(index: Index) -> set[str]:
    page = index.get("/simple/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    return {project["name"] for project in page.json()["projects"]}


def file_url(index: Index, filename: str) -> str:
    with index.database.session() as session:
        file = session.scalar(select(models.File).where(models.File.filename == filename))
        assert file is not None
        return f"/packages/{file.path}"


def test_a_clean_upload_is_published_with_its_report(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 200
    state, reports = file_row(index, wheel.name)
    assert state == "published"
    [report] = reports
    assert (report.verdict, report.trigger, report.actor) == ("clean", "upload", "alice")
    assert report.findings == []
    assert report.rules_version
    assert served(index, project_name, wheel.name)


@pytest.mark.parametrize(
    ("build", "state", "phrase", "rules"),
    [
        (build_suspicious_wheel, "held", "Held for review", (SUSPICIOUS_RULE,)),
        (build_malicious_wheel, "quarantined", "Quarantined", MALICIOUS_RULES),
    ],
    ids=["suspicious", "malicious"],
)
def test_a_flagged_upload_is_stored_unserved_and_refused_with_its_findings(
    index: Index,
    project_name: str,
    tmp_path: Path,
    build: Any,
    state: str,
    phrase: str,
    rules: tuple[str, ...],
) -> None:
    assert index.upload(build_wheel(tmp_path, project_name, "0.9")).status_code == 200
    wheel = build(tmp_path, project_name, "1.0")
    response = index.upload(wheel)
    assert response.status_code == 422, response.text
    first_line = response.text.splitlines()[0]
    assert first_line.startswith(phrase)
    assert wheel.name in first_line
    for rule in rules:
        assert rule in first_line
    assert "explanation" not in first_line
    assert "Scan findings" in response.text
    stored_state, [report] = file_row(index, wheel.name)
    assert stored_state == state
    assert set(rules) <= {f["rule"] for f in report.findings}
    assert not served(index, project_name, wheel.name)
    assert index.get(file_url(index, wheel.name)).status_code == 404
    assert index.get(f"/pypi/{project_name}/1.0/json").status_code == 404
    actions = [entry.action for entry in index.journal(project_name)]
    assert any(wheel.name in a and a.split()[0] in {"hold", "quarantine"} for a in actions)
    again = index.upload(wheel)
    assert again.status_code == 422
    assert again.text.splitlines()[0] == first_line
    assert len(file_row(index, wheel.name)[1]) == 1  # not scanned again


def test_an_approved_file_is_served(
    index: Index, project_name: str, tmp_path: Path, admin_token: str
) -> None:
    wheel = build_suspicious_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 422
    assert project_name not in listed_projects(index)  # nothing of it is published yet
    queue = api(index, "GET", "", admin_token).json()["files"]
    [item] = [item for item in queue if item["filename"] == wheel.name]
    assert item["state"] == "held"
    assert item["uploader"] == "alice"
    assert item["verdict"] == "suspicious"
    assert SUSPICIOUS_RULE in item["top_findings"][0]
    shown = api(index, "GET", f"/{wheel.name}", admin_token).json()
    assert shown["report"]["findings"][0]["rule"] == SUSPICIOUS_RULE
    assert len(shown["history"]) == 1

    answer = api(index, "POST", f"/{wheel.name}/approve", admin_token, {"reason": "a test hook"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "published"
    assert served(index, project_name, wheel.name)
    assert project_name in listed_projects(index)
    assert index.get(file_url(index, wheel.name)).status_code == 200
    assert index.upload(wheel).status_code == 200
    last = index.journal(project_name)[-1]
    assert (last.actor, last.filename) == (ADMIN, wheel.name)
    assert last.action == f"approve held file {wheel.name}: a test hook"
    again = api(index, "POST", f"/{wheel.name}/approve", admin_token)
    assert again.status_code == 409
    assert again.json()["code"] == "not-awaiting-review"


def test_a_rejected_file_is_never_served_and_keeps_its_name(
    index: Index, project_name: str, tmp_path: Path, admin_token: str
) -> None:
    wheel = build_malicious_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 422
    answer = api(index, "POST", f"/{wheel.name}/reject", admin_token)
    assert answer.status_code == 200
    assert answer.json()["state"] == "rejected"
    assert not served(index, project_name, wheel.name)
    assert index.get(file_url(index, wheel.name)).status_code == 404
    assert wheel.name not in {
        i["filename"] for i in api(index, "GET", "", admin_token).json()["files"]
    }
    refused = index.upload(wheel)
    assert refused.status_code == 422
    assert refused.text.startswith("Rejected by an admin")
    (tmp_path / "other").mkdir()
    other = build_wheel(tmp_path / "other", project_name, "1.0")
    assert other.name == wheel.name
    taken = index.upload(other)
    assert taken.status_code == 400
    assert "File already exists" in taken.text
    assert index.journal(project_name)[-1].action == f"reject quarantined file {wheel.name}"


@pytest.mark.parametrize("account", ["alice", None])
def test_the_review_api_is_for_admins_only(
    index: Index, project_name: str, tmp_path: Path, account: str | None
) -> None:
    wheel = build_suspicious_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 422
    token = index.tokens[account] if account else None
    expected = 403 if account else 401
    for method, path in [
        ("GET", ""),
        ("GET", f"/{wheel.name}"),
        ("POST", f"/{wheel.name}/approve"),
        ("POST", f"/{wheel.name}/reject"),
    ]:
        response = api(index, method, path, token)
        assert response.status_code == expected, (method, path, response.text)
        assert response.json()["code"] in {"forbidden", "unauthenticated"}
    assert file_row(index, wheel.name)[0] == "held"


def test_unknown_files_and_bad_bodies_are_clear_errors(index: Index, admin_token: str) -> None:
    assert api(index, "GET", "/nothing-1.0.tar.gz", admin_token).status_code == 404
    missing = api(index, "POST", "/nothing-1.0.tar.gz/approve", admin_token)
    assert missing.status_code == 404
    assert missing.json()["code"] == "unknown-file"
    bad = api(index, "POST", "/nothing-1.0.tar.gz/reject", admin_token, ["no"])
    assert bad.status_code == 400


def rescanner(index: Index, **policy: Any) -> Rescanner:
    gate = ScanGate(index.database, ScanPolicy(**policy), lambda: 0)
    store = LocalBlobStore(index.data_dir / "files")
    return Rescanner(index.database, store, gate, Actor.operator("tester"))


def test_a_rescan_only_tightens(index: Index, project_name: str, tmp_path: Path) -> None:
    hook = build_suspicious_wheel(tmp_path, project_name, "1.0")
    assert index.upload(hook).status_code == 422
    malicious = build_malicious_wheel(tmp_path, project_name, "2.0")
    assert index.upload(malicious).status_code == 422
    clean = build_wheel(tmp_path, project_name, "3.0")
    assert index.upload(clean).status_code == 200
    # Files accepted under older rules: published, though today's rules flag them.
    with index.database.session() as session:
        session.execute(
            update(models.File)
            .where(models.File.filename.in_([hook.name, malicious.name]))
            .values(state="published")
        )
        flagged_ids = select(models.File.id).where(
            models.File.filename.in_([hook.name, malicious.name])
        )
        session.execute(
            update(models.ScanReport)
            .where(models.ScanReport.file_id.in_(flagged_ids))
            .values(verdict="clean")
        )
    scanner = rescanner(index)
    targets = scanner.targets([project_name])
    assert {t.filename for t in targets} == {hook.name, malicious.name, clean.name}
    outcomes = {t.filename: scanner.rescan(t) for t in targets}
    assert (outcomes[hook.name].before, outcomes[hook.name].after) == ("published", "held")
    assert outcomes[malicious.name].after == "quarantined"
    assert not outcomes[clean.name].changed
    index.app.state.serials.refresh()
    assert not served(index, project_name, hook.name)
    assert not served(index, project_name, malicious.name)
    assert served(index, project_name, clean.name)
    assert len(file_row(index, clean.name)[1]) == 2  # upload + rescan, history kept
    assert "after a rescan" in index.journal(project_name)[-1].action
    assert not scanner.rescan(_target(scanner, project_name, clean.name)).changed

    stricter = rescanner(index, suspicious_at=0.3, malicious_at=0.5)
    assert stricter.rescan(_target(stricter, project_name, hook.name)).after == "quarantined"
    looser = rescanner(index, suspicious_at=0.99, malicious_at=1.0)
    outcome = looser.rescan(_target(looser, project_name, hook.name))
    assert (outcome.after, outcome.would_publish) == ("quarantined", True)
    assert file_row(index, hook.name)[0] == "quarantined"


def _target(scanner: Rescanner, project: str, filename: str) -> Any:
    return next(t for t in scanner.targets([project]) if t.filename == filename)
