"""Every setting, read once from `STILTON_*` environment variables."""

from stilton.config.settings import Settings, SettingsError, export_to_environment

__all__ = ["Settings", "SettingsError", "export_to_environment"]
