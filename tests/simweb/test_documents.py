"""The attachment generators make files that other software reads back (structure checks)."""

import io
import struct
import zipfile

from simweb import documents


def test_pdf_structure_and_text_encoding():
    data = documents.pdf("某县2023年政府信息公开工作年度报告", ["一、总体情况"] * 40)
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    assert data.count(b"/Type /Page ") == 2  # 40 lines at 34 per page
    assert "一、总体情况".encode("utf-16-be").hex().upper().encode() in data
    xref = int(data.rsplit(b"startxref", 1)[1].split()[0])
    assert data[xref : xref + 4] == b"xref"
    count = int(data[xref:].split(b"\n")[1].split()[1])
    entries = data[xref:].split(b"\n")[3 : 2 + count]
    for number, line in enumerate(entries, start=1):
        offset = int(line.split()[0])
        assert data[offset:].startswith(b"%d 0 obj" % number)


def test_docx_is_a_word_package():
    package = zipfile.ZipFile(io.BytesIO(documents.docx("标题", ["一、总体情况"], [["a", "1"]])))
    assert set(package.namelist()) == {"[Content_Types].xml", "_rels/.rels", "word/document.xml"}
    assert "一、总体情况" in package.read("word/document.xml").decode("utf-8")


def test_xls_is_an_ole_workbook_with_the_cells():
    data = documents.xls("统计表", [["申请", 12], ["结转", 0]])
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1") and len(data) % 512 == 0
    assert "Workbook".encode("utf-16-le") in data[1024:1536]  # the directory sector
    stream = data[1536:]
    assert struct.unpack("<HH", stream[:4]) == (0x0809, 16)  # BOF of the globals
    assert "申请".encode("utf-16-le") in stream and struct.pack("<d", 12.0) in stream


def test_wps_is_a_word97_document_with_a_piece_table():
    data = documents.wps("标题", ["一、总体情况"])
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1")
    directory = data[1024:1536]
    assert "WordDocument".encode("utf-16-le") in directory
    assert "1Table".encode("utf-16-le") in directory
    streams = data[1536:]  # 1Table (4096 bytes) then WordDocument
    table, word = streams[:4096], streams[4096:]
    assert struct.unpack("<HH", word[:4]) == (0xA5EC, 0xC1)
    text = "标题\r一、总体情况\r"
    assert word[documents.TEXT_AT :].startswith(text.encode("utf-16-le"))
    assert table[0] == 2 and struct.unpack("<II", table[5:13]) == (0, len(text))


def test_generators_are_deterministic():
    assert documents.pdf("t", ["a"]) == documents.pdf("t", ["a"])
    assert documents.docx("t", ["a"]) == documents.docx("t", ["a"])
    assert documents.xls("s", [["a"]]) == documents.xls("s", [["a"]])
    assert documents.wps("t", ["a"]) == documents.wps("t", ["a"])
