"""`stilton scan`: scan distribution files statically, without a server or database."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from stilton.scanning import RULES_VERSION, ScanReport, Verdict, scan_file

_STYLES = {Verdict.CLEAN: "green", Verdict.SUSPICIOUS: "yellow", Verdict.MALICIOUS: "bold red"}


@click.command("scan")
@click.argument(
    "paths",
    nargs=-1,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file, one per line.")
@click.option("--rules-version", is_flag=True, help="Print the rules version and exit.")
def scan(paths: tuple[Path, ...], as_json: bool, rules_version: bool) -> None:
    """Scan wheels and sdists (.whl, .tar.gz, .zip) for malicious code.

    Exits 0 when every file is clean, 1 when any is suspicious or malicious.
    """
    if rules_version:
        click.echo(RULES_VERSION)
        return
    if not paths:
        raise click.UsageError("give at least one file to scan")
    reports = []
    for path in paths:
        report = scan_file(path)
        reports.append((path, report))
        if as_json:
            document = report.to_json()
            document["file"] = str(path)
            click.echo(json.dumps(document, ensure_ascii=False))
    if not as_json:
        _print_tables(reports)
    if any(report.verdict is not Verdict.CLEAN for _, report in reports):
        sys.exit(1)


def _print_tables(reports: list[tuple[Path, ScanReport]]) -> None:
    console = Console(highlight=False, soft_wrap=False)
    summary = Table(title=f"stilton scan (rules {RULES_VERSION})")
    summary.add_column("file")
    summary.add_column("verdict")
    summary.add_column("score", justify="right")
    summary.add_column("findings", justify="right")
    summary.add_column("seconds", justify="right")
    for path, report in reports:
        style = _STYLES[report.verdict]
        summary.add_row(
            str(path),
            f"[{style}]{report.verdict}[/{style}]",
            f"{report.score:.2f}",
            str(len(report.findings)),
            f"{report.seconds:.2f}",
        )
    console.print(summary)
    for path, report in reports:
        if not report.findings:
            continue
        table = Table(title=str(path), show_lines=True)
        for column in ("severity", "rule", "where", "evidence", "why"):
            table.add_column(column, overflow="fold")
        for finding in report.findings:
            where = finding.path or ""
            if finding.line is not None:
                where = f"{where}:{finding.line}"
            table.add_row(
                str(finding.severity),
                f"{finding.rule}\n({finding.category})",
                where,
                finding.evidence,
                finding.explanation,
            )
        console.print(table)
