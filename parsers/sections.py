"""The report's top-level sections: 一、总体情况 … 六、其他需要报告的事项, and their 2008 kin.

The national formats prescribe six headings (eight in 2008), but a heading in a real report
is evidence, not grammar: numbers are dropped (one report numbers 二 and 三 but prints 总体情况
and 四/五 bare), skipped (二 then 四), headings are renamed (概述, 总体工作情况), reordered or
merged. So a line is taken as a heading when it looks like one and either carries a
top-level number that moves the numbering forward or names a section the formats know;
a bare line that names no known section is taken only when it has a heading's shape (short,
no sentence punctuation, ending in 情况/事项/措施). Sub-headings (（一）, 1., 一是) never split,
and neither do table rows: the statistics tables repeat 一、二、三、四 in their row labels.
"""

from __future__ import annotations

import re
from typing import Any

CANONICAL = (
    "overview", "active_disclosure", "applications", "review_litigation", "problems",
    "other", "fees", "organisation",
)

_NUMERALS = "一二三四五六七八九十"
_NUMERAL_VALUE = {c: i for i, c in enumerate(_NUMERALS, start=1)}

# A top-level number: 一、 / 一. / 一． / 第一部分 / "一 " (a space only counts with a known name).
_NUMBERED = re.compile(
    rf"^(?:第(?P<part>[{_NUMERALS}]{{1,3}})部分[：:、\s]*"
    rf"|(?P<num>[{_NUMERALS}]{{1,3}})\s*[、．.，,]\s*"
    rf"|(?P<spaced>[{_NUMERALS}]{{1,3}})\s+)"
    r"(?P<title>\S.*)$"
)
# Markers of sub-headings and list items, which never start a section.
_SUBHEADING = re.compile(
    rf"^(?:[（(]\s*[{_NUMERALS}\d]+\s*[）)]|\d+\s*[、.．)）]|[{_NUMERALS}]+是|[①-⑳])"
)
# Where an attachment starts (the statistics table of 2008 reports often follows one).
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*(?:[：:].{0,60})?$")

# Each canonical section and the words that name it in a heading. Searched all at once; the
# earliest match in the heading wins, so a merged heading is named by what it says first.
_VOCABULARY: tuple[tuple[str, str], ...] = (
    # "信息公开申请行政复议" is about reviews, not applications: the longer spelling starts
    # earlier than the applications words inside it, so it wins.
    ("review_litigation", r"(?:信息公开)?(?:工作)?被?申请(?:行政)?复议|行政复议|行政诉讼"
                          r"|复议、诉讼|复议和诉讼"),
    ("fees", r"收费|减免|收取.{0,4}费"),
    ("organisation", r"机构、人员|机构和人员|人员、经费|人员和经费|机构建设|工作机构|专门机构"),
    ("applications", r"依申请|收到和处理|申请公开|公开申请|申请情况|申请办理"),
    ("active_disclosure", r"主动公开"),
    ("problems", r"存在的?(?:主要)?问题|问题及改进|问题和改进|改进措施|改进情况|存在的不足"),
    ("other", r"其他需要|需要说明的其他|需要报告的其他|其他事项|其他需报告"),
    ("overview", r"总体情况|总体工作情况|概述|概况|基本情况|工作情况综述"),
)
_VOCAB_RE = re.compile("|".join(f"(?P<{key}>{pattern})" for key, pattern in _VOCABULARY))

# Row labels of the statistics tables that carry top-level numbers of their own.
_TABLE_LABEL = re.compile(
    r"本年新收|上年结转|结转下年度|本年度办理结果|回应解读情况"
    r"|行政复议数量|行政诉讼数量|举报投诉数量|收取的费用|机构建设和保障经费|会议和培训情况"
)
_NUMBER_TOKEN = re.compile(r"(?<![\d.])[-+]?\d+(?:\.\d+)?(?![\d.])")
_SENTENCE_PUNCT = re.compile(r"[。；;！？!?]")
# A row of a flattened table ends in cells: a unit and a number, or a dash for "no value".
_CELL_TAIL = re.compile(
    r"(?:\s+(?:条|件|次|个|人|人次|篇|项|万元|元)?\s*(?:[-+]?\d+(?:\.\d+)?|——|—|－|/))+\s*$"
)
_SHAPE_END = re.compile(r"(?:情况|事项|措施|工作|问题)$")

_MAX_HEADING = 40
_MAX_BARE_HEADING = 32


def canonical_of(heading: str) -> str | None:
    """The canonical section a heading names (earliest match wins), or None."""
    found = _canonicals(heading)
    return found[0] if found else None


def _canonicals(heading: str) -> list[str]:
    """Every canonical section a heading names, in the order it names them."""
    out: list[str] = []
    for m in _VOCAB_RE.finditer(heading):
        key = m.lastgroup
        if key and key not in out:
            out.append(key)
    return out


def _is_table_line(raw: str) -> bool:
    """A row of a statistics table: a cell line from DOCX, tab-separated cells, or numbers."""
    if raw.startswith("\t"):
        return True
    stripped = raw.strip()
    if "\t" in stripped:
        return True
    return len(_NUMBER_TOKEN.findall(stripped)) >= 3 or bool(_CELL_TAIL.search(stripped))


