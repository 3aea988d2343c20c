"""Report metadata: title, issuing agency, statistics year, format generation, publication date.

Every value is read from evidence the document itself carries, in an order of trust that
holds across sites: a report names its agency in the title (often shortened: 自治区司法厅,
市司法局), in full in a header line, in its signature block, in the catalog's 发布机构 and
in phrases such as 由中卫市沙坡头区司法局编制; its year in the title; its generation in
the table headers; its date in the catalog, a 发布日期 line or under the signature. When
a piece of evidence is absent the value is null rather than guessed (REPORT_FORMATS.md).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter

from parsers.canonical import to_simplified
from parsers.classify import REPORT_NAME, clean_title, gather_evidence, is_annual_report
from parsers.document import Document

# digits of years and dates written in characters (二〇一九年, also 二O一九年 and 二零一九年)
_CN_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {
    "○": 0,
    "零": 0,
    "O": 0,
    "Ｏ": 0,
}
_CN_YEAR = "[〇○零OＯ一二三四五六七八九]{4}"
_YEAR = rf"(\d{{4}}|{_CN_YEAR})"
_YEAR_RE = re.compile(_YEAR + r"\s*年")
_BREADCRUMB = re.compile(r"当前位置|您的位置|您现在的位置|首页\s*[>＞»]|[>＞»]")
_SENTENCE_PUNCT = re.compile(r"[，。；：:;,！？!?、“”\"|]")
# How agency names end: organs, offices, governments, and bare regions (a 人民政府's own
# report is often titled just 平凉市2019年…).
_AGENCY_END = re.compile(
    r"(?:局|厅|委|委员会|办|办公室|办公厅|政府|院|署|会|中心|所|部|处|站|队|馆|街道|办事处"
    r"|镇|乡|管委会|公司|银行|集团|学校|大学|医院|法院|检察院|监狱|台|社|场|园|区|县|市|省"
    r"|旗|州|盟|小组|科|组|机关|校|室)$"
)
_REGION_CHAIN = re.compile(
    r"^(?:中华人民共和国|[\u4e00-\u9fff]{1,12}?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|地区|盟"
    r"|州|县|区|旗|新区|林区|特区|镇|乡|街道))+"
)
_NAME = r"([\u4e00-\u9fff（）()]{2,40}?)"
# Phrases in which a report names its own issuer: the name sits between fixed words, so its
# boundaries are known without a gazetteer. These name the report's owner (现公布X2017年…
# 报告, 《X2019年…报告》, a first line X2009年…报告(以下简称年报)), so they rank first.
_SELF_NAMING = (
    re.compile(
        r"(?:现将|现发布|现予发布|现公布|现予公布|特向社会公布|予以公布|编制(?:了|形成)?)"
        r"(?![并和及与])《?"  # 编制并发布…: a second verb, not the name
        + _NAME
        + r"\s*\d{4}\s*年"
    ),
    re.compile(r"《" + _NAME + r"\s*\d{4}\s*年度?(?:政府)?信息公开"),
    re.compile(
        r"\d{4}\s*年度?\s*"
        + _NAME
        + r"(?<!人民)(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)"
    ),
    re.compile(
        r"(?:^|[。\n])"
        + _NAME
        + r"\s*\d{4}\s*年度?(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)"
    ),
)
# Phrases naming the office that compiled the report or answers questions about it: the
# issuer's office, not the issuer (mapped back by issuer_of_office), so they rank after.
_OFFICE_NAMING = (
    re.compile(r"由" + _NAME + r"(?:负责|牵头|组织|办公室)?(?:编制|编写|制作|汇总|起草|编辑)"),
    re.compile(r"(?:请|直接|可|径)与" + _NAME + r"(?:联系|联络)"),
    re.compile(r"本(?:年度)?报告[^。]{0,60}?由" + _NAME + r"(?:根据|依据|按照|结合)"),
)
# The 总体情况 section opens with the issuer as the subject of its first sentence (2020年，
# 杨陵区统计局以…; 2020年，某某办公厅认真落实…): the name runs from the year's comma to the
# first of the words such sentences continue with.
_OPENING_SUBJECT = re.compile(
    r"(?:^|[。\n])\s*\d{4}\s*年(?:度|以来)?+[，,]?\s*"
    # …or after a clause naming who led it: 2023年，在区委、区政府的坚强领导下，某街道办事处…
    r"(?:在[^，,。；\n]{2,30}?下[，,]\s*)?"
    r"(?![在于对向从由经据])"  # 2023年度在市国资委门户网站上…: a place, not a subject
    + _NAME
    # …or the subject of 某乡政府信息公开工作在…领导下 (the 政府 may be the name's or the phrase's)
    + r"(?=(?:政府)?信息公开工作|政务公开工作"
    r"|以|在|认真|坚持|紧紧|紧扣|紧密|围绕|按照|深入|全面|持续|进一步|始终|高度|严格|积极"
    r"|扎实|不断|聚焦|立足|继续|依法|贯彻|落实|着力|主动|切实|结合|根据|依据|按|把|将|共|大力)"
)
# Offices that compile a report or answer for it, by how their names end: a government's
# 政府信息公开(工作)领导小组办公室 / 政务公开领导小组办公室, the 政府信息公开处/中心 inside a
# 办公室, a township's 党政办公室. What precedes the ending is the issuer.
_OFFICE_ENDING = re.compile(
    r"(?:(?:政府)?信息公开|政务公开)(?:工作)?领导小组(?:办公室)?$"
    r"|(?:政府)?信息公开(?:工作)?(?:处|科|中心|办公室|办)$|党政(?:办公室|办)?$"
)


# A township government's internal office (湖南镇政府综合督考办公室, 某乡人民政府综合办): a
# township has no departments that publish their own report, so any office of it answers
# for the township government. (A county's 人民政府法制办公室 is a department: not this.)
_TOWNSHIP_OFFICE = re.compile(r"^(.+?[镇乡](?:人民)?政府)[^政府]{1,8}(?:办公室|办|中心|科|室)$")
# The general office of a bureau, commission or department (市国资委办公室, 某局办公室) answers
# for it: such an office publishes no report of its own. (A 人民政府办公室 does, and so does
# a 管理委员会办公室 of a development zone, a government's counterpart: not these.)
_ORGAN_OFFICE = re.compile(r"^(.+?(?:局|厅|署|(?<!管)委|(?<!管理)委员会))办公室$")


def issuer_of_office(name: str) -> str:
    """The issuer an office's name belongs to (南平市人民政府信息公开工作领导小组办公室 →
    南平市人民政府, 两城镇人民政府党政办公室 → 两城镇人民政府); other names unchanged."""
    township = _TOWNSHIP_OFFICE.match(name)
    if township:
        return township.group(1)
    organ = _ORGAN_OFFICE.match(name)
    if organ:
        return organ.group(1)
    m = _OFFICE_ENDING.search(name)
    if not m or m.start() == 0:
        return name
    head = name[: m.start()]
    if head.endswith("人民") and m.group(0).startswith("政府"):
        head += "政府"  # 某市人民政府信息公开…: the 政府 belongs to both words
    return head
_CATALOG_AGENCY_KEYS = (
    "发布机构",
    "发文机关",
    "发文机构",
    "发布单位",
    "公开机构",
    "所属机构",
    "信息来源",
    "来源",
)
_CATALOG_DATE_KEYS = (
    "发布日期",
    "发布时间",
    "发表日期",
    "发表时间",
    "公开日期",
    "发文日期",
    "时间",
    "日期",
)
_META_DATE_KEYS = (
    "PubDate",
    "pubdate",
    "publishdate",
    "PublishDate",
    "firstpublishedtime",
    "dcterms.issued",
    "DC.Date",
)
_DATE_LINE_LABEL = re.compile(
    r"(?:(?:发布|发表|公布|公开|发文|发稿|上传|录入)(?:日期|时间)|(?:^|(?<=\s))(?:时间|日期))"
    r"\s*[:：]\s*(\S[^\n]{0,30})",
    re.M,
)
_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"),
    re.compile(
        rf"({_CN_YEAR})\s*年\s*([一二三四五六七八九十]{{1,3}})\s*月\s*([一二三四五六七八九十]{{1,3}})\s*日"
    ),
)

# Table headers of each generation (REPORT_FORMATS.md); matched without whitespace.
_FORMAT_MARKERS = {
    "2021": (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
        "逾期不补正",
        "逾期未按收费通知",
    ),
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "采购项目数量",
    ),
    "2008": (
        "统计指标",
        "主动公开政府信息数",
        "收到申请数",
        "申请办结数",
        "依申请公开信息收取的费用",
        "从事政府信息公开工作人员数",
        "政府信息公开工作专门机构数",
        "按时办结数",
    ),
}


def extract_metadata(doc: Document) -> dict:
    """Title, agency, year, format, published and is_annual_report of a document."""
    text = to_simplified(doc.text)
    lines = [line.strip() for line in text.splitlines()]
    text_title, title_index = title_from_text(lines)
    title = doc.title or text_title
    year = find_year(to_simplified(title), text)
    is_report = is_annual_report(title, text)
    # The generation follows from the tables or the year whatever the verdict (a report the
    # classifier misses still has one), except for a notice: the blank tables a notice
    # prescribes (the 国办 template) are no report's generation.
    notice = not is_report and gather_evidence(text).notice
    fmt, basis = (None, None) if notice else find_format(doc, year)
    return {
        "title": title,
        "agency": find_agency(doc, to_simplified(title), lines, title_index),
        "year": year,
        "format": fmt,
        "format_basis": basis,
        "published": find_published(doc, year, lines, title_index),
        "is_annual_report": is_report,
    }


# ---------------------------------------------------------------- title


# the label of a metadata box's title row (标      题 某局2023年…报告)
_TITLE_LABEL = re.compile(r"^(?:标题|题名|文章标题|信息名称)[:：]?")


def title_from_text(lines: list[str]) -> tuple[str | None, int | None]:
    """The report title among the first lines of a text, and the index of its first line.

    Converted documents break titles: the agency on one line and 2019年政府信息公开工作
    年度报告 on the next, or 2020年度政府信息公开 / 工作年度报告 over two lines. Up to three
    consecutive short lines are joined; a title naming a year is preferred over a bare
    column name such as 政府信息公开年报 printed above it.
    """
    head = [i for i, line in enumerate(lines) if line][:15]
    found: list[tuple[str, int, int]] = []  # (title, first line, last line)
    for pos, first in enumerate(head):
        joined = ""
        for last in head[pos : pos + 3]:
            if last - first > 4:
                break
            piece = _TITLE_LABEL.sub("", re.sub(r"\s+", "", lines[last]))
            if len(piece) > 80 or _BREADCRUMB.search(piece) or _SENTENCE_PUNCT.search(piece):
                break
            if re.search(r"(?:19|20)\d{2}$", joined) and not piece.startswith("年"):
                # a title broken right after its year loses the 年 (…办公厅2022 / 政府…报告)
                joined += "年"
            joined += piece
            if len(joined) > 80:
                break
            ends_as_title = re.search(r"(?:报告|年报)(?:[（(][^）)]*[）)])?$", joined)
            if ends_as_title and REPORT_NAME.search(joined):
                found.append((joined, first, last))
                break
    if not found:
        return None, None
    # a title with a year first, then the one joined from fewer lines, then the earlier one
    title, first, _ = min(found, key=lambda f: (not _YEAR_RE.search(f[0]), f[2] - f[1], f[1]))
    if re.match(rf"^(?:\d{{4}}|{_CN_YEAR})年", title):
        prev = _previous_line(lines, first)
        if prev is not None and _is_name_line(lines[prev]):
            title = re.sub(r"\s+", "", lines[prev]) + title
    return title, first


def _previous_line(lines: list[str], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if lines[j]:
            return j
    return None


def _is_name_line(line: str) -> bool:
    squashed = re.sub(r"\s+", "", line)
    return (
        2 <= len(squashed) <= 40
        and not _SENTENCE_PUNCT.search(squashed)
        and not _BREADCRUMB.search(squashed)
        and not re.search(r"\d", squashed)
        and not _ENUMERATOR.match(squashed)  # (三)政府…: a heading cut off, not a name
        and bool(_AGENCY_END.search(squashed))
    )


_ENUMERATOR = re.compile(r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)")


# ---------------------------------------------------------------- year


def _year_value(token: str) -> int | None:
    if token.isdigit():
        value = int(token)
    elif all(ch in _CN_DIGITS for ch in token):
        value = int("".join(str(_CN_DIGITS[ch]) for ch in token))
    else:
        return None
    return value if 1990 <= value <= 2100 else None


def find_year(title: str | None, text: str) -> int | None:
    """The statistics year: the one the title names, else the text's own report name, else
    the statistics period, else the year the opening of the text mentions most."""
    for m in _YEAR_RE.finditer(clean_title(title)):
        year = _year_value(m.group(1))
        if year:
            return year
    squashed = re.sub(r"[ \t\u3000\xa0]+", "", text)
    head = squashed[:5000]
    m = re.search(
        _YEAR + r"年度?[^。\n，,；]{0,30}?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)",
        head,
    )
    if m and _year_value(m.group(1)):
        return _year_value(m.group(1))
    m = re.search(r"(\d{4})年1月1日(?:起)?(?:至|到|—|-|～)", squashed)
    if m and _year_value(m.group(1)):
        return _year_value(m.group(1))
    years = (_year_value(token) for token in re.findall(r"(\d{4})年", head[:2000]))
    counts = Counter(y for y in years if y)
    return counts.most_common(1)[0][0] if counts else None


# ---------------------------------------------------------------- format


def find_format(doc: Document, year: int | None) -> tuple[str | None, str | None]:
    """The table generation ("2008", "2019", "2021") and what it was decided on.

    Table headers decide; then the 国办 format notice the report cites; then the year
    (a report with no table and year ≤ 2018 is "2008").
    """
    cells = "".join("".join(row) for table in doc.tables for row in table.rows)
    haystack = re.sub(r"[\s\u3000\xa0]+", "", (doc.text or "") + cells).replace("／", "/")
    hits = {
        fmt: sum(1 for marker in markers if marker in haystack)
        for fmt, markers in _FORMAT_MARKERS.items()
    }
    new, old = hits["2021"], hits["2019"]
    if max(new, old) >= 2:
        if new > old:
            return "2021", "tables"
        if old > new:
            return "2019", "tables"
        return ("2021" if (year or 0) >= 2021 else "2019"), "tables"
    if hits["2008"] >= 2:
        return "2008", "tables"
    if re.search(r"〔2021〕30号|\[2021\]30号", haystack):
        return "2021", "reference"
    if year is not None:
        if year <= 2018:
            return "2008", "year"
        return ("2019" if year <= 2020 else "2021"), "year"
    if re.search(r"〔2019〕60号|\[2019\]60号", haystack):
        return "2019", "reference"
    return None, None


# ---------------------------------------------------------------- published


def parse_date(text: str | None) -> dt.date | None:
    """The first date in a string: 2019年2月15日, 2019-02-15, 2019/2/15, 二〇一九年二月十五日."""
    if not text:
        return None
    best: tuple[int, dt.date] | None = None
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        try:
            y, mo, d = (_cn_number(g) for g in m.groups())
            date = dt.date(y, mo, d)
        except (TypeError, ValueError):
            continue
        if 1990 <= date.year <= 2100 and (best is None or m.start() < best[0]):
            best = (m.start(), date)
    return best[1] if best else None


def _cn_number(token: str) -> int:
    if token.isdigit():
        return int(token)
    if len(token) == 4:  # a year written digit by digit: 二〇一九
        return int("".join(str(_CN_DIGITS[ch]) for ch in token))
    if token.startswith("十"):  # 十, 十二
        return 10 + (_CN_DIGITS[token[1]] if len(token) > 1 else 0)
    if len(token) >= 2 and token[1] == "十":  # 二十, 二十五
        return _CN_DIGITS[token[0]] * 10 + (_CN_DIGITS[token[2]] if len(token) > 2 else 0)
    return _CN_DIGITS[token]


def _is_date_line(line: str) -> dt.date | None:
    """The date of a line that is only a date, or an agency name followed by a date."""
    squashed = re.sub(r"[\s\u3000\xa0]+", "", line)
    if not squashed or len(squashed) > 56:
        return None
    date = parse_date(squashed)
    if date is None:
        return None
    m = re.search(r"(?:\d|[〇○零OＯ一二三四五六七八九十年月日\-/.])+$", squashed)
    if not m:
        return None
    name = squashed[: m.start()]
    if name and not _is_name_line(name):
        return None
    return date if parse_date(m.group(0)) == date else None


def signature_date(lines: list[str], year: int | None) -> tuple[dt.date, int] | None:
    """The date standing alone on a line after the report (the signature block), if any.

    A report is signed after its statistics year has ended, and within two years, which
    keeps the 2018年1月1日/12月31日 of a statistics period from passing as one.
    """
    found: tuple[dt.date, int] | None = None
    for i, line in enumerate(lines):
        date = _is_date_line(line)
        if date is None:
            continue
        if year is not None and not (year < date.year <= year + 2):
            continue
        found = (date, i)
    return found


def pipe_box(lines: list[str]) -> dict[str, str]:
    """The key/value pairs of a 公开目录 box flattened to `|`-separated cells.

    Sites print the catalog as a grid (索引号 | … | 分类 | … / 发布机构 | 市政府办 | 发文日期 |
    2018-02-28 |); as text each row keeps its cells between pipes, a key cell followed by its
    value cell. Only keys of the catalog vocabulary are read, so a statistics table is not.
    """
    keys = set(_CATALOG_DATE_KEYS) | set(_CATALOG_AGENCY_KEYS)
    box: dict[str, str] = {}
    for line in lines[:30]:
        if line.count("|") < 2:
            continue
        # keys are compared without spaces (发 布 日 期); a value keeps one space where it
        # had any, so a date and its time (2024-02-21 17:44:04) stay apart
        cells = [" ".join(c.split()) for c in line.split("|")]
        for key, value in itertools.pairwise(cells):
            key, bare = key.replace(" ", ""), value.replace(" ", "")
            if key in keys and bare and bare not in keys:
                box.setdefault(key, value)
    return box


_BYLINE_REST = re.compile(r"(?:\d{1,2}:\d{2}|来源|信息来源|作者|浏览|点击|字体|阅读|[【\[])")


def byline_date(lines: list[str], title_index: int | None, year: int | None) -> dt.date | None:
    """The date of the byline printed just under the title (2022年01月18日来源:本站).

    Pages print the publication date, unlabelled, on one of the lines right below the
    title, alone or followed by the byline's other labels (来源, 作者, 浏览, 字体).
    """
    if title_index is None:
        return None
    after = [line for line in lines[title_index + 1 :] if line][:3]
    for line in after:
        squashed = re.sub(r"[\s\u3000\xa0]+", "", line)
        m = _DATE_PATTERNS[0].match(squashed) or _DATE_PATTERNS[1].match(squashed)
        if not m:
            continue
        rest = squashed[m.end() :]
        if rest and not _BYLINE_REST.match(rest):
            continue
        date = parse_date(m.group(0))
        if date and (year is None or year < date.year <= year + 2):
            return date
    return None


def find_published(
    doc: Document, year: int | None, lines: list[str], title_index: int | None = None
) -> str | None:
    """ISO publication date: catalog 发布日期 (also in a `|` box), PubDate meta, a 发布日期
    line, the byline under the title, the signature."""
    box = pipe_box(lines)
    for key in _CATALOG_DATE_KEYS:
        date = parse_date(doc.catalog.get(key)) or parse_date(box.get(key))
        if date:
            return date.isoformat()
    lowered = {k.lower(): v for k, v in doc.meta.items()}
    for key in _META_DATE_KEYS:
        date = parse_date(lowered.get(key.lower()))
        if date:
            return date.isoformat()
    # labels read in simplified script: 發布時間 of a zh-TW mirror is a 发布时间
    for m in _DATE_LINE_LABEL.finditer(to_simplified(doc.text or "")):
        date = parse_date(m.group(1))
        if date:
            return date.isoformat()
    byline = byline_date(lines, title_index, year)
    if byline:
        return byline.isoformat()
    signed = signature_date(lines, year)
    return signed[0].isoformat() if signed else None


# ---------------------------------------------------------------- agency


def agency_from_title(title: str | None) -> str | None:
    """The agency a title names: what precedes the year, or sits between year and report name."""
    t = re.sub(r"《|》|〈|〉|“|”", "", clean_title(title))
    if not t:
        return None
    m = _YEAR_RE.search(t)
    candidate = ""
    if m:
        candidate = t[: m.start()]
        if not candidate:
            rest = t[m.end() :].lstrip("度")
            name = REPORT_NAME.search(rest)
            cut = re.search(r"(?:政府|政务)?信息公开|政务公开", rest)
            end = min(x.start() for x in (name, cut) if x) if (name or cut) else 0
            candidate = rest[:end]
    else:
        name = REPORT_NAME.search(t)
        if name:
            candidate = re.sub(r"(?:政府|政务)$", "", t[: name.start()])
    candidate = re.sub(r"^关于|关于$|的$|[（(][^）)]*$", "", candidate).strip("，,、 ")
    # 某某区人民政府（本级）: the parenthesis qualifies the report, not the name
    candidate = re.sub(r"[（(][^）)]*[）)]$", "", candidate)
    return candidate if _looks_like_agency(candidate) else None


# What a report calls itself in passing; never the name to publish.
_GENERIC_SELF = re.compile(
    r"^(?:我|本|该)(?:局|厅|委|办|院|署|会|中心|所|部|处|站|队|馆|机关|单位|部门|镇|乡|街道|区|县|市)$"
    r"|^(?:省|市|区|县|州|旗|乡|镇)?(?:人民)?政府$"
    r"|^全(?:省|市|区|县|州|旗|乡|镇|街道)$"  # 全区政府信息公开工作…: the whole area, no issuer
)


def _looks_like_agency(name: str | None) -> bool:
    return (
        bool(name)
        and 2 <= len(name) <= 40
        and bool(_AGENCY_END.search(name))
        and not re.search(r"\d|年", name)
        and not _GENERIC_SELF.match(name)
        and not re.search(r"(?:网站|平台|网)$", name)  # 政府网站主动公开…: a channel, no issuer
    )


def find_agency(
    doc: Document, title: str | None, lines: list[str], title_index: int | None = None
) -> str | None:
    """The issuing agency in the fullest form the document gives.

    The core is the name in the title (else the first name found elsewhere); every other
    naming of the agency — header line, signature, catalog, self-naming phrases — is a
    candidate, and the longest one that ends with the core and only adds region names in
    front of it (中卫市 + 沙坡头区司法局, 宁夏回族 + 自治区司法厅) wins.
    """
    candidates = _agency_candidates(doc, lines, title_index)
    core = agency_from_title(title)
    if core is None:
        core = next((c for c in candidates if _looks_like_agency(c)), None)
    if core is None:
        return None
    best = core
    for candidate in candidates:
        name = _extend(core, candidate)
        if name and len(name) > len(best):
            best = name
    return best


def _extend(core: str, candidate: str) -> str | None:
    """candidate's fuller form of core: region names + core, or None.

    A core that is only a region (the title 隆德县2020年… of a county government's report)
    also matches the 隆德县人民政府 a candidate names.
    """
    if _REGION_CHAIN.fullmatch(core) is not None:
        for organ in ("人民政府", "政府"):
            # 贺州市政府信息公开…: that 政府 begins 政府信息公开, it is no organ of 贺州市
            if re.search(re.escape(core + organ) + r"(?!信息公开)", candidate):
                fuller = _extend(core + organ, candidate)
                if fuller:
                    return fuller
    start = candidate.find(core)
    while start != -1:
        prefix = candidate[:start]
        if not prefix:
            return core
        chain = _REGION_CHAIN.match(prefix + core)
        if chain and chain.end() >= len(prefix):
            return prefix + core
        start = candidate.find(core, start + 1)
    return None


def _agency_candidates(doc: Document, lines: list[str], title_index: int | None) -> list[str]:
    squashed = re.sub(r"[ \t\u3000\xa0]+", "", to_simplified(doc.text))
    squashed = re.sub(r"(?m)^" + _TITLE_LABEL.pattern[1:], "", squashed)
    out: list[str] = []
    for pattern in _SELF_NAMING:
        out.extend(m.group(1) for m in pattern.finditer(squashed))
    # header lines above the title
    limit = title_index if title_index is not None else 0
    out.extend(re.sub(r"\s+", "", line) for line in lines[:limit] if _is_name_line(line))
    # signature: the name lines just above the signature date, or closing the text
    nonempty = [i for i, line in enumerate(lines) if line]
    signed = signature_date(lines, None)
    if signed:
        before = [i for i in nonempty if i < signed[1]][-2:]
        out.extend(re.sub(r"\s+", "", lines[i]) for i in before if _is_name_line(lines[i]))
    out.extend(re.sub(r"\s+", "", lines[i]) for i in nonempty[-3:] if _is_name_line(lines[i]))
    box = pipe_box(lines)
    for key in _CATALOG_AGENCY_KEYS:
        value = re.sub(r"\s+", "", doc.catalog.get(key) or box.get(key) or "")
        if value:
            out.append(value)
    for key, value in doc.meta.items():
        if key.lower() in ("contentsource", "source") and value:
            out.append(re.sub(r"\s+", "", value))
    for pattern in _OFFICE_NAMING:
        out.extend(issuer_of_office(m.group(1)) for m in pattern.finditer(squashed))
    out.extend(m.group(1) for m in _OPENING_SUBJECT.finditer(squashed[:3000]))
    return [c for c in out if not _GENERIC_SELF.match(c)]
