"""Refused anonymous requests, counted per address and minute so that they
cannot be used to fill the access log (and the disk).

Up to `ACCESS_LOG_ANONYMOUS_DENIALS_PER_MINUTE` refused anonymous requests per
address and clock minute are logged one entry each. Past that, the caller
answers 429 and the request is only counted (in Django's cache); once the
minute is over, one summary entry per address and minute records how many
there were. Summaries are written by the next refusal from anyone, or by
`access_log_checkpoint`. The count lives in the cache: a cache shared by every
process (Redis, Memcached, the database) makes the limit global; the local
memory cache makes it per process.
"""

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from access_control.models import AccessAction

WINDOW_SECONDS = 60
KEEP_SECONDS = 7 * 24 * 3600
PENDING_KEY = "access_log:anonymous_denials:pending"
SUMMARY_REASON = "匿名访问被拒绝次数超限，已汇总记录"


def _limit() -> int:
    return getattr(settings, "ACCESS_LOG_ANONYMOUS_DENIALS_PER_MINUTE", 20)


def _window(now: dt.datetime) -> int:
    return int(now.timestamp()) // WINDOW_SECONDS * WINDOW_SECONDS


def _count_key(address: str, window: int) -> str:
    return f"access_log:anonymous_denials:{address}:{window}"


def anonymous_denial_count(*, address: str) -> bool:
    """Count one refused anonymous request; True if it may still be logged.

    Args:
        address: the client's address ("" when unknown).

    Returns:
        False past the limit: answer 429 and write no entry.
    """
    access_log_summaries_write()
    window = _window(timezone.now())
    key = _count_key(address, window)
    cache.add(key, 0, timeout=KEEP_SECONDS)
    count = cache.incr(key)
    if count == _limit() + 1:
        pending = cache.get(PENDING_KEY, [])
        cache.set(PENDING_KEY, [*pending, [address, window]], timeout=KEEP_SECONDS)
    return count <= _limit()


def access_log_summaries_write() -> int:
    """Write one entry per address and finished minute that went over the limit.

    Returns:
        How many summary entries were written.
    """
    pending = cache.get(PENDING_KEY) or []
    current = _window(timezone.now())
    finished = [p for p in pending if p[1] < current]
    if not finished:
        return 0
    cache.set(PENDING_KEY, [p for p in pending if p[1] >= current], KEEP_SECONDS)
    return sum(_summary_write(address, window) for address, window in finished)


def _summary_write(address: str, window: int) -> int:
    from access_control.services import access_log_record

    key = _count_key(address, window)
    # `add` is atomic: of two processes flushing at once, one writes.
    if not cache.add(f"{key}:summarised", 1, timeout=KEEP_SECONDS):
        return 0
    count = cache.get(key, _limit() + 1)
    started = dt.datetime.fromtimestamp(window, tz=dt.UTC)
    access_log_record(
        user=None,
        action=AccessAction.DENIED,
        address=address or None,
        reason=SUMMARY_REASON,
        data={
            "summary": True,
            "window_start": started.isoformat(),
            "window_seconds": WINDOW_SECONDS,
            "count": count,
            "logged_individually": _limit(),
            "not_logged_individually": count - _limit(),
        },
    )
    return 1
