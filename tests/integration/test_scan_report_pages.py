"""Scan verdicts on the public pages and the report page of a published file, after real
uploads through the scanning gate, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, select

from stilton.db import models
from tests.builders import build_wheel
from tests.builders.flagged import SUSPICIOUS_RULE, build_malicious_wheel, build_suspicious_wheel
from tests.corpus.fixtures import DISCORD_WEBHOOK
from tests.integration.conftest import Index
from tests.unit.web.inert import active_content

ADMIN = "sr-admin"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def admin_token(index: Index) -> str:
    return index.admin_token(ADMIN)


def approve(index: Index, token: str, filename: str) -> None:
    answer = index.request(
        "POST",
        f"/api/v1/review/{filename}/approve",
        headers={"Authorization": f"Bearer {token}"},
        json={"reason": "read it: a test hook"},
    )
    assert answer.status_code == 200, answer.text


def report_url(name: str, version: str, filename: str) -> str:
    return f"/project/{name}/{version}/files/{filename}/scan/"


def files_section(index: Index, name: str, version: str) -> str:
    page = index.get(f"/project/{name}/{version}/")
    assert page.status_code == 200, page.text
    match = re.search(r'<section id="files".*?</section>', page.text, re.DOTALL)
    assert match is not None
    return match.group(0)


def html(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return response.text


def build_webhook_wheel(dest: Path, name: str, version: str) -> Path:
    """Held for its webhook, whose URL (the finding's evidence) carries a script tag."""
    source = (
        f"WEBHOOK = '{DISCORD_WEBHOOK}?n={SCRIPT}'\n\n\ndef notify(m):\n    return WEBHOOK, m\n"
    )
    module = name.replace("-", "_")
    return build_wheel(dest, name, version, modules={f"{module}/__init__.py": source})


def test_a_clean_file_shows_its_verdict_linked_to_its_report(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 200
    url = report_url(project_name, "1.0", wheel.name)
    files = files_section(index, project_name, "1.0")
    assert f'<a class="verdict verdict-clean" href="{url}"' in files
    assert "not scanned" not in files
    assert "approved by an admin" not in files

    page = html(index.get(url))
    assert f"Scan report of <code>{wheel.name}</code>" in page
    assert '<span class="verdict verdict-clean">clean</span>' in page
    assert "<dt>Rules version</dt>" in page
    assert "<dt>Time taken</dt>" in page
    assert "(at upload)" in page
    assert "No findings" in page
    assert "Earlier scans" not in page
    assert 'id="approved-note"' not in page
    assert re.search(r'href="/packages/[0-9a-f/]+/' + re.escape(wheel.name) + '"', page)


def test_a_findings_evidence_is_shown_escaped(
    index: Index, project_name: str, tmp_path: Path, admin_token: str
) -> None:
    wheel = build_webhook_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 422
    approve(index, admin_token, wheel.name)
    page = html(index.get(report_url(project_name, "1.0", wheel.name)))
    findings = page[page.index('id="findings"') : page.index("</table>")]
    assert f"<code>{SUSPICIOUS_RULE}</code>" in findings
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in findings
    assert SCRIPT not in page
    assert active_content(findings) == []
    assert f"<code>{project_name.replace('-', '_')}/__init__.py</code>, line 1" in findings
    assert "webhook with its secret token" in findings


def test_an_approved_file_shows_its_verdict_and_the_approval(
    index: Index, project_name: str, tmp_path: Path, admin_token: str
) -> None:
    assert index.upload(build_wheel(tmp_path, project_name, "0.9")).status_code == 200
    wheel = build_suspicious_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 422
    approve(index, admin_token, wheel.name)

    url = report_url(project_name, "1.0", wheel.name)
    files = files_section(index, project_name, "1.0")
    assert f'<a class="verdict verdict-suspicious" href="{url}"' in files
    assert "approved by an admin" in files
    assert "approved by an admin" not in files_section(index, project_name, "0.9")
    page = html(index.get(url))
    assert '<span class="verdict verdict-suspicious">suspicious</span>' in page
    assert 'id="approved-note"' in page
    assert "an admin approved it</strong>" in page
    assert ADMIN not in page  # which admin is the journal's business, not the public's


@pytest.mark.parametrize("build", [build_suspicious_wheel, build_malicious_wheel])
def test_files_awaiting_review_have_no_public_report(
    index: Index, project_name: str, tmp_path: Path, build: Callable[[Path, str, str], Path]
) -> None:
    published = build_wheel(tmp_path, project_name, "1.0", python_tag="py2")
    assert index.upload(published).status_code == 200
    flagged = build(tmp_path, project_name, "1.0")
    assert index.upload(flagged).status_code == 422
    assert index.get(report_url(project_name, "1.0", flagged.name)).status_code == 404
    files = files_section(index, project_name, "1.0")
    assert published.name in files
    assert flagged.name not in files
    assert index.get(report_url(project_name, "1.0", published.name)).status_code == 200


def test_a_rejected_file_has_no_public_report(
    index: Index, project_name: str, tmp_path: Path, admin_token: str
) -> None:
    assert index.upload(build_wheel(tmp_path, project_name, "0.9")).status_code == 200
    wheel = build_malicious_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 422
    answer = index.request(
        "POST",
        f"/api/v1/review/{wheel.name}/reject",
        headers={"Authorization": f"Bearer {admin_token}"},
    )
    assert answer.status_code == 200, answer.text
    assert index.get(report_url(project_name, "1.0", wheel.name)).status_code == 404


def test_unknown_and_mismatched_files_are_not_found(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 200
    for url in [
        report_url(project_name, "1.0", "nothing-1.0.tar.gz"),
        report_url(project_name, "2.0", wheel.name),
        report_url(f"{project_name}-other", "1.0", wheel.name),
        report_url(project_name, "1.0", "a%00b.whl"),
        report_url(project_name, "1.0", "x" * 300),
    ]:
        response = index.get(url)
        assert response.status_code == 404, url
        assert "No such file" in response.text


def test_report_urls_are_normalized(index: Index, project_name: str, tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 200
    canonical = f"http://testserver{report_url(project_name, '1.0', wheel.name)}"
    for spelled in [
        report_url(project_name.upper(), "1.0", wheel.name),
        report_url(project_name, "1.0.0", wheel.name),
        report_url(project_name, "1.0", wheel.name).rstrip("/"),
    ]:
        response = index.get(spelled, follow_redirects=False)
        assert response.status_code == 301, spelled
        assert response.headers["location"] == canonical


def test_rescans_are_listed_newest_first(index: Index, project_name: str, tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 200
    with index.database.session() as session:
        file_id = session.scalar(select(models.File.id).where(models.File.filename == wheel.name))
        assert file_id is not None
        session.add(
            models.ScanReport(
                file_id=file_id,
                rules_version="9999.1",
                verdict="clean",
                score=0.1,
                findings=[
                    {
                        "rule": "suspicious-endpoint",
                        "category": "exfiltration",
                        "severity": "low",
                        "path": "x.py",
                        "line": 3,
                        "evidence": "http://203.0.113.7/",
                        "explanation": "A raw address.",
                    }
                ],
                capabilities=["network"],
                seconds=0.25,
                scanned_at=datetime.now(UTC),
                trigger="rescan",
                actor=None,
            )
        )
    page = html(index.get(report_url(project_name, "1.0", wheel.name)))
    current = page[page.index('id="current-report"') : page.index('id="report-history"')]
    assert "<code>9999.1</code>" in current
    assert "(rescan)" in current
    assert "<code>suspicious-endpoint</code>" in current
    assert "<code>network</code>" in current
    earlier = page[page.index('id="report-history"') :]
    assert "(at upload)" in earlier
    assert "upload on" in earlier
    assert "0 findings" in earlier


def test_files_published_before_reports_were_kept_are_not_scanned(
    index: Index, project_name: str, tmp_path: Path
) -> None:
    wheel = build_wheel(tmp_path, project_name, "1.0")
    assert index.upload(wheel).status_code == 200
    with index.database.session() as session:
        file_id = session.scalar(select(models.File.id).where(models.File.filename == wheel.name))
        session.execute(delete(models.ScanReport).where(models.ScanReport.file_id == file_id))
    files = files_section(index, project_name, "1.0")
    assert '<span class="verdict verdict-none">not scanned</span>' in files
    assert "/scan/" not in files
    page = html(index.get(report_url(project_name, "1.0", wheel.name)))
    assert 'id="not-scanned"' in page
