"""The inspection pages, by use: list and booking, performing, reviewing, the library and
the quality dashboard."""
