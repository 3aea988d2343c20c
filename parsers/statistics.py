"""Statistics tables of a report as the canonical keys of REPORT_FORMATS.md.

`extract_statistics(doc)` reads the 第二十条 tables (`article20`), the applications matrix
(`applications`), the review/litigation row (`review_litigation`) and the 2008 table
(`legacy_stats`), and runs the consistency checks. It reads `doc.tables` first (HTML and
other real grids); whatever it does not find there it looks for in the tables recovered
from `doc.text` (parsers.textgrid), which is where text, PDF and DOCX conversions keep
them.

Rows are found by their LABEL and columns by their HEADER, never by position in the
report: real reports drop, merge, reorder and rename rows and sub-tables. A scan walks the
rows of all grids in reading order; header rows switch the current sub-table and announce
its columns, data rows are mapped to keys by label (parsers.canonical) and their cells to
columns by the header (parsers.tablerows). What cannot be placed stays None with a
warning; a row label that maps to no canonical key is kept under its printed label.

Warnings (lost cells, unmapped labels, duplicates) come back under "warnings"; the
document is not modified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers import canonical as cn
from parsers.checks import run_checks
from parsers.document import Document, Table
from parsers.legacy import LegacyTable
from parsers.legacy import is_header as is_legacy_header
from parsers.numbers import cell_amount_wan_yuan, money_unit_in, parse_number
from parsers.tablerows import Cell, Header, Mapped, Row, build_header, map_values, table_rows
from parsers.textgrid import text_to_tables

SECTIONS = ("article20", "applications", "review_litigation", "legacy_stats")

_GEN_2021 = re.compile(
    "本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额|逾期不补正|收费通知"
)
_GEN_2019 = re.compile(r"本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|采购总金额")


def detect_generation(tables: list[Table]) -> str | None:
    """"2021", "2019" or "2008" from the statistics tables' headers, None if none found.

    2021: 本年制发件数 / 本年处理决定数量 / the (六) split into 逾期不补正 and 收费通知;
    2019: 本年新制作数量 / 上一年项目数量, or an applications matrix without the split;
    2008: a 统计指标 / 单位 / 统计数 table.
    """
    texts = [cn.norm(cell) for t in tables for row in t.rows for cell in row if cell]
    joined = "\n".join(texts)
    if _GEN_2021.search(joined):
        return "2021"
    if _GEN_2019.search(joined):
        return "2019"
    for t in tables:
        if any(is_legacy_header(row) for row in table_rows(t)):
            return "2008"
    if re.search(r"自然人|申请人情况|本年度办理结果|结果维持", joined):
        return "2019"
    return None


def _all_marks_row(row: Row, labels: list[str]) -> bool:
    """An item or applications row whose every value is printed as a null mark (行政强制 |
    ——, a row of "/" or 无): a row of nulls, not a label waiting for its second line."""
    if not any(c.is_value and not c.empty for c in row.cells):
        return False
    return bool(_first_match(labels, cn.article20_item) or _first_match(labels, cn.application_row))


def _review_hits(row: Row, results_only: bool = False) -> int:
    """How many review/litigation header words the row holds (cells may be joined)."""
    return sum(cn.review_header_hits(c.text, results_only) for c in row.cells if not c.empty)


def _first_match(texts: list[str], fn) -> str | None:
    """The key of the most specific label: the last label cell first, then the others,
    then all of them joined (a label split over cells)."""
    for text in reversed(texts):
        key = fn(text)
        if key:
            return key
    if len(texts) > 1:
        return fn("".join(texts))
    return None


def _value(cell: Cell | None) -> int | float | None:
    if cell is None:
        return None
    num = parse_number(cell.text)
    return num.value if num else None


_REVIEW_CELLS = [f"{g}.{r}" for g in cn.REVIEW_GROUPS for r in cn.REVIEW_RESULTS]


def labels_are_groups(labels: list[str]) -> bool:
    """Whether a review row's labels name its groups (行政复议, 未经复议直接起诉…)."""
    return any(cn.review_group(label) for label in labels)


