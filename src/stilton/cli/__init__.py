"""The `stilton` command."""

from stilton.cli.main import main

__all__ = ["main"]
