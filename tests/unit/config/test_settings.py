from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from stilton.config import Settings, SettingsError, export_to_environment


def test_an_empty_environment_gives_the_defaults() -> None:
    settings = Settings.from_env({})
    assert settings == Settings()
    assert settings.data_dir == Path("var")
    assert settings.port == 8080
    assert settings.workers == 1
    assert settings.access_log is False


def test_the_default_database_is_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings.from_env({"STILTON_DATA_DIR": str(tmp_path)})
    assert settings.database_url == ""
    assert settings.effective_database_url == f"sqlite:///{tmp_path.resolve() / 'stilton.db'}"


def test_a_relative_data_dir_resolves_for_the_database_and_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({"STILTON_DATA": "relative"})
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'relative' / 'stilton.db'}"
    assert settings.files_dir == tmp_path / "relative" / "files"


def test_an_explicit_database_url_wins() -> None:
    url = "postgresql://stilton@db.internal/stilton"
    assert Settings.from_env({"STILTON_DATABASE_URL": url}).effective_database_url == url


def test_every_field_is_read_from_its_variable() -> None:
    settings = Settings.from_env(
        {
            "STILTON_DATA_DIR": "/srv/stilton",
            "STILTON_DATABASE_URL": "sqlite:////tmp/x.db",
            "STILTON_HOST": "192.0.2.10",
            "STILTON_PORT": "9000",
            "STILTON_WORKERS": "4",
            "STILTON_BASE_URL": "https://index.example",
            "STILTON_MAX_FILE_SIZE": "1024",
            "STILTON_MAX_FORM_FIELD_SIZE": "512",
            "STILTON_SERIAL_POLL_SECONDS": "0.25",
            "STILTON_PAGE_CACHE_ENTRIES": "10",
            "STILTON_ACCESS_LOG": "true",
        }
    )
    assert settings == Settings(
        data_dir=Path("/srv/stilton"),
        database_url="sqlite:////tmp/x.db",
        host="192.0.2.10",
        port=9000,
        workers=4,
        base_url="https://index.example",
        max_file_size=1024,
        max_form_field_size=512,
        serial_poll_seconds=0.25,
        page_cache_entries=10,
        access_log=True,
    )


def test_variables_without_the_prefix_are_ignored() -> None:
    assert Settings.from_env({"PORT": "1", "DATA_DIR": "/x", "stilton_port": "2"}) == Settings()


def test_stilton_data_is_an_alias_for_the_data_dir() -> None:
    assert Settings.from_env({"STILTON_DATA": "/srv/a"}).data_dir == Path("/srv/a")


def test_stilton_data_dir_wins_over_the_alias() -> None:
    settings = Settings.from_env({"STILTON_DATA": "/srv/a", "STILTON_DATA_DIR": "/srv/b"})
    assert settings.data_dir == Path("/srv/b")


def test_overrides_win_over_the_environment() -> None:
    settings = Settings.from_env(
        {"STILTON_PORT": "9000", "STILTON_DATA": "/srv/a"}, port=9100, data_dir="/srv/c"
    )
    assert settings.port == 9100
    assert settings.data_dir == Path("/srv/c")


def test_none_overrides_are_ignored() -> None:
    settings = Settings.from_env({"STILTON_PORT": "9000"}, port=None, data_dir=None)
    assert settings.port == 9000
    assert settings.data_dir == Path("var")


def test_an_override_path_is_a_path() -> None:
    assert isinstance(Settings.from_env({}, data_dir="/srv/x").data_dir, Path)


@pytest.mark.parametrize("raw", ["yes", "1", "true", "TRUE", "on", " True "])
def test_truthy_booleans(raw: str) -> None:
    assert Settings.from_env({"STILTON_ACCESS_LOG": raw}).access_log is True


@pytest.mark.parametrize("raw", ["no", "0", "false", "off", ""])
def test_falsy_booleans(raw: str) -> None:
    assert Settings.from_env({"STILTON_ACCESS_LOG": raw}).access_log is False


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        ("STILTON_PORT", "eighty"),
        ("STILTON_PORT", "80.5"),
        ("STILTON_PORT", ""),
        ("STILTON_WORKERS", "two"),
        ("STILTON_MAX_FILE_SIZE", "100MB"),
        ("STILTON_MAX_FORM_FIELD_SIZE", "1e6"),
        ("STILTON_PAGE_CACHE_ENTRIES", "many"),
        ("STILTON_SERIAL_POLL_SECONDS", "soon"),
    ],
)
def test_a_malformed_number_is_a_settings_error_naming_the_variable(
    variable: str, raw: str
) -> None:
    with pytest.raises(SettingsError, match=variable) as caught:
        Settings.from_env({variable: raw})
    assert repr(raw) in str(caught.value)


def test_settings_error_is_a_value_error() -> None:
    assert issubclass(SettingsError, ValueError)


@pytest.mark.parametrize(
    ("variable", "raw", "message"),
    [
        ("STILTON_PORT", "0", "out of range"),
        ("STILTON_PORT", "65536", "out of range"),
        ("STILTON_PORT", "-1", "out of range"),
        ("STILTON_WORKERS", "0", "workers"),
        ("STILTON_MAX_FILE_SIZE", "0", "max_file_size"),
        ("STILTON_DATABASE_URL", "mysql://db/stilton", "unsupported database URL scheme"),
        ("STILTON_DATABASE_URL", "/just/a/path.db", "unsupported database URL scheme"),
    ],
)
def test_values_out_of_range_are_refused(variable: str, raw: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({variable: raw})


@pytest.mark.parametrize(
    "url",
    ["sqlite:///x.db", "sqlite+pysqlite:///x.db", "postgresql://h/d", "postgresql+psycopg://h/d"],
)
def test_supported_database_urls(url: str) -> None:
    assert Settings.from_env({"STILTON_DATABASE_URL": url}).database_url == url


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.port = 1  # type: ignore[misc]


def test_export_then_from_env_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    environment = {"STILTON_DATA": "stale", "UNRELATED": "kept"}
    monkeypatch.setattr(os, "environ", environment)
    settings = Settings(
        data_dir=tmp_path, port=9001, workers=3, access_log=True, serial_poll_seconds=0.5
    )
    export_to_environment(settings)
    assert "STILTON_DATA" not in environment
    assert environment["UNRELATED"] == "kept"
    assert Settings.from_env(environment) == settings
    assert Settings.from_env() == settings  # no mapping: reads the process environment


def test_export_writes_an_absolute_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    environment: dict[str, str] = {}
    monkeypatch.setattr(os, "environ", environment)
    monkeypatch.chdir(tmp_path)
    export_to_environment(Settings(data_dir=Path("var")))
    assert environment["STILTON_DATA_DIR"] == str(tmp_path / "var")