def _review_header(rows: list[Row]) -> Header:
    """Columns of the review/litigation table: (group, result) per column."""
    group_at: dict[int, str] = {}
    result_at: dict[int, str] = {}
    width = 0
    for row in rows:
        width = max(width, row.width)
        current: str | None = None
        for cell in sorted(row.full, key=lambda c: c.col):
            if cell.empty:
                if current and not row.trusted:
                    group_at[cell.col] = current  # text lost the colspan: fill it forward
                continue
            group = cn.review_group(cell.text)
            result = cn.review_result(cell.text) if group is None else None
            current = group
            if group:
                group_at[cell.col] = group
            if result:
                result_at[cell.col] = result
    canonical = [f"{g}.{r}" for g in cn.REVIEW_GROUPS for r in cn.REVIEW_RESULTS]
    positions: dict[str, int] = {}
    for col in sorted(result_at):
        if col in group_at:
            key = f"{group_at[col]}.{result_at[col]}"
            if key in positions:
                positions = {}
                break
            positions[key] = col
    if len(positions) == len(canonical):
        keys = sorted(positions, key=lambda k: positions[k])
        return Header(keys=keys, positions=positions, width=width)
    if not group_at and result_at:  # results only: a table with one row per group
        results = [result_at[c] for c in sorted(result_at)]
        if len(set(results)) == len(results):
            return Header(keys=results, width=width)
    return Header(keys=canonical, width=width)


