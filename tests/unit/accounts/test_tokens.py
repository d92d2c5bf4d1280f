from __future__ import annotations

import pytest

from stilton.accounts.tokens import TOKEN_PREFIX, mint_token, secret_matches, split_token


def test_a_minted_token_splits_into_its_identifier_and_a_matching_secret() -> None:
    token = mint_token()
    assert token.value.startswith(TOKEN_PREFIX)
    parts = split_token(token.value)
    assert parts is not None
    identifier, secret = parts
    assert identifier == token.identifier
    assert len(identifier) == 16
    assert secret_matches(secret, token.secret_hash)


def test_the_stored_hash_is_not_the_secret() -> None:
    token = mint_token()
    assert token.secret_hash not in token.value
    assert len(token.secret_hash) == 64  # fits api_tokens.secret_hash


def test_tokens_are_unique() -> None:
    tokens = [mint_token() for _ in range(50)]
    assert len({t.value for t in tokens}) == 50
    assert len({t.identifier for t in tokens}) == 50


def test_a_token_is_safe_in_a_basic_auth_password_and_a_header() -> None:
    value = mint_token().value
    assert value.isascii()
    assert ":" not in value
    assert not any(ch.isspace() for ch in value)


def test_another_secret_does_not_match() -> None:
    first, second = mint_token(), mint_token()
    _, second_secret = split_token(second.value) or ("", "")
    assert not secret_matches(second_secret, first.secret_hash)
    assert not secret_matches("", first.secret_hash)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "stilton-",
        "pypi-AgEIcHlwaS5vcmc",
        "0123456789abcdef.secret",
        "stilton-0123456789abcdef",  # no dot
        "stilton-0123456789abcdef.",  # empty secret
        "stilton-0123456789abcde.secret",  # identifier too short
        "stilton-0123456789abcdef0.secret",  # identifier too long
        "STILTON-0123456789abcdef.secret",
    ],
)
def test_malformed_tokens_do_not_split(value: str) -> None:
    assert split_token(value) is None


def test_a_secret_may_contain_dots() -> None:
    assert split_token("stilton-0123456789abcdef.a.b") == ("0123456789abcdef", "a.b")
