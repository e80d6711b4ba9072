"""Command line: flags and environment become Settings, then a command runs.

crevio-mcp [flags]            serve MCP (stdio by default, or --transport http)
crevio-mcp sandbox [--port]   serve the sandbox's REST API alone
crevio-mcp demo               play a short support conversation against the sandbox
crevio-mcp tools [flags]      print the tools these flags serve, with their token costs
crevio-mcp doctor [flags]     check the configuration and the API, print a client config
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import typing
from collections.abc import Sequence
from typing import Any

import anyio
from pydantic import ValidationError

from crevio_mcp import __version__
from crevio_mcp.errors import ConfigurationError
from crevio_mcp.logs import configure_logging
from crevio_mcp.settings import Settings

__all__ = ["build_parser", "main"]

SANDBOX_DEFAULT_PORT = 8787


def build_parser() -> argparse.ArgumentParser:
    env_lines = "\n".join(
        f"  {Settings.env_name(name):<24} {field.description}"
        for name, field in Settings.model_fields.items()
    )
    parser = argparse.ArgumentParser(
        prog="crevio-mcp",
        description="MCP server for a Crevio store. With no command it serves MCP over stdio.",
        epilog=f"environment variables (flags override them):\n{env_lines}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"crevio-mcp {__version__}")
    _add_setting_flags(parser, default=None)

    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    sandbox = commands.add_parser(
        "sandbox",
        help="serve the sandbox REST API alone (for curl and other clients)",
        description="Serve the embedded sandbox's REST API at http://HOST:PORT/v1.",
    )
    sandbox.add_argument("--port", dest="sandbox_port", type=int, default=SANDBOX_DEFAULT_PORT)
    sandbox.add_argument("--host", dest="sandbox_host", default="127.0.0.1")
    commands.add_parser(
        "demo",
        help="play a short support conversation against the sandbox and print it",
        description="Start the sandbox and the server in-process, connect an MCP client, "
        "and print each tool call with the result the model sees.",
    )
    tools = commands.add_parser(
        "tools",
        help="print the tools this configuration serves, by toolset, with token costs",
        description="Print the tools the given flags and environment serve, grouped by "
        "toolset, with what each costs in the model's context and the total. "
        "Takes the same flags as serving, e.g. `crevio-mcp tools --toolsets all --read-only`.",
    )
    # The serving flags again, so they may follow the command; SUPPRESS keeps the ones
    # given before it.
    _add_setting_flags(tools, default=argparse.SUPPRESS)
    doctor = commands.add_parser(
        "doctor",
        help="check the configuration and reach the API; print a client configuration",
        description="Check the settings, call GET /account with the token (never printed), "
        "report the version and the MCP protocol versions served, and print a "
        "configuration to paste into an MCP client. Exits 0 when all is well, else 1.",
    )
    _add_setting_flags(doctor, default=argparse.SUPPRESS)
    return parser


def _add_setting_flags(parser: argparse.ArgumentParser, default: Any) -> None:
    for name, field in Settings.model_fields.items():
        flag = Settings.flag(name)
        if flag is None:
            continue
        shown = "none" if field.default in (None, frozenset(), ()) else field.default
        help_text = f"{field.description} [{Settings.env_name(name)}; default: {shown}]"
        kwargs: dict[str, Any] = {"dest": name, "default": default, "help": help_text}
        annotation = field.annotation
        if annotation is bool:
            kwargs["action"] = "store_const"
            kwargs["const"] = True
        elif typing.get_origin(annotation) is typing.Literal:
            kwargs["choices"] = typing.get_args(annotation)
        elif annotation in (int, float):
            kwargs["type"] = annotation
        parser.add_argument(flag, **kwargs)


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {
        name: getattr(args, name)
        for name in Settings.model_fields
        if getattr(args, name, None) is not None
    }
    return Settings(**overrides)


def main(argv: Sequence[str] | None = None) -> None:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = _settings(args)
    except ValidationError as exc:
        problems = "; ".join(
            f"{Settings.env_name(str(err['loc'][0])) if err['loc'] else 'settings'}: {err['msg']}"
            for err in exc.errors()
        )
        # doctor's verdict is its exit status: 1 means "not fine", whatever the cause.
        status = 1 if args.command == "doctor" else 2
        parser.exit(status, f"crevio-mcp: error: invalid settings: {problems}\n")
    try:
        configure_logging(settings.log_level, settings.log_file)
    except OSError as exc:
        parser.exit(2, f"crevio-mcp: error: cannot open the log file: {exc}\n")
    if args.command == "demo":
        # The demo's transcript shows every write itself; audit lines would only interleave.
        logging.getLogger("crevio_mcp.audit").setLevel(logging.WARNING)

    reader_gone = False
    try:
        _run_command(parser, args, settings)
    except* BrokenPipeError:
        # The reader went away (`crevio-mcp demo | head`); raised bare, or grouped when a
        # write inside a task group (the demo's client session) met the closed pipe.
        reader_gone = True
    if reader_gone:
        # Nothing more can be said to it. Point stdout at devnull so the interpreter's
        # last flush does not fail again, and exit outside the except* (which would wrap
        # SystemExit in a group).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def _run_command(
    parser: argparse.ArgumentParser, args: argparse.Namespace, settings: Settings
) -> None:
    try:
        if args.command == "sandbox":
            _run_sandbox(args.sandbox_host, args.sandbox_port)
        elif args.command == "demo":
            from crevio_mcp.demo import run_demo

            anyio.run(run_demo, sys.stdout)
        elif args.command == "tools":
            from crevio_mcp.footprint import print_tool_costs

            anyio.run(print_tool_costs, settings, sys.stdout)
        elif args.command == "doctor":
            from crevio_mcp.doctor import run_doctor

            sys.exit(anyio.run(run_doctor, settings, sys.stdout))
        else:
            _serve(settings)
    except ConfigurationError as exc:
        parser.exit(2, f"crevio-mcp: error: {exc}\n")
    except KeyboardInterrupt:
        pass


def _run_sandbox(host: str, port: int) -> None:
    from crevio_mcp.sandbox import SANDBOX_TOKEN, serve

    sys.stderr.write(
        f"Crevio sandbox at http://{host}:{port}/v1\n"
        f"Token it accepts: {SANDBOX_TOKEN}\n"
        f"Try: curl -H 'Authorization: Bearer {SANDBOX_TOKEN}' "
        f"'http://{host}:{port}/v1/orders?limit=2'\n"
    )
    anyio.run(serve, host, port, SANDBOX_TOKEN)


def _serve(settings: Settings) -> None:
    from crevio_mcp.server import build_server

    server = build_server(settings)
    if settings.transport == "stdio":
        anyio.run(server.run_stdio_async)
        return

    from crevio_mcp.http import serve_http

    anyio.run(serve_http, server, settings)
