"""Cell text → number: the forms real statistics cells take."""

from __future__ import annotations

import pytest

from parsers.numbers import (
    cell_amount_wan_yuan,
    is_null_mark,
    is_value_cell,
    money_unit_in,
    parse_number,
    to_wan_yuan,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("12", 12),
        ("　0", 0),  # full-width space padding (seed 004)
        ("0　", 0),
        ("０", 0),  # full-width digit
        ("１２３", 123),
        ("1,234", 1234),
        ("+4", 4),  # 本年增/减 (seed 001)
        ("-1", -1),
        ("＋3", 3),
        ("−2", -2),  # U+2212 minus
        ("增4", 4),
        ("减1", -1),
        ("3件", 3),
        ("0 ", 0),
        ("10.78", 10.78),
    ],
)
def test_numbers(text: str, value: int | float) -> None:
    num = parse_number(text)
    assert num is not None
    assert num.value == value
    assert num.raw == text
    assert type(num.value) is type(value)


@pytest.mark.parametrize("text", ["——", "—", "-", "--", "/", "／", "无", "", "   ", "　", "－"])
def test_null_marks_are_values_without_a_number(text: str) -> None:
    num = parse_number(text)
    assert num is not None and num.value is None
    assert is_null_mark(text)
    assert is_value_cell(text)


@pytest.mark.parametrize("text", ["规章", "1.", "1、", "（一）", "4. 保护第三方合法", "2019年", "计1条）"])
def test_labels_and_numbering_are_not_values(text: str) -> None:
    assert parse_number(text) is None
    assert not is_value_cell(text)


def test_money_in_yuan_is_converted_to_wan_yuan_exactly() -> None:
    num = cell_amount_wan_yuan("2739691.05 元")  # seed 001 采购总金额
    assert num is not None
    assert num.value == 273.969105
    assert num.unit == "万元"
    assert num.raw == "2739691.05 元"


def test_money_in_wan_yuan_is_kept() -> None:
    num = cell_amount_wan_yuan("10.78 万元")  # seed 003 本年收费金额
    assert num is not None and num.value == 10.78


def test_money_unit_from_header_applies_when_cell_has_none() -> None:
    assert cell_amount_wan_yuan("50000", header_unit="元").value == 5  # type: ignore[union-attr]
    assert cell_amount_wan_yuan("5", header_unit="万元").value == 5  # type: ignore[union-attr]
    assert cell_amount_wan_yuan("5").value == 5  # type: ignore[union-attr]
    assert cell_amount_wan_yuan("——").value is None  # type: ignore[union-attr]


def test_header_money_units() -> None:
    assert money_unit_in("本年收费金额（单位：万元）") == "万元"
    assert money_unit_in("采购总金额（元）") == "元"
    assert money_unit_in("采购总金额") is None


def test_to_wan_yuan() -> None:
    assert to_wan_yuan(10000, "元") == 1
    assert to_wan_yuan(3, "亿元") == 30000
    assert to_wan_yuan(7, None) == 7
    assert to_wan_yuan(None, "元") is None
