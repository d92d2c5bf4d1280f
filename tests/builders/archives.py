"""Write zip and gzipped tar archives member by member, hostile ones included.

Archives are deterministic (fixed timestamps and owners), so two builds of the same members are
byte-for-byte equal and their hashes can be compared across tests.
"""

from __future__ import annotations

import gzip
import io
import stat
import tarfile
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType

Members = Mapping[str, bytes] | Iterable[tuple[str, bytes]]
"""Archive path -> contents; pass pairs instead of a mapping to repeat a name."""

NO_LINKS: Mapping[str, str] = MappingProxyType({})
ZIP_DATE_TIME = (2020, 2, 2, 0, 0, 0)
TAR_MTIME = 1_580_601_600  # 2020-02-02T00:00:00Z
FILE_MODE = 0o644
DIR_MODE = 0o755
_SYMLINK_MODE = 0o120777


def member_pairs(members: Members) -> list[tuple[str, bytes]]:
    if isinstance(members, Mapping):
        return list(members.items())
    return list(members)


def build_zip(
    dest: Path,
    filename: str,
    members: Members,
    *,
    symlinks: Mapping[str, str] = NO_LINKS,
    compression: int = zipfile.ZIP_DEFLATED,
) -> Path:
    """Write `dest/filename` as a zip holding `members` as given (unsafe names included) and
    `symlinks` (path -> target) as Unix symbolic links."""
    path = dest / filename
    with zipfile.ZipFile(path, "w", compression=compression) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": wanted when asked for
        for name, data in member_pairs(members):
            archive.writestr(zip_info(name, compression), data)
        for name, target in symlinks.items():
            info = zip_info(name, compression)
            info.external_attr = _SYMLINK_MODE << 16
            archive.writestr(info, target)
    return path


def zip_info(name: str, compression: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    """A deterministic zip entry for a regular file (or a directory, if `name` ends in `/`)."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
    kind = stat.S_IFDIR | DIR_MODE if name.endswith("/") else stat.S_IFREG | FILE_MODE
    info.external_attr = kind << 16
    info.create_system = 3
    info.compress_type = compression
    return info


def build_tar_gz(
    dest: Path,
    filename: str,
    members: Members,
    *,
    symlinks: Mapping[str, str] = NO_LINKS,
    hardlinks: Mapping[str, str] = NO_LINKS,
    devices: Sequence[str] = (),
    directories: Sequence[str] = (),
) -> Path:
    """Write `dest/filename` as a gzipped tar: `directories` first, then `members` as given
    (unsafe names included), then `symlinks` and `hardlinks` (path -> target) and character
    `devices`."""
    path = dest / filename
    with open_tar_gz(path) as archive:
        for name in directories:
            archive.addfile(tar_info(name, tarfile.DIRTYPE, DIR_MODE))
        for name, data in member_pairs(members):
            info = tar_info(name, tarfile.REGTYPE, FILE_MODE)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for links, kind in ((symlinks, tarfile.SYMTYPE), (hardlinks, tarfile.LNKTYPE)):
            for name, target in links.items():
                info = tar_info(name, kind, 0o777)
                info.linkname = target
                archive.addfile(info)
        for name in devices:
            archive.addfile(tar_info(name, tarfile.CHRTYPE, 0o600))
    return path


@contextmanager
def open_tar_gz(path: Path) -> Iterator[tarfile.TarFile]:
    """A deterministic pax-format tar inside a gzip stream with no name or timestamp."""
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0, compresslevel=6) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as archive,
    ):
        yield archive


def tar_info(name: str, kind: bytes = tarfile.REGTYPE, mode: int = FILE_MODE) -> tarfile.TarInfo:
    """A deterministic tar entry; set `size` for a regular file."""
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mode = mode
    info.mtime = TAR_MTIME
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def truncate(path: Path, keep_fraction: float) -> Path:
    """Cut the file at `path` down to `keep_fraction` of its size, in place."""
    if not 0 <= keep_fraction < 1:
        raise ValueError(f"keep_fraction must be in [0, 1), not {keep_fraction}")
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.truncate(int(size * keep_fraction))
    return path


def prepend(path: Path, prefix: bytes) -> Path:
    """Put `prefix` before the archive's first byte, in place. Zip readers still open the result
    (they find the directory from the end), which is what makes a polyglot: `GIF89a...` + a zip
    is an image to one tool and an archive to another."""
    path.write_bytes(prefix + path.read_bytes())
    return path
