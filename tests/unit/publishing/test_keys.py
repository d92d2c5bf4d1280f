from __future__ import annotations

from stilton.db import models
from stilton.publishing import file_key, metadata_key

BLAKE2 = "0123456789abcdef" * 4


def test_file_key_fans_out_by_blake2() -> None:
    assert file_key(BLAKE2, "demo-1.0.tar.gz") == f"01/23/{BLAKE2[4:]}/demo-1.0.tar.gz"


def test_metadata_key_is_the_file_key_plus_metadata() -> None:
    assert metadata_key(BLAKE2, "demo-1.0-py3-none-any.whl") == (
        file_key(BLAKE2, "demo-1.0-py3-none-any.whl") + ".metadata"
    )


def test_the_url_path_of_a_file_row_is_its_blob_key() -> None:
    row = models.File(filename="demo-1.0.tar.gz", blake2_256=BLAKE2)
    assert row.path == file_key(BLAKE2, "demo-1.0.tar.gz")
