from __future__ import annotations

import click

from stilton.cli import accounts, serve


@click.group()
@click.version_option(package_name="stilton")
def cli() -> None:
    """Stilton: a self-hostable Python package index."""


cli.add_command(serve.serve)
cli.add_command(accounts.user)
cli.add_command(accounts.token)


def main() -> None:
    cli()
