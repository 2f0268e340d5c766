"""The code's text: rendered safely, its headings found, its fingerprint stable."""

from __future__ import annotations

import hashlib

from sourceproof.ethics.markup import fingerprint, headings, render_html


def test_it_escapes_everything_but_its_own_markup() -> None:
    html = render_html('<img src=x onerror="alert(1)">\n\n**<b>bold</b>** & "quotes"')
    assert "<img" not in html and "<b>" not in html
    assert html == (
        "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>\n"
        "<p><strong>&lt;b&gt;bold&lt;/b&gt;</strong> &amp; &quot;quotes&quot;</p>"
    )


def test_it_renders_headings_lists_and_paragraphs() -> None:
    body = "# Code\n## 2. Labour\nNo forced labour.\nNo child labour.\n\n- one\n- two\nAfter"
    assert render_html(body) == (
        "<h3>Code</h3>\n<h4>2. Labour</h4>\n<p>No forced labour.<br>No child labour.</p>\n"
        "<ul><li>one</li><li>two</li></ul>\n<p>After</p>"
    )


def test_it_lists_the_sections() -> None:
    found = headings("intro\n## 1. Human rights\ntext\n### 1.1 Dignity ##\n")
    assert [(h.level, h.text) for h in found] == [(2, "1. Human rights"), (3, "1.1 Dignity")]


def test_the_fingerprint_covers_title_and_body_whatever_the_line_endings() -> None:
    expected = hashlib.sha256(b"Title\n\nLine one\nLine two").hexdigest()
    assert fingerprint("Title", "Line one\nLine two") == expected
    assert fingerprint("Title ", "Line one  \r\nLine two\r\n") == expected
    assert fingerprint("Title", "Line one\nLine 2") != expected
    assert fingerprint("Other", "Line one\nLine two") != expected


def test_chinese_text_is_hashed_as_utf8() -> None:
    expected = hashlib.sha256("准则\n\n我们尊重人权。".encode()).hexdigest()
    assert fingerprint("准则", "我们尊重人权。") == expected
