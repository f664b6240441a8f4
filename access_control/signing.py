"""The Ed25519 key that signs the access log's checkpoints.

The private key comes from `settings.ACCESS_LOG_SIGNING_KEY`: base64 of the
32-byte seed, or a PEM (PKCS#8) block. Production settings require it; the
development and test settings derive a fixed, non-secret key. Verification
trusts the configured key's public half and any older public keys listed in
`settings.ACCESS_LOG_PUBLIC_KEYS` (base64 of the 32 raw bytes, for rotation).
"""

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

RAW = serialization.Encoding.Raw, serialization.PublicFormat.Raw


def signing_key() -> Ed25519PrivateKey:
    """The configured private key; ImproperlyConfigured names what is wrong."""
    text = (getattr(settings, "ACCESS_LOG_SIGNING_KEY", "") or "").strip()
    if not text:
        raise ImproperlyConfigured(
            "未配置访问日志签名密钥 ACCESS_LOG_SIGNING_KEY（Ed25519 私钥）。"
        )
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode(), password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(text))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ImproperlyConfigured(
            f"ACCESS_LOG_SIGNING_KEY 不是有效的 Ed25519 私钥：{exc}"
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("ACCESS_LOG_SIGNING_KEY 不是 Ed25519 私钥。")
    return key


def public_key_text(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(*RAW)).decode()


def key_id(public_key: str) -> str:
    """A short, stable name of a public key (first 16 hex digits of its SHA-256)."""
    return hashlib.sha256(base64.b64decode(public_key)).hexdigest()[:16]


def trusted_public_keys() -> dict[str, str]:
    """Key id -> public key (base64) of every key whose signatures count."""
    keys = [public_key_text(signing_key())]
    keys += [k.strip() for k in getattr(settings, "ACCESS_LOG_PUBLIC_KEYS", []) if k]
    return {key_id(k): k for k in keys}


def sign(message: bytes) -> str:
    return base64.b64encode(signing_key().sign(message)).decode()


def signature_valid(*, public_key: str, signature: str, message: bytes) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
        key.verify(base64.b64decode(signature), message)
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
