"""Measure whether the tool list alone leads a model to the right first call.

python tools/bench_choice.py dump DIR [--toolsets all]   what to hand a model, in DIR
python tools/bench_choice.py score DIR/answers.json      how many calls it got right

Token counts (tools/bench_tokens.py) say what the tool list costs; this says whether
what is left still works. `dump` writes, into DIR, the server's instructions and tools
exactly as a client hands them to a model (server.json, listed through the SDK's
in-memory client), the store requests of tools/choice_tasks.py (requests.md), and a
prompt (prompt.md) asking a model to answer each request with the first tool call it
would make, into DIR/answers.json. Give prompt.md to a model that has not seen this
code (a fresh agent session will do), then `score` the answers: a call counts when its
tool is one the task allows and every argument the task names is right.

A model's answers vary from run to run, so compare two tool lists (say, before and
after a change to descriptions) with fresh sessions each, more than once when close.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import anyio
from mcp import Client

from crevio_mcp.server import build_server
from crevio_mcp.settings import Settings
from tools.choice_tasks import TASKS, matches

PROMPT = """\
You are the language model inside an AI assistant connected to one MCP server for an
online store. All you know of the server is in {server}: its "instructions" (your client
put them in your system prompt) and its "tools" (name, description, input_schema), as
your client handed them to you. Read that file and {requests}, and nothing else.

Each line of {requests} is `key: what the user just said`. For each, decide the single
FIRST tool call you would make: the tool's name and its arguments as a JSON object, as
you would if you were really serving the user. Use only parameters the schema offers,
fill them as the descriptions and instructions say (units, formats, ID forms), and leave
out optional parameters you would not set. If you would first look something up, give
that lookup call. Do not ask the user questions.

Write {answers} as one JSON object: {{"<key>": {{"tool": "<name>", "arguments": {{...}}}}, ...}},
one entry per key. Then say, briefly, where the tool list left you unsure and why.
"""


async def dump(directory: Path, toolsets: str) -> None:
    settings = Settings.model_validate({"api_key": "bench", "toolsets": toolsets})
    async with Client(build_server(settings), mode="legacy") as client:
        tools = (await client.list_tools()).tools
        server = {
            "instructions": client.instructions,
            "tools": [
                {"name": t.name, "description": t.description, "input_schema": t.input_schema}
                for t in tools
            ],
        }
    directory.mkdir(parents=True, exist_ok=True)
    paths = {
        name: directory / f"{name}.{ext}"
        for name, ext in (("server", "json"), ("requests", "md"), ("answers", "json"))
    }
    paths["server"].write_text(json.dumps(server, indent=1, ensure_ascii=False), "utf-8")
    paths["requests"].write_text("".join(f"{t.key}: {t.request}\n" for t in TASKS), "utf-8")
    prompt = PROMPT.format(**{name: str(path.resolve()) for name, path in paths.items()})
    (directory / "prompt.md").write_text(prompt, "utf-8")
    sys.stdout.write(f"wrote {directory}/server.json, requests.md and prompt.md\n")


def score(answers_path: Path) -> None:
    answers: dict[str, Any] = json.loads(answers_path.read_text("utf-8"))
    right_tool = right_call = 0
    out = sys.stdout
    for task in TASKS:
        answer = answers.get(task.key) or {}
        tool, arguments = answer.get("tool"), answer.get("arguments") or {}
        if tool not in task.tools:
            out.write(f"  {task.key}: called {tool}, wanted one of {sorted(task.tools)}\n")
            continue
        right_tool += 1
        wrong = [
            name for name, want in task.arguments.items() if not matches(want, arguments.get(name))
        ]
        if wrong:
            shown = {name: arguments.get(name) for name in wrong}
            out.write(f"  {task.key}: {tool} with {json.dumps(shown)}\n")
        else:
            right_call += 1
    out.write(
        f"right tool {right_tool}/{len(TASKS)}; right tool and arguments "
        f"{right_call}/{len(TASKS)}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump_cmd = commands.add_parser("dump", help="write what to hand a model into DIR")
    dump_cmd.add_argument("directory", type=Path)
    dump_cmd.add_argument("--toolsets", default="all", help="toolsets to serve (default all)")
    score_cmd = commands.add_parser("score", help="score a model's answers")
    score_cmd.add_argument("answers", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        anyio.run(dump, args.directory, args.toolsets)
    else:
        score(args.answers)


if __name__ == "__main__":
    main()
