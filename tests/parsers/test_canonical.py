"""Printed labels → canonical keys, tolerant of the variants real reports print."""

from __future__ import annotations

import pytest

from parsers import canonical as cn


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("一、本年新收政府信息公开申请数量", "new_received"),
        ("二、上年结转政府信息公开申请数量", "carried_over"),
        ("三、 本年 度办 理结 果 （一）予以公开", "granted"),
        ("（一）予以公开", "granted"),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_granted"),
        ("1. 属于国家秘密", "denied_state_secret"),
        ("1．属于国家秘密", "denied_state_secret"),
        ("2.其他法律行政法规禁止公开", "denied_other_laws"),
        ("2.其他法律法规禁止公开", "denied_other_laws"),  # seed 003 wording
        ("3. 危及“三安全一稳定”", "denied_security_stability"),
        ("4. 保护第三方合法", "denied_third_party"),  # seed 001: broken over two lines
        ("4.保护第三方合法权益", "denied_third_party"),
        ("5. 属于三类内部事务信息", "denied_internal_affairs"),
        ("6.属于四类过程性信息", "denied_process_info"),
        ("7.属于行政执法案卷", "denied_enforcement_files"),
        ("8.属于行政查询事项", "denied_query_matters"),
        ("1.本机关不掌握相关政府信息", "unable_not_held"),
        ("2.没有现成信息需要另行制作", "unable_needs_creation"),
        ("3.补正后申请内容仍不明确", "unable_unclear"),
        ("1.信访举报投诉类申请", "not_processed_complaint"),
        ("2.重复申请", "not_processed_duplicate"),
        ("3.要求提供公开出版物", "not_processed_publication"),
        ("4.无正当理由大量反复申请", "not_processed_excessive"),
        ("5.要求行政机关确认或重新出具已获取信息", "not_processed_confirmation"),
        ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         "other_no_correction"),
        ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
         "other_no_fee"),
        ("3.其他", "other"),
        ("(六) 其他处理", "other"),
        ("（六）其他处理", "other"),
        ("(七) 总计", "total_handled"),
        ("（七）总计", "total_handled"),
        ("四、结转下年度继续办理", "carried_forward"),
    ],
)
def test_application_rows(label: str, key: str) -> None:
    assert cn.application_row(label) == key


@pytest.mark.parametrize("label", ["三、本年度办理结果", "（三）不予公开", "权益", "申请人情况", ""])
def test_application_group_labels_are_not_rows(label: str) -> None:
    assert cn.application_row(label) is None


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("自然人", "natural_person"),
        ("商业企业", "commercial"),
        ("科研机构", "research"),
        ("社会公益组织", "social_welfare"),
        ("法律服务机构", "legal_services"),
        ("其他", "other_org"),
        ("总计", "total"),
        ("法人或其他组织", None),
        ("申请人情况", None),
    ],
)
def test_applicant_columns(label: str, key: str | None) -> None:
    assert cn.applicant_column(label) == key


def test_joined_header_cells_name_several_columns() -> None:
    assert cn.applicant_columns("自然人 法人或其他组织 总计") == ["natural_person", "total"]
    assert cn.applicant_columns("商业企业 科研机构 社会公益组织 法律服务机构 其他") == [
        "commercial", "research", "social_welfare", "legal_services", "other_org"]
    assert cn.article20_columns("信息内容 本年新制作数量 本年新公开数量 对外公开总数量") == [
        "made", "published", "total_public"]


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("规章", "rules"),
        ("规范性文件", "normative_documents"),
        ("行政规范性文件", "normative_documents"),
        ("行政规范性", "normative_documents"),  # a cell cut short on a narrow column (102)
        ("规范性", "normative_documents"),
        ("行政许可", "licensing"),
        ("其他对外管理服务事项", "other_services"),
        ("行政处罚", "punishment"),
        ("行政强制", "coercion"),
        ("行政事业性收费", "fees"),
        ("政府集中采购", "procurement"),
        ("信息内容", None),
        ("第二十条第（一）项", None),
    ],
)
def test_article20_items(label: str, key: str | None) -> None:
    assert cn.article20_item(label) == key


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("本年新制作数量", "made"),
        ("本年新公开数量", "published"),
        ("对外公开总数量", "total_public"),
        ("本年制发件数", "issued"),
        ("本年废止件数", "repealed"),
        ("现行有效件数", "in_force"),
        ("上一年项目数量", "previous"),
        ("本年增/减", "change"),
        ("处理决定数量", "decisions"),
        ("本年处理决定数量", "decisions"),
        ("本年收费金额（单位：万元）", "amount_wan_yuan"),
        ("采购项目数量", "projects"),
        ("采购总金额", "amount_wan_yuan"),
    ],
)
def test_article20_columns(label: str, key: str) -> None:
    assert cn.article20_column(label) == key


