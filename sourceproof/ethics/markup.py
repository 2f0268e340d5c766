"""The code's text: its fingerprint, and safe rendering of its light Markdown (pure Python).

The text is plain paragraphs separated by blank lines, with three Markdown touches:
a line starting with `#`, `##` or `###` is a heading, a line starting with `- ` or `* ` is a
list item, and `**…**` is bold. Everything is escaped first: no HTML from the text ever
reaches the page.

`fingerprint(title, body)` is the SHA-256 a signature keeps: it covers exactly what the signer
is shown (the title and the body, line endings normalised to LF, trailing spaces dropped).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html import escape

_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
_ITEM = re.compile(r"^[-*]\s+(.+)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def normalise(text: str) -> str:
    """LF line endings, no trailing spaces, no blank lines at either end."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def fingerprint(title: str, body: str) -> str:
    """SHA-256 (hex) of what a signer sees: the normalised title, a blank line, the body."""
    content = normalise(title) + "\n\n" + normalise(body)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _inline(text: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", escape(text, quote=True))


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


def headings(body: str) -> list[Heading]:
    """The headings of a text, in order (the sections a coverage mapping refers to)."""
    found = []
    for line in normalise(body).split("\n"):
        match = _HEADING.match(line.strip())
        if match:
            found.append(Heading(len(match.group(1)), match.group(2)))
    return found


def render_html(body: str) -> str:
    """The body as HTML: escaped text in <p>, <h3> to <h5>, <ul><li> and <strong> only."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append("<p>" + "<br>".join(_inline(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for raw in normalise(body).split("\n"):
        line = raw.strip()
        heading = _HEADING.match(line)
        item = _ITEM.match(line)
        if not line:
            flush()
        elif heading:
            flush()
            level = len(heading.group(1)) + 2  # the page's own h1/h2 stay above
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif item:
            if paragraph:
                flush()
            items.append(item.group(1))
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return "\n".join(out)
