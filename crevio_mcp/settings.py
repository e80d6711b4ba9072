"""One settings model for every environment variable and flag.

Each field is read from `CREVIO_<NAME>` and can be overridden by its command-line flag;
`--help` and the README's configuration table are both generated from these fields, so
a new setting is documented by declaring it here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEFAULT_BASE_URL", "LogLevel", "Settings", "Transport"]

DEFAULT_BASE_URL = "https://api.crevio.co/v1"

Transport = Literal["stdio", "http"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]


class Settings(BaseSettings):
    """Everything crevio-mcp can be told, from the environment or from flags."""

    model_config = SettingsConfigDict(env_prefix="CREVIO_", extra="ignore", validate_default=True)

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
    log_level: LogLevel = Field(
        default="WARNING",
        description="Level of the log written to stderr.",
        json_schema_extra={"flag": "--log-level"},
    )

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
