"""证件类型与号码: the identity-number checks of the 政府信息公开 application form.

- 居民身份证 (GB 11643-1999): 18 characters, 17 digits and a check character
  (ISO 7064 MOD 11-2, a digit or X); digits 7–14 are a birth date that must
  exist and not lie in the future. A 15-digit ID of the old kind is refused
  with a request for the 18-digit number.
- 统一社会信用代码 (GB 32100-2015): 18 characters from the digits and the
  capital letters except I, O, Z, S, V; characters 3–8 (the region code) are
  digits; the 18th is a check character (MOD 31).
- 护照 and the two 通行证: letters and digits, 5–20 of them; 其他: free text
  within length and character limits.

The check characters are computed by python-stdnum (`stdnum.cn.ric`,
`stdnum.cn.uscc`); the checks are run here, one at a time, so that the
message says exactly what is wrong ("居民身份证号码校验码应为 X，而不是 5。").
Unlike `stdnum.cn.ric.validate`, the region code of an ID is not looked up in
stdnum's list of counties (a list that lags behind new codes would refuse real
people), and unlike `stdnum.cn.uscc.validate`, the first two characters of a
credit code may be letters (登记管理部门码 A, N, Y …), as the standard allows.

`identity_number_clean(kind, number)` normalises what people type — spaces
removed, full-width letters and digits made half-width, a trailing x
upper-cased (the whole number for a credit code, passport or 通行证) —
validates by kind and returns the number to store. The validators accept the
same input and raise `django.core.exceptions.ValidationError`. (Agencies'
credit codes in dossiers/models/agency.py deliberately do not check the check
character.)
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from stdnum.cn import ric, uscc


class IdentityKind(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    PASSPORT = "passport", "护照"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    OTHER = "other", "其他"


# GB 32100-2015: the digits and the capital letters less I, O, Z, S, V.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
LENGTH = 18
DOCUMENT_LENGTH = (5, 20)
OTHER_MAX_LENGTH = 30
_DOCUMENT = re.compile(r"[A-Z0-9]+")
_OTHER = re.compile(r"[A-Za-z0-9\u3400-\u9fff()\-/·]+")
_WHITESPACE = re.compile(r"\s+")


def _half_width(value: str) -> str:
    """Full-width ASCII (U+FF01–FF5E) to ASCII, the ideographic space to a space."""
    return "".join(
        chr(ord(c) - 0xFEE0)
        if "\uff01" <= c <= "\uff5e"
        else " "
        if c == "\u3000"
        else c
        for c in value
    )


def _normalise(value) -> str:
    number = _WHITESPACE.sub("", _half_width(str(value or "")))
    if number.endswith("x"):
        number = number[:-1] + "X"
    return number


def _required(number: str) -> None:
    if not number:
        raise ValidationError("请填写证件号码。", code="required")


def _character(number: str, index: int) -> str:
    return f"第 {index + 1} 位“{number[index]}”"


def _check_resident_id(number: str) -> None:
    _required(number)
    if len(number) == 15 and number.isascii() and number.isdigit():
        raise ValidationError(
            "这是 15 位的旧居民身份证号码，请填写 18 位的居民身份证号码。",
            code="old_id",
        )
    if len(number) != LENGTH:
        raise ValidationError(
            f"居民身份证号码应为 18 位，现为 {len(number)} 位。", code="length"
        )
    for index, c in enumerate(number):
        if not (c in "0123456789" or (index == LENGTH - 1 and c == "X")):
            raise ValidationError(
                f"居民身份证号码的{_character(number, index)}不是数字"
                "（只有第 18 位可以是 X）。",
                code="characters",
            )
    digits = number[6:14]
    try:
        birth = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise ValidationError(
            f"居民身份证号码中的出生日期 {digits} 不存在。", code="birth_date"
        ) from None
    if birth > timezone.localdate():
        raise ValidationError(
            f"居民身份证号码中的出生日期 {digits} 晚于今天。", code="birth_date"
        )
    expected = ric.calc_check_digit(number)
    if number[-1] != expected:
        raise ValidationError(
            f"居民身份证号码校验码应为 {expected}，而不是 {number[-1]}。",
            code="check_digit",
        )


def _check_credit_code(number: str) -> None:
    _required(number)
    if len(number) != LENGTH:
        raise ValidationError(
            f"统一社会信用代码应为 18 位，现为 {len(number)} 位。", code="length"
        )
    for index, c in enumerate(number):
        if c not in CREDIT_CODE_ALPHABET:
            raise ValidationError(
                f"统一社会信用代码的{_character(number, index)}不是允许的字符"
                "（数字或除 I、O、Z、S、V 以外的大写字母）。",
                code="characters",
            )
    for index in range(2, 8):
        if not number[index].isdigit():
            raise ValidationError(
                f"统一社会信用代码的{_character(number, index)}应为数字"
                "（第 3–8 位是登记管理机关行政区划码）。",
                code="characters",
            )
    expected = uscc.calc_check_digit(number)
    if number[-1] != expected:
        raise ValidationError(
            f"统一社会信用代码校验码应为 {expected}，而不是 {number[-1]}。",
            code="check_digit",
        )


def _check_document(number: str, label: str) -> None:
    _required(number)
    low, high = DOCUMENT_LENGTH
    if not low <= len(number) <= high:
        raise ValidationError(
            f"{label}号码应为 {low}–{high} 位，现为 {len(number)} 位。",
            code="length",
        )
    if not _DOCUMENT.fullmatch(number):
        raise ValidationError(
            f"{label}号码只能由数字和大写字母组成。", code="characters"
        )


def _check_other(number: str) -> None:
    _required(number)
    if len(number) > OTHER_MAX_LENGTH:
        raise ValidationError(
            f"证件号码最多 {OTHER_MAX_LENGTH} 个字符，现为 {len(number)} 个。",
            code="length",
        )
    if not _OTHER.fullmatch(number):
        raise ValidationError(
            "证件号码只能包含汉字、字母、数字和 ( ) - / ·。", code="characters"
        )


def resident_id_validator(value) -> None:
    """居民身份证号码 (GB 11643-1999): length, digits, birth date, check digit."""
    _check_resident_id(_normalise(value))


def credit_code_validator(value) -> None:
    """统一社会信用代码 (GB 32100-2015): length, characters, check character."""
    _check_credit_code(_normalise(value).upper())


def identity_number_clean(kind, number) -> str:
    """The number to store for a document of `kind`, or ValidationError."""
    kind = IdentityKind(kind)
    number = _normalise(number)
    if kind == IdentityKind.RESIDENT_ID:
        _check_resident_id(number)
    elif kind == IdentityKind.CREDIT_CODE:
        number = number.upper()
        _check_credit_code(number)
    elif kind == IdentityKind.OTHER:
        _check_other(number)
    else:
        number = number.upper()
        _check_document(number, kind.label)
    return number
