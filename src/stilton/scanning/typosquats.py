"""Look-alike project names: one edit, a swap, a separator or a look-alike character away from a
popular project (or one already on this index).

Decisions, to keep false positives down:
- a name that is itself on the popular list, on this index, or allowed by policy is never
  reported (`scipy` and `scapy`, `pymysql` and `pymssql` are both real);
- names shorter than 5 characters (without separators) are never targets: too many real
  projects sit one edit from `six`, `mock`, `toml`;
- popular targets of 5 characters count only in the top 200, of 6 or 7 only in the top 600,
  longer ones at any rank; projects on this index count at any rank;
- a difference in digits only (`nvidia-cublas-cu11` for `-cu12`, `pyqt6` for `pyqt5`) is a
  weaker signal, reported as such.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from packaging.utils import canonicalize_name

_GLYPHS = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("i", "l"))
_MIN_LENGTH = 5


@dataclass(frozen=True)
class Lookalike:
    target: str
    how: str
    rank: int | None
    """The target's rank on the popular list; None for a project on this index."""
    digits_only: bool = False


@dataclass(frozen=True)
class PopularNames:
    ranks: dict[str, int]

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> PopularNames:
        ranks: dict[str, int] = {}
        for line in lines:
            name = line.strip()
            if name and not name.startswith("#"):
                ranks.setdefault(canonicalize_name(name), len(ranks) + 1)
        return cls(ranks)

    @functools.cached_property
    def targets(self) -> tuple[tuple[str, int, str, str], ...]:
        """(name, rank, without separators, look-alikes folded) of each name that can be
        imitated, by the rank thresholds."""
        found = []
        for name, rank in self.ranks.items():
            folded = _fold_separators(name)
            if _rank_allows(len(folded), rank):
                found.append((name, rank, folded, _fold_glyphs(name)))
        return tuple(found)

    def rank(self, name: str) -> int | None:
        return self.ranks.get(canonicalize_name(name))


@functools.cache
def popular_names() -> PopularNames:
    """The ranked list shipped in `stilton/scanning/data/popular.txt`."""
    text = resources.files("stilton.scanning").joinpath("data/popular.txt").read_text("utf-8")
    return PopularNames.from_lines(text.splitlines())


@functools.cache
def known_bad_names() -> frozenset[str]:
    text = resources.files("stilton.scanning").joinpath("data/known_bad.txt").read_text("utf-8")
    return frozenset(
        canonicalize_name(line.strip())
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def _fold_separators(name: str) -> str:
    return name.replace("-", "")


def _fold_glyphs(name: str) -> str:
    folded = _fold_separators(name)
    for glyph, plain in _GLYPHS:
        folded = folded.replace(glyph, plain)
    return folded


FRONT_LETTER = "one letter added in front"
"""How variants are named (cwcwidth, cchardet: compiled builds of wcwidth, chardet)."""


def edit_kind(a: str, b: str) -> str | None:
    """How `a` differs from `b` by one edit (Damerau-Levenshtein distance 1), or None."""
    if a == b or abs(len(a) - len(b)) > 1:
        return None
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return "one letter changed"
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            i = diffs[0]
            if a[i] == b[i + 1] and a[i + 1] == b[i]:
                return "two letters swapped"
        return None
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    if len(a) > len(b) and a[1:] == b:
        return FRONT_LETTER
    for i in range(len(longer)):
        if longer[:i] + longer[i + 1 :] == shorter:
            return "one letter added" if len(a) > len(b) else "one letter left out"
    return None


def _digits_only(a: str, b: str) -> bool:
    strip = str.maketrans("", "", "0123456789")
    return a.translate(strip) == b.translate(strip)


def _rank_allows(length: int, rank: int) -> bool:
    if length < _MIN_LENGTH:
        return False
    if length == _MIN_LENGTH:
        return rank <= 200
    if length <= 7:
        return rank <= 600
    return True


def find_lookalike(
    name: str,
    popular: PopularNames,
    known: frozenset[str] = frozenset(),
    allowed: frozenset[str] = frozenset(),
) -> Lookalike | None:
    """The popular or local project `name` imitates, if any (see the module's rules)."""
    candidate = canonicalize_name(name)
    if candidate in popular.ranks or candidate in known or candidate in allowed:
        return None
    folded = _fold_separators(candidate)
    glyphs = _fold_glyphs(candidate)
    best: Lookalike | None = None
    targets: list[tuple[str, int | None, str, str]] = list(popular.targets)
    for target in known:
        target_folded = _fold_separators(target)
        if len(target_folded) >= _MIN_LENGTH:
            targets.append((target, None, target_folded, _fold_glyphs(target)))
    for target, rank, target_folded, target_glyphs in targets:
        if abs(len(target_folded) - len(folded)) > 2:
            continue
        how = _compare(candidate, folded, glyphs, target, target_folded, target_glyphs)
        if how is None:
            continue
        found = Lookalike(target, how, rank, _digits_only(folded, target_folded))
        if best is None or _better(found, best):
            best = found
    return best


def _compare(
    candidate: str, folded: str, glyphs: str, target: str, target_folded: str, target_glyphs: str
) -> str | None:
    if folded == target_folded:
        return "same letters, different separators"
    if glyphs == target_glyphs:
        return "look-alike characters"
    return edit_kind(candidate, target)


def _better(found: Lookalike, best: Lookalike) -> bool:
    if found.digits_only != best.digits_only:
        return not found.digits_only
    return (found.rank or 0) < (best.rank or 0)
