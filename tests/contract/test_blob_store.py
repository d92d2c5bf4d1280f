"""One behaviour suite for every `BlobStore`: what `publishing` and `/packages/` rely on.

Each test runs against every implementation; a new backend joins by adding one entry to
`_STORES`. The suite talks to the Protocol only, except where the Protocol itself hands out
something implementation-shaped (`local_path`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stilton.storage import (
    BlobNotFound,
    BlobStore,
    InvalidBlobKey,
    LocalBlobStore,
    MemoryBlobStore,
    StorageError,
)

_STORES: dict[str, Callable[[Path], BlobStore]] = {
    "memory": lambda root: MemoryBlobStore(),
    "local": lambda root: LocalBlobStore(root),
}

KEY = "ab/cd/0123456789abcdef/demo-1.0-py3-none-any.whl"
UNSAFE_KEYS = [
    pytest.param("", id="empty"),
    pytest.param("../x", id="parent"),
    pytest.param("..", id="dotdot"),
    pytest.param(".", id="dot"),
    pytest.param("/abs", id="absolute"),
    pytest.param("/etc/passwd", id="absolute-deep"),
    pytest.param("a/../../b", id="climbs-out"),
    pytest.param("a/../b", id="climbs-back"),
    pytest.param("a/./b", id="dot-segment"),
    pytest.param("a//b", id="empty-segment"),
    pytest.param("a/", id="trailing-slash"),
    pytest.param("a\x00b", id="nul"),
    pytest.param("a/b\x00", id="nul-at-end"),
    pytest.param("..\\x", id="backslash-parent"),
    pytest.param("a\\b", id="backslash"),
    pytest.param("a/b\n", id="newline"),
    pytest.param(".hidden", id="leading-dot"),
    pytest.param("a/.partial-x", id="temporary-name"),
    pytest.param("x" * 1025, id="too-long"),
]


@pytest.fixture(params=sorted(_STORES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    return _STORES[request.param](tmp_path / "root")


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "source.bin"
    path.write_bytes(b"wheel bytes " * 1000)
    return path


def read(store: BlobStore, key: str) -> bytes:
    with store.open(key) as stream:
        return stream.read()


class _ExplodingReader(io.RawIOBase):
    """A file whose reads fail: a sized read yields half the data first, then an error."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._reads = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        self._reads += 1
        if size is None or size < 0 or self._reads > 1:
            raise OSError(5, "Input/output error")
        return self._data[: min(size, len(self._data) // 2)]

    def readall(self) -> bytes:
        raise OSError(5, "Input/output error")


class _FailingPath(type(Path())):  # type: ignore[misc]
    """A source path that opens fine and then cannot be read to the end."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        return _ExplodingReader(Path(self).read_bytes())


# --- round trips ---------------------------------------------------------------------------


def test_put_then_open_returns_the_same_bytes(store: BlobStore, source: Path) -> None:
    store.put(KEY, source)
    assert read(store, KEY) == source.read_bytes()


def test_put_bytes_then_open_returns_the_same_bytes(store: BlobStore) -> None:
    store.put_bytes(KEY + ".metadata", b"Metadata-Version: 2.1\n")
    assert read(store, KEY + ".metadata") == b"Metadata-Version: 2.1\n"


def test_exists_and_size_follow_a_put(store: BlobStore, source: Path) -> None:
    assert not store.exists(KEY)
    store.put(KEY, source)
    assert store.exists(KEY)
    assert store.size(KEY) == source.stat().st_size


def test_an_empty_blob_is_a_blob(store: BlobStore) -> None:
    store.put_bytes("empty", b"")
    assert store.exists("empty")
    assert store.size("empty") == 0
    assert read(store, "empty") == b""


def test_a_large_blob_round_trips(store: BlobStore, tmp_path: Path) -> None:
    data = bytes(range(256)) * (3 * 4096 + 7)  # > 3 MiB, not a multiple of any buffer size
    path = tmp_path / "large.bin"
    path.write_bytes(data)
    store.put(KEY, path)
    assert store.size(KEY) == len(data)
    assert read(store, KEY) == data


def test_keys_are_independent(store: BlobStore) -> None:
    store.put_bytes("aa/one", b"1")
    store.put_bytes("aa/two", b"2")
    store.put_bytes("bb/one", b"3")
    store.delete("aa/one")
    assert not store.exists("aa/one")
    assert read(store, "aa/two") == b"2"
    assert read(store, "bb/one") == b"3"


def test_keys_are_case_sensitive(store: BlobStore) -> None:
    store.put_bytes("Demo", b"upper")
    store.put_bytes("demo", b"lower")
    assert read(store, "Demo") == b"upper"
    assert read(store, "demo") == b"lower"


def test_the_stored_blob_does_not_follow_its_source(store: BlobStore, source: Path) -> None:
    original = source.read_bytes()
    store.put(KEY, source)
    source.write_bytes(b"changed afterwards")
    assert read(store, KEY) == original


def test_put_bytes_copies_a_mutable_buffer(store: BlobStore) -> None:
    buffer = bytearray(b"before")
    store.put_bytes(KEY, buffer)  # type: ignore[arg-type]
    buffer[:] = b"after!"
    assert read(store, KEY) == b"before"


def test_put_leaves_the_source_in_place(store: BlobStore, source: Path) -> None:
    store.put(KEY, source)
    assert source.exists()


# --- missing keys --------------------------------------------------------------------------


def test_open_of_a_missing_key_is_blob_not_found(store: BlobStore) -> None:
    with pytest.raises(BlobNotFound):
        store.open(KEY)


def test_size_of_a_missing_key_is_blob_not_found(store: BlobStore) -> None:
    with pytest.raises(BlobNotFound):
        store.size(KEY)


def test_blob_not_found_is_a_storage_error_and_a_key_error(store: BlobStore) -> None:
    with pytest.raises(BlobNotFound) as caught:
        store.open(KEY)
    assert isinstance(caught.value, StorageError)
    assert isinstance(caught.value, KeyError)


def test_deleting_a_missing_key_is_fine(store: BlobStore) -> None:
    store.delete(KEY)
    store.delete(KEY)
    assert not store.exists(KEY)


def test_delete_removes_the_blob(store: BlobStore, source: Path) -> None:
    store.put(KEY, source)
    store.delete(KEY)
    assert not store.exists(KEY)
    with pytest.raises(BlobNotFound):
        store.open(KEY)
    with pytest.raises(BlobNotFound):
        store.size(KEY)


def test_a_prefix_of_stored_keys_is_not_a_blob(store: BlobStore) -> None:
    store.put_bytes("aa/bb/cc", b"x")
    for prefix in ("aa", "aa/bb"):
        assert not store.exists(prefix)
        with pytest.raises(BlobNotFound):
            store.open(prefix)
        with pytest.raises(BlobNotFound):
            store.size(prefix)
        store.delete(prefix)  # a no-op, like any missing key
    assert read(store, "aa/bb/cc") == b"x"


# --- keys that could escape the root -------------------------------------------------------


@pytest.mark.parametrize("key", UNSAFE_KEYS)
def test_put_refuses_an_unsafe_key(store: BlobStore, source: Path, key: str) -> None:
    with pytest.raises(InvalidBlobKey):
        store.put(key, source)


@pytest.mark.parametrize("key", UNSAFE_KEYS)
def test_put_bytes_refuses_an_unsafe_key(store: BlobStore, key: str) -> None:
    with pytest.raises(InvalidBlobKey):
        store.put_bytes(key, b"x")


@pytest.mark.parametrize("key", UNSAFE_KEYS)
@pytest.mark.parametrize("method", ["open", "exists", "size", "delete", "local_path"])
def test_every_reader_refuses_an_unsafe_key(store: BlobStore, method: str, key: str) -> None:
    with pytest.raises(InvalidBlobKey):
        getattr(store, method)(key)


def test_invalid_blob_key_is_a_storage_error(store: BlobStore) -> None:
    with pytest.raises(StorageError):
        store.put_bytes("../x", b"x")


def test_an_unsafe_put_writes_nothing_anywhere(tmp_path: Path) -> None:
    root = tmp_path / "deep" / "root"
    store = LocalBlobStore(root)
    for key in ("../escaped", "../../escaped", "/tmp/escaped-abs"):
        with pytest.raises(InvalidBlobKey):
            store.put_bytes(key, b"x")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["deep", "root"]


# --- overwrites and partial blobs ----------------------------------------------------------


def test_putting_a_key_again_replaces_the_blob(store: BlobStore, tmp_path: Path) -> None:
    store.put_bytes(KEY, b"first version, longer than the second")
    second = tmp_path / "second"
    second.write_bytes(b"second")
    store.put(KEY, second)
    assert read(store, KEY) == b"second"
    assert store.size(KEY) == len(b"second")


def test_a_reader_opened_before_an_overwrite_sees_the_old_blob_whole(store: BlobStore) -> None:
    old = b"old " * 10_000
    store.put_bytes(KEY, old)
    with store.open(KEY) as stream:
        store.put_bytes(KEY, b"new")
        assert stream.read() == old
    assert read(store, KEY) == b"new"


def test_a_reader_opened_before_a_delete_still_reads_the_blob(store: BlobStore) -> None:
    store.put_bytes(KEY, b"contents")
    with store.open(KEY) as stream:
        store.delete(KEY)
        assert stream.read() == b"contents"


def test_a_put_from_a_missing_source_leaves_no_key(store: BlobStore, tmp_path: Path) -> None:
    with pytest.raises(OSError, match="No such file"):
        store.put(KEY, tmp_path / "missing")
    assert not store.exists(KEY)


def test_a_put_whose_source_read_fails_leaves_no_key(store: BlobStore, source: Path) -> None:
    with pytest.raises(OSError, match="Input/output error"):
        store.put(KEY, _FailingPath(source))
    assert not store.exists(KEY)
    with pytest.raises(BlobNotFound):
        store.size(KEY)
    _assert_no_stray_files(store)


def test_a_failed_overwrite_keeps_the_previous_blob(store: BlobStore, source: Path) -> None:
    store.put_bytes(KEY, b"the published bytes")
    with pytest.raises(OSError, match="Input/output error"):
        store.put(KEY, _FailingPath(source))
    assert read(store, KEY) == b"the published bytes"
    _assert_no_stray_files(store)


def _assert_no_stray_files(store: BlobStore) -> None:
    """Where blobs are files, nothing but whole blobs may be left behind."""
    path = store.local_path("probe")
    if path is None:
        return
    root = path.parent
    stray = [p for p in root.rglob("*") if p.is_file() and p.name != Path(KEY).name]
    assert stray == []


# --- local_path ----------------------------------------------------------------------------


def test_local_path_is_none_or_a_file_holding_the_blob(store: BlobStore, source: Path) -> None:
    store.put(KEY, source)
    path = store.local_path(KEY)
    if path is not None:
        assert path.is_absolute()
        assert path.read_bytes() == source.read_bytes()


def test_local_path_stays_below_the_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    store = LocalBlobStore(root)
    path = store.local_path(KEY)
    assert path is not None
    assert path.is_relative_to(root.resolve())
    assert path == root.resolve() / KEY


def test_memory_store_has_no_local_path() -> None:
    store = MemoryBlobStore()
    store.put_bytes(KEY, b"x")
    assert store.local_path(KEY) is None


def test_local_store_blobs_are_world_readable_files(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "root")
    store.put_bytes(KEY, b"x")
    path = store.local_path(KEY)
    assert path is not None
    assert path.stat().st_mode & 0o777 == 0o644


def test_local_store_creates_its_root(tmp_path: Path) -> None:
    LocalBlobStore(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()


def test_local_store_sees_blobs_written_by_another_instance(tmp_path: Path) -> None:
    LocalBlobStore(tmp_path / "root").put_bytes(KEY, b"shared")
    assert read(LocalBlobStore(tmp_path / "root"), KEY) == b"shared"


def test_a_key_below_a_blob_is_missing(store: BlobStore) -> None:
    store.put_bytes("aa/bb", b"x")
    assert not store.exists("aa/bb/cc")
    with pytest.raises(BlobNotFound):
        store.open("aa/bb/cc")
    with pytest.raises(BlobNotFound):
        store.size("aa/bb/cc")
    store.delete("aa/bb/cc")
    assert read(store, "aa/bb") == b"x"
