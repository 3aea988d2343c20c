"""The parse contract (parsers/report.py): detection, merging, failures as data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import parsers.statistics
from parsers.report import parse_document, parse_file

FIXTURES = Path(__file__).parent.parent / "fixtures"
CONTRACT_KEYS = {
    "is_annual_report",
    "agency",
    "year",
    "format",
    "published",
    "title",
    "article20",
    "applications",
    "review_litigation",
    "legacy_stats",
    "checks",
    "text",
    "source_format",
    "encoding",
    "warnings",
}


def test_html_named_txt_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes((FIXTURES / "html" / "trs_detail_2021.html").read_bytes())
    result = parse_file(path)
    assert result["source_format"] == "html"
    assert result["agency"] == "固原市原州区司法局"


@pytest.mark.parametrize(
    "path",
    sorted((FIXTURES / "seeds").glob("*.txt")) + sorted((FIXTURES / "html").glob("*.html")),
    ids=lambda p: p.name,
)
def test_contract_keys_on_every_fixture(path: Path) -> None:
    result = parse_file(path)
    assert result.keys() >= CONTRACT_KEYS
    assert "error" not in result
    json.dumps(result, ensure_ascii=False)  # serialisable as is


def test_html_result_carries_catalog_and_encoding() -> None:
    data = (FIXTURES / "html" / "hanweb_gbk_2020.html").read_bytes()
    result = parse_document(
        data, content_type="text/html; charset=utf-8", url="http://www.cixi.gov.cn/a.html"
    )
    assert result["encoding"] == "gb18030"
    assert result["warnings"]
    assert result["catalog"]["发布机构"] == "慈溪市司法局"
    assert result["published"] == "2021-01-27"


def test_unreadable_document_is_reported() -> None:
    result = parse_document(b"%PDF-1.4\n%...", filename="report.pdf")
    assert result["error"].startswith("malformed or truncated PDF")
    assert result["source_format"] == "pdf"
    assert result["is_annual_report"] is False
    assert result.keys() >= CONTRACT_KEYS


def test_missing_file_is_reported(tmp_path: Path) -> None:
    result = parse_file(tmp_path / "nope.html")
    assert "cannot read" in result["error"]


def test_reader_failure_is_data(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("parsers.html.read_html", broken)
    result = parse_document(b"<html><body><p>x</p></body></html>")
    assert result["error"] == "html reader failed: RuntimeError: boom"
    assert result["source_format"] == "html"


def test_statistics_failure_keeps_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(doc: object) -> dict:
        raise ValueError("table confusion")

    monkeypatch.setattr(parsers.statistics, "extract_statistics", broken)
    result = parse_file(FIXTURES / "seeds" / "000_75a8692b8a01330e.txt")
    assert result["agency"] == "宁夏回族自治区司法厅"
    assert any("table confusion" in w for w in result["warnings"])
    assert result["checks"] == []


def test_statistics_keys_are_merged(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(doc: object) -> dict:
        return {
            "article20": {"rules": {"issued": 1}},
            "checks": [{"name": "x"}],
            "agency": "别的",
            "legacy_stats": [],
            "warnings": ["from stats"],
        }

    monkeypatch.setattr(parsers.statistics, "extract_statistics", fake)
    result = parse_file(FIXTURES / "seeds" / "003_8e4fae53c81d4e1a.txt")
    assert result["article20"] == {"rules": {"issued": 1}}
    assert result["checks"] == [{"name": "x"}]
    assert result["legacy_stats"] == []
    assert result["agency"] == "隆德县司法局"  # metadata owns its keys
    assert "from stats" in result["warnings"]


def test_module_main_prints_json() -> None:
    path = FIXTURES / "seeds" / "002_9cb620c59d38077c.txt"
    out = subprocess.run(
        [sys.executable, "-m", "parsers.report", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(out.stdout)
    assert result["agency"] == "平凉市司法局"
    assert result["published"] == "2019-03-05"
