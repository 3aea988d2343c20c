"""Is this page a 政府信息公开工作年度报告, or something that only looks like one?

The 年报 column of a site, and its neighbours, are full of look-alikes: the column's own
list page (its title is 政府信息公开年报), the 国办 notices that define the format (they
carry the blank statistics tables and every section heading), 法治政府建设年度报告,
政务公开工作要点, 信息公开指南 and 目录, 政府工作报告, 统计公报, 年度工作总结, and the
政府网站工作年度报表. Titles help but lie in both directions (a real report may be titled
just 政府信息公开年报; a notice title contains the words 政府信息公开工作年度报告), so the
decision weighs the title against what the text does: a report states its statistics
period, walks through the fixed sections and fills the tables; a notice addresses
subordinate offices and asks them to comply; a list page is a run of report titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.canonical import to_simplified

# what a report calls itself
REPORT_NAME = re.compile(
    r"(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:报告|年报)|信息公开[^，。；\n]{0,8}?年度报告"
)
_TITLE_SUFFIX = re.compile(r"[（(](?:图片版|超链版|图文版|文字版|全文|pdf|PDF|附件)[)）]\s*$")
# look-alike documents, by the words of their titles
_TITLE_DISTRACTOR = re.compile(
    r"法治政府|依法行政|工作要点|政府工作报告|统计公报|公报|指南|目录|工作总结|年度总结|总结"
    r"|网站.{0,6}报表|年度报表|工作报表|通知|格式|办法|规定|制度|意见|方案|解读|考核|评估|评议"
    r"|细则|征求|公示|公告|通报|预算|决算|述职|计划|规划|问答"
)
# The section headings of the 2019/2021 format and of the 2008-era outline.
_SECTIONS_2019 = (
    r"总体情况",
    r"主动公开政府信息(?:的)?情况",
    r"收到和处理政府信息公开申请(?:的)?情况",
    r"行政复议[、和及与]*(?:提起)?行政诉讼(?:的)?情况",
    r"(?:存在的)?主要问题及改进情况",
    r"其他需要报告的事项",
)
_SECTIONS_2008 = (
    r"概述|概况",
    r"主动公开(?:政府)?信息(?:的)?(?:情况|工作)",
    r"依申请公开(?:政府信息)?(?:的)?(?:办理)?情况",
    r"收费(?:及|和)减免",
    r"行政复议[^。\n]{0,12}行政诉讼",
    r"(?:存在的)?主要问题(?:及|和)改进(?:措施|情况)",
)
# The five parts of 一、总体情况 the 2021 format prescribes, as enumerated sub-headings
# ((一)主动公开 … (五)监督保障): a page stopping inside 总体情况 still shows the format.
_OVERVIEW_PARTS = (r"主动公开", r"依申请公开", r"政府信息(?:资源)?管理", r"平台建设", r"监督保障")
_SUBHEADING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九]\s*[)）]|[1-9][、.．])\s*([^\n]{0,24})", re.M
)
_PERIOD = re.compile(
    r"统计期限|统计时限|统计时间|统计数据(?:从|自|为)|数据统计|统计区间"
    r"|1月1日(?:起)?(?:至|到|—|-|～)(?:\d{4}年)?12月31日"
)
_TABLE_MARKERS = re.compile(
    r"本年新收政府信息公开申请数量|本年新制作数量|本年制发件数|现行有效件数|统计指标"
    r"|主动公开政府信息数|收到申请数|申请办结数|上一年项目数量|本年处理决定数量"
)
# A notice addresses subordinates and asks them to act; a report never does.
_NOTICE = re.compile(
    r"印发给你们|请认真贯彻执行|请遵照执行|请结合实际|现就有关事项通知如下|通知如下|特此通知"
    r"|现将有关事项通知|请各地|各地区、各部门要|这一项报告本机关|这一项主要报告"
)
_ADDRESSEE = re.compile(
    r"^各(?:省|市|县|区|乡|镇|街道|有关|科室|单位|部门|处室|直属|级|地|位|委|局|办)[^\n。]{0,60}[:：]\s*$",
    re.M,
)
_WEBSITE_FORM = re.compile(r"首页网址|独立用户访问总量|网站总访问量|网页总数")
_REPORT_TITLE_LINE = re.compile(
    r"^.{0,40}?(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年度?.{0,30}?"
    r"(?:信息公开|政务公开).{0,8}?(?:报告|年报)"
)
_TITLE_YEAR = re.compile(r"(?:\d{4}|[〇○零OＯ一二三四五六七八九]{4})\s*年")
_QUOTED = re.compile(r"《[^《》]*》|〈[^〈〉]*〉|“[^“”]*”")
# A report introduces itself in its opening sentence even when the page has no title line:
# 现将2020年政府信息公开工作报告如下, 现公布某局2017年政府信息公开工作年度报告, 编制某州2023年
# 政府信息公开工作年度报告, 本报告根据《中华人民共和国政府信息公开条例》编制, 某局2022年政府信息公开
# 工作年度报告（以下简称年报）是根据《中华人民共和国政府信息公开条例》…编制. Look-alikes
# (法治政府建设报告) introduce themselves the same way, but never as a 信息公开 report nor by
# the 政府信息公开条例.
_SELF_NAMED = re.compile(
    r"(?:现将|现公布|现予公布|现发布|现予发布|特向社会公布|编制(?:了|形成)?|形成(?:了)?)《?"
    r"[^。；\n《》]{0,40}?(?:信息公开|政务公开)[^。；\n《》]{0,10}?(?:报告|年报)"
    r"|本(?:年度)?报告[^。\n]{0,60}?政府信息公开条例"
    # 依据《…政府信息公开条例》第五十条规定，编制本报告 (the report's whole opening sentence)
    r"|政府信息公开条例[^。\n]{0,80}?编制(?:本|此)(?:年度)?报告"
    # the report as the subject of its opening sentence: 某局2022年政府信息公开工作年度报告
    # (以下简称年报)是根据《…条例》…编制
    r"|(?:信息公开|政务公开)[^。；\n《》]{0,10}?(?:报告|年报)(?:[（(][^）)]{0,12}[）)])?"
    r"(?:是|系)?(?:根据|依据|按照)《[^》]{0,30}政府信息公开条例"
)
# A school's disclosure report (高等学校信息公开办法, 教育部令第29号) covers a school year
# (2022-2023学年, 9月1日 to 8月31日): a 公共企事业单位 report, not a Regulation report.
_SCHOOL_YEAR = re.compile(r"\d{4}\s*[-—–~～至]\s*\d{4}\s*学年")
_SCHOOL_RULES = re.compile(r"高等学校信息公开|高校信息公开")


def school_report(title: str | None, text: str) -> bool:
    """Whether the page is a school's or university's 信息公开 report (title or opening)."""
    head = re.sub(r"[ \t\u3000\xa0]+", "", (title or "") + "\n" + (text or "")[:600])
    if _SCHOOL_YEAR.search(head):
        return True
    return bool(_SCHOOL_RULES.search(head)) and "政府信息公开条例" not in head


# The heading of a cover notice or letter: 某办关于公布…年度报告的通知, 某委关于报送《…》的函
# (文号 in brackets may follow). Such a page is a report only if it carries the report itself.
_NOTICE_HEADING = re.compile(
    r"关于[^。；\n]{0,80}?的?(?:通知|函|通报|批复|意见)(?:[（(][^）)]{0,30}[）)])?$"
)


@dataclass
class Evidence:
    """What the text says about its own kind."""

    sections: int = 0
    period: bool = False
    names_report: bool = False
    tables: bool = False
    notice: bool = False
    list_page: bool = False
    website_form: bool = False
    self_named: bool = False
    overview_parts: bool = False  # 总体情况 with the parts the 2021 format prescribes

    @property
    def score(self) -> int:
        return self.sections + 2 * self.period + 2 * self.names_report + 2 * self.tables

    @property
    def strong(self) -> bool:
        """Enough to call a text with no helpful title a report."""
        if self.self_named and (self.period or self.tables or self.sections >= 1):
            return True
        if self.overview_parts:
            return True
        return self.sections >= 3 and (self.period or self.names_report or self.tables)


def clean_title(title: str | None) -> str:
    """The title without spaces and suffixes such as （图片版）."""
    title = re.sub(r"[\s\u3000\xa0]+", "", title or "")
    return _TITLE_SUFFIX.sub("", title)


def title_kind(title: str | None) -> str:
    """ "report", "distractor" (look-alike words, maybe beside report words) or "neutral".

    The look-alike words are looked for where they can qualify the document — after the
    report name (…年度报告的通知), or after the year when there is no report name — and
    never inside the agency name, so a 卫生和计划生育委员会 or a 自然资源和规划局 does not
    read as a 计划 or a 规划.
    """
    title = clean_title(title)
    if not title:
        return "neutral"
    unquoted = _QUOTED.sub("", title)
    name = REPORT_NAME.search(unquoted)
    if name:
        rest = unquoted[name.end() :]
    else:
        year = _TITLE_YEAR.search(unquoted)
        rest = unquoted[year.start() :] if year else unquoted
    if _TITLE_DISTRACTOR.search(rest):
        return "distractor"
    return "report" if name else "neutral"


def gather_evidence(text: str) -> Evidence:
    """Read the kind-revealing features of a text."""
    squashed = re.sub(r"[ \t\u3000\xa0]+", "", to_simplified(text))
    unquoted = _QUOTED.sub("", squashed)
    ev = Evidence()
    ev.self_named = bool(_SELF_NAMED.search(squashed[:800]))
    s2019 = sum(1 for p in _SECTIONS_2019 if re.search(p, unquoted))
    s2008 = sum(1 for p in _SECTIONS_2008 if re.search(p, unquoted))
    ev.sections = max(s2019, s2008)
    if s2019 and ev.sections < 3:
        heads = [m.group(1) for m in _SUBHEADING.finditer(to_simplified(text))]
        parts = sum(1 for p in _OVERVIEW_PARTS if any(re.search(p, h) for h in heads))
        ev.overview_parts = parts >= 4
    ev.period = bool(_PERIOD.search(unquoted))
    ev.names_report = bool(REPORT_NAME.search(squashed))
    ev.tables = bool(_TABLE_MARKERS.search(squashed))
    ev.notice = bool(_NOTICE.search(unquoted)) or bool(_ADDRESSEE.search(unquoted[:600]))
    ev.website_form = len(set(_WEBSITE_FORM.findall(squashed))) >= 2
    ev.list_page = _looks_like_list(squashed)
    return ev


def _looks_like_list(text: str) -> bool:
    """A run of report titles with little prose around them: the 年报 column's list page."""
    titles: set[str] = set()
    prose = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        # a list entry is a bare title; a sentence or a 《quoted》 title is prose
        entry = not re.search(r"[，。；,《]", line)
        if len(line) <= 90 and entry and _REPORT_TITLE_LINE.search(line):
            titles.add(re.sub(r"\d{4}-\d{1,2}-\d{1,2}|[\[\]【】()（）]", "", line))
        elif len(line) > 60:
            prose += len(line)
    return len(titles) >= 3 and prose < 150 * len(titles)


