"""Distributions built at test time, good and hostile; no archive is committed.

build_wheel / build_sdist        real, installable distributions
build_zip / build_tar_gz         any members, unsafe names, links, devices, duplicates
zip_bomb / tar_bomb              tiny on disk, huge once expanded
nested_zips                      zips inside zips (42.zip-style), as bytes
prepend                          data before an archive's first byte (a polyglot)
truncate                         cut a file short in place
render_metadata                  core metadata bytes, for metadata_override and parser tests
fold_description                 a description as a folded header field (old setuptools)
build_legacy_sdist               an sdist with its README in that header field, Metadata-Version 1.2
"""

from tests.builders.archives import build_tar_gz, build_zip, prepend, truncate
from tests.builders.bombs import nested_zips, tar_bomb, zip_bomb
from tests.builders.distributions import (
    build_legacy_sdist,
    build_sdist,
    build_wheel,
    wheel_filename,
)
from tests.builders.metadata import dist_name, fold_description, render_metadata

__all__ = [
    "build_legacy_sdist",
    "build_sdist",
    "build_tar_gz",
    "build_wheel",
    "build_zip",
    "dist_name",
    "fold_description",
    "nested_zips",
    "prepend",
    "render_metadata",
    "tar_bomb",
    "truncate",
    "wheel_filename",
    "zip_bomb",
]
