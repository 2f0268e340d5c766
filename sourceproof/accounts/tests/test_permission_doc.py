"""docs/permissions.md shows exactly the permission table the code enforces."""

from __future__ import annotations

from pathlib import Path

from sourceproof.accounts.permissions_doc import BEGIN, END, permission_table

DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"


def test_it_documents_the_table_the_code_enforces() -> None:
    text = DOC.read_text()
    documented = text[text.index(BEGIN) + len(BEGIN) : text.index(END)].strip()
    assert documented == permission_table(), (
        "docs/permissions.md is out of date: paste permission_table() between the markers"
    )
