from __future__ import annotations

from datetime import timedelta

import pytest

from stilton.config import Settings, SettingsError
from stilton.upload import UploadRules


def test_the_defaults_are_pypis_but_for_the_window() -> None:
    rules = UploadRules.from_settings(Settings())
    assert rules.max_file_size == 100 * 1024**2
    assert rules.max_project_size == 10 * 1024**3
    assert (rules.creations_per_hour_per_user, rules.creations_per_hour_per_address) == (20, 20)
    assert rules.new_file_window is None
    assert rules == UploadRules()


def test_every_rule_is_a_stilton_variable() -> None:
    settings = Settings.from_env(
        {
            "STILTON_MAX_FILE_SIZE": "1000",
            "STILTON_MAX_PROJECT_SIZE": "5000",
            "STILTON_PROJECT_CREATIONS_PER_HOUR_PER_USER": "3",
            "STILTON_PROJECT_CREATIONS_PER_HOUR_PER_ADDRESS": "0",
            "STILTON_NEW_FILE_WINDOW_DAYS": "14",
        }
    )
    assert UploadRules.from_settings(settings) == UploadRules(
        max_file_size=1000,
        max_project_size=5000,
        creations_per_hour_per_user=3,
        creations_per_hour_per_address=0,
        new_file_window=timedelta(days=14),
    )


@pytest.mark.parametrize(
    "variable",
    [
        "STILTON_MAX_PROJECT_SIZE",
        "STILTON_PROJECT_CREATIONS_PER_HOUR_PER_USER",
        "STILTON_PROJECT_CREATIONS_PER_HOUR_PER_ADDRESS",
        "STILTON_NEW_FILE_WINDOW_DAYS",
    ],
)
def test_negative_values_are_refused(variable: str) -> None:
    with pytest.raises(SettingsError, match="must not be negative"):
        Settings.from_env({variable: "-1"})
