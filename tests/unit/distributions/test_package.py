from __future__ import annotations

import types

import stilton.distributions as distributions


def test_all_lists_exactly_the_public_names():
    public = {
        name
        for name, value in vars(distributions).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }

    assert set(distributions.__all__) == public
    assert distributions.__all__ == sorted(distributions.__all__)


def test_every_listed_name_exists():
    for name in distributions.__all__:
        assert getattr(distributions, name) is not None
