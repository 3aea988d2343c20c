"""Text → table grids, for each shape statistics tables arrive in as text.

The excerpts are real layouts: seed 001 (PDF, tab-separated, lost cells, a label broken
over two lines, spaced-out labels), seed 003 (tab-separated), seed 004 and seed 000 (DOCX:
one cell per line), plus pipe tables and space-aligned PDF text.
"""

from __future__ import annotations

from parsers.textgrid import PADDING, split_spaced, text_to_tables


def _real(table, r: int) -> list[str]:
    """The cells row r really had (padding dropped)."""
    return [c for c, o in zip(table.rows[r], table.origin[r], strict=True) if o != PADDING]


TSV_001 = (
    "三、收到和处理政府信息公开申请情况\n"
    "\n"
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况"
    "\t\t\t\t\t\t总计\t\n"
    "\t\t自然人\t法人或其他组织\t\t\t\t\t\t\n"
    "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t\n"
    "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t\n"
    "三、 本年 度办 理结 果\t（一）予以公开\t0\t0\t0\t0\t0\t0\t0\t\n"
    "\t（三） 不予 公开\t1. 属于国家秘密\t0\t0\t0\t0\t0\t0\t0\n"
    "4. 保护第三方合法\t\t0\t0\t0\t0\t0\t0\t0\t\n"
    "\n"
    "\t权益\t\t\t\t\t\t\n"
    "\t5. 属于三类内部事务信息\t0\t0\t0\t0\t0\t0\n"
    "四、结转下年度继续办理\t\t\t0\t0\t0\t0\t0\t0\n"
    "\n"
    "四、因政府信息公开工作被申请复议、提起行政诉讼情况\n"
)


def test_tab_separated_rows_keep_empty_cells_and_mark_padding() -> None:
    tables = text_to_tables(TSV_001)
    assert len(tables) == 1
    t = tables[0]
    assert t.source == "text"
    assert len(t.rows) == 10  # a single blank line inside the table does not end it
    assert t.rows[3][:3] == ["一、本年新收政府信息公开申请数量", "", "0"]
    assert t.rows[4][0] == "三、 本年 度办 理结 果"
    assert _real(t, 6)[0] == "4. 保护第三方合法"
    assert _real(t, 7)[:2] == ["", "权益"]  # the second line of the broken label
    # the row that lost a cell is shorter than the header: the padding says so
    assert len(_real(t, 8)) == 8
    assert t.origin[8][-1] == PADDING
    assert all(len(r) == t.width for r in t.rows)


REVIEW_001 = (
    "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t\n"
    "结 果 维 持\t结 果 纠 正\t其 他 结 果\t尚 未 审 结\t总 计\t未经复议直接起诉"
    "\t\t\t\t\t复议后起诉\t\t\t\t\n"
    "\t\t\t\t\t结 果 维 持\t结 果 纠 正\t其 他 结 果\t尚 未 审 结\t总 计"
    "\t结 果 维 持\t结 果 纠 正\t其 他 结 果\t尚 未 审 结\t总 计\n"
    "\t\t\t\t\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n"
)


def test_blank_cells_of_a_tab_separated_row_stay_in_place() -> None:
    t = text_to_tables(REVIEW_001)[0]
    assert t.rows[3][:5] == ["", "", "", "", ""]
    assert t.rows[3][5:] == ["0"] * 10
    assert len(_real(t, 3)) == 15


DOCX_004 = (
    "三、收到和处理政府信息公开申请情况\n"
    "\n"
    "\t（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n"
    "\t申请人情况\n"
    "\n"
    "\t\n"
    "\t自然人\n"
    "\t法人或其他组织\n"
    "\t总计\n"
    "\n"
    "\t一、本年新收政府信息公开申请数量\n"
    "\t2\n\t0\n\t0\n\t0\n\t0\n\t0\n\t2\n"
    "\n"
    "\t\n"
    "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n"
    "\t0\n\t0\n\t0\n\t0 \n\t0\n\t0\n\t　0\n"
    "\n"
    "\n"
    "区司法局在门户网站搭建了依申请公开政府信息通道，所有登录我局门户网站的网民都可以通过在线申请。\n"
    "\n"
    "\t行政复议\n"
    "\t行政诉讼\n"
    "\n"
    "\t结果\n"
    "\n"
    "维持\n"
    "\t结果纠正\n"
    "\t其他结果\n"
    "\n"
    "\t0\n\t0\n\t0\n"
    "\n"
    "\n"
    "2020年度，本单位无因政府信息公开被依申请行政复议、被提起行政诉讼的情况。\n"
)