@dataclass
class _Scan:
    """State of one pass over the rows of a list of grids."""

    generation: str | None
    section: str | None = None
    header_kind: str | None = None  # the kind of the previous row when it was a header
    header_rows: list[Row] = field(default_factory=list)
    a20_header: Header | None = None
    app_header: Header | None = None
    review_header: Header | None = None
    legacy: LegacyTable | None = None
    legacy_tables: list[LegacyTable] = field(default_factory=list)
    article20: dict[str, dict] = field(default_factory=dict)
    applications: dict[str, dict] = field(default_factory=dict)
    review: dict[str, dict] = field(default_factory=dict)
    app_labels: dict[str, str] = field(default_factory=dict)  # key → the label it came from
    warnings: list[str] = field(default_factory=list)
    pending_label: list[str] = field(default_factory=list)  # a label-only row just above
    unmatched: tuple[list[str], Row] | None = None  # a data row whose label matched nothing

    # -- dispatch ------------------------------------------------------------------------

    def feed(self, row: Row) -> None:
        if all(c.empty for c in row.cells):
            return
        if is_legacy_header(row):
            self.legacy = LegacyTable.from_header(row)
            self.legacy_tables.append(self.legacy)
            self.section, self.header_kind = "legacy_stats", None
            return
        numeric = row.numeric_count
        kind = self._header_kind(row) if numeric == 0 else None
        if kind:
            self._header(kind, row)
            return
        self.header_kind = None
        if self.section == "legacy_stats" and self.legacy is not None:
            self.legacy.add(row)
            return
        labels = row.label_texts
        if numeric == 0 and not _all_marks_row(row, labels):
            self._label_only(labels)
            return
        pending, self.pending_label = self.pending_label, []
        self.unmatched = None
        item = _first_match(labels, cn.article20_item)
        key = _first_match(labels, cn.application_row)
        if key is None and pending:
            key = cn.application_row("".join(pending + labels))
        in_a20 = self.section == "article20" or self.a20_header is not None
        in_apps = self.section == "applications" or self.app_header is not None
        # without a 第二十条 header, only a label that is exactly an item's name counts
        bare = item is not None and self.section is None and len(labels) == 1 and \
            cn.core(labels[0]) in cn.ARTICLE20_ITEM_NAMES
        take_item = item is not None and (in_a20 or bare)
        take_item_hint = item is not None
        # a row holding exactly the seven applicant columns is an applications row wherever it
        # stands: the table's continuation after a page break has no header above it
        seven = numeric == len(cn.APPLICANT_COLUMNS)
        take_key = key is not None and (
            in_apps or key in ("new_received", "carried_over") or (seven and not take_item_hint)
        )
        if self.section == "review_litigation" and key in ("total_handled", "other"):
            take_key = False  # 总计 / 其他 under the review header are that table's words
        if take_item and take_key:  # both plausible: the current sub-table decides
            take_item = self.section != "applications"
            take_key = not take_item
        if take_item and item:
            self.section = "article20"
            self._article20(item, row)
        elif take_key and key:
            self.section = "applications"
            self._application(key, row, labels)
        elif self.section == "review_litigation":
            self._review(row, labels)
        elif not labels and not self.review and len([c for c in row.cells if not c.empty]) == 15:
            # the review table's data row, its header lost: only that table has 15 values
            self._review(row, labels)
        elif self.section == "article20" and labels:
            self._article20(cn.squeeze(labels[-1]), row)
            self.warnings.append(f"article20: unmapped item {cn.squeeze(labels[-1])!r} kept as is")
        elif self.section == "applications" and labels:
            self.unmatched = (labels, row)

    def _header_kind(self, row: Row) -> str | None:
        texts = [c.text for c in row.cells if not c.empty]
        # inside a 2008 table a heading such as 四、行政复议和行政诉讼情况 is a row, not the
        # review table's header: only the result columns announce that one there
        strong = self.section == "legacy_stats"
        if _review_hits(row, results_only=strong) >= 2:
            return "review_litigation"
        if any(cn.is_applications_header(t) for t in texts):
            return "applications"
        if any(cn.is_article20_marker(t) for t in texts):
            return "article20"
        if not strong and sum(len(cn.article20_columns(t)) for t in texts) >= 2 and not any(
            cn.article20_item(t) for t in texts
        ):
            return "article20"
        if self.header_kind and texts and all(self._continues_header(t) for t in texts):
            return self.header_kind  # e.g. a header printed one cell a line, or only 总计
        return None

    def _continues_header(self, text: str) -> bool:
        """Whether a cell can belong to the header being read (the previous row's kind)."""
        if self.header_kind == "review_litigation":
            return bool(cn.review_header_hits(text) or cn.review_result(text))
        if self.header_kind == "applications":
            return bool(cn.applicant_columns(text) or cn.is_applications_header(text))
        if self.header_kind == "article20":
            return bool(cn.article20_columns(text)) and not cn.article20_item(text)
        return False

    def _header(self, kind: str, row: Row) -> None:
        if self.header_kind != kind:
            self.header_rows = []
        self.header_kind = kind
        self.section = kind
        self.header_rows.append(row)
        self.pending_label = []
        if kind == "applications":
            self.app_header = build_header(self.header_rows, cn.applicant_columns,
                                           cn.APPLICANT_COLUMNS)
        elif kind == "review_litigation":
            self.review_header = _review_header(self.header_rows)
        elif kind == "article20":
            if any("第二十条" in cn.norm(c.text) for c in row.cells):
                self.header_rows = [row]  # a new sub-table: its columns follow
            header = build_header(self.header_rows, cn.article20_columns)
            if header.keys:
                self.a20_header = header

    def _label_only(self, labels: list[str]) -> None:
        """A row with a label and no numbers: the second line of a broken label."""
        if self.unmatched is not None:
            prev_labels, prev_row = self.unmatched
            key = cn.application_row("".join(prev_labels + labels))
            self.unmatched = None
            if key:
                self._application(key, prev_row, prev_labels + labels)
                return
        self.pending_label = labels

    # -- sections ------------------------------------------------------------------------

    def _article20(self, item: str, row: Row) -> None:
        header = self.a20_header
        expected = set(cn.ARTICLE20_ITEMS_2019.get(item, ())) | set(
            cn.ARTICLE20_ITEMS_2021.get(item, ()))
        if header is None or (expected and not expected & set(header.keys)):
            template = cn.ARTICLE20_ITEMS_2021 if self.generation == "2021" \
                else cn.ARTICLE20_ITEMS_2019
            keys = list(template.get(item, ()))
            if not keys:
                return
            header = Header(keys=keys)
        header = _positional_article20(item, row, header, self.generation)
        mapped = map_values(row, header)
        if item in self.article20:
            self.warnings.append(f"article20.{item}: printed twice, the first one kept")
            return
        out: dict = {}
        for key in header.keys:
            cell = mapped.cells.get(key)
            if key in cn.MONEY_COLUMNS:
                unit = money_unit_in(header.labels.get(key))
                num = cell_amount_wan_yuan(cell.text, unit) if cell else None
                out[key] = num.value if num else None
                if cell is not None and not cell.empty:
                    out["raw"] = cell.text.strip()
            else:
                out[key] = _value(cell)
        if mapped.how == "none":
            self.warnings.append(f"article20.{item}: cells could not be placed in columns")
        self.article20[item] = out

    def _application(self, key: str, row: Row, labels: list[str]) -> None:
        header = self.app_header
        if header is None or (len(header.keys) < len(cn.APPLICANT_COLUMNS)
                              and not (header.positions and header.trusted)):
            # a header whose labels were only partly read (wrapped PDF cells such as
            # 商业/企业): the national form's seven columns, in its order
            header = Header(keys=list(cn.APPLICANT_COLUMNS))
        constraints = []
        if "total" in header.keys and all(k in header.keys for k in cn.APPLICANT_PARTS):
            constraints.append(("total", cn.APPLICANT_PARTS))
        mapped = map_values(row, header, constraints)
        values = self._mapped_values(mapped, header, f"applications.{key}")
        label = cn.core(labels[-1]) if labels else ""
        if key in self.applications:
            # 2021: a (六) 其他处理 row carrying the group's sum, then its 3.其他 sub-row
            if key == "other" and self.app_labels.get(key, "").endswith("其他处理") \
                    and not label.endswith("其他处理"):
                self.applications[key] = values
                self.app_labels[key] = label
            elif self.applications[key] != values:
                self.warnings.append(f"applications.{key}: printed twice, the first one kept")
            return
        self.applications[key] = values
        self.app_labels[key] = label

    def _review(self, row: Row, labels: list[str]) -> None:
        header = self.review_header or _review_header([])
        if not labels and len(header.keys) != len(_REVIEW_CELLS) and \
                len([c for c in row.cells if not c.empty]) == len(_REVIEW_CELLS):
            # a header that named too little (PDF text printing it one character a line):
            # only this table's data row has fifteen cells, in the national order
            header = _review_header([])
        group = _first_match(labels, cn.review_group) if labels else None
        if group and "." not in header.keys[0]:  # one row per group
            constraints = [("total", ("upheld", "corrected", "other", "pending"))]
            mapped = map_values(row, header, constraints)
            values = self._mapped_values(mapped, header, f"review_litigation.{group}")
            self.review.setdefault(group, values)
            return
        if "." not in header.keys[0]:
            return
        if self.review:
            self.warnings.append("review_litigation: a second data row ignored")
            return
        constraints = [
            (f"{g}.total", tuple(f"{g}.{r}" for r in cn.REVIEW_RESULTS[:4]))
            for g in cn.REVIEW_GROUPS
        ]
        mapped = map_values(row, header, constraints)
        if mapped.how == "none" and not labels_are_groups(labels):
            # a stray line (a sentence with a year in it) under the header: not the data
            # row, which may still follow
            self.warnings.append("review_litigation: a row that is not the data row skipped")
            return
        values = self._mapped_values(mapped, header, "review_litigation")
        for dotted, value in values.items():
            g, r = dotted.split(".")
            self.review.setdefault(g, {})[r] = value
        self.section = None  # the table has one data row; what follows is something else

    def _mapped_values(self, mapped: Mapped, header: Header, where: str) -> dict:
        if mapped.how == "recovered" and mapped.recovered is not None:
            lost = [k for k, v in mapped.recovered.items() if v is None]
            self.warnings.append(
                f"{where}: the row lost cells in extraction; recovered from the table's sums"
                + (f", unknown: {', '.join(lost)}" if lost else "")
            )
            return {k: mapped.recovered.get(k) for k in header.keys}
        if mapped.how == "surplus" and mapped.recovered is not None:
            self.warnings.append(
                f"{where}: the row had more cells than columns; the table's sums single out "
                "which ones belong to it"
            )
            return {k: mapped.recovered.get(k) for k in header.keys}
        if mapped.how == "none":
            self.warnings.append(f"{where}: cells could not be placed in columns")
        return {k: _value(mapped.cells.get(k)) for k in header.keys}


