"""Facility import from CSV/XLSX (the template or an Open Supply Hub download) and the review
of likely duplicates. See docs/facility-import.md.

Modules: `reading` (bytes → table), `columns` (what a header means), `validation` (rows →
plan and report), `duplicates` (pure likeness rules), `services` (writes), `selectors`
(scoped reads), `tasks` (background validation), `forms`.
"""
