"""The worker pool on its own: results in order, whatever the speed of workers and consumer."""

from __future__ import annotations

import subprocess
import sys

from textclean.workers import WorkerPool, death_reason

CONSUMER = """
import time
from textclean.workers import WorkerPool
pool = WorkerPool(size=2, setup=lambda: None, handle=lambda state, item: item * 2,
                  lost=lambda item, reason: None, chunk=1, window=2)
got = []
for result in pool.map(range(60)):
    time.sleep(0.005)  # slower than the workers: they finish all they hold meanwhile
    got.append(result)
assert got == [2 * i for i in range(60)], got
print("done")
"""


def test_a_consumer_slower_than_the_workers_never_stalls():
    # In a subprocess with a limit, so that a stall fails the test instead of hanging it.
    done = subprocess.run([sys.executable, "-c", CONSUMER], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip() == "done", done.stderr


def test_results_come_in_input_order_with_any_chunk_and_window():
    for chunk, window in ((1, 1), (3, 5), (8, 64)):
        pool: WorkerPool[int, int] = WorkerPool(
            size=2, setup=lambda: 10, handle=lambda state, item: state + item,
            lost=lambda item, reason: -1, chunk=chunk, window=window,
        )
        assert list(pool.map(range(37))) == [10 + i for i in range(37)]


def test_death_reasons_name_the_signal_or_the_code():
    assert death_reason(-9) == "the worker process was killed by SIGKILL"
    assert death_reason(3) == "the worker process exited with code 3 (os._exit or a crash)"


def test_a_heavy_item_fills_a_chunk_alone():
    pool = WorkerPool(size=1, setup=lambda: None, handle=lambda state, item: item,
                      lost=lambda item, why: why, chunk=8,
                      weigh=lambda item: 8 if item.startswith("shard") else 1)
    source = iter(["a", "b", "shard1", "shard2", "c", *"defghijk"])
    batches = []
    while batch := pool._batch(source):
        batches.append(batch)
    assert batches == [["a", "b", "shard1"], ["shard2"], ["c", *"defghij"], ["k"]]
    assert list(pool.map(["x", "shard", "y"])) == ["x", "shard", "y"]