def test_one_cell_per_line_rows_end_at_blank_lines() -> None:
    tables = text_to_tables(DOCX_004)
    assert len(tables) == 2
    apps = tables[0]
    assert _real(apps, 0) == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                             "申请人情况"]
    assert _real(apps, 1) == ["", "自然人", "法人或其他组织", "总计"]  # empty cell kept
    assert _real(apps, 2) == ["一、本年新收政府信息公开申请数量", "2", "0", "0", "0", "0", "0", "2"]
    assert _real(apps, 3)[-1] == "0"  # "\t　0": the full-width padding is stripped


def test_a_cell_paragraph_after_a_blank_line_continues_the_cell() -> None:
    review = text_to_tables(DOCX_004)[1]
    assert _real(review, 0) == ["行政复议", "行政诉讼"]
    assert _real(review, 1) == ["结果\n维持", "结果纠正", "其他结果"]
    assert _real(review, 2) == ["0", "0", "0"]


DOCX_000 = (
    "自治区司法厅2018年度政府信息公开统计表\n"
    "\t统　计　指　标\n"
    "\t单位\n"
    "\t统计数\n"
    "\n"
    "\t一、主动公开情况\n"
    "\t——\n"
    "\t　　　　\n"
    "\n"
    "\t　　（一）主动公开政府信息数\n"
    "　　　　（不同渠道和方式公开相同信息计1条）\n"
    "\t条\n"
    "\t489\n"
)


def test_a_cell_second_line_without_tab_joins_the_cell() -> None:
    t = text_to_tables(DOCX_000)[0]
    assert _real(t, 0) == ["统　计　指　标", "单位", "统计数"]
    assert _real(t, 1) == ["一、主动公开情况", "——", ""]
    assert _real(t, 2) == ["（一）主动公开政府信息数\n（不同渠道和方式公开相同信息计1条）", "条", "489"]


def test_tab_indented_paragraphs_are_not_a_table() -> None:
    text = "\t一、总体情况\n\n\t2020年，区司法局在上级部门的正确领导下开展工作。\n\n\t二、主动公开\n"
    assert text_to_tables(text) == []


def test_pipe_tables_with_and_without_borders() -> None:
    text = (
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
        "|---|---|---|---|\n"
        "| 规章 | 0 | 0 | 0 |\n"
        "行政规范性文件 | 2 | 1 | 9\n"
    )
    t = text_to_tables(text)[0]
    assert t.rows == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "2", "1", "9"],
    ]


def test_split_spaced_keeps_spaced_labels_whole_and_numbers_apart() -> None:
    assert split_spaced("三、 本年 度办 理结 果 （一）予以公开 0 0 0 0 0 0 0") == [
        "三、 本年 度办 理结 果 （一）予以公开", "0", "0", "0", "0", "0", "0", "0"]
    assert split_spaced("三、本年度办理结果   （一）予以公开   1   0") == [
        "三、本年度办理结果", "（一）予以公开", "1", "0"]
    assert split_spaced("政府集中采购 1 2739691.05 元") == ["政府集中采购", "1", "2739691.05 元"]
    assert split_spaced("（一）收到申请数 件 1") == ["（一）收到申请数", "件", "1"]
    assert split_spaced("4. 保护第三方合法 0 0") == ["4. 保护第三方合法", "0", "0"]
    assert split_spaced("行政许可  2  -1  0") == ["行政许可", "2", "-1", "0"]


SPACED_PDF = (
    "二、主动公开政府信息情况\n"
    "第二十条第（五）项\n"
    "信息内容  上一年项目数量  本年增/减  处理决定数量\n"
    "行政许可  2  -1  0\n"
    "其他对外管理服务事项  4  +4  0\n"
    "\n"
    "本机关严格执行有关规定，认真做好各项工作。\n"
)