def _positional_article20(item: str, row: Row, header: Header, generation: str | None) -> Header:
    """The header to read a 第二十条 item row by, when the printed header lost names.

    A header cell printed over two lines may keep only its first (本年新 | 本年新 |
    对外公开总数量: 制作数量 / 公开数量 lost), so it names fewer of the item's columns than
    the row has values. Every generation prints an item's columns in one fixed national
    order, so a row holding exactly as many values as its generation has columns for the
    item is read by position. The generation is the one whose columns the header does
    name, else the document's.
    """
    named = set(header.keys)
    by_gen = {"2019": cn.ARTICLE20_ITEMS_2019, "2021": cn.ARTICLE20_ITEMS_2021}
    gens = [g for g, t in by_gen.items() if named & set(t.get(item, ()))]
    gen = gens[0] if len(gens) == 1 else ("2021" if generation == "2021" else "2019")
    keys = list(by_gen[gen].get(item, ()))
    if keys and len(named & set(keys)) < len(keys) and row.numeric_count == len(keys):
        return Header(keys=keys)
    return header


def _scan(tables: list[Table], generation: str | None) -> _Scan:
    scan = _Scan(generation=generation)
    for table in tables:
        rows = table_rows(table)
        for row in rows:
            scan.feed(row)
        scan.header_kind = None
        if scan.section == "legacy_stats" and rows and rows[0].trusted:
            # an HTML 2008 table ends with its <table>; a text one may go on after a page break
            scan.section = None
    return scan


