"""The `sourceproof` console script.

Each tool registers a sub-command here. Pure tools (the sampling engine, the wage and
working-hours analyser) run without Django; `sourceproof manage ...` runs any Django
management command with the project's settings.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

# (module path, function name): each function takes the sub-parsers object and adds its command.
_REGISTRARS: list[tuple[str, str]] = [
    ("sourceproof.sampling.cli", "register"),
    ("sourceproof.wagehours.cli", "register"),
]


class UsageError(Exception):
    """A bad argument: printed as one line, exit status 2."""


def _add_manage(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "manage",
        help="run a Django management command (migrate, runserver, import_facilities, ...)",
        add_help=False,
    )
    parser.add_argument("args", nargs=argparse.REMAINDER)
    parser.set_defaults(func=_run_manage)


def _run_manage(ns: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sourceproof manage", *ns.args])
    return 0


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="sourceproof",
        description="sourceproof command-line tools.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_path, func_name in _REGISTRARS:
        try:
            module = importlib.import_module(module_path)
        except ModuleNotFoundError as exc:  # a tool not built yet must not break the others
            if exc.name and module_path.startswith(exc.name):
                continue
            raise
        register: Callable[..., None] = getattr(module, func_name)
        register(subparsers)
    _add_manage(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    ns = parser.parse_args(argv)
    if not getattr(ns, "func", None):
        parser.print_help()
        return 2
    try:
        result: int = ns.func(ns)
    except UsageError as exc:
        print(f"sourceproof: error: {exc}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
