from __future__ import annotations

import inspect
from datetime import timedelta
from pathlib import Path

import pytest
from packaging.version import Version

from stilton.upload import UploadRules, errors, pipeline
from stilton.upload.checks import agreement, files, limits, metadata, names
from stilton.upload.errors import LocalVersionRefused, ReleaseTooOld
from stilton.upload.routes import upload as upload_route
from tests.builders import build_wheel
from tests.unit.upload.conftest import NOW, MemoryLedger, UploadFactory, incoming

STAGES = (pipeline.FORM_CHECKS, pipeline.DISTRIBUTION_CHECKS, pipeline.LEDGER_CHECKS)


def test_each_check_runs_once_and_comes_from_a_checks_module() -> None:
    everything = [check for stage in STAGES for check in stage]
    assert len(everything) == len(set(everything))
    for check in everything:
        assert check.__module__.startswith("stilton.upload.checks."), check
        assert check.__name__.startswith(("require_", "refuse_")), check


def test_every_public_check_is_in_the_pipeline() -> None:
    listed = {check for stage in STAGES for check in stage}
    for module in (agreement, files, limits, metadata, names):
        for name, value in vars(module).items():
            if name.startswith(("require_", "refuse_")) and inspect.isfunction(value):
                assert value in listed, f"{module.__name__}.{name} never runs"


def test_checks_on_the_file_come_before_checks_on_what_is_stored() -> None:
    assert files.refuse_reused_filename is pipeline.LEDGER_CHECKS[0]
    assert pipeline.DISTRIBUTION_CHECKS.index(metadata.refuse_local_version) < len(
        pipeline.DISTRIBUTION_CHECKS
    )
    assert limits.refuse_too_many_new_projects is pipeline.LEDGER_CHECKS[-1]


def test_a_consistent_upload_passes_every_check(
    make_upload: UploadFactory, ledger: MemoryLedger, wheel_path: Path
) -> None:
    file = incoming(wheel_path)
    upload = make_upload(
        filetype="bdist_wheel", name="demo-pkg", version="1.0", sha256_digest=file.sha256,
        metadata_version="2.1", summary="A distribution built at test time",
    )  # fmt: skip
    pipeline.check_upload(upload)
    assert {"project", "file_sha256", "confusable_owner", "creations_since"} <= set(ledger.asked)


def test_the_first_refusal_wins(make_upload: UploadFactory, tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path, "demo", "1.0+local", summary="s" * 600)
    with pytest.raises(LocalVersionRefused):
        pipeline.check_upload(make_upload(wheel, filetype="bdist_wheel"))


def test_the_same_file_again_skips_the_checks_on_what_is_stored(
    make_upload: UploadFactory, ledger: MemoryLedger, wheel_path: Path
) -> None:
    ledger.add_project("Demo.Pkg")
    ledger.releases["demo-pkg", Version("1.0")] = NOW - timedelta(days=100)
    window = UploadRules(new_file_window=timedelta(days=14))
    with pytest.raises(ReleaseTooOld):
        pipeline.check_upload(make_upload(rules=window, filetype="bdist_wheel"))
    ledger.files[wheel_path.name] = incoming(wheel_path).sha256
    pipeline.check_upload(make_upload(rules=window, filetype="bdist_wheel"))


def test_every_refusal_a_check_raises_is_an_upload_error() -> None:
    raised = {
        name
        for stage in STAGES
        for check in stage
        for name in inspect.getsource(check).split()
        if name.rstrip("(").endswith(("Refused", "Mismatch", "Exists", "Missing", "Old"))
    }
    assert raised
    for name in raised:
        assert issubclass(getattr(errors, name.split("(")[0]), errors.UploadError), name


def test_the_route_stays_short() -> None:
    assert len(inspect.getsourcelines(upload_route)[0]) <= 30
