from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_PREFIX = "STILTON_"
_MB = 1024 * 1024
_NOT_NEGATIVE = (
    "max_project_size",
    "project_creations_per_hour_per_user",
    "project_creations_per_hour_per_address",
    "new_file_window_days",
    "login_failures_per_user",
    "login_failures_per_address",
)


class SettingsError(ValueError):
    """A setting has a value Stilton cannot use."""


@dataclass(frozen=True)
class Settings:
    """What a running index needs to know; built once and passed down explicitly."""

    data_dir: Path = field(default_factory=lambda: Path("var"))
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 1
    base_url: str = ""
    max_file_size: int = 100 * _MB
    max_form_field_size: int = 1 * _MB
    serial_poll_seconds: float = 1.0
    page_cache_entries: int = 4096
    access_log: bool = False
    private: bool = False
    """Every page and file needs credentials (`STILTON_PRIVATE=1`)."""
    max_project_size: int = 10 * 1024 * _MB
    """All files of one project together; admins can set a project's own."""
    project_creations_per_hour_per_user: int = 20
    """New projects one user may create per hour (0: no limit)."""
    project_creations_per_hour_per_address: int = 20
    """New projects one client address may create per hour (0: no limit)."""
    new_file_window_days: int = 0
    """Days after a release's first file during which files may be added (0: no limit)."""
    scan_uploads: bool = True
    """Scan every upload before publishing it; held and quarantined files wait for an admin."""
    scan_suspicious_at: float = 0.5
    """A scan score from which a file is held for review."""
    scan_malicious_at: float = 0.85
    """A scan score from which a file is quarantined."""
    scan_time_budget: float = 10.0
    """Seconds of CPU time one scan may take before it stops and says so."""
    scan_concurrency: int = 2
    """Scans one process runs at once; further uploads wait for a free slot."""
    open_registration: bool = True
    """Anyone may create an account on the web pages (else only admins and the CLI)."""
    trust_proxy_headers: bool = False
    """Believe X-Forwarded-Proto and X-Forwarded-For (only behind a proxy that sets them)."""
    session_hours: int = 14 * 24
    """How long a browser session lasts after logging in."""
    login_failures_per_user: int = 5
    """Failed log-ins for one user name within `login_window_minutes` before refusing more."""
    login_failures_per_address: int = 20
    """Failed log-ins from one client address within `login_window_minutes`."""
    login_window_minutes: int = 15

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir.resolve() / 'stilton.db'}"

    @property
    def files_dir(self) -> Path:
        return self.data_dir.resolve() / "files"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from `STILTON_*` variables; explicit overrides (CLI flags) win."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in dataclasses.fields(cls):
            raw = env.get(_PREFIX + spec.name.upper())
            if spec.name == "data_dir" and raw is None:
                raw = env.get(_PREFIX + "DATA")
            if raw is not None:
                values[spec.name] = _convert(spec.name, spec.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "data_dir" in values:
            values["data_dir"] = Path(values["data_dir"])
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.workers < 1:
            raise SettingsError("workers must be at least 1")
        if not 0 < self.port < 65536:
            raise SettingsError(f"port {self.port} is out of range")
        if self.session_hours < 1 or self.login_window_minutes < 1:
            raise SettingsError("session_hours and login_window_minutes must be positive")
        if self.max_file_size < 1:
            raise SettingsError("max_file_size must be positive")
        for name in _NOT_NEGATIVE:
            if getattr(self, name) < 0:
                raise SettingsError(f"{name} must not be negative")
        if not 0 < self.scan_suspicious_at <= self.scan_malicious_at <= 1:
            raise SettingsError(
                "scan thresholds must satisfy 0 < scan_suspicious_at <= scan_malicious_at <= 1"
            )
        if self.scan_time_budget <= 0 or self.scan_concurrency < 1:
            raise SettingsError("scan_time_budget and scan_concurrency must be positive")
        scheme = self.effective_database_url.split(":", 1)[0]
        if not scheme.startswith(("sqlite", "postgresql")):
            raise SettingsError(f"unsupported database URL scheme {scheme!r}")


def _convert(name: str, annotation: object, raw: str) -> Any:
    kind = str(annotation)
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "bool":
            return raw.strip().lower() in {"1", "true", "yes", "on"}
    except ValueError as error:
        raise SettingsError(f"{_PREFIX}{name.upper()}={raw!r} is not a valid {kind}") from error
    return raw


def export_to_environment(settings: Settings) -> None:
    """Hand the settings to worker processes, which rebuild them with `from_env`."""
    for spec in dataclasses.fields(settings):
        value = getattr(settings, spec.name)
        if isinstance(value, Path):
            value = value.resolve()
        os.environ[_PREFIX + spec.name.upper()] = str(value)
    os.environ.pop(_PREFIX + "DATA", None)
