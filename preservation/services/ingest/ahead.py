"""Running a step a few items ahead, in threads, with results in order.

Ingest copies each original into storage (read, hash, write, fsync) and then
identifies and checks it. Run one file after another, the disk waits while a
file is fsynced and identified, and the CPU waits while the next is read.
`run_ahead` keeps the next files' copies going meanwhile: the caller gets the
results in the items' order, a step's exception at its turn, and whatever was
done ahead but never handed over (after a failure) goes to `abandoned`, so
that the caller can undo it.
"""

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from itertools import islice
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


@contextmanager
def run_ahead(
    step: Callable[[Item], Result],
    items: Iterable[Item],
    *,
    ahead: int,
    abandoned: Callable[[Result], None],
) -> Iterator[Iterator[tuple[Item, Result]]]:
    """Yield an iterator of `(item, step(item))`, computed up to `ahead` at once.

    Leaving the block (normally or by an exception) waits for every step
    started, and passes the results nobody took to `abandoned`.
    """
    pool = ThreadPoolExecutor(max_workers=ahead, thread_name_prefix="run-ahead")
    pending: deque[tuple[Item, Future]] = deque()
    source = iter(items)

    def fill() -> None:
        for item in islice(source, ahead - len(pending)):
            pending.append((item, pool.submit(step, item)))

    def results() -> Iterator[tuple[Item, Result]]:
        fill()
        while pending:
            item, future = pending.popleft()
            result = future.result()
            fill()
            yield item, result

    try:
        yield results()
    finally:
        while pending:
            _, future = pending.popleft()
            if future.exception() is None:
                abandoned(future.result())
        pool.shutdown(wait=True)
