"""证件类型与号码: 居民身份证 and 统一社会信用代码 checks (issue #13).

Valid numbers are made here from the standards' weights, never copied from
real people or organisations.
"""

import pytest
from django.core.exceptions import ValidationError

from access_control.disclosure.identity import (
    IdentityKind,
    credit_code_validator,
    identity_number_clean,
    resident_id_validator,
)

# GB 11643-1999 (ISO 7064 MOD 11-2): weight 2^(17-i) mod 11, check (12 - sum) % 11.
RIC_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
RIC_CHECK = "10X98765432"
# GB 32100-2015: weight 3^i mod 31, check 31 - sum % 31 (31 becomes 0).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [3**i % 31 for i in range(17)]


def resident_id(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, RIC_WEIGHTS, strict=True))
    return first17 + RIC_CHECK[total % 11]


def credit_code(first17: str) -> str:
    total = sum(
        USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return first17 + USCC_ALPHABET[(31 - total % 31) % 31]


def message(error: pytest.ExceptionInfo) -> str:
    return error.value.messages[0]


def test_weights_are_the_standards():
    assert RIC_WEIGHTS == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert USCC_WEIGHTS[:6] == [1, 3, 9, 27, 19, 26]


def _first17_with_check_x() -> str:
    for order in range(1000):
        first17 = f"11010119900307{order:03d}"
        if resident_id(first17).endswith("X"):
            return first17
    raise AssertionError


@pytest.mark.parametrize("first17", ["11010119900307123", "44030620000229456"])
def test_valid_resident_ids(first17):
    number = resident_id(first17)
    resident_id_validator(number)
    assert identity_number_clean(IdentityKind.RESIDENT_ID, number) == number


def test_lower_case_x_is_upper_cased():
    number = resident_id(_first17_with_check_x())
    assert number.endswith("X")
    lower = number[:-1] + "x"
    resident_id_validator(lower)
    assert identity_number_clean("resident_id", lower) == number


def test_spaces_and_full_width_digits_are_normalised():
    number = resident_id("11010119900307123")
    typed = " " + number[:6] + " " + number[6:14] + "\u3000" + number[14:] + " "
    assert identity_number_clean(IdentityKind.RESIDENT_ID, typed) == number
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert identity_number_clean(IdentityKind.RESIDENT_ID, full_width) == number


def test_wrong_check_digit_says_which():
    number = resident_id(_first17_with_check_x())
    wrong = number[:-1] + "5"
    with pytest.raises(ValidationError) as error:
        resident_id_validator(wrong)
    assert message(error) == "居民身份证号码校验码应为 X，而不是 5。"
    assert error.value.error_list[0].code == "check_digit"


def test_old_15_digit_id_is_refused():
    with pytest.raises(ValidationError) as error:
        identity_number_clean(IdentityKind.RESIDENT_ID, "110101900307123")
    assert "15 位" in message(error)
    assert "请填写 18 位的居民身份证号码" in message(error)


@pytest.mark.parametrize(
    ("date", "why"),
    [("20230230", "不存在"), ("19901301", "不存在"), ("21990101", "晚于今天")],
)
def test_impossible_birth_date(date, why):
    number = resident_id(f"110101{date}123")
    with pytest.raises(ValidationError) as error:
        resident_id_validator(number)
    assert message(error) == f"居民身份证号码中的出生日期 {date} {why}。"


@pytest.mark.parametrize(
    ("number", "text"),
    [
        ("1101011990030712", "应为 18 位，现为 16 位"),
        ("1101011990030712345", "应为 18 位，现为 19 位"),
        ("11010119900307X234", "第 15 位“X”不是数字"),
        ("1101011990O307123X", "第 11 位“O”不是数字"),
        ("11010119900307123（", "第 18 位“(”不是数字"),
        ("11010119900307123例", "第 18 位“例”不是数字"),
    ],
)
def test_resident_id_bad_length_or_characters(number, text):
    with pytest.raises(ValidationError) as error:
        identity_number_clean(IdentityKind.RESIDENT_ID, number)
    assert text in message(error)


@pytest.mark.parametrize("value", ["", "   ", None, "\u3000"])
def test_empty_input(value):
    for kind in IdentityKind:
        with pytest.raises(ValidationError) as error:
            identity_number_clean(kind, value)
        assert message(error) == "请填写证件号码。"
    with pytest.raises(ValidationError):
        resident_id_validator(value)
    with pytest.raises(ValidationError):
        credit_code_validator(value)


@pytest.mark.parametrize(
    "first17", ["91110108MA01ABCD2", "12100000400000624", "N2110105MA0000001"]
)
def test_valid_credit_codes(first17):
    number = credit_code(first17)
    credit_code_validator(number)
    assert identity_number_clean(IdentityKind.CREDIT_CODE, number) == number
    assert identity_number_clean("credit_code", " " + number.lower()) == number


def test_credit_code_full_width_is_normalised():
    number = credit_code("91110108MA01ABCD2")
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert identity_number_clean(IdentityKind.CREDIT_CODE, full_width) == number


def test_credit_code_wrong_check_character_says_which():
    number = credit_code("91110108MA01ABCD2")
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        credit_code_validator(wrong)
    assert message(error) == (
        f"统一社会信用代码校验码应为 {number[-1]}，而不是 {wrong[-1]}。"
    )


@pytest.mark.parametrize(
    ("number", "text"),
    [
        ("91110108MA01ABCD", "应为 18 位，现为 16 位"),
        ("91110108MA01ABCI2X", "第 16 位“I”不是允许的字符"),
        ("91110108MA01ABCO2X", "第 16 位“O”不是允许的字符"),
        ("91110108MA01ABC-2X", "第 16 位“-”不是允许的字符"),
        ("911A0108MA01ABCD2X", "第 4 位“A”应为数字"),
    ],
)
def test_credit_code_bad_length_or_characters(number, text):
    with pytest.raises(ValidationError) as error:
        identity_number_clean(IdentityKind.CREDIT_CODE, number)
    assert text in message(error)


def test_other_kinds_only_length_and_characters():
    assert identity_number_clean(IdentityKind.PASSPORT, " e1234567 8") == "E12345678"
    assert identity_number_clean(IdentityKind.HK_MACAO_PERMIT, "H12345678") == (
        "H12345678"
    )
    assert identity_number_clean(IdentityKind.TAIWAN_PERMIT, "12345678") == "12345678"
    assert identity_number_clean(IdentityKind.OTHER, "军字第１２３４５号") == (
        "军字第12345号"
    )
    with pytest.raises(ValidationError, match="5–20 位，现为 3 位"):
        identity_number_clean(IdentityKind.PASSPORT, "E12")
    with pytest.raises(ValidationError, match="只能由数字和大写字母组成"):
        identity_number_clean(IdentityKind.TAIWAN_PERMIT, "1234-5678")
    with pytest.raises(ValidationError, match="最多 30 个字符"):
        identity_number_clean(IdentityKind.OTHER, "1" * 31)
    with pytest.raises(ValidationError, match="只能包含"):
        identity_number_clean(IdentityKind.OTHER, "A1;DROP")


def test_kind_labels():
    assert [kind.label for kind in IdentityKind] == [
        "居民身份证",
        "统一社会信用代码",
        "护照",
        "港澳居民来往内地通行证",
        "台湾居民来往大陆通行证",
        "其他",
    ]
