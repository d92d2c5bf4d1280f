"""The scanner benchmark: speed on real popular distributions, quality against GuardDog.

Run from the repository root: `make bench-scan` or `.venv/bin/python bench/scan_bench.py`.
Prints a Markdown table on stdout (a copy goes to bench/.work/scan-last-run.md) and progress
on stderr; see bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work"
sys.path.insert(0, str(REPO))

from tests.corpus import build_corpus  # noqa: E402

from _guarddog import GuardDog, GuardDogResult  # noqa: E402
from _popular import fetch_all, wanted_list  # noqa: E402
from stilton.distributions import DistributionError, inspect  # noqa: E402
from stilton.scanning import Verdict, scan_file  # noqa: E402

MEDIAN_TARGET, P95_TARGET = 0.3, 1.0
RECALL_TARGET, FPR_TARGET = 0.97, 0.005


@dataclass(frozen=True)
class Sample:
    """One distribution: where it came from and what it should be."""

    path: Path
    group: str  # `malicious`, `benign` (the inert corpus) or `popular`
    label: str


@dataclass(frozen=True)
class StiltonResult:
    flagged: bool
    verdict: str
    seconds: float
    cpu_seconds: float
    rss_kib: int
    top: str
    refused: str = ""


@dataclass
class Figures:
    name: str
    results: dict[Path, bool] = field(default_factory=dict)
    seconds: dict[Path, float] = field(default_factory=dict)
    cpu_seconds: dict[Path, float] = field(default_factory=dict)
    peak_rss_mib: float | None = None
    note: str = ""


def _scan_one(sample: Sample) -> StiltonResult:
    cpu_started = time.process_time()
    report = scan_file(sample.path)
    cpu = time.process_time() - cpu_started
    top = "; ".join(
        f"{f.rule}({f.severity}) {f.path or ''}:{f.line or ''} {f.evidence[:60]!r}"
        for f in report.findings[:3]
    )
    refused = ""
    if sample.group == "popular":
        try:
            inspect(sample.path, sample.path.name)
        except DistributionError as error:
            refused = f"{type(error).__name__}: {str(error)[:200]}"
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    flagged = report.verdict is not Verdict.CLEAN
    return StiltonResult(flagged, str(report.verdict), report.seconds, cpu, rss, top, refused)


def _samples(args: argparse.Namespace) -> tuple[list[Sample], list[str]]:
    corpus_dir = WORK / "scan-corpus"
    shutil.rmtree(corpus_dir, ignore_errors=True)
    samples = [
        Sample(item.path, "malicious" if item.expected_malicious else "benign", item.pattern)
        for item in build_corpus(corpus_dir)
    ]
    wanted = wanted_list()
    if args.limit:
        wanted = wanted[: args.limit]
    print(f"fetching {len(wanted)} popular distributions (cached)", file=sys.stderr)
    fetched = fetch_all(WORK / "popular", wanted, jobs=args.download_jobs)
    failures = [f"{f.wanted.requirement}: {f.failure}" for f in fetched if f.path is None]
    samples += [Sample(f.path, "popular", f.path.name) for f in fetched if f.path is not None]
    return samples, failures


def _run_stilton(samples: list[Sample], jobs: int) -> dict[Path, StiltonResult]:
    # Largest first, so that one big framework does not finish last alone.
    ordered = sorted(samples, key=lambda s: -s.path.stat().st_size)
    print(f"stilton: scanning {len(ordered)} files with {jobs} processes", file=sys.stderr)
    with ProcessPoolExecutor(jobs) as pool:
        results = list(pool.map(_scan_one, ordered, chunksize=1))
    return {sample.path: result for sample, result in zip(ordered, results, strict=True)}


def _rate(figures: Figures, samples: list[Sample], group: str) -> tuple[int, int]:
    paths = [s.path for s in samples if s.group == group and s.path in figures.results]
    return sum(figures.results[p] for p in paths), len(paths)


def _pct(hit: int, total: int) -> str:
    return f"{100 * hit / total:.1f}% ({hit}/{total})" if total else "-"


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(q * len(ordered)), len(ordered) - 1)]


def _speed(values: list[float]) -> list[str]:
    if not values:
        return ["-", "-", "-"]
    return [
        f"{statistics.median(values):.3f}",
        f"{_quantile(values, 0.95):.3f}",
        f"{max(values):.2f}",
    ]


def _row(figures: Figures, samples: list[Sample]) -> list[str]:
    popular = [s.path for s in samples if s.group == "popular" and s.path in figures.seconds]
    if not figures.results:
        return [figures.name, *["-"] * 10]
    rss = f"{figures.peak_rss_mib:.0f}" if figures.peak_rss_mib is not None else "-"
    return [
        figures.name,
        _pct(*_rate(figures, samples, "malicious")),
        _pct(*_rate(figures, samples, "benign")),
        _pct(*_rate(figures, samples, "popular")),
        *_speed([figures.seconds[p] for p in popular]),
        *_speed([figures.cpu_seconds[p] for p in popular])[:2],
        rss,
    ]


def _table(rows: list[list[str]]) -> str:
    header = [
        "scanner",
        "recall (inert malicious)",
        "FPR (inert benign)",
        "FPR (popular)",
        "median s",
        "p95 s",
        "max s",
        "median CPU s",
        "p95 CPU s",
        "peak RSS MiB",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _verdicts(stilton: Figures, samples: list[Sample]) -> list[str]:
    recall = _rate(stilton, samples, "malicious")
    fpr = _rate(stilton, samples, "popular")
    popular = [s.path for s in samples if s.group == "popular"]
    wall = [stilton.seconds[p] for p in popular]
    cpu = [stilton.cpu_seconds[p] for p in popular]

    def speed(values: list[float], q: float, target: float) -> bool:
        if not values:
            return False
        value = statistics.median(values) if q == 0.5 else _quantile(values, q)
        return value < target

    checks = [
        ("recall", recall[1] > 0 and recall[0] / recall[1] >= RECALL_TARGET, ">= 97%", None),
        ("FPR popular", fpr[1] > 0 and fpr[0] / fpr[1] <= FPR_TARGET, "<= 0.5%", None),
        ("median", speed(wall, 0.5, MEDIAN_TARGET), "< 0.3 s", speed(cpu, 0.5, MEDIAN_TARGET)),
        ("p95", speed(wall, 0.95, P95_TARGET), "< 1 s", speed(cpu, 0.95, P95_TARGET)),
    ]
    lines = []
    for name, ok, goal, cpu_ok in checks:
        line = f"- {name} {goal}: {'met' if ok else 'NOT met'}"
        if cpu_ok is not None:
            line += f" (wall); {'met' if cpu_ok else 'NOT met'} (CPU)"
        lines.append(line)
    return lines


def _versus(stilton: Figures, guard: Figures, samples: list[Sample]) -> list[str]:
    if not guard.results:
        return []
    lines = []
    for group, better in (("malicious", "higher"), ("popular", "lower")):
        ours, theirs = _rate(stilton, samples, group), _rate(guard, samples, group)
        if not ours[1] or not theirs[1]:
            continue
        a, b = ours[0] / ours[1], theirs[0] / theirs[1]
        ok = a > b if better == "higher" else a < b
        name = "recall" if group == "malicious" else "FPR popular"
        lines.append(f"- {name}: Stilton {'better' if ok else 'NOT better'} than {guard.name}")
    return lines


def _details(
    samples: list[Sample], stilton: dict[Path, StiltonResult], failures: list[str]
) -> list[str]:
    lines = []
    by_group = {s.path: s for s in samples}
    fps = [
        (by_group[p], r)
        for p, r in stilton.items()
        if r.flagged and by_group[p].group != "malicious"
    ]
    missed = [
        by_group[p]
        for p, r in stilton.items()
        if not r.flagged and by_group[p].group == "malicious"
    ]
    if fps:
        lines.append("\nStilton false positives:")
        lines += [f"- {s.group} {s.label}: {r.verdict}: {r.top}" for s, r in fps]
    if missed:
        lines.append("\nStilton missed: " + ", ".join(sorted(s.label for s in missed)))
    refused = [(by_group[p], r.refused) for p, r in stilton.items() if r.refused]
    lines.append(f"\nUpload inspection (`stilton.distributions.inspect`) refused {len(refused)}:")
    lines += [f"- {s.label}: {why}" for s, why in refused]
    popular = sorted(
        (
            (r.seconds, by_group[p].label)
            for p, r in stilton.items()
            if by_group[p].group == "popular"
        ),
        reverse=True,
    )
    lines.append("\nSlowest popular distributions (Stilton): ")
    lines += [f"- {label}: {seconds:.2f} s" for seconds, label in popular[:8]]
    if failures:
        lines.append(f"\nNot downloaded ({len(failures)}, skipped):")
        lines += [f"- {failure}" for failure in failures]
    return lines


def _corpus_summary(samples: list[Sample]) -> str:
    popular = [s for s in samples if s.group == "popular"]
    wheels = [s for s in popular if s.path.name.endswith(".whl")]
    native = [s for s in wheels if not s.path.name.endswith("-none-any.whl")]
    size = sum(s.path.stat().st_size for s in popular) / 1024**2
    counts = {g: sum(s.group == g for s in samples) for g in ("malicious", "benign")}
    return (
        f"Corpus: {len(popular)} popular distributions ({len(wheels)} wheels, {len(native)} of "
        f"them platform-specific; {len(popular) - len(wheels)} sdists; {size:,.0f} MiB), "
        f"{counts['malicious']} inert malicious and {counts['benign']} inert benign fixtures."
    )


def _guarddog(samples: list[Sample], args: argparse.Namespace) -> tuple[Figures, Figures]:
    strict = Figures("GuardDog (risk >= suspicious)")
    loose = Figures("GuardDog (any threat rule)")
    if args.no_guarddog:
        strict.note = "GuardDog skipped (--no-guarddog)."
        return strict, loose
    guard = GuardDog(WORK)
    why = guard.ensure()
    if why:
        strict.note = f"GuardDog not run: {why}"
        print(strict.note, file=sys.stderr)
        return strict, loose
    print(f"guarddog {guard.version}: scanning {len(samples)} files", file=sys.stderr)
    results: dict[Path, GuardDogResult] = guard.scan_all([s.path for s in samples], args.jobs)
    errors = {p: r.error for p, r in results.items() if r.error}
    for path, result in results.items():
        strict.results[path], loose.results[path] = result.flagged, result.any_threat
        strict.seconds[path] = loose.seconds[path] = result.seconds
        strict.cpu_seconds[path] = loose.cpu_seconds[path] = result.cpu_seconds
    strict.note = (
        f"GuardDog {guard.version}, `guarddog pypi scan FILE --output-format json`, one process "
        f"per file, {args.jobs} at a time (its seconds include its own start-up); flagged = its "
        f"risk label is suspicious or high_risk, or (second row) any threat-* rule matched. "
        f"{len(errors)} files gave errors or timed out (counted as not flagged)"
        + "".join(f"; {path.name}: {why}" for path, why in list(errors.items())[:5])
        + "."
    )
    return strict, loose


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2, help="scanning processes (default 2)")
    parser.add_argument("--download-jobs", type=int, default=4)
    parser.add_argument("--limit", type=int, default=0, help="only the first N popular names")
    parser.add_argument("--no-guarddog", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    samples, failures = _samples(args)
    stilton_results = _run_stilton(samples, args.jobs)
    stilton = Figures("Stilton")
    for path, result in stilton_results.items():
        stilton.results[path], stilton.seconds[path] = result.flagged, result.seconds
        stilton.cpu_seconds[path] = result.cpu_seconds
    stilton.peak_rss_mib = max(r.rss_kib for r in stilton_results.values()) / 1024
    strict, loose = _guarddog(samples, args)
    rows = [_row(stilton, samples), _row(strict, samples), _row(loose, samples)]
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        f"## Scanner benchmark, {date}",
        "",
        _corpus_summary(samples),
        "",
        _table(rows),
        "",
        f"Seconds are per distribution over the popular corpus; Stilton's peak RSS is the largest "
        f"of its {args.jobs} scanning processes.",
        *_verdicts(stilton, samples),
        *_versus(stilton, strict, samples),
        *([strict.note] if strict.note else []),
        *_details(samples, stilton_results, failures),
        f"\n({time.perf_counter() - started:.0f} s in all; load average {load_before:.2f} "
        f"before, {os.getloadavg()[0]:.2f} after, on {os.cpu_count()} cores shared with "
        "whatever else runs: wall figures grow with it, CPU figures much less)",
    ]
    text = "\n".join(out)
    print(text)
    (WORK / "scan-last-run.md").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
