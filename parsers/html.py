"""HTML reader: a report detail page → `Document` (text, tables, meta, catalog, title).

A detail page is a report wrapped in site chrome. The report's prose comes out through
trafilatura (the one place in the project that calls it), tuned for recall, because the
statistics tables and the signature/date block at the end are part of the evidence. The
tables come out separately through lxml as span-expanded grids, since trafilatura flattens
them. The 信息公开目录 block (索引号, 发布机构, 发布日期, …) and the <meta> tags are read
into their own fields: the metadata parser needs them and the text does not.
"""

from __future__ import annotations

import copy
import re
from itertools import islice

import lxml.html
from lxml import etree

from parsers.document import Document, Table
from parsers.grid import (
    BLOCK_TAGS,
    expand_html_table,
    is_blank,
    normalize_lines,
    normalize_space,
    table_rows,
)
from parsers.text import charset_from_content_type, clean_text, decode_bytes

_WS = r"[\s\u3000\xa0]*"
# Labels of the 信息公开目录 block and of the 来源/发布时间 line under a title. Labels of
# three or more characters are specific enough to be found anywhere; the short generic
# ones (时间, 来源, …) only count when nothing Chinese precedes them, so 办公时间： in a
# sentence is not read as a label.
CATALOG_LABELS = (
    "索引号",
    "主题分类",
    "信息分类",
    "组配分类",
    "体裁分类",
    "服务对象分类",
    "所属主题",
    "发布机构",
    "发文机关",
    "发文机构",
    "发布单位",
    "公开机构",
    "信息来源",
    "所属机构",
    "成文日期",
    "生成日期",
    "发文日期",
    "印发日期",
    "发布日期",
    "公开日期",
    "发表日期",
    "发布时间",
    "发表时间",
    "生效日期",
    "失效日期",
    "废止日期",
    "发文字号",
    "文件编号",
    "统一编号",
    "登记号",
    "有效性",
    "效力状态",
    "时效性",
    "公开方式",
    "公开范围",
    "公开时限",
    "公开形式",
    "主题词",
    "关键词",
    "内容概述",
    "文件名称",
    "责任部门",
    "浏览次数",
    "访问次数",
    "点击数",
)
_GENERIC_LABELS = ("标题", "名称", "文号", "分类", "来源", "作者", "时间", "日期", "字号", "字体")
_PRIMARY_LABELS = set(CATALOG_LABELS[:38]) | {"标题", "名称", "文号", "分类"}


def _label_pattern(label: str) -> str:
    return _WS.join(re.escape(ch) for ch in label)


