"""The list numbers Word draws but does not store: "一、", "（二）", "3." of a DOCX paragraph.

A heading typed as "总体情况" with automatic numbering is displayed "一、总体情况"; the
number lives in numbering.xml (an abstract list: per level a start, a format and a text
pattern such as "%1、") and is counted at display time. Report sections and table row
labels ("（三）不予公开") are found by those numbers, so the reader renders them.

Counters are kept per list instance (w:num) and level; a paragraph at level L counts up
that level and restarts the deeper ones. Bullets render as nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{_W}val"
_DIGITS = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    """The lists of one document and the counters of the paragraphs read so far."""

    # numId → ilvl → level definition
    lists: dict[str, dict[int, _Level]] = field(default_factory=dict)
    # styleId → (numId, ilvl) for styles that carry numbering
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: object) -> Numbering:
        """The numbering of a python-docx Document (empty if it has none)."""
        numbering = cls()
        try:
            root = document.part.numbering_part.element  # type: ignore[attr-defined]
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        abstract = {a.get(f"{_W}abstractNumId"): a for a in root.iterchildren(f"{_W}abstractNum")}
        for num in root.iterchildren(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None or ref.get(_VAL) not in abstract:
                continue
            levels = {
                _int(lvl.get(f"{_W}ilvl"), 0): _level(lvl)
                for lvl in abstract[ref.get(_VAL)].iterchildren(f"{_W}lvl")
            }
            for override in num.iterchildren(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                ilvl = _int(override.get(f"{_W}ilvl"), 0)
                if start is not None and ilvl in levels:
                    levels[ilvl] = replace(levels[ilvl], start=_int(start.get(_VAL), 1))
            numbering.lists[num.get(f"{_W}numId", "")] = levels
        try:
            styles = document.styles.element  # type: ignore[attr-defined]
        except AttributeError:
            return numbering
        for style in styles.iterchildren(f"{_W}style"):
            ref = _num_ref(style.find(f"{_W}pPr"))
            if ref is not None:
                numbering.styles[style.get(f"{_W}styleId", "")] = ref
        return numbering

    def label(self, p: etree._Element) -> str:
        """The number Word shows before paragraph `p`, counted; "" if it has none."""
        ppr = p.find(f"{_W}pPr")
        ref = _num_ref(ppr)
        if ref is None and ppr is not None:
            style = ppr.find(f"{_W}pStyle")
            ref = self.styles.get(style.get(_VAL, "")) if style is not None else None
        if ref is None:
            return ""
        num_id, ilvl = ref
        levels = self.lists.get(num_id)
        if not levels or ilvl not in levels:
            return ""  # numId 0 switches numbering off
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        level = levels[ilvl]
        if level.fmt in ("bullet", "none"):
            return ""
        text = level.text
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" in text:
                value = counts.get(k, levels.get(k, _Level()).start)
                fmt = levels.get(k, level).fmt
                text = text.replace(f"%{k + 1}", format_number(value, fmt))
        return text


def _num_ref(ppr: etree._Element | None) -> tuple[str, int] | None:
    if ppr is None:
        return None
    num_pr = ppr.find(f"{_W}numPr")
    if num_pr is None:
        return None
    num_id = num_pr.find(f"{_W}numId")
    ilvl = num_pr.find(f"{_W}ilvl")
    if num_id is None:
        return None
    return num_id.get(_VAL, ""), _int(ilvl.get(_VAL) if ilvl is not None else None, 0)


def _level(lvl: etree._Element) -> _Level:
    start = lvl.find(f"{_W}start")
    fmt = lvl.find(f"{_W}numFmt")
    text = lvl.find(f"{_W}lvlText")
    return _Level(
        _int(start.get(_VAL) if start is not None else None, 1),
        fmt.get(_VAL, "decimal") if fmt is not None else "decimal",
        text.get(_VAL, "") if text is not None else "",
    )


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def format_number(n: int, fmt: str) -> str:
    """`n` in a Word numFmt: chineseCounting 十一, ideographTraditional 甲, upperRoman IV..."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
    ):
        return chinese_number(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and 1 <= n < 4000:
        roman = _roman(n)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(n)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (up to 9999)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out = ""
    for unit, size in (("千", 1000), ("百", 100), ("十", 10)):
        digit, n = divmod(n, size)
        if digit:
            out += ("" if unit == "十" and not out and digit == 1 else _DIGITS[digit]) + unit
        elif out and n:
            out += "零" if not out.endswith("零") else ""
    if n:
        out += _DIGITS[n]
    return out


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out += letters * count
    return out
