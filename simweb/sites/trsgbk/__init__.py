"""S1's GB2312 twin (``trsgbk``): the same TRS WCM site published the older way (SITES.md 3/S1).

What differs from S1, as on older district and county TRS sites (SITES.md 0.4 and 1.A):

- pages are GB2312 (GBK bytes, as browsers read gb2312) and the charset is declared **only**
  in ``<meta http-equiv="Content-Type">``; the ``Content-Type`` header says ``text/html``;
- detail pages end in ``.htm`` and list pages in ``.shtml`` (``index.shtml``, ``index_1.shtml``);
- the 年报 column has a 部门年报 sub-column (12 department reports) whose pager script is
  1-based, so its second page is ``index_2.shtml`` (the off-by-one variant of km.gov.cn).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2

from simweb.sites.trs import ANNUAL_COLUMN, TrsSite

HANWEB_BODIES = Path(__file__).parent.parent / "hanweb" / "bodies"
SUB_COLUMN = {
    "key": "bmnb",
    "path": "/xxgk/zfxxgk/zfxxgknb/bmnb/",
    "name": "部门年报",
    "description": "部门政府信息公开工作年度报告",
    "keywords": "部门年报,政府信息公开工作年度报告",
    "type": "政府信息公开年报",
    "in_xxgk": True,
    "first_page": 1,
    "parent": ANNUAL_COLUMN,
}
UNITS = (
    "银川市司法局",
    "石嘴山市司法局",
    "吴忠市司法局",
    "固原市司法局",
    "中卫市司法局",
    "宁东司法局",
)
FIRST_ID = 4_310_000


class TrsGbkSite(TrsSite):
    """宁夏回族自治区司法厅's twin on GB2312 TRS: .htm details, .shtml lists, a 1-based pager."""

    name = "trsgbk"
    detail_ext = "htm"
    list_ext = "shtml"
    charset = "gb2312"
    header_charset = False

    def load(self) -> dict[str, Any]:
        data = super().load()
        data["columns"].append(dict(SUB_COLUMN))
        template = jinja2.Template((HANWEB_BODIES / "short_report.html").read_text("utf-8"))
        bodies: dict[str, str] = {}
        n = 0
        for year in (2022, 2023):
            for unit in UNITS:
                n += 1
                date = dt.date(year + 1, 1, 8 + n % 20)
                name = f"bmnb{n}"
                bodies[name] = template.render(
                    year=year,
                    agency=unit,
                    site_name=data["site"]["name"],
                    phone=data["site"]["phone"],
                    published=90 + 7 * n,
                    docs=n % 3,
                    applications=n % 5,
                    written=f"{date.year}年{date.month}月{date.day}日",
                )
                data["articles"].append(
                    {
                        "id": FIRST_ID + 97 * n,
                        "column": "bmnb",
                        "date": date,
                        "time": f"{9 + n % 8:02d}:{(11 * n) % 60:02d}",
                        "kind": "report",
                        "status": "ok",
                        "title": f"{unit}{year}年政府信息公开工作年度报告",
                        "agency": unit,
                        "written": date,
                        "body": name,
                        "report": {
                            "agency": unit,
                            "year": year,
                            "format": "2021",
                            "published": date,
                        },
                    }
                )
        data["bodies"] = bodies
        return data