def test_space_aligned_rows_take_the_header_lines_above_them() -> None:
    t = text_to_tables(SPACED_PDF)[0]
    assert _real(t, 0) == ["二、主动公开政府信息情况"]
    assert _real(t, 2) == ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]
    assert _real(t, 3) == ["行政许可", "2", "-1", "0"]
    assert len(t.rows) == 5


def test_a_label_line_followed_by_one_value_per_line_is_one_row() -> None:
    text = "信息内容\n上一年项目数量\n本年增/减\n处理决定数量\n行政处罚\n0\n+1\n0\n行政强制\n0\n0\n0\n"
    t = text_to_tables(text)[0]
    assert _real(t, 4) == ["行政处罚", "0", "+1", "0"]
    assert _real(t, 5) == ["行政强制", "0", "0", "0"]


def test_prose_with_numbers_is_not_a_table() -> None:
    text = (
        "2019年受理法律援助案件234件，已办结100余件。\n"
        "电话线索 13 批 112 件) 群众信访件, 已全部办结。\n"
        "\n- 3 -\n\n"
    )
    assert text_to_tables(text) == []


def test_one_cell_per_paragraph_keeps_the_first_row() -> None:
    text = "信息内容\n\n甲列\n\n乙列\n\n规章\n\n1\n\n2\n\n规范性文件\n\n3\n\n4\n"
    [table] = text_to_tables(text)
    rows = [_real(table, r) for r in range(len(table.rows))]
    assert ["规章", "1", "2"] in rows and ["规范性文件", "3", "4"] in rows


def _only_table_rows(text: str) -> list[list[str]]:
    """The real cells of each row of the one table in `text`."""
    [table] = text_to_tables(text)
    return [_real(table, r) for r in range(len(table.rows))]


def test_cells_closed_by_pipes_one_a_line() -> None:
    text = "说明。\n第二十条第(一)项 |\n||||\n信息内容 |\n规章 |\n0 |\n5 |\n|\n规范性文件\n|\n7 |\n8 |\n|\n"
    rows = _only_table_rows(text)
    assert ["规章", "0", "5"] in rows and ["规范性文件", "7", "8"] in rows


def test_a_last_value_line_that_lost_its_pipe_is_still_a_cell() -> None:
    """061: every cell ends in ' |' except the row's last, where the copy ends."""
    text = (
        "二、上年结转政府信息公开申请数量 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n||\n"
        "三、本年度办理结果\n|\n(一)予以公开 |\n0 |\n0 |\n0 |\n0 |\n1 |\n0 |\n0 "
    )
    rows = _only_table_rows(text)
    assert ["(一)予以公开", "0", "0", "0", "0", "1", "0", "0"] in rows


def test_a_lone_pipe_line_is_an_empty_cell_that_keeps_the_columns() -> None:
    """086: the six applicant cells are empty ('|' lines) and only 总计 is printed."""
    text = (
        "一、本年新收政府信息公开申请数量 |\n|\n|\n|\n|\n|\n|\n0 |\n||\n"
        "二、上年结转政府信息公开申请数量 |\n|\n|\n|\n|\n|\n|\n0 |\n||\n"
    )
    rows = _only_table_rows(text)
    assert rows[0] == ["一、本年新收政府信息公开申请数量", "", "", "", "", "", "", "0"]
    assert rows[1][-1] == "0" and len(rows[1]) == 8


def test_cells_one_a_line_between_lone_pipes_with_filler_pipes() -> None:
    """125: every cell of a pipe row opens a new line ('| ' / ' 规章  | ' / ' 0  | '); a
    one-value row ends with the row's filler pipes after a space (' 0  | ||')."""
    text = (
        "| \n 规章  | \n 0  | \n 0  | \n 0  | \n"
        "| \n 第二十条第(五)项  | |||\n| \n 信息内容  | \n 本年处理决定数量  | ||\n"
        "| \n 行政许可  | \n 7  | ||\n| \n 行"
    )
    rows = [[c for c in row if c] for table in text_to_tables(text) for row in table.rows]
    assert ["规章", "0", "0", "0"] in rows
    assert ["行政许可", "7"] in rows
