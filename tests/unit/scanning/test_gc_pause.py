"""A scan pauses the cyclic garbage collector and leaves it as it found it."""

from __future__ import annotations

import gc
import threading

from stilton.scanning import scan_file


def test_the_collector_is_back_on_after_a_scan(wheel):
    path = wheel({"sample/mod.py": "x = 1\n"})
    assert gc.isenabled()
    scan_file(path)
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off(wheel):
    path = wheel({"sample/mod.py": "x = 1\n"})
    gc.disable()
    try:
        scan_file(path)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_concurrent_scans_leave_the_collector_on(wheel):
    path = wheel({"sample/mod.py": "import os\nos.system('true')\n"})
    threads = [threading.Thread(target=scan_file, args=(path,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert gc.isenabled()
