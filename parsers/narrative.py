"""Numbers the report states in its prose, each with its label, unit and sentence.

The prose often says what the tables say (共主动公开政府信息489条), sometimes more (counts by
channel the template has no row for), and sometimes something else: a report whose prose
says 制发及主动公开规范性文件9条 while its table says 4 and 5 has a finding, and the
sentence is the evidence. So every counted quantity is kept with the sentence it came from;
what is not a quantity is left out: dates (2019年1月1日), phone numbers and postcodes,
document numbers (〔2019〕60号), ordinals (第20督导组, 第3条), list markers (1、), and
anything on a table row, whose numbers belong to the statistics parser.
"""

from __future__ import annotations

import re
from typing import Any

# Units of counted things and money, longest spelling first so 人次 is not read as 人.
UNITS = (
    "万人次", "人次", "篇次", "个次", "场次", "件次", "户次",
    "万元", "亿元", "元", "%",
    "条", "件", "次", "篇", "人", "个", "项", "期", "场", "批", "份", "家", "户", "起", "名",
    "块", "种", "类", "封", "家次", "所", "处", "支", "台", "套", "小时", "天",
)
_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "千": 1_000}

# Full-width digits and signs read as ASCII (one character for one, so offsets hold).
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")

_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_FIGURE = re.compile(
    r"(?P<approx_before>近|约|逾|超过|达到?|共计|共|合计|累计)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<approx_after>余|多)?"
    rf"(?P<mult>万(?!元)|亿(?!元)|千(?!元))?(?P<approx_mid>余|多)?\s*(?P<unit>{_UNIT_RE})"
)
# What may not precede a quantity: a digit run's continuation, a hyphenated phone number,
# a document number's bracket, an ordinal, a decimal point.
_BAD_BEFORE = re.compile(r"(?:[\d.\-－—/]|〕|\]|】|第|No\.?|编号|电话|邮编|传真)$")
_BAD_BEFORE_SPAN = 5  # longer than its longest alternative (No.), with room to spare
# What may not follow: the quantity is part of a date, a range or a larger code.
_BAD_AFTER = re.compile(r"^(?:[\-－/~～至]|年|月|日|号|时|周岁|分(?!钟))")
_APPROX = frozenset({"近", "约", "逾", "超过", "余", "多"})
# A threshold or an estimate after the unit: 50人以上, 200人左右.
_APPROX_AFTER = re.compile(r"^(?:以上|以下|左右|上下)")

_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_CLAUSE_SPLIT = re.compile(r"[，,。；;：:、（）()“”\"《》\s]")
# Words that open a clause but say nothing about what is counted.
_LEAD = re.compile(
    r"^(?:\d{4}\s*年度?|全年|本年度?|今年以来|今年|截至目前|截止目前|目前|其中|另外|此外|同时"
    r"|共计|共|合计|累计|全部|总计|分别|均|已|并|还|及|和|与|其(?![他它余])|我局|我单位|本机关|本单位)+"
)
_TRAIL = re.compile(r"(?:共计|共|合计|累计|总计|达到?|为|约|近|逾|超过|分别|计)+$")
_MAX_LABEL = 40
_DIGIT_GAP = re.compile(r"(?<=\d)[ \t]+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[ \t]+(?=\d)")

_NUMBER_TOKEN = re.compile(r"(?<![\d.])[-+]?\d+(?:\.\d+)?(?![\d.])")
_LONE_CELL = re.compile(r"[-+]?\d+(?:\.\d+)?\s*%?|[\u4e00-\u9fff]{1,2}|[—－\-/]+")


def _is_table_line(raw: str) -> bool:
    """A statistics table row: DOCX cell lines, tab-separated cells, or mostly numbers."""
    if raw.startswith("\t") or "\t" in raw.strip():
        return True
    tokens = raw.split()
    if len(tokens) >= 3:
        numeric = sum(1 for t in tokens if _NUMBER_TOKEN.fullmatch(t.translate(_FULLWIDTH)))
        if numeric * 2 >= len(tokens):
            return True
    # A lone cell: a bare number, unit or dash ("489", "条", "——") left by a converter.
    return bool(_LONE_CELL.fullmatch(raw.strip().translate(_FULLWIDTH)))


