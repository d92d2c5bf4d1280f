from __future__ import annotations

import asyncio
import logging

import pytest

from stilton.projects import SerialWatcher


def test_a_new_watcher_starts_at_zero() -> None:
    assert SerialWatcher(lambda: 5, 1.0).current == 0


def test_advance_only_moves_forward() -> None:
    watcher = SerialWatcher(lambda: 0, 1.0)
    watcher.advance(7)
    watcher.advance(3)
    assert watcher.current == 7
    watcher.advance(9)
    assert watcher.current == 9


def test_refresh_reads_the_newest_serial() -> None:
    serials = iter([4, 10, 2])
    watcher = SerialWatcher(lambda: next(serials), 1.0)
    watcher.refresh()
    assert watcher.current == 4
    watcher.refresh()
    assert watcher.current == 10
    watcher.refresh()  # a lagging read never moves it back
    assert watcher.current == 10


async def _watch_until(answers: list[int | Exception], wanted_reads: int) -> SerialWatcher:
    """Run a watcher over `answers` (an exception is raised by that read) and stop it once
    `wanted_reads` reads happened."""
    loop = asyncio.get_running_loop()
    done = asyncio.Event()
    reads = 0

    def read() -> int:  # runs in a worker thread
        nonlocal reads
        reads += 1
        # Reads are sequential: once the next one starts, the wanted one has been applied.
        if reads > wanted_reads:
            loop.call_soon_threadsafe(done.set)
        answer = answers[min(reads, len(answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer

    watcher = SerialWatcher(read, 0.001)
    task = asyncio.create_task(watcher.run())
    await asyncio.wait_for(done.wait(), 10)
    await asyncio.sleep(0)  # let the last answer land
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    return watcher


def test_run_polls_until_cancelled() -> None:
    watcher = asyncio.run(_watch_until([1, 2, 3], 3))
    assert watcher.current == 3


def test_run_survives_a_failing_read(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="stilton.projects.serials"):
        watcher = asyncio.run(_watch_until([RuntimeError("database went away"), 8], 3))
    assert watcher.current == 8
    assert "could not read the journal's newest serial" in caplog.text
