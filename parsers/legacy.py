"""The 2008-generation statistics table (统计指标 / 单位 / 统计数) as `legacy_stats` rows.

Provinces extended and renamed the national template freely (seed 000 has ~60 rows), so
every row is kept: its label as printed (whitespace, the numbering prefix and a trailing
explanatory parenthesis removed -- "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"
is the indicator 主动公开政府信息数), its unit, its value, the raw value text, the enclosing
headings as `path`, and a canonical `key` when the indicator is one of the template's.
The hierarchy is read from the numbering (一、 > （一） > 1. > （1）; 其中 hangs under the row
above), because indentation does not survive conversion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.canonical import (
    LEGACY_HEADER_LABEL,
    LEGACY_HEADER_UNIT,
    LEGACY_HEADER_VALUE,
    legacy_key,
    norm,
    squeeze,
)
from parsers.numbers import (
    MONEY_UNITS,
    UNIT_WORDS,
    clean_cell,
    is_null_mark,
    parse_number,
    to_wan_yuan,
)
from parsers.tablerows import Row

_LEVELS = (
    (re.compile(r"^[一二三四五六七八九十]+[、.．]"), 1),
    (re.compile(r"^[（(][一二三四五六七八九十]+[)）]"), 2),
    (re.compile(r"^[\d０-９]+[、.．](?![\d０-９])"), 3),
    (re.compile(r"^[（(][\d０-９]+[)）]"), 4),
    (re.compile(r"^[①-⑳]"), 5),
)
_QIZHONG = re.compile(r"^其中[:：]?")
_NOTE = re.compile(r"[（(][^（）()]*[)）]$")
_NOTE_ONLY = re.compile(r"^[（(][^（）()]*[)）]$")


def is_header(row: Row) -> bool:
    texts = [norm(c.text) for c in row.cells if not c.empty]
    return any(LEGACY_HEADER_LABEL.search(t) for t in texts) and any(
        LEGACY_HEADER_UNIT.search(t) or LEGACY_HEADER_VALUE.search(t) for t in texts
    )


def split_label(printed: str) -> tuple[str, str, str]:
    """(numbering, label, note) of a printed label, whitespace removed."""
    text = squeeze(printed)
    number = ""
    for pattern, _ in _LEVELS:
        m = pattern.match(text)
        if m and m.end() < len(text):
            number = m.group(0)
            text = text[m.end():]
            break
    note = ""
    while True:
        m = _NOTE.search(text)
        if not m or m.start() == 0:
            break
        note = m.group(0) + note
        text = text[: m.start()]
    return number, text, note


def _level(number: str) -> int | None:
    for pattern, level in _LEVELS:
        if pattern.match(number):
            return level
    return None


def _is_unit(text: str) -> bool:
    t = clean_cell(text)
    return t in UNIT_WORDS or (is_null_mark(t) and t != "")


@dataclass
class LegacyTable:
    """Reads the rows of one 2008 table, keeping the heading stack for `path`."""

    label_cols: list[int] = field(default_factory=list)
    unit_col: int | None = None
    value_col: int | None = None
    width: int = 0
    rows: list[dict] = field(default_factory=list)
    _stack: list[tuple[float, str]] = field(default_factory=list)
    _prev_level: float = 0
    _prev_qizhong: bool = False
    _used_keys: set[str] = field(default_factory=set)

    @classmethod
    def from_header(cls, row: Row) -> LegacyTable:
        table = cls(width=row.width)
        for cell in row.full:
            t = norm(cell.text)
            if LEGACY_HEADER_LABEL.search(t):
                table.label_cols.append(cell.col)
            elif LEGACY_HEADER_UNIT.search(t) and table.unit_col is None:
                table.unit_col = cell.col
            elif LEGACY_HEADER_VALUE.search(t) and table.value_col is None:
                table.value_col = cell.col
        return table

    def _split(self, row: Row) -> tuple[list[str], str | None, str | None]:
        """label texts, unit text, value text of a data row."""
        positional = self.value_col is not None and (row.trusted or row.width == self.width)
        if positional:
            unit = row.at(self.unit_col) if self.unit_col is not None else None
            value = row.at(self.value_col) if self.value_col is not None else None
            skip = {self.unit_col, self.value_col}
            labels = [c.text for c in row.cells
                      if c.col not in skip and not c.empty and not c.is_value]  # not 序号
            return _dedupe(labels), unit.text if unit else None, value.text if value else None
        cells = [c for c in row.cells if not c.empty]
        value = None
        if cells and cells[-1].is_value and clean_cell(cells[-1].text) not in UNIT_WORDS:
            value = cells.pop().text
        unit = None
        for i, c in enumerate(cells):
            if i > 0 and _is_unit(c.text):
                unit = c.text
                cells = cells[:i] + cells[i + 1:]
                break
        return _dedupe([c.text for c in cells if not c.is_value]), unit, value

    def add(self, row: Row) -> None:
        labels, unit_text, value_text = self._split(row)
        if not labels:
            return
        printed = labels[-1]
        if (_NOTE_ONLY.match(squeeze(printed)) and unit_text is None and value_text is None
                and self.rows):
            return  # the second line of the row above: an explanatory note
        number, label, _note = split_label(printed)
        for outer in labels[:-1]:  # a category column left of the indicator
            outer_number, outer_label, _ = split_label(outer)
            if outer_number + outer_label not in (t for _, t in self._stack):
                self._push(_level(outer_number) or 0.5, outer_number + outer_label)
        qizhong = bool(_QIZHONG.match(label))
        level = _level(number)
        if qizhong:
            # 其中 hangs under the row above; a second 其中 is its sibling
            level = self._prev_level if self._prev_qizhong else self._prev_level + 1
        elif level is None:
            qizhong = self._prev_qizhong  # an unnumbered row continues the group above
            level = self._prev_level if self.rows else 1
        path = self._push(level, number + label)
        self._prev_level, self._prev_qizhong = level, qizhong
        unit = None if unit_text is None or is_null_mark(unit_text) else clean_cell(unit_text)
        num = parse_number(value_text) if value_text is not None else None
        value = num.value if num else None
        if num and num.unit and not unit:
            unit = num.unit
        if value is not None and unit in MONEY_UNITS and unit != "万元":
            value, unit = to_wan_yuan(value, unit), "万元"
        key = legacy_key(label)
        if key in self._used_keys:
            key = None
        if key:
            self._used_keys.add(key)
        self.rows.append({
            "key": key,
            "label": label,
            "unit": unit,
            "value": value,
            "raw": (value_text or "").strip(" \u3000\xa0\n") or None,
            "path": " > ".join(path),
        })

    def _push(self, level: float, text: str) -> list[str]:
        """Put a heading at `level` on the stack; returns the path above it."""
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        path = [t for _, t in self._stack]
        self._stack.append((level, text))
        return path


def _dedupe(texts: list[str]) -> list[str]:
    out: list[str] = []
    for t in texts:
        if not out or squeeze(out[-1]) != squeeze(t):
            out.append(t)
    return out
