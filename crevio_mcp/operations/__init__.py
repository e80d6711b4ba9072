"""The registry: every Crevio operation crevio-mcp serves, one row each."""

from __future__ import annotations

from crevio_mcp.operations import (
    billing,
    catalog,
    content,
    customers,
    developer,
    files,
    messaging,
    orders,
)
from crevio_mcp.operations.base import Operation

__all__ = ["OPERATIONS", "Operation", "operation_named"]

OPERATIONS: tuple[Operation, ...] = (
    *catalog.OPERATIONS,
    *orders.OPERATIONS,
    *customers.OPERATIONS,
    *billing.OPERATIONS,
    *content.OPERATIONS,
    *files.OPERATIONS,
    *messaging.OPERATIONS,
    *developer.OPERATIONS,
)

_BY_NAME = {op.name: op for op in OPERATIONS}
if len(_BY_NAME) != len(OPERATIONS):  # a copy-paste slip would shadow a tool silently
    raise RuntimeError("two operations share a name")


def operation_named(name: str) -> Operation:
    return _BY_NAME[name]
