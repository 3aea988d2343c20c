"""HTML tables as rectangular grids, with rowspan/colspan expanded.

The statistics tables of a report are Word documents pasted into a CMS: labels span rows
(三、本年度办理结果 over 22 rows), headers span columns, cell text is split over nested
<p>/<span> runs and padded with full-width spaces. The parsers downstream want none of
that: they want `rows[r][c]` to be the text a reader sees at that position.
"""

from __future__ import annotations

import re

from lxml import etree

from parsers.document import Table

# The HTML standard clamps colspan to 1000 and rowspan to 65534; pages do carry values such
# as colspan="9007199254740991" (a JavaScript MAX_SAFE_INTEGER from an editor).
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
# Elements after which a reader sees a line break inside a cell.
BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "blockquote",
    "pre",
    "hr",
    "center",
}
_SKIP_TAGS = {"script", "style", "noscript", "template"}
_SPACE_CHAR = r"[\s\u3000\xa0\u2000-\u200b\u2028\u2029\u202f\u205f\u2060\ufeff]"
_SPACE = re.compile(_SPACE_CHAR + "+")
_BLANK = re.compile(_SPACE_CHAR + "*")
_CJK = (
    "\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffee\U00020000-\U0003134f"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_BREAK = "\n"
_DIGITS = re.compile(r"\s*(\d+)")


def normalize_space(text: str) -> str:
    """Collapse every kind of whitespace to one space, strip the edges, and drop spaces
    between two Chinese characters (padding such as 统　计　指　标 carries no meaning)."""
    text = _SPACE.sub(" ", text).strip()
    return _SPACE_BETWEEN_CJK.sub("", text) if " " in text else text


def normalize_lines(text: str, sep: str) -> list[str]:
    """normalize_space() of each `sep`-separated piece of `text`, empty ones dropped.

    `sep` must not be whitespace: then no run of whitespace spans two pieces, and the
    whole text can be collapsed in one pass instead of piece by piece.
    """
    out: list[str] = []
    for piece in _SPACE.sub(" ", text).split(sep):
        piece = piece.strip()
        if piece:
            out.append(_SPACE_BETWEEN_CJK.sub("", piece) if " " in piece else piece)
    return out


def is_blank(text: str) -> bool:
    """Whether normalize_space(text) would be empty, without building it."""
    return _BLANK.fullmatch(text) is not None


def is_cjk(char: str) -> bool:
    """Whether `char` (its first character) is Chinese text or full-width punctuation."""
    return _CJK_CHAR.match(char) is not None


def join_pieces(pieces: list[str]) -> str:
    """Join text pieces: no space between Chinese characters, one space otherwise."""
    out = ""
    for piece in pieces:
        if not piece:
            continue
        if out and not (_CJK_CHAR.match(out[-1]) and _CJK_CHAR.match(piece[0])):
            out += " "
        out += piece
    return out


def element_text(element: etree._Element) -> str:
    """Visible text of an element, block children (<p>, <div>, <br>) joined as one line.

    A block boundary is a line break, and normalize_space() turns a break into a space that
    survives only between non-Chinese characters -- which is what joining the normalised
    lines with join_pieces() gives -- so the text is normalised once, not line by line.
    """
    run = _single_run(element)
    if run is not None:
        return normalize_space(run)
    chunks: list[str] = []
    skipping = 0  # depth inside <script>/<style>, whose text nobody sees
    for event, node in etree.iterwalk(element, events=("start", "end")):
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in _SKIP_TAGS:
                skipping += 1
            elif not skipping:
                if tag in BLOCK_TAGS:
                    chunks.append(_BREAK)
                if tag and node.text:
                    chunks.append(node.text)
            continue
        if tag in _SKIP_TAGS:
            skipping -= 1
        elif not skipping and tag in BLOCK_TAGS:
            chunks.append(_BREAK)
        if not skipping and node is not element and node.tail:
            chunks.append(node.tail)
    return normalize_space("".join(chunks))


def _single_run(element: etree._Element) -> str | None:
    """The one piece of text of a chain of only children, such as Word's td > p > span.

    With a single non-blank piece, where the line breaks fall cannot matter: the text is
    that piece, normalised. None when the element is not such a chain (the full walk
    decides then).
    """
    found = ""
    node = element
    while True:
        if not isinstance(node.tag, str) or node.tag.lower() in _SKIP_TAGS:
            return None
        for piece in (node.text, node.tail if node is not element else None):
            if piece and not is_blank(piece):
                if found:
                    return None
                found = piece
        if len(node) != 1:
            return found if len(node) == 0 else None
        node = node[0]


def _span(cell: etree._Element, name: str, cap: int) -> int:
    raw = cell.get(name)
    if raw is None:
        return 1
    m = _DIGITS.match(raw)
    if not m:
        return 1
    value = int(m.group(1)) if len(m.group(1)) < 12 else cap
    return min(value, cap)


def _children(element: etree._Element, *tags: str) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and c.tag.lower() in tags]


def table_rows(table: etree._Element) -> list[etree._Element]:
    """The table's own <tr> elements in display order (thead, body rows, tfoot)."""
    head: list[etree._Element] = []
    body: list[etree._Element] = []
    foot: list[etree._Element] = []

    def collect(parent: etree._Element, into: list[etree._Element]) -> None:
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            tag = child.tag.lower()
            if tag == "tr":
                into.append(child)
            elif tag in ("tbody", "form"):
                # sloppy pages wrap rows in <form>; libxml2 keeps them there
                collect(child, into)
            elif tag == "thead":
                collect(child, head)
            elif tag == "tfoot":
                collect(child, foot)

    collect(table, body)
    return head + body + foot


def expand_html_table(table_element: etree._Element) -> Table:
    """Expand a <table> into a `Table` grid: spans repeated, filler rows/columns dropped.

    Rows and columns that no cell starts in (an empty <tr>, or a column that exists only
    because some cell claims colspan=1000) carry no information and are removed, which keeps
    absurd spans from producing absurd grids.
    """
    rows = table_rows(table_element)
    nrows = len(rows)
    grid: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
    real_rows: set[int] = set()
    real_cols: set[int] = set()
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in _children(tr, "td", "th"):
            while (r, c) in grid:
                c += 1
            rowspan = _span(cell, "rowspan", MAX_ROWSPAN)
            colspan = max(1, _span(cell, "colspan", MAX_COLSPAN))
            if rowspan == 0 or r + rowspan > nrows:  # rowspan=0: to the end of the table
                rowspan = nrows - r
            rowspan = max(1, rowspan)
            text = element_text(cell)
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), (text, (r, c)))
            real_rows.add(r)
            real_cols.add(c)
            c += colspan
            width = max(width, c)

    keep_rows = sorted(real_rows)
    keep_cols = sorted(real_cols)
    row_map = {old: new for new, old in enumerate(keep_rows)}
    col_map = {old: new for new, old in enumerate(keep_cols)}
    out_rows: list[list[str]] = []
    out_origin: list[list[tuple[int, int]]] = []
    for r in keep_rows:
        texts: list[str] = []
        origins: list[tuple[int, int]] = []
        for c in keep_cols:
            text, (orow, ocol) = grid.get((r, c), ("", (r, c)))
            texts.append(text)
            origins.append((row_map[orow], col_map[ocol]))
        out_rows.append(texts)
        out_origin.append(origins)
    return Table(rows=out_rows, origin=out_origin, source="html")
