"""Regenerate the README's configuration table from the Settings model.

python tools/gen_readme.py          rewrite README.md in place
python tools/gen_readme.py --check  exit 1 if README.md is out of date (CI)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crevio_mcp.settings import Settings

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- config-table:start -->", "<!-- config-table:end -->"


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


def render(text: str) -> str:
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{config_table()}\n{END}{tail}"


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
