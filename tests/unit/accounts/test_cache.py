from __future__ import annotations

from stilton.accounts import LoginCache


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_remembered_login_hits_until_it_expires() -> None:
    clock = Clock()
    cache = LoginCache(ttl=60, clock=clock)
    key = LoginCache.key("Basic YWxpY2U6cHc=")
    assert not cache.hit(key, 5)
    cache.remember(key, 5)
    assert cache.hit(key, 5)
    clock.now += 59
    assert cache.hit(key, 5)
    clock.now += 2
    assert not cache.hit(key, 5)


def test_a_new_serial_forgets_every_login() -> None:
    cache = LoginCache(ttl=60)
    key = LoginCache.key("Bearer x")
    cache.remember(key, 5)
    assert not cache.hit(key, 6)
    cache.remember(LoginCache.key("Bearer y"), 6)
    assert not cache.hit(key, 6)


def test_a_login_verified_before_a_change_is_not_remembered_after_it() -> None:
    cache = LoginCache(ttl=60)
    late = LoginCache.key("Bearer late")
    cache.remember(LoginCache.key("Bearer fresh"), 7)
    cache.remember(late, 6)
    assert not cache.hit(late, 6)
    assert not cache.hit(late, 7)
    assert cache.hit(LoginCache.key("Bearer fresh"), 7)


def test_keys_differ_by_credentials_and_hide_them() -> None:
    first, second = LoginCache.key("Basic a"), LoginCache.key("Basic b")
    assert first != second
    assert b"Basic" not in first


def test_the_cache_stays_bounded() -> None:
    cache = LoginCache(ttl=60, capacity=3)
    keys = [LoginCache.key(f"Bearer {n}") for n in range(4)]
    for key in keys:
        cache.remember(key, 1)
    assert cache.hit(keys[3], 1)
    assert sum(cache.hit(key, 1) for key in keys) <= 3
