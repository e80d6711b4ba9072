"""One settings model for every environment variable and flag.

Each field is read from `CREVIO_<NAME>` and can be overridden by its command-line flag;
`--help` and the README's configuration table are both generated from these fields, so
a new setting is documented by declaring it here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = [
    "DEFAULT_BASE_URL",
    "ConfirmMode",
    "HttpAuth",
    "LogLevel",
    "Settings",
    "Transport",
]

DEFAULT_BASE_URL = "https://api.crevio.co/v1"

Transport = Literal["stdio", "http"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
ConfirmMode = Literal["auto", "token", "elicit"]
HttpAuth = Literal["env", "request", "either"]


class Settings(BaseSettings):
    """Everything crevio-mcp can be told, from the environment or from flags."""

    # env_ignore_empty: hosts pass a setting the user left blank as an empty string (a
    # bundle's user_config does), and blank has to mean the default, not a bad value.
    model_config = SettingsConfigDict(
        env_prefix="CREVIO_", extra="ignore", validate_default=True, env_ignore_empty=True
    )

    api_key: SecretStr | None = Field(
        default=None,
        description="Crevio API token, sent as a Bearer token. Required unless --sandbox.",
        json_schema_extra={"flag": None},
    )
    base_url: str = Field(
        default=DEFAULT_BASE_URL,
        description="Base URL of the Crevio REST API.",
        json_schema_extra={"flag": "--base-url"},
    )
    sandbox: bool = Field(
        default=False,
        description="Serve against the embedded sandbox (seeded fake store); "
        "no token or network needed.",
        json_schema_extra={"flag": "--sandbox"},
    )
    transport: Transport = Field(
        default="stdio",
        description="How MCP clients connect: stdio, or streamable HTTP at /mcp.",
        json_schema_extra={"flag": "--transport"},
    )
    host: str = Field(
        default="127.0.0.1",
        description="Address the HTTP transport binds to.",
        json_schema_extra={"flag": "--host"},
    )
    port: int = Field(
        default=8000,
        ge=1,
        le=65535,
        description="Port of the HTTP transport.",
        json_schema_extra={"flag": "--port"},
    )
    http_auth: HttpAuth = Field(
        default="either",
        description="Whose Crevio token an HTTP request uses: env (CREVIO_API_KEY only), "
        "request (the caller's Authorization: Bearer header only), or either (the caller's "
        "when sent, else CREVIO_API_KEY). With no token to use, HTTP answers 401.",
        json_schema_extra={"flag": "--http-auth"},
    )
    allowed_hosts: Annotated[tuple[str, ...] | None, NoDecode] = Field(
        default=None,
        description="Comma-separated Host header values HTTP accepts (host, or host:port); "
        "unset means localhost, 127.0.0.1 and [::1]. The --host address is always allowed.",
        json_schema_extra={"flag": "--allowed-hosts"},
    )
    allowed_origins: Annotated[tuple[str, ...] | None, NoDecode] = Field(
        default=None,
        description="Comma-separated browser Origin values HTTP accepts (scheme://host[:port]); "
        "unset means http origins on localhost, 127.0.0.1 and [::1]. --host is always allowed.",
        json_schema_extra={"flag": "--allowed-origins"},
    )
    shutdown_timeout: int = Field(
        default=30,
        ge=1,
        description="Seconds HTTP waits on shutdown for calls in flight to finish.",
        json_schema_extra={"flag": "--shutdown-timeout"},
    )
    timeout: float = Field(
        default=30.0,
        gt=0,
        description="Seconds to wait for the API to answer one request.",
        json_schema_extra={"flag": "--timeout"},
    )
    connect_timeout: float = Field(
        default=5.0,
        gt=0,
        description="Seconds to wait for a connection to the API.",
        json_schema_extra={"flag": "--connect-timeout"},
    )
    max_result_tokens: int = Field(
        default=12_000,
        ge=2_000,
        le=100_000,
        description="Largest tool result, text and structured content together, in tokens "
        "(estimated high); longer lists are cut at an item and say how to fetch the rest.",
        json_schema_extra={"flag": "--max-result-tokens"},
    )
    call_timeout: float = Field(
        default=60.0,
        gt=0,
        description="Seconds one API call may take in all, retries and waits included.",
        json_schema_extra={"flag": "--call-timeout"},
    )
    max_retries: int = Field(
        default=3,
        ge=0,
        le=10,
        description="Retries of a rate-limited call, or of a read that met a gateway error "
        "or lost connection. Writes that may have reached the API are never retried.",
        json_schema_extra={"flag": "--max-retries"},
    )
    log_level: LogLevel = Field(
        default="WARNING",
        description="Level of the log written to stderr.",
        json_schema_extra={"flag": "--log-level"},
    )
    log_file: Path | None = Field(
        default=None,
        description="Append the log to this file instead of stderr.",
        json_schema_extra={"flag": "--log-file"},
    )

    read_only: bool = Field(
        default=False,
        description="Serve only tools that read; no write tool is listed or callable.",
        json_schema_extra={"flag": "--read-only"},
    )
    toolsets: Annotated[frozenset[str] | None, NoDecode] = Field(
        default=None,
        description="Comma-separated toolsets to serve: catalog, orders, customers, billing, "
        "content, files, messaging, developer, account, all, or default (orders, customers, "
        "and a support desk's product, price and subscription tools). Unset means default, or none "
        "with --dynamic-toolsets. --read-only still removes every write tool.",
        json_schema_extra={"flag": "--toolsets"},
    )
    tools: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(),
        description="Comma-separated single tools to serve on top of the toolsets.",
        json_schema_extra={"flag": "--tools"},
    )
    dynamic_toolsets: bool = Field(
        default=False,
        description="Start with only the tools that list and enable toolsets; the model "
        "enables what it needs and the client is told the tool list changed. stdio only.",
        json_schema_extra={"flag": "--dynamic-toolsets"},
    )
    confirm_mode: ConfirmMode = Field(
        default="auto",
        description="How destructive actions are confirmed: auto (ask through the client when "
        "it supports elicitation, else a confirmation token), token, or elicit.",
        json_schema_extra={"flag": "--confirm-mode"},
    )
    confirm_secret: SecretStr | None = Field(
        default=None,
        description="Secret that signs confirmation tokens; give every replica the same one. "
        "Random per process when unset.",
        json_schema_extra={"flag": None},
    )
    confirm_ttl: int = Field(
        default=300,
        ge=30,
        le=3600,
        description="Seconds a confirmation token stays valid.",
        json_schema_extra={"flag": "--confirm-ttl"},
    )
    elicit_timeout: float = Field(
        default=120.0,
        gt=0,
        description="Seconds to wait for a human's answer to a confirmation question.",
        json_schema_extra={"flag": "--elicit-timeout"},
    )
    max_refund_amount: int | None = Field(
        default=None,
        ge=1,
        description="Largest single refund allowed, in minor units (cents); unset means no cap.",
        json_schema_extra={"flag": "--max-refund-amount"},
    )
    skip_confirmation: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(),
        description="Comma-separated destructive tools that run without confirmation, "
        "for unattended runs only. Logged loudly at startup.",
        json_schema_extra={"flag": "--skip-confirmation"},
    )
    audit_log: Path | None = Field(
        default=None,
        description="Append one JSON line per write (executed, declined or refused) to this file.",
        json_schema_extra={"flag": "--audit-log"},
    )

    @field_validator("skip_confirmation", "toolsets", "tools", mode="before")
    @classmethod
    def _split_names(cls, value: object, info: ValidationInfo) -> object:
        # Names are compared lowercase: "Orders" or " send_email" is a typing accident,
        # not a different name.
        if isinstance(value, str):
            names = frozenset(name.strip().lower() for name in value.split(",") if name.strip())
            # `--toolsets ""` or `--toolsets ,` means unset, as an empty CREVIO_TOOLSETS does.
            if not names and info.field_name == "toolsets":
                return None
            return names
        if isinstance(value, (set, frozenset, list, tuple)) and all(
            isinstance(name, str) for name in value
        ):
            return frozenset(name.strip().lower() for name in value if name.strip())
        return value

    @field_validator("base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        # An empty CREVIO_BASE_URL means the default; an empty --base-url would fail only
        # at the first call.
        parsed = urlsplit(value.strip())
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError("must be an http(s) URL such as https://api.crevio.co/v1")
        return value.strip()

    @field_validator("api_key", mode="before")
    @classmethod
    def _clean_token(cls, value: object) -> object:
        """Config files and shells leave stray newlines and spaces around pasted tokens; a
        token with whitespace inside cannot be sent as a header at all."""
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            value = value.strip()
            if any(ch.isspace() for ch in value):
                raise ValueError("the API token contains spaces or line breaks")
            return value or None
        return value

    @field_validator("allowed_hosts", "allowed_origins", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(item.strip() for item in value.split(",") if item.strip()) or None
        return value

    @classmethod
    def env_name(cls, field_name: str) -> str:
        return f"CREVIO_{field_name.upper()}"

    @classmethod
    def flag(cls, field_name: str) -> str | None:
        extra = cls.model_fields[field_name].json_schema_extra
        if isinstance(extra, dict):
            value = extra.get("flag")
            return value if isinstance(value, str) else None
        return None
