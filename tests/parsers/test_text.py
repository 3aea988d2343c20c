"""Plain-text reading (parsers/text.py): normalisation before any rule sees the text."""

from __future__ import annotations

from parsers.text import clean_text, read_text


def test_flattened_pinyin_ruby_is_removed() -> None:
    """060: a mirror site printed its ruby annotations inside the words."""
    raw = "本年制發(fā)件數(shù) | 規(guī)章 | 柞水縣鳳凰鎮(zhèn)人民政府"
    assert clean_text(raw) == "本年制發件數 | 規章 | 柞水縣鳳凰鎮人民政府"


def test_brackets_that_are_not_a_reading_stay() -> None:
    text = "通过政务新媒体(app)和网站(PDF版)发布，其中(一)主动公开(2条)"
    assert clean_text(text) == text


def test_read_text_normalises_line_ends_and_controls() -> None:
    doc = read_text("第一行\r\n第二\x07行\r第三行".encode())
    assert doc.text == "第一行\n第二行\n第三行"
