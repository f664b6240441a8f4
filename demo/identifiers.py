"""Check-digit-correct Chinese identifiers for demo data.

统一社会信用代码 (GB 32100-2015) embeds a 组织机构代码 (GB 11714-1997), each
with its own check character; 居民身份证号码 (GB 11643-1999) ends with an
ISO 7064 MOD 11-2 check character. The numbers are invented but pass the
same validation a real form would apply.
"""

from __future__ import annotations

import random
from datetime import date

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ORG_LETTERS = "ABCDEFGHJKLMNPQRTUWXY"


def _org_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def organization_code(rng: random.Random, *, enterprise: bool = True) -> str:
    """Return a 9-character 组织机构代码; enterprises get the ``MA`` form."""
    if enterprise:
        tail = rng.choices("0123456789" + ORG_LETTERS, k=6)
        body = "MA" + "".join(tail)
    else:
        body = "".join(rng.choices("0123456789", k=8))
    return with_org_check(body)


def with_org_check(body: str) -> str:
    """Append the GB 11714 check character to an 8-character code body."""
    total = sum(_org_value(c) * w for c, w in zip(body, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(registration: str, division: str, org_code: str) -> str:
    """Return an 18-character 统一社会信用代码.

    Args:
        registration: two characters, e.g. ``11`` (机关), ``91`` (企业),
            ``92`` (个体工商户), ``33`` (基层法律服务所).
        division: the six-digit administrative-division code.
        org_code: a nine-character 组织机构代码.
    """
    body = registration + division + org_code
    values = (CREDIT_ALPHABET.index(c) for c in body)
    total = sum(v * w for v, w in zip(values, CREDIT_WEIGHTS, strict=True))
    return body + CREDIT_ALPHABET[(31 - total % 31) % 31]


def id_number(rng: random.Random, division: str, birth: date, *, male: bool) -> str:
    """Return an 18-character 居民身份证号码 (odd sequence digit for men)."""
    sequence = rng.randint(0, 99) * 10 + rng.choice(
        (1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8)
    )
    body = f"{division}{birth:%Y%m%d}{sequence:03d}"
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


def phone_number(rng: random.Random) -> str:
    """Return an 11-digit mobile number."""
    prefix = rng.choice(
        ("135", "136", "138", "139", "150", "152", "158", "177", "186", "189")
    )
    return prefix + "".join(rng.choices("0123456789", k=8))
