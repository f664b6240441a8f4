"""Producer tokens: issue, rotate, revoke, and recognise a presented one.

A token is `eap_` followed by 43 URL-safe characters (32 random bytes). Only
its SHA-256 is stored; the secret is shown once, to whoever issued it. Who may
issue or revoke an agency's tokens (its archivists, superusers) is decided by
`can_manage_tokens`; the callers (admin page, command) check it.
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from archive_site.api.models import ProducerToken
from dossiers.models import Agency
from preservation.services.ingest.producers import user_may_ingest_into

TOKEN_PREFIX = "eap_"  # noqa: S105 (a marker, not a secret)
VISIBLE = len(TOKEN_PREFIX) + 8


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def can_manage_tokens(user, agency: Agency) -> bool:
    """Whether `user` may issue, rotate and revoke `agency`'s tokens."""
    return bool(user.is_superuser or user_may_ingest_into(user, agency))


@transaction.atomic
def producer_token_create(
    *, agency: Agency, name: str, user=None
) -> tuple[ProducerToken, str]:
    """Issue a new token for `agency`.

    Returns:
        The stored token and its secret, which is not kept anywhere.
    """
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ProducerToken(
        agency=agency,
        name=name,
        prefix=secret[:VISIBLE],
        secret_sha256=token_digest(secret),
        created_by=user,
    )
    token.full_clean()
    token.save()
    return token, secret


def producer_token_revoke(*, token: ProducerToken) -> ProducerToken:
    """Revoke `token` at once; a revoked token is refused with 401."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def producer_token_rotate(
    *, token: ProducerToken, user=None
) -> tuple[ProducerToken, str]:
    """Revoke `token` and issue its successor under the same name."""
    producer_token_revoke(token=token)
    return producer_token_create(agency=token.agency, name=token.name, user=user)


def producer_token_authenticate(secret: str) -> ProducerToken | None:
    """The live token whose secret is `secret`, noting when it was used."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ProducerToken.objects.select_related("agency")
        .filter(secret_sha256=token_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        ProducerToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
