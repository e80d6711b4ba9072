"""Regenerate the README's configuration table (from the Settings model) and tool table
(from the operations registry).

python tools/gen_readme.py          rewrite README.md in place
python tools/gen_readme.py --check  exit 1 if README.md is out of date (CI)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crevio_mcp.operations import OPERATIONS
from crevio_mcp.settings import Settings
from crevio_mcp.toolsets import TOOLSETS, select

README = Path(__file__).resolve().parent.parent / "README.md"


def config_table() -> str:
    rows = [
        "| environment variable | flag | default | meaning |",
        "| --- | --- | --- | --- |",
    ]
    for name, field in Settings.model_fields.items():
        flag = Settings.flag(name)
        default = field.default
        if default is None or default == frozenset():
            shown = ""
        elif isinstance(default, bool):
            shown = f"`{str(default).lower()}`"
        else:
            shown = f"`{default}`"
        description = (field.description or "").replace("|", "\\|")
        rows.append(
            f"| `{Settings.env_name(name)}` | {f'`{flag}`' if flag else ''} | {shown} "
            f"| {description} |"
        )
    return "\n".join(rows)


def tool_table() -> str:
    default = select(OPERATIONS, None)
    rows = [
        "| tool | toolset | read-only | in the default set | what it does |",
        "| --- | --- | --- | --- | --- |",
    ]
    order = list(TOOLSETS)
    for op in sorted(OPERATIONS, key=lambda op: order.index(op.toolset)):
        description = op.description.replace("|", "\\|")
        rows.append(
            f"| `{op.name}` | {op.toolset} | {'yes' if op.read_only else 'no'} "
            f"| {'yes' if default.admits(op) else ''} | {description} |"
        )
    return "\n".join(rows)


TABLES = {"config-table": config_table, "tool-table": tool_table}


def render(text: str) -> str:
    for name, table in TABLES.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{start}\n{table()}\n{end}{tail}"
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    current = README.read_text(encoding="utf-8")
    wanted = render(current)
    if args.check:
        if current != wanted:
            sys.stderr.write("README.md is out of date: run python tools/gen_readme.py\n")
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
