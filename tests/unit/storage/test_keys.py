from __future__ import annotations

import pytest

from stilton.publishing import file_key, metadata_key
from stilton.storage import InvalidBlobKey, validate_key


@pytest.mark.parametrize(
    "key",
    [
        "a",
        "demo-1.0.tar.gz",
        "ab/cd/" + "e" * 60 + "/demo_pkg-1.0+local-py3-none-any.whl",
        "ab/cd/" + "e" * 60 + "/demo-1.0.tar.gz.metadata",
        "x~y/A.B_C-D",
        "/".join(["a"] * 512)[:1023] + "b",
    ],
)
def test_safe_keys_pass_unchanged(key: str) -> None:
    assert validate_key(key) == key


def test_the_longest_key_is_1024_characters() -> None:
    assert validate_key("k" * 1024)
    with pytest.raises(InvalidBlobKey, match="length 1025"):
        validate_key("k" * 1025)


def test_every_published_key_is_valid() -> None:
    blake2 = "0123456789abcdef" * 4
    for filename in ("demo-1.0.tar.gz", "Demo_Pkg-1.0-1-cp311-cp311-manylinux_2_17_x86_64.whl"):
        assert validate_key(file_key(blake2, filename))
        assert validate_key(metadata_key(blake2, filename))


def test_the_error_names_the_bad_segment() -> None:
    with pytest.raises(InvalidBlobKey, match=r"unsafe segment '\.\.'"):
        validate_key("a/../b")