_LABEL_RE = re.compile(
    "(?:"
    + "|".join(_label_pattern(lab) for lab in sorted(CATALOG_LABELS, key=len, reverse=True))
    + "|(?<![\u4e00-\u9fff])(?:"
    + "|".join(_label_pattern(lab) for lab in _GENERIC_LABELS)
    + f")){_WS}[:：]"
)
_LABEL_NOISE = re.compile(r"[\s\u3000\xa0:：]")
_BARE_LABEL = re.compile(f"^[\u4e00-\u9fff]{{2,8}}{_WS}[:：]$")
_CATALOG_CONTAINERS = ("table", "ul", "ol", "dl", "div", "p", "section", "header")
_CONTAINER_MAX_CHARS = 2000
_LINE_TAGS = BLOCK_TAGS  # a line ends where a cell's text would break (grid.py)
_SKIPPED_TAGS = ("script", "style", "noscript", "template")  # their text is not shown
_CUT = "\ue000"  # private use: marks line boundaries in the output of _CUT_LINES
_CUT_LINES = etree.XSLT(
    etree.XML(
        '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:output method="text" encoding="UTF-8"/>'
        f'<xsl:template match="{"|".join(_SKIPPED_TAGS)}"/>'
        f'<xsl:template match="{"|".join(sorted(_LINE_TAGS))}">'
        "<xsl:text>&#xE000;</xsl:text><xsl:apply-templates/><xsl:text>&#xE000;</xsl:text>"
        "</xsl:template></xsl:stylesheet>"
    )
)
_CHROME_TEXT = re.compile(r"版权所有|网站标识码|ICP备|网站地图|主办单位|技术支持|联系我们|公网安备")
# Body containers of the common CMSs (SITES.md 0.3); used to check trafilatura's recall.
# _body_candidates() tests these ids and class tokens in Python; _BODY_XPATH states the
# same test as XPath (the definition; kept as the reference, not evaluated).
_BODY_IDS = frozenset({"zoom", "UCAP-CONTENT", "ivs_content", "webeditorview", "Zoom"})
_BODY_CLASSES = frozenset(
    {
        "TRS_Editor",
        "trs_editor_view",
        "TRS_UEDITOR",
        "Custom_UnionStyle",
        "v_news_content",
        "xxgk_content",
        "article-content",
    }
)
_XML_SPACE = re.compile("[ \t\r\n]+")
_IDS_AND_CLASSES = etree.XPath("//@id|//@class")
_BODY_XPATH = (
    "//*[@id='zoom' or @id='UCAP-CONTENT' or starts-with(@id,'vsb_content') "
    "or @id='ivs_content' or @id='webeditorview' or @id='Zoom' "
    "or contains(concat(' ',normalize-space(@class),' '),' TRS_Editor ') "
    "or contains(concat(' ',normalize-space(@class),' '),' trs_editor_view ') "
    "or contains(concat(' ',normalize-space(@class),' '),' TRS_UEDITOR ') "
    "or contains(concat(' ',normalize-space(@class),' '),' Custom_UnionStyle ') "
    "or contains(concat(' ',normalize-space(@class),' '),' v_news_content ') "
    "or contains(concat(' ',normalize-space(@class),' '),' xxgk_content ') "
    "or contains(concat(' ',normalize-space(@class),' '),' article-content ')]"
)
_HTML_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|\s[-–—－]\s|——|--|\s-|-\s)\s*")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_HAS_DIGIT = re.compile(r"\d")
_OWN_ROWS = etree.XPath("./tr|./tbody/tr|./thead/tr|./tfoot/tr")
_CELL_BLOCKS = etree.XPath("./p|./div|./br|./h1|./h2|./h3|./ul")
# Spans with no child element and no attribute but a style that does not hide them, in a
# paragraph or cell, with no text right before or after them (normalize-space() knows only
# ASCII whitespace, so a span next to full-width spaces stays: safe, merely slower).
_PLAIN_SPANS = etree.XPath(
    "//span[not(*)][not(@*[name() != 'style'])]"
    "[not(contains(@style, 'hidden') or contains(@style, 'display'))]"
    "[parent::p or parent::td or parent::th]"
    "[not(preceding-sibling::node()[1][self::text()][normalize-space()])]"
    "[not(following-sibling::node()[1][self::text()][normalize-space()])]"
)
_UNWRAP = "nianbao-unwrap"
_TABLE_PARTS = etree.XPath("./tbody|./thead|./tfoot|./tr|./tbody/tr|./thead/tr|./tfoot/tr")
_PART_CELLS = etree.XPath("./td|./th")
_LEADING_DIGITS = re.compile(r"\s*(\d+)")
_NUMBER_CELL = re.compile(r"^[-+]?\d[\d,，.]*\s*(?:%|万元|元|件|条|个|人|次)?$")
# page furniture that a signature block never contains
_CHROME_LINE = re.compile(
    r"打印|关闭|分享|收藏|返回|上一篇|下一篇|字号|【|】|扫一扫|浏览次数|责任编辑"
)


