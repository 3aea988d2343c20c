"""Statistics cell text → number, in the unit the data model asks for.

Cells of the statistics tables arrive as whatever the agency typed into Word and whatever
the converter made of it: full-width digits and spaces ("　0", "０"), thousands separators
("1,234"), signed changes ("+4", "-1", "增4"), money with a unit in the cell ("10.78 万元",
"2739691.05 元"), and a zoo of "nothing here" marks ("——", "-", "/", "无", blank). A cell
that is not a number must come back as None with its raw text kept, never as 0: a blank
review cell and a printed 0 are different facts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Marks that mean "no value" in a statistics cell.
NULL_MARKS = frozenset(
    {
        "", "-", "--", "—", "——", "———", "─", "──", "―", "――", "–", "––", "－", "/", "／",
        "\\", "无", "空", "暂无", "n/a", "na", "null", "none", "*", "×", "x", "…", "...", "……",
    }
)

# Units a count or an amount may carry inside the cell. Longer spellings first.
_UNITS = (
    "万元", "亿元", "千元", "元", "人次", "人", "条", "件", "个", "次", "篇", "项", "家", "份",
    "期", "场", "批", "天", "日", "%", "‰",
)
_UNIT_RE = "|".join(re.escape(u) for u in _UNITS)
_NUMBER = re.compile(
    rf"""^(?P<sign>[+\-]|增加|减少|增|减)?
        (?P<int>\d{{1,3}}(?:,\d{{3}})+|\d+)
        (?P<frac>\.\d+)?
        (?P<unit>{_UNIT_RE})?$""",
    re.VERBOSE,
)
# Factors that bring an amount in the given unit to 万元.
_TO_WAN_YUAN = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1),
                "亿元": Decimal(10000)}
MONEY_UNITS = frozenset(_TO_WAN_YUAN)
# Units a 2008 table prints in its 单位 column (and that a text row may carry alone).
UNIT_WORDS = frozenset(_UNITS) | {"万", "人/次", "个/人", "项/次"}
# Dash signs that mean minus in a signed change; NFKC leaves U+2212 alone.
_MINUS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-"})
_WHITESPACE = re.compile(r"\s+")
# Cells repeat within a report (0 is most of a statistics table) and the statistics reader
# asks about the same cell several times (is it a value? how many numbers has the row?),
# so parsed cells are memoised by their text. Bounded: the texts of a few reports fit.
_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Number:
    """A parsed cell: value (int when the cell was an integer), its unit if printed, raw."""

    value: int | float | None
    unit: str | None
    raw: str


def clean_cell(text: str | None) -> str:
    """Fold full-width forms, drop every whitespace: what is left is what was printed."""
    text = unicodedata.normalize("NFKC", text or "").translate(_MINUS)
    return _WHITESPACE.sub("", text)


def is_null_mark(text: str | None) -> bool:
    """True for a blank cell or a mark that says the value is absent."""
    return clean_cell(text).lower() in NULL_MARKS


@lru_cache(maxsize=_CACHE_SIZE)
def parse_number(text: str | None) -> Number | None:
    """Read one cell. Returns None when the cell is not a number at all (a label, prose);
    returns Number(value=None) for an explicit null mark, so callers can tell a value cell
    that is empty from a cell that is not a value cell.

    Memoised by text (`Number` is frozen, so sharing one between callers is safe)."""
    raw = text or ""
    cleaned = clean_cell(raw)
    if cleaned.lower() in NULL_MARKS:
        return Number(None, None, raw)
    m = _NUMBER.match(cleaned)
    if not m:
        return None
    digits = m.group("int").replace(",", "") + (m.group("frac") or "")
    try:
        dec = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the regex admits only digits
        return None
    if m.group("sign") in ("-", "减", "减少"):
        dec = -dec
    value: int | float = int(dec) if m.group("frac") is None else float(dec)
    return Number(value, m.group("unit"), raw)


def is_value_cell(text: str | None) -> bool:
    """True when the cell holds a number or a null mark (so it is not a label)."""
    return parse_number(text) is not None


def to_wan_yuan(value: int | float | None, unit: str | None) -> int | float | None:
    """Convert an amount printed in `unit` (元, 千元, 万元, 亿元; None = already 万元) to 万元.

    Uses Decimal so that 2739691.05 元 becomes exactly 273.969105, not 273.96910500000003.
    """
    if value is None:
        return None
    factor = _TO_WAN_YUAN.get(unit or "万元")
    if factor is None or factor == 1:
        return value
    out = Decimal(str(value)) * factor
    return int(out) if out == out.to_integral_value() else float(out)


def money_unit_in(text: str | None) -> str | None:
    """The money unit a header states, e.g. 本年收费金额（单位：万元） → 万元, 金额（元） → 元."""
    cleaned = clean_cell(text)
    for unit in ("亿元", "千元", "万元", "元"):
        if unit in cleaned:
            return unit
    return None


def cell_amount_wan_yuan(text: str | None, header_unit: str | None = None) -> Number | None:
    """A money cell in 万元: the cell's own unit wins, then the header's, else 万元."""
    num = parse_number(text)
    if num is None or num.value is None:
        return num
    unit = num.unit if num.unit in MONEY_UNITS else header_unit
    return Number(to_wan_yuan(num.value, unit), "万元", num.raw)
