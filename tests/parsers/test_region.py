"""locate(): region, adcode, level and kind of agency names from every level and region.

The cases are the list docs/gazetteer.md measures the gazetteer packages on, plus a held-out
list written after the rules were settled. They include the hard classes: autonomous
regions and prefectures, county-level cities, 旗/盟, names that drop their province, county
names shared by several places (朝阳区, 鼓楼区, 新华区, 南山区, 通州区…), divisions renamed
or abolished since 2008 (襄樊市, 崇文区, 莱芜市, 楚州区), townships, central organs, and
generic prefixes (自治区司法厅, 市司法局) that only a site hint can place.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.region import locate

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"

# name, site hint, province, city, county, adcode(s) ("a|b": either the code the division had
# then or its successor's; "": none may be asserted), level, kind
CASES = [
    # --- development list: the names docs/gazetteer.md measures the packages on ---
    (
        "宁夏回族自治区司法厅", None,
        "宁夏回族自治区", None, None, "640000", "province", "department",
    ),
    (
        "宁夏回族自治区人民政府办公厅", None,
        "宁夏回族自治区", None, None, "640000", "province", "government",
    ),
    ("广东省人民政府", None, "广东省", None, None, "440000", "province", "government"),
    ("浙江省发展和改革委员会", None, "浙江省", None, None, "330000", "province", "department"),
    ("北京市人民政府", None, "北京市", None, None, "110000", "province", "government"),
    ("上海市教育委员会", None, "上海市", None, None, "310000", "province", "department"),
    ("内蒙古自治区财政厅", None, "内蒙古自治区", None, None, "150000", "province", "department"),
    (
        "新疆维吾尔自治区人民政府", None,
        "新疆维吾尔自治区", None, None, "650000", "province", "government",
    ),
    (
        "广西壮族自治区交通运输厅", None,
        "广西壮族自治区", None, None, "450000", "province", "department",
    ),
    ("甘肃省卫生健康委员会", None, "甘肃省", None, None, "620000", "province", "department"),
    (
        "西藏自治区人民政府办公厅", None,
        "西藏自治区", None, None, "540000", "province", "government",
    ),
    ("吉林省人民政府", None, "吉林省", None, None, "220000", "province", "government"),
    ("黑龙江省民政厅", None, "黑龙江省", None, None, "230000", "province", "department"),
    ("司法部", None, None, None, None, "", "central", "department"),
    ("国务院办公厅", None, None, None, None, "", "central", "government"),
    ("国家统计局", None, None, None, None, "", "central", "department"),
    ("自治区司法厅", None, None, None, None, "", "province", "department"),
    (
        "自治区司法厅", "宁夏回族自治区司法厅门户网站",
        "宁夏回族自治区", None, None, "640000", "province", "department",
    ),
    ("平凉市司法局", None, "甘肃省", "平凉市", None, "620800", "city", "department"),
    ("中卫市人民政府", None, "宁夏回族自治区", "中卫市", None, "640500", "city", "government"),
    (
        "恩施土家族苗族自治州人民政府", None,
        "湖北省", "恩施土家族苗族自治州", None, "422800", "city", "government",
    ),
    (
        "延边朝鲜族自治州教育局", None,
        "吉林省", "延边朝鲜族自治州", None, "222400", "city", "department",
    ),
    (
        "大兴安岭地区行政公署", None,
        "黑龙江省", "大兴安岭地区", None, "232700", "city", "government",
    ),
    (
        "阿克苏地区行政公署", None,
        "新疆维吾尔自治区", "阿克苏地区", None, "652900", "city", "government",
    ),
    ("苏州市人民政府办公室", None, "江苏省", "苏州市", None, "320500", "city", "government"),
    ("朝阳市人民政府", None, "辽宁省", "朝阳市", None, "211300", "city", "government"),
    ("吉林市人民政府", None, "吉林省", "吉林市", None, "220200", "city", "government"),
    ("三沙市人民政府", None, "海南省", "三沙市", None, "460300", "city", "government"),
    ("广州市生态环境局", None, "广东省", "广州市", None, "440100", "city", "department"),
    ("深圳市交通运输局", None, "广东省", "深圳市", None, "440300", "city", "department"),
    ("杭州市发改委", None, "浙江省", "杭州市", None, "330100", "city", "department"),
    ("东莞市人民政府", None, "广东省", "东莞市", None, "441900", "city", "government"),
    ("嘉峪关市人民政府", None, "甘肃省", "嘉峪关市", None, "620200", "city", "government"),
    ("阿拉善盟行政公署", None, "内蒙古自治区", "阿拉善盟", None, "152900", "city", "government"),
    (
        "伊犁哈萨克自治州人民政府", None,
        "新疆维吾尔自治区", "伊犁哈萨克自治州", None, "654000", "city", "government",
    ),
    (
        "黔东南苗族侗族自治州人民政府", None,
        "贵州省", "黔东南苗族侗族自治州", None, "522600", "city", "government",
    ),
    ("西安市人民政府", None, "陕西省", "西安市", None, "610100", "city", "government"),
    ("儋州市人民政府", None, "海南省", "儋州市", None, "460400", "city", "government"),
    ("国家税务总局宁波市税务局", None, "浙江省", "宁波市", None, "330200", "city", "department"),
    ("市司法局", "平凉市人民政府", "甘肃省", "平凉市", None, "620800", "city", "department"),
    (
        "中卫市沙坡头区司法局", None,
        "宁夏回族自治区", "中卫市", "沙坡头区", "640502", "county", "department",
    ),
    (
        "沙坡头区司法局", None,
        "宁夏回族自治区", "中卫市", "沙坡头区", "640502", "county", "department",
    ),
    ("隆德县司法局", None, "宁夏回族自治区", "固原市", "隆德县", "640423", "county", "department"),
    ("宁波市鄞州区司法局", None, "浙江省", "宁波市", "鄞州区", "330212", "county", "department"),
    ("鄞州区司法局", None, "浙江省", "宁波市", "鄞州区", "330212", "county", "department"),
    ("北京市朝阳区人民政府", None, "北京市", None, "朝阳区", "110105", "county", "government"),
    ("长春市朝阳区人民政府", None, "吉林省", "长春市", "朝阳区", "220104", "county", "government"),
    ("朝阳区人民政府", None, None, None, None, "", "county", "government"),
    (
        "朝阳区人民政府", "北京市朝阳区人民政府门户网站",
        "北京市", None, "朝阳区", "110105", "county", "government",
    ),
    ("南京市鼓楼区人民政府", None, "江苏省", "南京市", "鼓楼区", "320106", "county", "government"),
    ("福州市鼓楼区人民政府", None, "福建省", "福州市", "鼓楼区", "350102", "county", "government"),
    ("徐州市鼓楼区财政局", None, "江苏省", "徐州市", "鼓楼区", "320302", "county", "department"),
    ("开封市鼓楼区人民政府", None, "河南省", "开封市", "鼓楼区", "410204", "county", "government"),
    ("鼓楼区人民政府", None, None, None, None, "", "county", "government"),
    (
        "石家庄市新华区人民政府", None,
        "河北省", "石家庄市", "新华区", "130105", "county", "government",
    ),
    ("沧州市新华区人民政府", None, "河北省", "沧州市", "新华区", "130902", "county", "government"),
    ("新华区司法局", None, None, None, None, "", "county", "department"),
    ("南山区人民政府", None, None, None, None, "", "county", "government"),
    ("西湖区人民政府", None, None, None, None, "", "county", "government"),
    ("江北区人民政府", None, None, None, None, "", "county", "government"),
    ("通州区人民政府", None, None, None, None, "", "county", "government"),
    ("南通市通州区人民政府", None, "江苏省", "南通市", "通州区", "320612", "county", "government"),
    ("昆山市人民政府", None, "江苏省", "苏州市", "昆山市", "320583", "county", "government"),
    ("义乌市市场监督管理局", None, "浙江省", "金华市", "义乌市", "330782", "county", "department"),
    (
        "恩施市人民政府", None,
        "湖北省", "恩施土家族苗族自治州", "恩施市", "422801", "county", "government",
    ),
    (
        "长阳土家族自治县人民政府", None,
        "湖北省", "宜昌市", "长阳土家族自治县", "420528", "county", "government",
    ),
    ("海淀区教育委员会", None, "北京市", None, "海淀区", "110108", "county", "department"),
    ("浦东新区人民政府", None, "上海市", None, "浦东新区", "310115", "county", "government"),
    ("济源市人民政府", None, "河南省", None, "济源市", "419001", "county", "government"),
    ("仙桃市人民政府", None, "湖北省", None, "仙桃市", "429004", "county", "government"),
    (
        "石河子市人民政府", None,
        "新疆维吾尔自治区", None, "石河子市", "659001", "county", "government",
    ),
    ("神农架林区人民政府", None, "湖北省", None, "神农架林区", "429021", "county", "government"),
    ("重庆市江北区人民政府", None, "重庆市", None, "江北区", "500105", "county", "government"),
    ("天津市和平区人民政府", None, "天津市", None, "和平区", "120101", "county", "government"),
    ("沈阳市和平区教育局", None, "辽宁省", "沈阳市", "和平区", "210102", "county", "department"),
    ("和平区人民政府", None, None, None, None, "", "county", "government"),
    ("舟山市普陀区人民政府", None, "浙江省", "舟山市", "普陀区", "330903", "county", "government"),
    ("睢宁县人民政府", None, "江苏省", "徐州市", "睢宁县", "320324", "county", "government"),
    ("白城市洮北区人民政府", None, "吉林省", "白城市", "洮北区", "220802", "county", "government"),
    ("杭州市西湖区财政局", None, "浙江省", "杭州市", "西湖区", "330106", "county", "department"),
    ("深圳市福田区教育局", None, "广东省", "深圳市", "福田区", "440304", "county", "department"),
    ("珠海市香洲区人民政府", None, "广东省", "珠海市", "香洲区", "440402", "county", "government"),
    (
        "吉林省吉林市船营区人民政府", None,
        "吉林省", "吉林市", "船营区", "220204", "county", "government",
    ),
    ("会宁县人民政府", None, "甘肃省", "白银市", "会宁县", "620422", "county", "government"),
    (
        "宁夏回族自治区固原市原州区人民政府", None,
        "宁夏回族自治区", "固原市", "原州区", "640402", "county", "government",
    ),
    (
        "广东省深圳市南山区人民政府", None,
        "广东省", "深圳市", "南山区", "440305", "county", "government",
    ),
    (
        "昌吉回族自治州呼图壁县人民政府", None,
        "新疆维吾尔自治区", "昌吉回族自治州", "呼图壁县", "652323", "county", "government",
    ),
    (
        "内蒙古自治区鄂尔多斯市准格尔旗人民政府", None,
        "内蒙古自治区", "鄂尔多斯市", "准格尔旗", "150622", "county", "government",
    ),
    (
        "喀喇沁左翼蒙古族自治县人民政府", None,
        "辽宁省", "朝阳市", "喀喇沁左翼蒙古族自治县", "211324", "county", "government",
    ),
    (
        "赛罕区人民政府", None,
        "内蒙古自治区", "呼和浩特市", "赛罕区", "150105", "county", "government",
    ),
    ("襄樊市人民政府", None, "湖北省", "襄樊市", None, "420600", "city", "government"),
    (
        "湖北省襄樊市襄城区人民政府", None,
        "湖北省", "襄阳市", "襄城区", "420602", "county", "government",
    ),
    ("北京市崇文区人民政府", None, "北京市", None, None, "110103|110101", "county", "government"),
    ("莱芜市人民政府", None, "山东省", None, None, "371200|370116", "city", "government"),
    ("章丘市人民政府", None, "山东省", "济南市", None, "370181|370114", "county", "government"),
    (
        "杭州市下城区人民政府", None,
        "浙江省", "杭州市", None, "330103|330105", "county", "government",
    ),
    ("铜仁地区行政公署", None, "贵州省", None, None, "522200|520600", "city", "government"),
    ("淮安市楚州区人民政府", None, "江苏省", "淮安市", "楚州区", "320803", "county", "government"),
    (
        "北京市海淀区中关村街道办事处", None,
        "北京市", None, "海淀区", "110108", "township", "township",
    ),
    ("鄞州区首南街道办事处", None, "浙江省", "宁波市", "鄞州区", "330212", "township", "township"),
    (
        "隆德县城关镇人民政府", None,
        "宁夏回族自治区", "固原市", "隆德县", "640423", "township", "township",
    ),
    (
        "沙坡头区宣和镇人民政府", None,
        "宁夏回族自治区", "中卫市", "沙坡头区", "640502", "township", "township",
    ),
    (
        "长阳土家族自治县龙舟坪镇人民政府", None,
        "湖北省", "宜昌市", "长阳土家族自治县", "420528", "township", "township",
    ),
    (
        "恩施市舞阳坝街道办事处", None,
        "湖北省", "恩施土家族苗族自治州", "恩施市", "422801", "township", "township",
    ),
    ("睢宁县王集镇人民政府", None, "江苏省", "徐州市", "睢宁县", "320324", "township", "township"),
    (
        "泾源县大湾乡人民政府", None,
        "宁夏回族自治区", "固原市", "泾源县", "640424", "township", "township",
    ),
    (
        "莲湖区北院门街道办事处", None,
        "陕西省", "西安市", "莲湖区", "610104", "township", "township",
    ),
    # --- held-out list, written after the rules were fixed (first pass 59/60 adcodes) ---
    (
        "湖南省湘西土家族苗族自治州吉首市人民政府", None,
        "湖南省", "湘西土家族苗族自治州", "吉首市", "433101", "county", "government",
    ),
    (
        "凉山彝族自治州西昌市发展和改革局", None,
        "四川省", "凉山彝族自治州", "西昌市", "513401", "county", "department",
    ),
    ("海南省五指山市人民政府", None, "海南省", None, "五指山市", "469001", "county", "government"),
    ("重庆市城口县人民政府", None, "重庆市", None, "城口县", "500229", "county", "government"),
    ("天津市滨海新区人民政府", None, "天津市", None, "滨海新区", "120116", "county", "government"),
    (
        "上海市黄浦区外滩街道办事处", None,
        "上海市", None, "黄浦区", "310101", "township", "township",
    ),
    (
        "广州市天河区人民政府办公室", None,
        "广东省", "广州市", "天河区", "440106", "county", "government",
    ),
    ("深圳市龙华区人民政府", None, "广东省", "深圳市", "龙华区", "440309", "county", "government"),
    ("龙华区人民政府", None, None, None, None, "", "county", "government"),
    (
        "北京市大兴区住房和城乡建设委员会", None,
        "北京市", None, "大兴区", "110115", "county", "department",
    ),
    (
        "隆德县乡村振兴局", None,
        "宁夏回族自治区", "固原市", "隆德县", "640423", "county", "department",
    ),
    (
        "成都市温江区市场监督管理局", None,
        "四川省", "成都市", "温江区", "510115", "county", "department",
    ),
    ("杭州市临平区人民政府", None, "浙江省", "杭州市", "临平区", "330113", "county", "government"),
    ("杭州市余杭区人民政府", None, "浙江省", "杭州市", "余杭区", "330110", "county", "government"),
    ("济南市莱芜区人民政府", None, "山东省", "济南市", "莱芜区", "370116", "county", "government"),
    ("莱芜市莱城区人民政府", None, "山东省", None, None, "371202|370116", "county", "government"),
    (
        "江苏省淮安市清浦区人民政府", None,
        "江苏省", None, None, "320811|320812", "county", "government",
    ),
    (
        "湖北省荆州市荆州区人民政府", None,
        "湖北省", "荆州市", "荆州区", "421003", "county", "government",
    ),
    ("荆州区人民政府", None, "湖北省", "荆州市", "荆州区", "421003", "county", "government"),
    ("西宁市城东区人民政府", None, "青海省", "西宁市", "城东区", "630102", "county", "government"),
    (
        "宁夏回族自治区银川市兴庆区司法局", None,
        "宁夏回族自治区", "银川市", "兴庆区", "640104", "county", "department",
    ),
    (
        "吴忠市利通区人民政府", None,
        "宁夏回族自治区", "吴忠市", "利通区", "640302", "county", "government",
    ),
    (
        "盐池县人民政府", None,
        "宁夏回族自治区", "吴忠市", "盐池县", "640323", "county", "government",
    ),
    ("同心县司法局", None, "宁夏回族自治区", "吴忠市", "同心县", "640324", "county", "department"),
    (
        "贵州省黔南布依族苗族自治州都匀市人民政府", None,
        "贵州省", "黔南布依族苗族自治州", "都匀市", "522701", "county", "government",
    ),
    (
        "黔南州人民政府", None,
        "贵州省", "黔南布依族苗族自治州", None, "522700", "city", "government",
    ),
    ("恩施州司法局", None, "湖北省", "恩施土家族苗族自治州", None, "422800", "city", "department"),
    (
        "西双版纳傣族自治州人民政府", None,
        "云南省", "西双版纳傣族自治州", None, "532800", "city", "government",
    ),
    (
        "大理白族自治州大理市人民政府", None,
        "云南省", "大理白族自治州", "大理市", "532901", "county", "government",
    ),
    (
        "甘南藏族自治州合作市人民政府", None,
        "甘肃省", "甘南藏族自治州", "合作市", "623001", "county", "government",
    ),
    (
        "临夏回族自治州临夏市人民政府", None,
        "甘肃省", "临夏回族自治州", "临夏市", "622901", "county", "government",
    ),
    (
        "新疆维吾尔自治区喀什地区喀什市人民政府", None,
        "新疆维吾尔自治区", "喀什地区", "喀什市", "653101", "county", "government",
    ),
    (
        "锡林郭勒盟行政公署", None,
        "内蒙古自治区", "锡林郭勒盟", None, "152500", "city", "government",
    ),
    (
        "呼伦贝尔市满洲里市人民政府", None,
        "内蒙古自治区", "呼伦贝尔市", "满洲里市", "150781", "county", "government",
    ),
    (
        "海西蒙古族藏族自治州格尔木市人民政府", None,
        "青海省", "海西蒙古族藏族自治州", "格尔木市", "632801", "county", "government",
    ),
    ("国家发展和改革委员会", None, None, None, None, "", "central", "department"),
    ("中华人民共和国教育部", None, None, None, None, "", "central", "department"),
    ("海关总署", None, None, None, None, "", "central", "department"),
    ("中国人民银行", None, None, None, None, "", "central", "department"),
    ("云南省人民政府办公厅", None, "云南省", None, None, "530000", "province", "government"),
    (
        "江西省南昌市西湖区人民政府", None,
        "江西省", "南昌市", "西湖区", "360103", "county", "government",
    ),
    ("宁波市江北区人民政府", None, "浙江省", "宁波市", "江北区", "330205", "county", "government"),
    (
        "鹤岗市南山区人民政府", None,
        "黑龙江省", "鹤岗市", "南山区", "230404", "county", "government",
    ),
    (
        "平顶山市新华区人民政府", None,
        "河南省", "平顶山市", "新华区", "410402", "county", "government",
    ),
    (
        "张家口市崇礼区人民政府", None,
        "河北省", "张家口市", "崇礼区", "130709", "county", "government",
    ),
    ("张家口市崇礼县人民政府", None, "河北省", None, None, "130733|130709", "county", "government"),
    ("温州市洞头区人民政府", None, "浙江省", "温州市", "洞头区", "330305", "county", "government"),
    ("余姚市人民政府", None, "浙江省", "宁波市", "余姚市", "330281", "county", "government"),
    ("慈溪市坎墩街道办事处", None, "浙江省", "宁波市", "慈溪市", "330282", "township", "township"),
    ("鄞州区姜山镇人民政府", None, "浙江省", "宁波市", "鄞州区", "330212", "township", "township"),
    (
        "达坂城区人民政府", None,
        "新疆维吾尔自治区", "乌鲁木齐市", "达坂城区", "650107", "county", "government",
    ),
    (
        "阿勒泰地区布尔津县人民政府", None,
        "新疆维吾尔自治区", "阿勒泰地区", "布尔津县", "654321", "county", "government",
    ),
    ("青海省人民政府", None, "青海省", None, None, "630000", "province", "government"),
    ("辽宁省大连市人民政府", None, "辽宁省", "大连市", None, "210200", "city", "government"),
    ("大连市金州区人民政府", None, "辽宁省", "大连市", "金州区", "210213", "county", "government"),
    (
        "湖北省武汉市江岸区司法局", None,
        "湖北省", "武汉市", "江岸区", "420102", "county", "department",
    ),
    ("厦门市思明区人民政府", None, "福建省", "厦门市", "思明区", "350203", "county", "government"),
    (
        "姜山镇人民政府", "鄞州区人民政府门户网站",
        "浙江省", "宁波市", "鄞州区", "330212", "township", "township",
    ),
    (
        "区司法局", "宁波市鄞州区人民政府",
        "浙江省", "宁波市", "鄞州区", "330212", "county", "department",
    ),
    (
        "县人民政府办公室", "隆德县人民政府",
        "宁夏回族自治区", "固原市", "隆德县", "640423", "county", "government",
    ),
    # --- renamed and abolished divisions read in the year of the report ---
    ("莱芜市人民政府", None, "山东省", "莱芜市", None, "371200", "city", "government"),
]


def _ids(case: tuple) -> str:
    return case[0] + (f"@{case[1]}" if case[1] else "")


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_locate(case: tuple) -> None:
    name, hint, province, city, county, codes, level, kind = case
    got = locate(name, site_hint=hint)
    if codes:
        assert got["adcode"] in codes.split("|"), got
    else:
        assert got["adcode"] is None and got["province"] is None, got
    assert got["level"] == level, got
    assert got["kind"] == kind, got
    if province:
        assert got["province"] == province, got
    if codes and "|" not in codes and province:
        assert (got["city"], got["county"]) == (city, county), got


@pytest.mark.parametrize(
    ("name", "year", "adcode", "city", "county"),
    [
        ("北京市崇文区人民政府", 2009, "110103", None, "崇文区"),
        ("张家口市崇礼县人民政府", 2014, "130733", "张家口市", "崇礼县"),
        ("襄樊市人民政府", 2009, "420600", "襄樊市", None),
        ("铜仁地区行政公署", 2010, "522200", "铜仁地区", None),
        ("通州区人民政府", 2008, "110112", None, "通州区"),  # 南通市通州区 dates from 2009
    ],
)
def test_year_reads_divisions_as_they_were(
    name: str, year: int, adcode: str, city: str | None, county: str | None
) -> None:
    got = locate(name, year=year)
    assert (got["adcode"], got["city"], got["county"]) == (adcode, city, county), got


def test_shared_name_lists_candidates_and_does_not_guess() -> None:
    got = locate("鼓楼区人民政府")
    assert got["adcode"] is None
    assert set(got["candidates"]) >= {"320106", "320302", "350102", "410204"}
    assert got["level"] == "county"


def test_context_resolves_a_shared_name() -> None:
    text = "本报告由长春市朝阳区人民政府办公室编制。长春市朝阳区人民政府网站可下载。"
    got = locate("朝阳区人民政府", context=text)
    assert got["adcode"] == "220104"
    assert got["city"] == "长春市"


def test_context_never_overrides_a_stated_place() -> None:
    got = locate("平凉市司法局", site_hint="宁夏回族自治区司法厅", context="宁夏回族自治区")
    assert got["adcode"] == "620800"


@pytest.mark.parametrize(
    ("seed", "alias", "adcode", "level"),
    [
        ("000", "自治区司法厅", "640000", "province"),
        ("001", "沙坡头区司法局", "640502", "county"),
        ("002", "市司法局", "620800", "city"),
        ("003", "隆德县司法局", "640423", "county"),
        ("004", "区司法局", "330212", "county"),
    ],
)
def test_seed_aliases_placed_by_report_text(seed: str, alias: str, adcode: str, level: str) -> None:
    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    got = locate(alias, context=text)
    assert (got["adcode"], got["level"], got["kind"]) == (adcode, level, "department"), got


@pytest.mark.parametrize(
    "name",
    [
        "住房和城乡建设局", "乡村振兴局", "市场监督管理局", "国家乡村振兴局", "城镇化办公室",
    ],
)
def test_department_words_are_not_townships(name: str) -> None:
    assert locate(name)["level"] != "township"


def test_township_below_county_keeps_county_adcode() -> None:
    got = locate("银川市金凤区人民政府满城北街街道办事处")
    assert got["township"] == "满城北街街道"
    assert (got["adcode"], got["level"], got["kind"]) == ("640106", "township", "township")


def test_empty_name() -> None:
    got = locate("  ")
    assert got["adcode"] is None and got["level"] is None and got["kind"] is None