def read_html(data: bytes, *, content_type: str | None = None, url: str | None = None) -> Document:
    """Read an HTML page into a `Document`; odd or empty markup gives warnings, not errors."""
    declared: list[tuple[str, str]] = []
    header_charset = charset_from_content_type(content_type)
    if header_charset:
        declared.append(("Content-Type header", header_charset))
    declared.extend(("<meta>", label) for label in _declared_in_markup(data))
    decoded = decode_bytes(data, declared)
    warnings = list(decoded.warnings)
    markup = _XML_DECLARATION.sub("", clean_text(decoded.text).lstrip("\ufeff"))
    root = _parse(markup)
    if root is None:
        warnings.append("no HTML element could be parsed")
        return Document(text="", source_format="html", encoding=decoded.encoding, warnings=warnings)

    if _parser_lost_text(root, markup):
        # libxml2 silently drops content nested deeper than it accepts (runs of unclosed
        # tags); the text then comes from the markup with its tags stripped.
        warnings.append("the HTML parser lost part of the page; text taken from stripped markup")
        return Document(
            text=_strip_tags(markup),
            source_format="html",
            encoding=decoded.encoding,
            warnings=warnings,
        )
    meta = page_meta(root)
    catalog, catalog_tables = extract_catalog(root)
    tables: list[Table] = []
    pruned: list[etree._Element] = list(catalog_tables)
    page = _PageMemo()
    for table in root.iter("table"):
        kind = _table_kind(table, catalog_tables, page)
        if kind == "data":
            grid = page.grid(table)
            if len(grid.rows) >= 2 and grid.width >= 2 and any(any(r) for r in grid.rows):
                tables.append(grid)
        elif kind == "chrome":
            pruned.append(table)
    title = page_title(root, meta)
    text, text_warnings = main_text(root, url=url, prune=pruned, page=page)
    warnings.extend(text_warnings)
    if title and normalize_space(title) not in normalize_space(text[:300]):
        text = f"{title}\n{text}" if text else title
    return Document(
        text=text,
        tables=tables,
        source_format="html",
        title=title,
        meta=meta,
        catalog=catalog,
        encoding=decoded.encoding,
        warnings=warnings,
    )


class _PageMemo:
    """What several steps of reading one page ask about the same <table> elements.

    A data table is expanded for `Document.tables` and again when the body container is
    rendered; whether a table is a layout table is asked when classifying it and again
    when the copy for trafilatura is prepared. Expanding a 300-cell statistics table is
    the costliest step of the reader, so each answer is kept for the page, keyed by the
    element; the memo lives only as long as one read_html() call.
    """

    def __init__(self) -> None:
        self._grids: dict[etree._Element, Table] = {}
        self._layout: dict[etree._Element, bool] = {}

    def grid(self, table: etree._Element) -> Table:
        grid = self._grids.get(table)
        if grid is None:
            grid = self._grids[table] = expand_html_table(table)
        return grid

    def is_layout(self, table: etree._Element) -> bool:
        verdict = self._layout.get(table)
        if verdict is None:
            verdict = self._layout[table] = is_layout_table(table)
        return verdict


def _parser_lost_text(root: etree._Element, markup: str) -> bool:
    """Whether libxml2 kept less than half the Chinese text that the markup carries.

    Stripping the tags with regular expressions costs as much as parsing, so it is done
    only when two upper bounds of what it would find do not settle the question: every
    CJK character of the stripped markup is one of the markup or comes from an entity
    (each starts with "&"), and every one of the markup takes three bytes in UTF-8, two
    more than it counts for in len() (a count that costs one encode, not a regex scan).
    """
    parsed = _cjk_count(root.text_content())
    entities = markup.count("&")
    wide = (len(markup.encode("utf-8", "surrogatepass")) - len(markup)) // 2
    if parsed >= 0.5 * (wide + entities) or parsed >= 0.5 * (_cjk_count(markup) + entities):
        return False
    return parsed < 0.5 * _cjk_count(_strip_tags(markup))


def _declared_in_markup(data: bytes) -> list[str]:
    """Charsets named by <meta charset>, <meta http-equiv> or an XML declaration."""
    head = data[:16384].decode("latin-1").lower()
    found = re.findall(r"<meta[^>]*?charset\s*=\s*[\"']?\s*([a-z0-9_.:-]+)", head)
    xml = re.match(r"\s*<\?xml[^>]*encoding\s*=\s*[\"']([a-z0-9_.:-]+)", head)
    if xml:
        found.append(xml.group(1))
    return list(dict.fromkeys(found))