def notice_heading(text: str) -> bool:
    """Whether the opening lines are a notice's or letter's heading (关于…的通知, …的函).

    Converted pages break such a heading over two lines (某办关于公布 / …年度报告的通知), so
    each line is also tried joined with the next; 《quoted》 names are left out, so the
    heading of 关于报送《…年度报告》的函 is read as a 函.
    """
    lines = [re.sub(r"[\s\u3000\xa0]+", "", line) for line in (text or "").splitlines()]
    lines = [_QUOTED.sub("", line) for line in lines if line][:8]
    for i, line in enumerate(lines):
        for joined in (line, line + (lines[i + 1] if i + 1 < len(lines) else "")):
            short = len(joined) <= 120 and not re.search(r"[，。；,]", joined)
            if short and _NOTICE_HEADING.search(joined):
                return True
    return False


_CARRIED_TITLE = re.compile(
    r"^[^，。；,:：《》“”]{0,40}?(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年度?"
    r"[^，。；,:：《》“”]{0,20}?(?:信息公开|政务公开)[^，。；,:：《》“”]{0,10}?(?:报告|年报)$"
)


def carried_report(text: str) -> tuple[str, str] | None:
    """(title, body) of a report printed after a cover notice or letter, else None.

    A notice that publishes a report (关于公布…年度报告的通知) or a letter that sends one
    (关于报送…的函, then 附件) prints the report after itself, opening with the report's own
    title line (sometimes split: agency / 2020年政府信息公开工作年度报告). The title must
    stand alone on its line(s): a title quoted in a sentence is the notice talking about it.
    """
    lines = (text or "").splitlines()
    nonempty = [i for i, line in enumerate(lines) if line.strip()]
    for k in range(1, len(nonempty)):
        for span in (1, 2):
            chunk = nonempty[k : k + span]
            joined = "".join(re.sub(r"[\s\u3000\xa0]+", "", lines[j]) for j in chunk)
            if len(chunk) == span and _CARRIED_TITLE.match(joined):
                return joined, "\n".join(lines[chunk[-1] + 1 :])
    return None


