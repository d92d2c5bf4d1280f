from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)


class SerialWatcher:
    """The newest journal serial this process knows of.

    One query a second (not one per request) keeps every app process within about a second
    of the others; a process's own writes move it at once.
    """

    def __init__(self, read_max_serial: Callable[[], int], interval: float) -> None:
        self._read = read_max_serial
        self._interval = interval
        self.current = 0

    def advance(self, serial: int) -> None:
        self.current = max(self.current, serial)

    def refresh(self) -> None:
        self.advance(self._read())

    async def run(self) -> None:
        while True:
            try:
                self.advance(await asyncio.to_thread(self._read))
            except Exception:  # a database hiccup must not stop the watcher
                logger.exception("could not read the journal's newest serial")
            await asyncio.sleep(self._interval)