def _strip_tags(markup: str) -> str:
    """Visible text of markup by regular expressions: the fallback when parsing fails."""
    import html as html_lib

    text = re.sub(r"(?is)<(script|style|noscript)\b.*?</\1\s*>", "", markup)
    text = re.sub(r"(?i)<(?:br|/p|/div|/tr|/li|/h[1-6]|/table|p|div|tr|li)\b[^>]*>", "\n", text)
    text = re.sub(r"(?i)</?t[dh]\b[^>]*>", " ", text)
    text = html_lib.unescape(re.sub(r"<[^>]*>", "", text))
    lines = (normalize_space(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _parse(markup: str) -> etree._Element | None:
    """The page as an lxml.html tree; None when there is nothing to parse."""
    if not markup.strip():
        return None
    # lxml.html's own parser picks each element's class (FormElement, InputElement, ...)
    # with a Python callback, run every time lxml hands out an element: ~7,000 times per
    # page between this reader and trafilatura. Nothing here uses those form classes, so
    # every element is a plain HtmlElement, chosen in C.
    parser = etree.HTMLParser(remove_comments=True, huge_tree=True)
    parser.set_element_class_lookup(_HTML_CLASSES)
    try:
        return lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def page_meta(root: etree._Element) -> dict[str, str]:
    """Every <meta name=… content=…> of the page, first occurrence of a name kept."""
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        name = (el.get("name") or "").strip()
        if name and name not in meta:
            meta[name] = normalize_space(el.get("content") or "")
    return meta


def meta_value(meta: dict[str, str], *names: str) -> str | None:
    """The first non-empty meta value among `names`, compared without case."""
    lowered = {k.lower(): v for k, v in meta.items()}
    for name in names:
        value = lowered.get(name.lower())
        if value:
            return value
    return None


# ---------------------------------------------------------------- catalog (信息公开目录)


def _labels_in(text: str) -> set[str]:
    return {_label_key(m.group(0)) for m in _LABEL_RE.finditer(text)}


def _label_key(label: str) -> str:
    return _LABEL_NOISE.sub("", label)


def _block_lines(element: etree._Element) -> list[str]:
    """The element's text cut at cell, list-item and block boundaries.

    The same lines as _lines(element, tables_as_rows=False), cut by libxslt: it marks the
    start and end of every line-starting element with a private-use character, and the
    text is split there. A catalog candidate can be a div holding a Word table, a thousand
    elements for little text, which a Python walk takes five times longer over. Text that
    itself holds the mark character is walked in Python.
    """
    if _CUT in element.text_content():
        return [line for line, _ in _lines(element, tables_as_rows=False)]
    return normalize_lines(str(_CUT_LINES(element)), _CUT)


def _lines(
    element: etree._Element, *, tables_as_rows: bool, page: _PageMemo | None = None
) -> list[tuple[str, bool]]:
    """Lines of text in reading order, cut at block, cell and list-item boundaries.

    With `tables_as_rows`, each nested table becomes one `a | b | c` line per grid row
    (flag True), the way trafilatura prints tables, so the two texts can be compared.
    """
    out: list[tuple[str, bool]] = []
    buffer: list[str] = []
    skip_node: etree._Element | None = None
    grid_of = page.grid if page is not None else expand_html_table

    def flush() -> None:
        if buffer:
            line = normalize_space("".join(buffer))
            if line:
                out.append((line, False))
            buffer.clear()

    walk = etree.iterwalk(element, events=("start", "end"))
    for event, node in walk:
        if skip_node is not None:
            if event == "end" and node is skip_node:
                skip_node = None
                if node is not element and node.tail:
                    buffer.append(node.tail)
            continue
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in _SKIPPED_TAGS:
                skip_node = node
                walk.skip_subtree()  # straight to its end event
            elif tables_as_rows and tag == "table" and node is not element:
                flush()
                grid = grid_of(node)
                out.extend((" | ".join(row), True) for row in grid.rows if any(row))
                skip_node = node
                walk.skip_subtree()
            else:
                if tag in _LINE_TAGS:
                    flush()
                if tag and node.text:
                    buffer.append(node.text)
            continue
        if tag in _LINE_TAGS:
            flush()
        if node is not element and node.tail:
            buffer.append(node.tail)
    flush()
    return out


def parse_catalog_lines(lines: list[str]) -> dict[str, str]:
    """Label/value pairs from lines of a catalog block.

    Handles a label and its value on one line (<b>发布机构:</b>某局, <li> items, the 来源/
    发布时间 line with several pairs) and a label alone on its line with the value on the
    next (<td>发布日期：</td><td>2022-01-25</td>).
    """
    pairs: dict[str, str] = {}
    pending: str | None = None
    for line in lines:
        # every label ends with a colon: most lines (table cells) have none to look for
        matches = list(_LABEL_RE.finditer(line)) if ":" in line or "：" in line else []
        if not matches:
            if _BARE_LABEL.match(line) or (len(line) <= 12 and _label_key(line) in _PRIMARY_LABELS):
                pending = _label_key(line)
            elif pending:
                pairs.setdefault(pending, line)
                pending = None
            continue
        prefix = line[: matches[0].start()].strip()
        if pending and prefix:
            pairs.setdefault(pending, prefix)
        pending = None
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
            value = line[m.end() : end].strip()
            key = _label_key(m.group(0))
            if value:
                pairs.setdefault(key, value)
            elif i + 1 == len(matches):
                pending = key
            else:
                pairs.setdefault(key, "")
    return pairs


def extract_catalog(root: etree._Element) -> tuple[dict[str, str], list[etree._Element]]:
    """The 信息公开目录 pairs of a page and the <table> elements that hold only them.

    A catalog block is the smallest element (table, list, div…) whose short text carries at
    least two distinct known labels followed by a colon; blocks are read smallest first so
    a precise block wins over a wider one that happens to contain it.
    """
    candidates: list[tuple[int, etree._Element, frozenset[str]]] = []
    for el in root.iter(*_CATALOG_CONTAINERS):
        text = el.text_content()
        if len(text) > _CONTAINER_MAX_CHARS * 2:
            continue
        # each label match ends with its own colon: fewer than two colons, fewer than two
        # labels (most paragraphs and cells leave here, before the label expression runs)
        if text.count("：") + text.count(":") < 2:
            continue
        text = normalize_space(text)
        if len(text) > _CONTAINER_MAX_CHARS:
            continue
        labels = frozenset(_labels_in(text))
        if len(labels) >= 2:
            candidates.append((len(text), el, labels))
    chosen: list[tuple[int, etree._Element, frozenset[str]]] = []
    for size, el, labels in candidates:
        narrower = any(
            other is not el and other_labels == labels and _is_ancestor(el, other)
            for _, other, other_labels in candidates
        )
        if not narrower:
            chosen.append((size, el, labels))
    catalog: dict[str, str] = {}
    tables: list[etree._Element] = []
    for _, el, _labels in sorted(chosen, key=lambda item: item[0]):
        lines = _block_lines(el)
        for key, value in parse_catalog_lines(lines).items():
            catalog.setdefault(key, value)
        if el.tag == "table" and not el.xpath(".//table"):
            labelled = sum(1 for line in lines if _LABEL_RE.search(line) or _BARE_LABEL.match(line))
            if labelled * 3 >= len(lines):
                tables.append(el)
    return catalog, tables


def _is_ancestor(ancestor: etree._Element, node: etree._Element) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


# ---------------------------------------------------------------- tables


def _table_kind(
    table: etree._Element, catalog_tables: list[etree._Element], page: _PageMemo | None = None
) -> str:
    """Classify a table as data, catalog, layout (holds tables or prose) or chrome.

    Chrome is navigation and footers. A table that is mostly numbers is data whatever
    else it looks like.
    """
    if any(table is t for t in catalog_tables):
        return "catalog"
    page = page if page is not None else _PageMemo()
    if page.is_layout(table):
        return "layout"
    text = normalize_space(table.text_content())
    if not text:
        return "chrome"
    filled = 0
    numeric = 0
    for cell in table.iter("td", "th"):
        raw = cell.text_content()
        if not _HAS_DIGIT.search(raw):  # not a number; only whether it is blank matters
            filled += not is_blank(raw)
            continue
        cell_text = normalize_space(raw)
        if cell_text:
            filled += 1
            numeric += bool(_NUMBER_CELL.match(cell_text))
    if filled and numeric >= max(2, 0.3 * filled):
        return "data"
    link_text = sum(len(normalize_space(a.text_content())) for a in table.iter("a"))
    if link_text >= 0.6 * len(text):
        return "chrome"
    if _CHROME_TEXT.search(text) and len(text) < 800:
        return "chrome"
    if len(_labels_in(text)) >= 3 and len(text) < 600:
        return "catalog"
    return "data"


# ---------------------------------------------------------------- title


def page_title(root: etree._Element, meta: dict[str, str]) -> str | None:
    """ArticleTitle meta, else <title> without the site-name parts, else the first heading."""
    title = meta_value(meta, "ArticleTitle", "articletitle", "title", "dc.title")
    if title:
        return title
    el = root.find(".//title")
    if el is not None:
        raw = normalize_space(el.text_content())
        drop = {meta_value(meta, "SiteName") or "", meta_value(meta, "ColumnName") or ""} - {""}
        parts = [p for p in _TITLE_SPLIT.split(raw) if p and p not in drop]
        if parts:
            return max(parts, key=len)
    for tag in ("h1", "h2", "h3"):
        for heading in root.iter(tag):
            text = normalize_space(heading.text_content())
            if text:
                return text
    return None


# ---------------------------------------------------------------- main text


def main_text(
    root: etree._Element,
    *,
    url: str | None = None,
    prune: list[etree._Element] | None = None,
    page: _PageMemo | None = None,
) -> tuple[str, list[str]]:
    """The page's main text via trafilatura, checked against the CMS body container.

    trafilatura judges short right-aligned lines (the signature and date) and long tables
    as boilerplate now and then; when the body container of a known CMS holds much more
    text, or ends with lines trafilatura dropped, the container's own text is used or its
    missing tail appended.
    """
    warnings: list[str] = []
    page = page if page is not None else _PageMemo()
    extracted = _trafilatura(_trafilatura_input(root, prune or [], page), url)
    body, body_cjk = _body_container_cjk(root)
    body_lines = _render_lines(body, page) if body is not None else []
    if not extracted:
        if body_lines:
            warnings.append("trafilatura found no main text; used the body container")
            return "\n".join(line for line, _ in body_lines), warnings
        fallback = _render_lines(
            root.find("body") if root.find("body") is not None else root, page
        )
        warnings.append("trafilatura found no main text; used the whole page text")
        return "\n".join(line for line, _ in fallback), warnings
    if body_lines:
        # text_content() counts each spanned cell once, as trafilatura prints it
        if body is not None and _cjk_count(extracted) < 0.7 * body_cjk:
            warnings.append("trafilatura missed much of the body container; used the container")
            return "\n".join(line for line, _ in body_lines), warnings
        extracted = _append_missing_tail(extracted, body_lines)
    return extracted, warnings


def _trafilatura_input(
    root: etree._Element, prune: list[etree._Element], page: _PageMemo
) -> etree._Element:
    """A copy of the page for trafilatura: pruned elements dropped (their tails kept),
    layout tables turned into divs, absurd spans clamped, Word's formatting spans unwrapped.

    The copy has the shape of the original, so the n-th table of one is the n-th table of
    the other: that finds the pruned tables and lets the layout verdicts of read_html() be
    reused; only a table that held a pruned element has a different subtree in the copy
    and is judged again. Other pruned elements are found by their path.
    """
    work = copy.deepcopy(root)
    twins = dict(zip(root.iter("table"), work.iter("table"), strict=True))
    originals = {twin: original for original, twin in twins.items()}  # copy → original
    targets: list[etree._Element] = []
    for el in prune:
        if el in twins:
            targets.append(twins[el])
        else:
            targets.extend(work.getroottree().xpath(root.getroottree().getpath(el)))
    changed: set[etree._Element] = set()
    for el in targets:
        changed.update(el.iterancestors("table"))
        _drop_keep_tail(el)
    for table in list(work.iter("table")):
        original = originals.get(table)
        if original is not None and table not in changed:
            layout = page.is_layout(original)
        else:
            layout = is_layout_table(table)
        if layout:
            _unwrap_layout_table(table)
    for table in work.iter("table"):
        _clamp_spans(table)
    _strip_formatting_spans(work)
    return work


def _strip_formatting_spans(tree: etree._Element) -> None:
    """Unwrap the <span style=…> runs that Word leaves around every piece of text.

    trafilatura unwraps spans itself, but only after testing each of them against its
    boilerplate XPath and link-density rules; a statistics table pasted from Word is
    td > p > span three hundred times, so those spans are a third of its work. A span is
    unwrapped here only where that cannot change what trafilatura prints (_PLAIN_SPANS):
    it carries no attribute but a style that does not hide it, holds text only, sits
    directly in a paragraph or cell (not in a div, whose child count a link-density rule
    reads), has no text on either side to merge with (trafilatura's last-resort baseline
    joins the page's text runs with line breaks), and is not code.
    """
    spans = _PLAIN_SPANS(tree)
    if next(tree.iter("pre", "code", "textarea"), None) is not None:
        spans = [s for s in spans if next(s.iterancestors("pre", "code", "textarea"), None) is None]
    for span in spans:
        span.tag = _UNWRAP
    etree.strip_tags(tree, _UNWRAP)


def is_layout_table(table: etree._Element) -> bool:
    """A table used for page layout: it holds other tables, or a cell holds running prose.

    Statistics cells hold a label or a number; a cell with several paragraphs or hundreds of
    characters is a page region that happens to be drawn with <td>.
    """
    if next(table.iterdescendants("table"), None) is not None:
        return True
    for row in _OWN_ROWS(table):
        for cell in row:
            if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                continue
            text = cell.text_content()
            if len(text) <= 80:  # normalising only shortens: a label or a number
                continue
            text = normalize_space(text)
            if len(text) > 300 and text.count("。") >= 2:
                return True
            if len(text) > 80 and len(_CELL_BLOCKS(cell)) >= 3:
                return True
    return False


def _unwrap_layout_table(table: etree._Element) -> None:
    """Turn a layout table into plain divs so trafilatura sees paragraphs, not one giant cell."""
    table.tag = "div"
    for part in _TABLE_PARTS(table):
        for cell in _PART_CELLS(part):
            cell.tag = "div"
            for attr in ("rowspan", "colspan"):
                cell.attrib.pop(attr, None)
        part.tag = "div"


def _clamp_spans(table: etree._Element) -> None:
    """Cap each colspan at the table's plausible width.

    trafilatura pads a text row per spanned column, so colspan=9007199254740991 would
    print a line of empty cells.
    """
    rows = [
        [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        for row in table_rows(table)
    ]
    spanned = [
        c
        for row in rows
        for c in row
        if c.get("colspan") is not None or c.get("rowspan") is not None
    ]
    if not spanned:
        return
    # A colspan up to 100 counts in full towards its row, hence towards the width: only an
    # absurd one (counted as one column) can exceed the width it is capped at.
    absurd = [c for c in spanned if _span_attr(c, "colspan") > 100]
    if absurd:
        width = max(
            (
                sum(1 if _span_attr(c, "colspan") > 100 else _span_attr(c, "colspan") for c in row)
                for row in rows
            ),
            default=1,
        )
        for cell in absurd:
            if _span_attr(cell, "colspan") > width:
                cell.set("colspan", str(max(width, 1)))
    for cell in spanned:
        if cell.get("rowspan") is not None and _span_attr(cell, "rowspan") > len(rows):
            cell.set("rowspan", str(len(rows)))


def _span_attr(cell: etree._Element, attr: str) -> int:
    """A span attribute as trafilatura would read it, 10**9 for an absurd one, 1 if absent."""
    m = _LEADING_DIGITS.match(cell.get(attr) or "")
    if not m:
        return 1
    return int(m.group(1)) if len(m.group(1)) <= 9 else 10**9


def _drop_keep_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _trafilatura(tree: etree._Element, url: str | None) -> str:
    """trafilatura's main text of `tree` (a copy it may not keep), "" when it finds none.

    On a page with a known CMS body container, trafilatura's second opinion (readability
    and jusText compared with its own extraction, a third of its time) is skipped
    (`fast`): main_text() checks the extraction against that container itself, taking the
    container's text when much is missing and its last lines when the signature is.
    """
    import trafilatura

    try:
        text = trafilatura.extract(
            tree,
            url=url,
            output_format="txt",
            include_tables=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            favor_recall=True,
            fast=_has_body_container(tree),
            deduplicate=False,
        )
    except Exception:  # trafilatura is a heuristic; the container fallback covers its failures
        return ""
    return (text or "").strip()


def _names_body_container(attribute: etree._ElementUnicodeResult) -> bool:
    """Whether an id or class attribute names a known CMS body container."""
    if attribute.attrname == "id":
        return attribute in _BODY_IDS or attribute.startswith("vsb_content")
    # XPath's normalize-space() splits on these four characters only, not on \xa0 or \u3000
    return not _BODY_CLASSES.isdisjoint(_XML_SPACE.split(attribute))


def _body_candidates(root: etree._Element) -> list[etree._Element]:
    """Known CMS body containers of the page, in document order, none inside another.

    The same test as the XPath of _BODY_XPATH, done on the id and class values in Python:
    an XPath with thirteen alternatives costs 40 times more on a page of a thousand
    elements. A container inside another holds no more text than it, so it can never be
    the one with the most; leaving it out saves counting the same text twice (#zoom >
    .TRS_Editor).
    """
    outer: list[etree._Element] = []
    for attribute in _IDS_AND_CLASSES(root):  # in document order
        if not _names_body_container(attribute):
            continue
        el = attribute.getparent()
        if not any(o is el or _is_ancestor(o, el) for o in outer):
            outer.append(el)
    return outer


def _body_container_cjk(root: etree._Element) -> tuple[etree._Element | None, int]:
    """The known CMS body container with the most Chinese text (at least 20 characters),
    and that count."""
    best: etree._Element | None = None
    best_len = 0
    for el in _body_candidates(root):
        n = _cjk_count(el.text_content())
        if n > best_len:
            best, best_len = el, n
    return (best, best_len) if best_len >= 20 else (None, 0)


def _has_body_container(root: etree._Element) -> bool:
    """Whether _body_container_cjk() finds one; stops counting at the 20th CJK character."""
    return any(
        next(islice(_CJK_RE.finditer(el.text_content()), 19, None), None) is not None
        for el in _body_candidates(root)
    )


def _cjk_count(text: str) -> int:
    return len(_CJK_RE.findall(text))


def _render_lines(
    element: etree._Element, page: _PageMemo | None = None
) -> list[tuple[str, bool]]:
    return _lines(element, tables_as_rows=True, page=page)


def _squash(text: str) -> str:
    return re.sub(r"[\s\u3000\xa0|]+", "", text)


def _append_missing_tail(extracted: str, body_lines: list[tuple[str, bool]]) -> str:
    """Append the body's last prose lines (signature, date) that trafilatura left out."""
    squashed = _squash(extracted)
    prose = [line for line, is_table in body_lines if not is_table]
    missing: list[str] = []
    for line in reversed(prose[-4:]):
        if _squash(line) in squashed:
            break
        if not _CHROME_LINE.search(line):
            missing.append(line)
    if not missing:
        return extracted
    return extracted + "\n" + "\n".join(reversed(missing))
