"""`run_ahead` keeps the next files' copies going while one is checked, and
after a failure hands back what it did ahead so that ingest can undo it."""

import threading
import time

import pytest

from preservation.services.ingest.ahead import run_ahead


def test_results_come_in_order_with_at_most_ahead_running():
    running, most = 0, 0
    lock = threading.Lock()

    def step(n: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.02 * (5 - n))  # later items finish first
        with lock:
            running -= 1
        return n * n

    with run_ahead(step, range(5), ahead=2, abandoned=pytest.fail) as results:
        assert list(results) == [(n, n * n) for n in range(5)]
    assert most == 2


def test_a_failing_step_is_raised_at_its_turn_and_the_rest_abandoned():
    abandoned = []
    threads = threading.active_count()

    def step(n: int) -> int:
        if n == 1:
            raise OSError("No space left on device")
        return n

    taken = []
    with (
        pytest.raises(OSError, match="No space left"),
        run_ahead(step, range(5), ahead=2, abandoned=abandoned.append) as results,
    ):
        for _, result in results:
            taken.append(result)
    assert taken == [0]
    # Item 2 was started ahead while 1 failed: waited for and handed back.
    assert abandoned == [2]
    assert threading.active_count() == threads


def test_an_error_in_the_callers_loop_hands_back_what_was_done_ahead():
    abandoned = []
    with (
        pytest.raises(ValueError),
        run_ahead(lambda n: n, range(5), ahead=2, abandoned=abandoned.append) as r,
    ):
        for n, _ in r:
            if n == 2:
                raise ValueError("a check failed")
    assert sorted(abandoned) == [3, 4]