@pytest.mark.parametrize(
    ("label", "group", "result"),
    [
        ("行政复议", "review", None),
        ("未经复议直接起诉", "litigation_direct", None),
        ("复议后起诉", "litigation_after_review", None),
        ("结 果 维 持", None, "upheld"),
        ("结果纠正", None, "corrected"),
        ("其他结 果", None, "other"),
        ("尚未审结", None, "pending"),
        ("总 计", None, "total"),
    ],
)
def test_review_labels(label: str, group: str | None, result: str | None) -> None:
    assert cn.review_group(label) == group
    if group is None:
        assert cn.review_result(label) == result


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "active_total"),
        ("主动公开政府信息数", "active_total"),
        ("其中：主动公开规范性文件数", "active_normative_docs"),
        ("（一）收到申请数", "requests_received"),
        ("（二）申请办结数", "requests_concluded"),
        ("四、行政复议数量", "review_total"),
        ("五、行政诉讼数量", "litigation_total"),
        ("六、举报投诉数量", "complaints_total"),
        ("七、依申请公开信息收取的费用", "fees_wan_yuan"),
        ("（三）从事政府信息公开工作人员数", "staff_total"),
        ("（三）接受培训人员数", "training_people"),
        ("制发规范性文件总数", None),
        ("1.专职人员数（不包括政府公报及政府网站工作人员数）", None),
        ("（一）维持具体行政行为数", None),
        ("（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", None),
        ("1.按时办结数", None),
    ],
)
def test_legacy_keys(label: str, key: str | None) -> None:
    assert cn.legacy_key(label) == key


def test_core_strips_numbering_spaces_and_qizhong() -> None:
    assert cn.core("三、 本年 度办 理结 果") == "本年度办理结果"
    assert cn.core("（三） 不予 公开") == "不予公开"
    assert cn.core("其中：主动公开规范性文件数") == "主动公开规范性文件数"
    assert cn.split_numbering("（三）申请答复数") == ("（三）", "申请答复数")
    assert cn.split_numbering("三、(一)予以公开") == ("三、(一)", "予以公开")


def test_to_simplified_folds_report_words() -> None:
    assert cn.to_simplified("某縣人民政府辦公廳政府信息公開工作年度報告") == (
        "某县人民政府办公厅政府信息公开工作年度报告"
    )
    assert cn.to_simplified(None) == ""


def test_traditional_script_is_folded_whole_and_simplified_left_alone() -> None:
    # characters outside the short table (鳳, 鎮, 處, 強) come with the conversion
    assert cn.to_simplified("柞水縣鳳凰鎮人民政府") == "柞水县凤凰镇人民政府"
    assert cn.to_simplified("行政處罰、行政強制") == "行政处罚、行政强制"
    # a simplified text is never converted: 乾 is a valid simplified character in names
    assert cn.to_simplified("乾县人民政府") == "乾县人民政府"


def test_traditional_labels_map_like_simplified_ones() -> None:
    assert cn.article20_item("行政處罰") == "punishment"
    assert cn.article20_columns("本年處理決定數量") == ["decisions"]
    assert cn.application_row("二、上年結轉政府信息公開申請數量") == "carried_over"


def test_fees_label_with_the_xing_typo() -> None:
    assert cn.article20_item("行政事业型收费") == "fees"  # 061: 型 for 性
    assert cn.article20_item("行政事业性收费") == "fees"


def test_taiwan_converted_label_for_normative_documents() -> None:
    # a zh-TW mirror turns 文件 into 檔案 (087)
    assert cn.article20_item("規範性檔案(行政機關制定發布的決定、公告)") == "normative_documents"
    assert cn.article20_item("其他主動公開檔案") is None
