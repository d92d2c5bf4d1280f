from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from stilton.accounts import passwords


@pytest.fixture
def cheap_hashing() -> Iterator[None]:
    """Argon2 with tiny costs: the production parameters take most of a second per hash."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        )
        yield
