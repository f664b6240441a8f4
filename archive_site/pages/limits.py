"""Rate limits of the public 政府信息公开 pages, kept in Django's cache.

- Submissions: at most `DISCLOSURE_SUBMISSIONS_PER_ADDRESS` filed
  applications per client address in an hour, and
  `DISCLOSURE_SUBMISSIONS_PER_ID` per 证件号码 in a day (Art. 35: a flood of
  applications is not a way to use the right). The window slides: each
  filed application is remembered with its time.
- 申请查询: `DISCLOSURE_LOOKUP_FAILURES` wrong 受理编号/查询码 pairs within
  `DISCLOSURE_LOOKUP_WINDOW_MINUTES`, counted per typed number and per
  address, lock that number and that address for
  `DISCLOSURE_LOOKUP_LOCK_MINUTES` — even for the right code, and the same
  whether or not the number exists, so that a 查询码 cannot be guessed.

Callers check before the work and count after it; two requests racing past
the check both count. The cache must be shared by every process (Redis, the
database cache) for the limits to be global; the local-memory cache counts
per process, as for `access_control.throttle`.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

HOUR = 3600
DAY = 24 * HOUR
PREFIX = "disclosure:limits"


def _key(kind: str, value: str) -> str:
    # Hashed: identity numbers do not sit in the cache in clear.
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"{PREFIX}:{kind}:{digest}"


def _recent(key: str, window: int) -> list[float]:
    since = time.time() - window
    return [moment for moment in cache.get(key, []) if moment > since]


def _remember(key: str, window: int) -> int:
    moments = [*_recent(key, window), time.time()]
    cache.set(key, moments, timeout=window)
    return len(moments)


def submission_refusal(*, address: str, id_number: str = "") -> str:
    """Why a submission from `address` (and `id_number`) is refused now, or "".

    Args:
        address: the client's address ("" when unknown).
        id_number: the cleaned 证件号码, once the form has one.
    """
    per_address = settings.DISCLOSURE_SUBMISSIONS_PER_ADDRESS
    if len(_recent(_key("address", address), HOUR)) >= per_address:
        return (
            f"同一网络地址一小时内最多提交 {per_address} 件申请，"
            "本次申请未提交，请一小时后再试。"
        )
    per_id = settings.DISCLOSURE_SUBMISSIONS_PER_ID
    if id_number and len(_recent(_key("id", id_number), DAY)) >= per_id:
        return (
            f"同一证件号码 24 小时内最多提交 {per_id} 件申请，"
            "本次申请未提交，请明天再试。"
        )
    return ""


def submission_count(*, address: str, id_number: str) -> None:
    """Count one filed application against both limits."""
    _remember(_key("address", address), HOUR)
    _remember(_key("id", id_number), DAY)


def _lookup_keys(address: str, number: str) -> list[str]:
    return [_key("lookup-address", address), _key("lookup-number", number)]


def lookup_locked(*, address: str, number: str) -> bool:
    """Whether look-ups from `address` or of `number` are locked now."""
    return any(cache.get(f"{key}:locked") for key in _lookup_keys(address, number))


def lookup_failure(*, address: str, number: str) -> None:
    """Count one failed look-up; lock its address and number at the limit."""
    window = settings.DISCLOSURE_LOOKUP_WINDOW_MINUTES * 60
    lock = settings.DISCLOSURE_LOOKUP_LOCK_MINUTES * 60
    for key in _lookup_keys(address, number):
        if _remember(key, window) >= settings.DISCLOSURE_LOOKUP_FAILURES:
            cache.set(f"{key}:locked", True, timeout=lock)


def lookup_refusal() -> str:
    """The one message of a locked look-up."""
    minutes = settings.DISCLOSURE_LOOKUP_LOCK_MINUTES
    return f"查询失败次数过多，已暂停查询，请 {minutes} 分钟后再试。"
