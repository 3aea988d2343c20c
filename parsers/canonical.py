"""Printed labels → the canonical keys of REPORT_FORMATS.md.

Real reports rename, renumber, abbreviate and split their labels ("其他法律行政法规禁止公开"
vs "其他法律法规禁止公开", "（三） 不予 公开" with PDF spaces, "1．属于国家秘密" with a
full-width period, a row broken into "保护第三方合法" + "权益"). So every lookup here works on a
normalised label (full-width folded, whitespace, quotes and numbering prefixes removed) and
tests for the words that carry the meaning, in an order where the more specific rule wins;
it never depends on a row's position or number.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

# ---------------------------------------------------------------------------------------
# normalisation

_CN_NUM = "一二三四五六七八九十"
# A numbering prefix as printed, before or after NFKC folding: 一、 （一） (一) 1. 1、 1． ① 第一
NUMBERING = re.compile(
    rf"^(?:[（(][{_CN_NUM}\d０-９]+[)）]|[{_CN_NUM}]+[、.．，,]|[\d０-９]+[、.．，,](?![\d０-９])"
    rf"|[①-⑳]|第[{_CN_NUM}\d]+[、，,]?)"
)
_QIZHONG = re.compile(r"^其中[:：]?")
_QUOTES = re.compile("[“”\"'‘’「」『』〝〞]")
_SPACE = re.compile(r"\s+")


def squeeze(text: str | None) -> str:
    """Whitespace removed (ASCII and full-width): PDF text puts spaces inside labels."""
    return _SPACE.sub("", (text or "").replace("\u3000", " ").replace("\xa0", " "))


# Traditional → simplified for the characters that carry meaning in these reports (titles,
# section headings, table labels, organ names). Pages from Hong Kong/Taiwan mirrors and
# "繁体" site switches serve the same reports in traditional script (報告, 條例, 辦公廳); the
# rules here are written in simplified, so such text is folded before it is matched.
_TRADITIONAL = str.maketrans(
    "報條辦廳國務號簡稱編製總體況動開處請復議訴訟問題進項個組認實與統計數據發佈時間關於門網"
    "縣區鄉鎮會員長書記規範費許強罰採購應當對這們業機構單專欄點擊萬億級經濟衛產農環財預決審稅"
    "勞資設備醫療學劃續轉結繼廢現額維護糾權內過執詢確補訪舉複無獲繳為從後來說話讀將並眾熱線聯"
    "繫係電郵傳黨協調領導週裏歷臺圍繞穩貫徹緊揮職謠識嚴記錄製營門戶網頁態審覈辭館屬務處舉辦"
    "義務範圍則條覆蓋齊類別輸錄總額計畫區鎮處聞廣東閱讀遞據獲準確認質詢轄總縣區華圖變擴啟啓",
    "报条办厅国务号简称编制总体况动开处请复议诉讼问题进项个组认实与统计数据发布时间关于门网"
    "县区乡镇会员长书记规范费许强罚采购应当对这们业机构单专栏点击万亿级经济卫产农环财预决审税"
    "劳资设备医疗学划续转结继废现额维护纠权内过执询确补访举复无获缴为从后来说话读将并众热线联"
    "系系电邮传党协调领导周里历台围绕稳贯彻紧挥职谣识严记录制营门户网页态审核辞馆属务处举办"
    "义务范围则条复盖齐类别输录总额计画区镇处闻广东阅读递据获准确认质询辖总县区华图变扩启启",
)


_OPENCC = opencc.OpenCC("t2s")
# any character of the table: a regex scan stops at the first one and costs a fraction of
# translating the whole text only to compare it
_TRADITIONAL_CHAR = re.compile(
    "[" + re.escape("".join(chr(c) for c in _TRADITIONAL if chr(c) != _TRADITIONAL[c])) + "]"
)


@lru_cache(maxsize=256)  # the same report text is folded by several parsers
def to_simplified(text: str | None) -> str:
    """text in simplified script.

    The characters of _TRADITIONAL are unambiguously traditional, so a text holding none of
    them is returned as it is (simplified text is never touched: OpenCC would also fold
    characters that are valid simplified in place names, 乾县 → 干县); a text holding any is
    converted whole by OpenCC, whose dictionaries cover what the short table does not
    (鳳凰鎮, 處罰, 強制).
    """
    text = text or ""
    if not _TRADITIONAL_CHAR.search(text):
        return text
    return _OPENCC.convert(text)


# The statistics reader normalises and classifies the same header and label cells over and
# over (every row is tried against every sub-table's rules); these lookups are pure
# functions of the label, so their results are memoised (bounded, a few reports' labels).
_CACHE_SIZE = 4096


@lru_cache(maxsize=_CACHE_SIZE)
def norm(text: str | None) -> str:
    """The comparable form of a label: simplified, NFKC-folded, no whitespace, no quotes."""
    folded = unicodedata.normalize("NFKC", to_simplified(text))
    return _QUOTES.sub("", squeeze(folded))


def split_numbering(text: str) -> tuple[str, str]:
    """('（三）', '申请答复数') from '（三）申请答复数'; prefixes may repeat ('三、(一)...')."""
    prefix = ""
    rest = text
    while True:
        m = NUMBERING.match(rest)
        if not m or m.end() == len(rest):
            return prefix, rest
        prefix += m.group(0)
        rest = rest[m.end():]


@lru_cache(maxsize=_CACHE_SIZE)
def core(text: str | None) -> str:
    """norm() with numbering prefixes and a leading 其中： removed."""
    s = norm(text)
    for _ in range(3):
        s = split_numbering(s)[1]
        s = _QIZHONG.sub("", s)
    return s


def _first(rules: list[tuple[str, re.Pattern[str]]], text: str) -> str | None:
    for key, pattern in rules:
        if pattern.search(text):
            return key
    return None


def _find_all(rules: list[tuple[str, re.Pattern[str]]], text: str) -> list[str]:
    """Every key whose words occur in `text`, in the order printed. A header row that PDF
    text joined into one cell ("商业企业 科研机构 社会公益组织 ...") holds several; where
    two rules match the same characters, the earlier rule wins. Keys starting with "_"
    only consume their words (法人或其他组织 is a group, not the column 其他)."""
    taken: list[tuple[int, int]] = []
    hits: list[tuple[int, str]] = []
    for key, pattern in rules:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            if not key.startswith("_"):
                hits.append((m.start(), key))
    return [k for _, k in sorted(hits)]


def _rules(pairs: list[tuple[str, str]]) -> list[tuple[str, re.Pattern[str]]]:
    return [(k, re.compile(p)) for k, p in pairs]


# ---------------------------------------------------------------------------------------
# Table 2: 第二十条 (article20)

ARTICLE20_ITEMS_2019 = {
    "rules": ("made", "published", "total_public"),
    "normative_documents": ("made", "published", "total_public"),
    "licensing": ("previous", "change", "decisions"),
    "other_services": ("previous", "change", "decisions"),
    "punishment": ("previous", "change", "decisions"),
    "coercion": ("previous", "change", "decisions"),
    "fees": ("previous", "change"),
    "procurement": ("projects", "amount_wan_yuan"),
}
ARTICLE20_ITEMS_2021 = {
    "rules": ("issued", "repealed", "in_force"),
    "normative_documents": ("issued", "repealed", "in_force"),
    "licensing": ("decisions",),
    "punishment": ("decisions",),
    "coercion": ("decisions",),
    "fees": ("amount_wan_yuan",),
}
MONEY_COLUMNS = frozenset({"amount_wan_yuan"})
# The items' names as printed on the national forms (core() form).
ARTICLE20_ITEM_NAMES = frozenset({
    "规章", "规范性文件", "行政规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚",
    "行政强制", "行政事业性收费", "政府集中采购",
})

_A20_ITEMS = _rules([
    ("other_services", r"其他对外管理服务|对外管理服务事项"),
    # 规范性档案: Taiwan-converted mirrors turn 文件 into 檔案 (a word no mainland form uses)
    # …and a cell cut short on a narrow column keeps only 行政规范性
    ("normative_documents", r"规范性(?:文件|档案)|^(?:行政)?规范性$"),
    ("rules", r"^规章"),
    ("licensing", r"^行政许可"),
    ("punishment", r"^行政处罚"),
    ("coercion", r"^行政强制"),
    # 型 for 性 (both xìng/xíng) is a common typing slip: 行政事业型收费
    ("fees", r"行政事业[性型]?收费|事业[性型]收费"),
    ("procurement", r"集中采购|政府采购"),
])
_A20_COLUMNS = _rules([
    ("made", r"新制作"),
    ("published", r"新公开"),
    ("total_public", r"公开总数|对外公开总"),
    ("issued", r"制发"),
    ("repealed", r"废止"),
    ("in_force", r"现行有效|有效件数"),
    ("previous", r"上一?年度?项目数?量?|上一?年度?数量"),
    ("change", r"增[/、]?减|增加或减少"),
    ("decisions", r"处理决定"),
    ("amount_wan_yuan", r"金额"),
    ("projects", r"采购项目|项目数"),
])


@lru_cache(maxsize=_CACHE_SIZE)
def article20_item(label: str | None) -> str | None:
    """规章 → rules, 行政规范性文件 → normative_documents, ... ; None for anything else."""
    return _first(_A20_ITEMS, core(label))


def article20_columns(label: str | None) -> list[str]:
    """本年新制作数量 → [made]; a joined header "信息内容 本年制发件数 本年废止件数 ..." →
    [issued, repealed, in_force]."""
    return list(_article20_columns(label))


@lru_cache(maxsize=_CACHE_SIZE)
def _article20_columns(label: str | None) -> tuple[str, ...]:
    return tuple(_find_all(_A20_COLUMNS, core(label)))


def article20_column(label: str | None) -> str | None:
    """本年新制作数量 → made, 本年制发件数 → issued, 本年增/减 → change, ..."""
    keys = article20_columns(label)
    return keys[0] if keys else None


def is_article20_marker(label: str | None) -> bool:
    """第二十条第（一）项 / 信息内容: the lines that open a 第二十条 sub-table."""
    s = norm(label)
    return "第二十条" in s or s.startswith("信息内容")


# ---------------------------------------------------------------------------------------
# Table 3: applications

APPLICANT_COLUMNS = (
    "natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org",
    "total",
)
APPLICANT_PARTS = APPLICANT_COLUMNS[:-1]

_APPLICANT_COLUMNS = _rules([
    ("_group", r"法人或其他组织|申请人情况|申请人类型"),
    ("natural_person", r"自然人"),
    ("commercial", r"商业"),  # also the first line of a wrapped 商业/企业
    ("research", r"科研"),
    ("social_welfare", r"公益"),
    ("legal_services", r"法律服务"),
    ("total", r"总计|合计"),
    ("other_org", r"其他组织|其他"),
])
# Labels that only ever occur in the applications header.
_APPLICANT_HEADER = re.compile(
    "申请人情况|自然人|商业企业|科研机构|公益组织|法律服务机构|法人或其他组织|勾稽"
)

APPLICATION_ROWS_2019 = (
    "new_received", "carried_over", "granted", "partially_granted", "denied_state_secret",
    "denied_other_laws", "denied_security_stability", "denied_third_party",
    "denied_internal_affairs", "denied_process_info", "denied_enforcement_files",
    "denied_query_matters", "unable_not_held", "unable_needs_creation", "unable_unclear",
    "not_processed_complaint", "not_processed_duplicate", "not_processed_publication",
    "not_processed_excessive", "not_processed_confirmation", "other", "total_handled",
    "carried_forward",
)
APPLICATION_ROWS_2021 = (
    *APPLICATION_ROWS_2019[:20], "other_no_correction", "other_no_fee",
    *APPLICATION_ROWS_2019[20:],
)
# The rows 三(一)…(六) whose sum is 三(七) 总计.
HANDLED_PARTS = tuple(
    k for k in APPLICATION_ROWS_2021
    if k not in ("new_received", "carried_over", "total_handled", "carried_forward")
)

_APPLICATION_ROWS = _rules([
    ("new_received", r"新收|本年(度)?收到"),
    ("carried_over", r"上一?年(度)?结转|上一?年(度)?转入"),
    ("carried_forward", r"结转下一?年|下一?年(度)?继续办理|转入下一?年"),
    ("other_no_correction", r"不补正|逾期未补正"),
    ("other_no_fee", r"收费通知|缴纳费用|缴费"),
    ("unable_unclear", r"补正后|仍不明确|内容不明确"),
    ("denied_state_secret", r"国家秘密"),
    ("denied_other_laws", r"禁止公开"),
    ("denied_security_stability", r"三安全一稳定|危及"),
    ("denied_third_party", r"第三方"),
    ("denied_internal_affairs", r"内部事务"),
    ("denied_process_info", r"过程性"),
    ("denied_enforcement_files", r"执法案卷"),
    ("denied_query_matters", r"查询事项|行政查询"),
    ("unable_not_held", r"不掌握"),
    ("unable_needs_creation", r"另行制作|没有现成|无现成"),
    ("not_processed_complaint", r"信访|举报|投诉"),
    ("not_processed_duplicate", r"重复申请"),
    ("not_processed_publication", r"出版物"),
    ("not_processed_excessive", r"大量反复|反复申请"),
    ("not_processed_confirmation", r"重新出具|确认"),
    ("partially_granted", r"部分公开"),
    ("granted", r"予以公开|同意公开"),
    ("total_handled", r"^(总计|合计)$|^\(七\)|\(七\)总计|总计$"),
    ("other", r"^其他(处理|情形|情况)?$|其他处理$"),
])


@lru_cache(maxsize=_CACHE_SIZE)
def application_row(label: str | None) -> str | None:
    """A row label of the applications table → its key (new_received, granted, other, ...)."""
    text = core(label)
    if not text:
        return None
    if text.startswith("总计") or text.startswith("合计"):
        return "total_handled"
    key = _first(_APPLICATION_ROWS, text)
    if key is None and "(七)" in norm(label):
        return "total_handled"
    return key


def applicant_columns(label: str | None) -> list[str]:
    """Applicant column keys in a header cell (several when PDF text joined the row)."""
    return list(_applicant_columns(label))


@lru_cache(maxsize=_CACHE_SIZE)
def _applicant_columns(label: str | None) -> tuple[str, ...]:
    return tuple(_find_all(_APPLICANT_COLUMNS, core(label)))


def applicant_column(label: str | None) -> str | None:
    """自然人 → natural_person, 其他 → other_org, 总计 → total; group labels → None."""
    keys = applicant_columns(label)
    return keys[0] if len(keys) == 1 else None


def is_applications_header(label: str | None) -> bool:
    return bool(_APPLICANT_HEADER.search(norm(label)))


# ---------------------------------------------------------------------------------------
# Table 4: review / litigation

REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_RESULTS = ("upheld", "corrected", "other", "pending", "total")

_REVIEW_GROUP = _rules([
    ("litigation_direct", r"未经复议|直接起诉"),
    ("litigation_after_review", r"复议后起诉|经复议后"),
    ("review", r"行政复议"),
])
_REVIEW_RESULT = _rules([
    ("upheld", r"维持"),
    ("corrected", r"纠正|纠错"),
    ("pending", r"未审结|审理中|未结"),
    ("other", r"其他"),
    ("total", r"总计|合计|小计"),
])
_REVIEW_RESULT_HEADER = re.compile("结果维持|结果纠正|其他结果|尚未审结|直接起诉|复议后起诉")
_REVIEW_HEADER = re.compile("行政复议|行政诉讼|" + _REVIEW_RESULT_HEADER.pattern)


@lru_cache(maxsize=_CACHE_SIZE)
def review_group(label: str | None) -> str | None:
    """行政复议 → review, 未经复议直接起诉 → litigation_direct, 复议后起诉 → ..._after_review."""
    return _first(_REVIEW_GROUP, core(label))


@lru_cache(maxsize=_CACHE_SIZE)
def review_result(label: str | None) -> str | None:
    """结果维持 → upheld, 结果纠正 → corrected, 其他结果 → other, 尚未审结 → pending, 总计."""
    return _first(_REVIEW_RESULT, core(label))


@lru_cache(maxsize=_CACHE_SIZE)
def review_header_hits(label: str | None, results_only: bool = False) -> int:
    """How many review-table header words a cell holds (PDF text may join a whole row)."""
    pattern = _REVIEW_RESULT_HEADER if results_only else _REVIEW_HEADER
    return len(pattern.findall(norm(label)))


# ---------------------------------------------------------------------------------------
# the 2008 table (legacy_stats)

_LEGACY_KEYS = _rules([
    ("active_normative_docs", r"^主动公开(的)?规范性文件(数|数量|件数|条数)?$"),
    ("active_total", r"^主动公开(的)?政府信息(数|数量|条数|总数|总量)?$"),
    ("requests_received", r"^(收到|受理)(政府信息公开|依申请公开)?(的)?申请(数|数量|总数|件数)?$"),
    ("requests_concluded", r"^(申请)?办结(申请)?(数|数量|件数|总数)?$"),
    ("review_total", r"行政复议(数|数量|件数|案件数|总数)?$"),
    ("litigation_total", r"行政诉讼(数|数量|件数|案件数|总数)?$"),
    ("complaints_total", r"(举报投诉|投诉举报|申诉)(数|数量|件数|总数)?$"),
    ("fees_wan_yuan", r"收取(的)?(费用|费)(总额|金额|数额)?$|收费(金额|总额|数额)$"),
    ("staff_total", r"^从事政府信息公开工作(的)?人员(数|数量|总数)?$"),
    ("training_people", r"^(接受|参加)培训(的)?(人员)?(数|人数|人次|数量)?$"),
])
LEGACY_HEADER_LABEL = re.compile(r"统计指标|指标名称|^指标$|^项目$")
LEGACY_HEADER_UNIT = re.compile(r"^(计量)?单位$")
LEGACY_HEADER_VALUE = re.compile(r"统计数|^数量$|^数值$|^统计值$|^数据$|^合计$|^数$")


def legacy_key(label: str | None) -> str | None:
    """A 2008-table indicator → one of the national template keys, or None."""
    text = core(label)
    text = re.sub(r"[(（][^()（）]*[)）]$", "", text)
    return _first(_LEGACY_KEYS, text)