def _numeral(text: str) -> int:
    """Value of a Chinese numeral up to 九十九 (一 → 1, 十二 → 12)."""
    if len(text) == 1:
        return _NUMERAL_VALUE.get(text, 0)
    if text.startswith("十"):
        return 10 + _NUMERAL_VALUE.get(text[1:], 0)
    if text.endswith("十"):
        return _NUMERAL_VALUE.get(text[0], 0) * 10
    return _NUMERAL_VALUE.get(text[0], 0) * 10 + _NUMERAL_VALUE.get(text[-1], 0)


def _heading_shape(title: str, limit: int, *, caption_ok: bool = False) -> bool:
    """Short, no sentence punctuation, and (unless numbered) not a table or figure caption."""
    title = title.strip()
    return (
        0 < len(title) <= limit
        and not _SENTENCE_PUNCT.search(title.rstrip("。"))
        and (caption_ok or not title.endswith(("表", "图")))
    )


def _numbered_heading(line: str, last: int) -> tuple[str, str, str] | None:
    """(number, heading, remainder) when `line` opens a numbered top-level section."""
    m = _NUMBERED.match(line)
    if not m:
        return None
    number = m.group("part") or m.group("num") or m.group("spaced")
    value = _numeral(number)
    title = m.group("title").strip()
    if _TABLE_LABEL.search(title):
        return None
    known = bool(_VOCAB_RE.search(title))
    if m.group("spaced") and not known:
        return None
    if value <= last:
        # The numbering went back: a list or a table, unless the line names a section
        # the numbering has not reached yet (a report that restarts after a preface).
        return None
    remainder = ""
    # A heading run into its paragraph ("一、总体情况 2019年，我局…"): split it off when its
    # first clause is a known heading; otherwise a sentence is not a heading.
    cut = re.match(r"^(?P<head>[^，,。：:；\s]{2,30})(?:[。：:]\s*|\s+)(?P<rest>\S.*)$", title)
    if cut and _VOCAB_RE.search(cut.group("head")):
        title, remainder = cut.group("head"), cut.group("rest")
    elif "。" in title.rstrip("。") or not _heading_shape(title, _MAX_HEADING, caption_ok=True):
        return None
    heading = line[: len(line) - len(m.group("title"))] + title
    return number, heading.strip(), remainder


def _bare_heading(line: str, seen_heading: bool) -> bool:
    """True when an unnumbered line reads as a top-level heading."""
    if _SUBHEADING.match(line) or _NUMBERED.match(line) or _TABLE_LABEL.search(line):
        return False
    if "，" in line or "," in line:
        return False
    title = line.rstrip("。：:")
    if title != line.rstrip("。") and not _VOCAB_RE.search(title):
        return False
    if not _heading_shape(title, _MAX_BARE_HEADING):
        return False
    if _VOCAB_RE.search(title):
        # A known name in a short standalone line: 总体情况, 政府信息主动公开情况.
        return bool(_SHAPE_END.search(title) or len(title) <= 12)
    # An unknown name needs a heading's ending, and a report already under way.
    return seen_heading and bool(_SHAPE_END.search(title))


def split_sections(text: str) -> list[dict[str, Any]]:
    """Top-level sections of a report: number (一… or None), heading, canonical, text.

    Text before the first heading comes back as a section with heading None when it is not
    empty (the title block and preface). An attachment (附件) closes the last section and
    opens one of its own. A merged heading ("收费及减免情况和因政府信息公开申请行政复议…") is
    named by what it says first; `also` lists any other sections it names.
    """
    sections: list[dict[str, Any]] = []
    current: dict[str, Any] = {"number": None, "heading": None, "canonical": None, "lines": []}
    last_number = 0
    in_attachment = False

    def start(number: str | None, heading: str | None, names: list[str]) -> dict[str, Any]:
        sections.append(current)
        return {
            "number": number, "heading": heading,
            "canonical": names[0] if names else None, "also": names[1:], "lines": [],
        }

    for raw in (text or "").splitlines():
        line = raw.strip().replace("\u3000", " ").strip()
        if not line or in_attachment or _is_table_line(raw):
            current["lines"].append(raw.rstrip())
            continue
        if _ATTACHMENT.match(line) and sections:
            current = start(None, line, [])
            in_attachment = True
            continue
        numbered = _numbered_heading(line, last_number)
        if numbered:
            number, heading, remainder = numbered
            last_number = _numeral(number)
            current = start(number, heading, _canonicals(heading))
            if remainder:
                current["lines"].append(remainder)
            continue
        if _bare_heading(line, seen_heading=bool(sections)):
            current = start(None, line, _canonicals(line))
            continue
        current["lines"].append(raw.rstrip())
    sections.append(current)

    out: list[dict[str, Any]] = []
    for section in sections:
        body = "\n".join(section.pop("lines")).strip("\n")
        if section["heading"] is None and not body.strip():
            continue
        section["text"] = body.strip()
        section.setdefault("also", [])
        out.append(section)
    return out
