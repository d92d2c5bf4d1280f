from __future__ import annotations

import pytest

from stilton.accounts import hash_password, verify_password


def test_the_production_hash_is_argon2id_and_verifies() -> None:
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse")


@pytest.mark.usefixtures("cheap_hashing")
def test_a_hash_verifies_its_password_only() -> None:
    stored = hash_password("correct horse")
    assert "correct horse" not in stored
    assert verify_password(stored, "correct horse")
    assert not verify_password(stored, "correct horse ")
    assert not verify_password(stored, "Correct horse")
    assert not verify_password(stored, "")


@pytest.mark.usefixtures("cheap_hashing")
def test_the_same_password_hashes_differently_each_time() -> None:
    assert hash_password("pw") != hash_password("pw")


@pytest.mark.usefixtures("cheap_hashing")
def test_non_ascii_passwords() -> None:
    assert verify_password(hash_password("p\u00e4ss\u00a7"), "p\u00e4ss\u00a7")


@pytest.mark.parametrize("stored", [None, "", "not-a-hash", "$argon2id$v=19$garbage"])
def test_a_missing_or_broken_hash_never_verifies(stored: str | None) -> None:
    assert not verify_password(stored, "anything")
