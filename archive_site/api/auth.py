"""Bearer-token authentication and the per-token rate limit.

Only `Authorization: Bearer <token>` is accepted under /api/; a session
cookie counts for nothing there (and so no CSRF token is asked for). Each
token may make `PRODUCER_API_RATE_PER_MINUTE` calls per clock minute, counted
in Django's cache (shared by every process when the cache is); beyond that
the call is answered 429.
"""

import time

from django.conf import settings
from django.core.cache import cache
from ninja.security import HttpBearer

from archive_site.api.errors import ApiError
from archive_site.api.models import ProducerToken
from archive_site.api.tokens import producer_token_authenticate

WINDOW_SECONDS = 60


class ProducerBearer(HttpBearer):
    def authenticate(self, request, token: str) -> ProducerToken | None:
        found = producer_token_authenticate(token)
        if found is None:
            return None
        request.producer_token = found
        rate_limit_check(found)
        return found


def rate_limit_check(token: ProducerToken) -> None:
    """Count one call of `token`; raise 429 past the limit of this minute."""
    window = int(time.time()) // WINDOW_SECONDS
    key = f"producer_api:rate:{token.secret_sha256}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    if count > settings.PRODUCER_API_RATE_PER_MINUTE:
        raise ApiError(
            429,
            message=f"每个令牌每分钟最多调用 "
            f"{settings.PRODUCER_API_RATE_PER_MINUTE} 次，请稍后再试。",
        )