# ---------------------------------------------------------------------------------------
# assembly


def _article20(scan: _Scan, generation: str | None) -> dict | None:
    if not scan.article20:
        return None
    found = set(scan.article20)
    gen = generation
    if gen not in ("2019", "2021"):
        cols = {k for v in scan.article20.values() for k in v}
        gen = "2021" if cols & {"issued", "repealed", "in_force"} else "2019"
    template = cn.ARTICLE20_ITEMS_2021 if gen == "2021" else cn.ARTICLE20_ITEMS_2019
    out: dict = {}
    for item, cols in template.items():
        out[item] = scan.article20.get(item) or dict.fromkeys(cols)
    for item in scan.article20:
        if item not in out:
            out[item] = scan.article20[item]
    missing = [i for i in template if i not in found]
    if missing:
        scan.warnings.append(f"article20: not found: {', '.join(missing)}")
    return out


def _applications(scan: _Scan, generation: str | None) -> dict | None:
    rows = scan.applications
    known = [k for k in rows if k in cn.APPLICATION_ROWS_2021]
    # One row is enough under a header that was read, when all seven applicant cells are
    # filled (a stored copy may stop after the first row); alone and headless it is not.
    lone = len(known) == 1 and scan.app_header is not None and all(
        rows[known[0]].get(c) is not None for c in cn.APPLICANT_COLUMNS
    )
    if len(known) < 2 and not lone:
        return None
    split = "other_no_correction" in rows or "other_no_fee" in rows or generation == "2021"
    template = cn.APPLICATION_ROWS_2021 if split else cn.APPLICATION_ROWS_2019
    out: dict = {}
    for key in template:
        out[key] = rows.get(key) or dict.fromkeys(cn.APPLICANT_COLUMNS)
    for key, value in rows.items():
        if key not in out:
            out[key] = value
    missing = [k for k in template if k not in rows]
    if missing:
        scan.warnings.append(f"applications: rows not found: {', '.join(missing)}")
    return out


def _review(scan: _Scan) -> dict | None:
    if not scan.review:
        return None
    return {
        g: {r: (scan.review.get(g) or {}).get(r) for r in cn.REVIEW_RESULTS}
        for g in cn.REVIEW_GROUPS
    }


def _legacy(scan: _Scan) -> list[dict] | None:
    if not scan.legacy_tables:
        return None
    return [row for t in scan.legacy_tables for row in t.rows]


def _read(tables: list[Table], generation: str | None) -> tuple[dict, list[str]]:
    scan = _scan(tables, generation)
    found = {
        "article20": _article20(scan, generation),
        "applications": _applications(scan, generation),
        "review_litigation": _review(scan),
        "legacy_stats": _legacy(scan),
    }
    return found, scan.warnings


def _complete(result: dict) -> bool:
    return bool(result["legacy_stats"]) or all(result[s] is not None for s in SECTIONS[:3])


def extract_statistics(doc: Document) -> dict:
    """The statistics of `doc` in the shape of REPORT_FORMATS.md, plus the checks.

    Returns {article20, applications, review_litigation, legacy_stats, checks, warnings}.
    Sections the document does not have are None; `checks` holds one entry per check
    whose inputs were found ({name, expected, actual, ok}; ok is None when an input is
    missing); `warnings` says what could not be read or was recovered. The real grids of
    `doc.tables` are read first; sections still missing are looked for in the tables
    recovered from `doc.text`.
    """
    result: dict = dict.fromkeys(SECTIONS)
    warnings: list[str] = []
    generation = detect_generation(doc.tables)
    if doc.tables:
        found, found_warnings = _read(doc.tables, generation)
        result.update(found)
        warnings += found_warnings
    if not _complete(result) and doc.text:
        text_tables = text_to_tables(doc.text)
        generation = generation or detect_generation(text_tables)
        found, found_warnings = _read(text_tables, generation)
        taken = [s for s in SECTIONS if result[s] is None and found[s] is not None]
        for section in taken:
            result[section] = found[section]
        # only the warnings about what the text reading contributed
        warnings += [w for w in found_warnings if any(w.startswith(s) for s in taken)]
    result["checks"] = run_checks(result["applications"], result["review_litigation"])
    result["warnings"] = list(dict.fromkeys(warnings))
    return result