def is_annual_report(title: str | None, text: str) -> bool:
    """True for a 政府信息公开工作年度报告 (any generation), judged by title and content.

    A cover notice or letter (关于公布/报送…年度报告的通知/函) is judged by the report it
    carries, if it carries one; a notice that carries none is not a report.
    """
    title = to_simplified(title) if title else title
    text = to_simplified(text)
    # a heading in the text itself is the notice speaking; a page <title> may merely wrap
    # the report (关于公布…年度报告的通知 over the report's own text), so _judge weighs it
    heading = notice_heading(text)
    title_heading = bool(title and _NOTICE_HEADING.search(_QUOTED.sub("", clean_title(title))))
    if heading or title_heading or gather_evidence(text).notice:
        carried = carried_report(text)
        if carried and carried[1].strip():
            return _judge(*carried)
        if heading:
            return False
    return _judge(title, text)


def _judge(title: str | None, text: str) -> bool:
    kind = title_kind(title)
    ev = gather_evidence(text)
    if ev.list_page or ev.website_form or school_report(title, text):
        return False
    if kind == "distractor":
        # e.g. 关于公布…政府信息公开工作年度报告的通知 whose body is the report itself
        named = bool(REPORT_NAME.search(_QUOTED.sub("", clean_title(title))))
        return named and ev.strong and not ev.notice
    if ev.notice:
        return False
    if kind == "report" and _TITLE_YEAR.search(clean_title(title)):
        # A report page may be a stub for a PDF or a scan (（图片版）): little text, no
        # counter-evidence. A long text that shows nothing of a report is something else.
        return ev.score >= 1 or len(text or "") < 1500
    # No title, or one without a year (政府信息公开年报 is also the column's own name):
    # only the content can tell.
    return ev.strong
