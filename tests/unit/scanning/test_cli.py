from __future__ import annotations

import json

from click.testing import CliRunner

from stilton.cli.main import cli
from stilton.scanning import RULES_VERSION


def test_rules_version():
    result = CliRunner().invoke(cli, ["scan", "--rules-version"])
    assert result.exit_code == 0
    assert result.output.strip() == RULES_VERSION


def test_clean_file_exits_zero(wheel):
    result = CliRunner().invoke(cli, ["scan", str(wheel({}))])
    assert result.exit_code == 0, result.output
    assert "clean" in result.output


def test_json_lines_and_exit_one(wheel, corpus):
    clean = wheel({})
    bad = corpus["setup-base64-exec"].path
    result = CliRunner().invoke(cli, ["scan", "--json", str(clean), str(bad)])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["file"] for line in lines] == [str(clean), str(bad)]
    assert [line["verdict"] for line in lines] == ["clean", "malicious"]
    assert lines[1]["findings"][0]["rule"] == "exec-decoded-payload"


def test_table_lists_findings(corpus):
    runner = CliRunner(env={"COLUMNS": "240"})
    result = runner.invoke(cli, ["scan", str(corpus["setup-curl-pipe-sh"].path)])
    assert result.exit_code == 1
    assert "malicious" in result.output
    assert "download-execute" in result.output


def test_unreadable_file_is_a_verdict(tmp_path):
    junk = tmp_path / "junk-1.0.tar.gz"
    junk.write_bytes(b"not an archive")
    result = CliRunner().invoke(cli, ["scan", "--json", str(junk)])
    assert result.exit_code == 1
    assert json.loads(result.output)["verdict"] == "suspicious"


def test_usage_errors_exit_two(tmp_path):
    assert CliRunner().invoke(cli, ["scan"]).exit_code == 2
    assert CliRunner().invoke(cli, ["scan", str(tmp_path / "missing.whl")]).exit_code == 2
    assert CliRunner().invoke(cli, ["scan", "--bogus"]).exit_code == 2
