from __future__ import annotations

import click

from stilton.cli import accounts, admin, lifecycle, review, roles, scan, serve


@click.group()
@click.version_option(package_name="stilton")
def cli() -> None:
    """Stilton: a self-hostable Python package index."""


cli.add_command(serve.serve)
cli.add_command(accounts.user)
cli.add_command(accounts.token)
cli.add_command(roles.role)
cli.add_command(lifecycle.yank)
cli.add_command(lifecycle.unyank)
cli.add_command(lifecycle.delete)
cli.add_command(lifecycle.audit)
cli.add_command(admin.admin)
cli.add_command(scan.scan)
cli.add_command(review.review)
cli.add_command(review.rescan)


def main() -> None:
    cli()
