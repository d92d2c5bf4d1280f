from __future__ import annotations

import base64

import pytest

from stilton.accounts import TOKEN_USERNAME, AuthenticationFailed, Credentials, parse_authorization


def basic(raw: bytes) -> str:
    return "Basic " + base64.b64encode(raw).decode("ascii")


@pytest.mark.parametrize("header", [None, ""])
def test_no_header_means_no_credentials(header: str | None) -> None:
    assert parse_authorization(header) is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (basic(b"alice:secret"), Credentials("alice", "secret")),
        (basic(b"__token__:stilton-abc.def"), Credentials(TOKEN_USERNAME, "stilton-abc.def")),
        (basic(b"alice:pass:with:colons"), Credentials("alice", "pass:with:colons")),
        (basic(b"alice:"), Credentials("alice", "")),
        (basic(b":secret"), Credentials("", "secret")),
        (basic("j\u00f6rg:p\u00e4ss".encode()), Credentials("j\u00f6rg", "p\u00e4ss")),
        ("basic " + base64.b64encode(b"a:b").decode(), Credentials("a", "b")),
        ("BASIC " + base64.b64encode(b"a:b").decode(), Credentials("a", "b")),
        ("  Basic   " + base64.b64encode(b"a:b").decode() + "  ", Credentials("a", "b")),
    ],
)
def test_basic_credentials(header: str, expected: Credentials) -> None:
    assert parse_authorization(header) == expected


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_a_bearer_token_is_a_token_login(scheme: str) -> None:
    assert parse_authorization(f"{scheme} stilton-abc.def") == Credentials(
        TOKEN_USERNAME, "stilton-abc.def"
    )


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Basic", "Unsupported authorization scheme"),
        ("Basic ", "Unsupported authorization scheme"),
        ("Bearer", "Unsupported authorization scheme"),
        ("Bearer   ", "Unsupported authorization scheme"),
        ("Digest username=alice", "Unsupported authorization scheme"),
        ("Token abc", "Unsupported authorization scheme"),
        ("alice:secret", "Unsupported authorization scheme"),
        ("Basic !!!not-base64!!!", "Malformed Basic credentials"),
        ("Basic YWxpY2U6c2VjcmV", "Malformed Basic credentials"),  # incomplete padding
        (basic(b"no-colon-here"), "Malformed Basic credentials"),
        (basic(b"\xff\xfe:\xff"), "Malformed Basic credentials"),
    ],
)
def test_malformed_headers_fail_authentication(header: str, message: str) -> None:
    with pytest.raises(AuthenticationFailed, match=message):
        parse_authorization(header)
