"""`nianbao parse FILE --json` takes any format, judged by content (the name may lie)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nianbao.cli import main
from tests.parsers import makedocs

DOCUMENTS = Path(__file__).parents[1] / "fixtures" / "documents"


@pytest.mark.parametrize(("build", "kind"), makedocs.REPORT_FILES)
def test_every_binary_format(tmp_path: Path, build, kind: str) -> None:
    path = tmp_path / "downfile.jsp"  # what a Hanweb attachment is saved as
    path.write_bytes(build())
    result = CliRunner().invoke(main, ["parse", str(path), "--json", "--text"])
    assert result.exit_code == 0, result.output
    parsed = json.loads(result.output)
    assert parsed["source_format"] == kind
    assert "error" not in parsed
    assert "行政规范性文件" in parsed["text"]
    assert parsed["tables_found"] >= 1


def test_unreadable_file_is_an_error_in_the_json() -> None:
    path = DOCUMENTS / "hostile-encrypted.pdf"
    result = CliRunner().invoke(main, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    parsed = json.loads(result.output)
    assert parsed["error"] == "encrypted PDF: a password is required"
    assert parsed["source_format"] == "pdf"
    assert parsed["is_annual_report"] is False