def _paragraphs(text: str) -> list[str]:
    """Prose paragraphs, with lines that a converter broke mid-sentence joined again."""
    paragraphs: list[str] = []
    buffer = ""
    for raw in (text or "").splitlines():
        if _is_table_line(raw):
            if buffer:
                paragraphs.append(buffer)
                buffer = ""
            continue
        line = raw.strip()
        if not line:
            continue
        if buffer and len(buffer) >= 30 and not re.search(r"[。！？!?：:；;）)”」]$", buffer):
            buffer += line  # a long line without an ending: the sentence goes on
        else:
            if buffer:
                paragraphs.append(buffer)
            buffer = line
    if buffer:
        paragraphs.append(buffer)
    return paragraphs


def _number(text: str) -> int | float:
    """The number a matched digit string stands for, as int when it is whole."""
    value = float(text.replace(",", ""))
    return int(value) if value.is_integer() and "." not in text else value


def _label(sentence: str, start: int, floor: int, previous: str | None) -> str:
    """What the figure at `start` counts: the clause words right before it.

    The clause ends at `floor`, the end of the figure before it in the same sentence, so
    "接访群众49批514人次" labels 514 人次 like 49 批 rather than "接访群众49批".
    """
    # PDF text spaces digits off ("2019 年共下发"): close those gaps before reading words.
    head = _DIGIT_GAP.sub("", sentence[floor:start]).rstrip()
    title = re.search(r"《([^》]{1,30})》$", head)
    if title:
        return title.group(1)
    pieces = _CLAUSE_SPLIT.split(head)
    # An opening bracket right before the figure ("较去年同期（9批"): the words before it.
    if len(pieces) >= 2 and not pieces[-1] and head.endswith(("（", "(")):
        pieces = pieces[:-1]
    clause = pieces[-1] if pieces else ""
    label = _TRAIL.sub("", _LEAD.sub("", clause))[-_MAX_LABEL:]
    if label:
        return label
    # Nothing but a connective: a total (共计1798条) keeps its word; a figure with no words
    # of its own (49批514人次) shares the label of the figure before it.
    if clause:
        return clause
    return previous or ""


def narrative_figures(text: str) -> list[dict[str, Any]]:
    """Figures stated in the prose: label, value, unit, sentence, raw text and approx flag.

    `value` is in the unit as printed, except that a 万/亿 before a count multiplies it
    (13万人次 → 130000 人次); 万元 and 亿元 stay units. `approx` is True for 近/约/余/多/超过.
    """
    figures: list[dict[str, Any]] = []
    for paragraph in _paragraphs(text):
        for sentence in _SENTENCE_END.split(paragraph):
            sentence = sentence.strip()
            if not sentence:
                continue
            probe = sentence.translate(_FULLWIDTH)
            previous_label: str | None = None
            floor = 0
            for m in _FIGURE.finditer(probe):
                num_start = m.start("num")
                # _BAD_BEFORE ends at the figure and spans at most three characters: only
                # the last few of the prefix are looked at (not a scan of the whole prefix)
                bad_before = _BAD_BEFORE.search(probe, max(0, num_start - _BAD_BEFORE_SPAN),
                                                num_start)
                if bad_before or _BAD_AFTER.match(probe[m.end():]):
                    continue
                unit = m.group("unit")
                value = _number(m.group("num"))
                mult = m.group("mult")
                if mult:
                    value = value * _MULTIPLIERS[mult]
                    if isinstance(value, float) and value.is_integer():
                        value = int(value)
                if unit == "万人次":
                    value, unit = value * 10_000, "人次"
                approx = bool(_APPROX_AFTER.match(probe[m.end():])) or any(
                    m.group(g) in _APPROX
                    for g in ("approx_before", "approx_after", "approx_mid")
                    if m.group(g)
                )
                label = _label(sentence, num_start, floor, previous_label)
                previous_label = label or previous_label
                floor = m.end()
                figures.append({
                    "label": label,
                    "value": value,
                    "unit": unit,
                    "approx": approx,
                    "raw": sentence[m.start("num"):m.end()],
                    "sentence": sentence,
                })
    return figures
