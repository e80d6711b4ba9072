"""The list envelope, cursors, limits and expand."""

from __future__ import annotations

import httpx
import pytest

from crevio_mcp.sandbox import Store

from .conftest import collect, error_of

pytestmark = pytest.mark.anyio


async def test_a_list_has_the_envelope_and_twenty_items_by_default(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/orders")
    assert response.status_code == 200
    page = response.json()
    assert set(page) == {"object", "data", "has_more", "url"}
    assert (page["object"], page["url"], page["has_more"]) == ("list", "/v1/orders", True)
    assert len(page["data"]) == 20


async def test_paging_with_starting_after_visits_every_order_exactly_once(
    client: httpx.AsyncClient, store: Store
) -> None:
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"limit": 7}
        if cursor is not None:
            params["starting_after"] = cursor
        page = (await client.get("/orders", params=params)).json()
        seen += [order["id"] for order in page["data"]]
        if not page["has_more"]:
            break
        cursor = page["data"][-1]["id"]
    assert len(seen) == len(set(seen)) == 150
    assert set(seen) == {order["id"] for order in store.all("order")}


async def test_lists_are_newest_first(client: httpx.AsyncClient) -> None:
    orders = await collect(client, "/orders")
    keys = [(o["created_at"], o["id"]) for o in orders]
    assert keys == sorted(keys, reverse=True)


async def test_the_last_page_says_has_more_false(client: httpx.AsyncClient) -> None:
    page = (await client.get("/products", params={"limit": 100})).json()
    assert page["has_more"] is False
    assert len(page["data"]) == 32


@pytest.mark.parametrize("limit", ["0", "101", "ten", "-1", "2.5", ""])
async def test_a_limit_outside_1_to_100_is_400_parameter_invalid(
    client: httpx.AsyncClient, limit: str
) -> None:
    response = await client.get("/orders", params={"limit": limit})
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["param"]) == ("parameter_invalid", "limit")


async def test_an_unknown_cursor_is_400_resource_missing_not_an_empty_page(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/orders", params={"starting_after": "ord_unknown"})
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["param"]) == ("resource_missing", "starting_after")


async def test_a_cursor_outside_the_filtered_list_is_rejected(
    client: httpx.AsyncClient, store: Store
) -> None:
    failed = next(o for o in store.all("order") if o["status"] == "failed")
    response = await client.get(
        "/orders", params={"status": "succeeded", "starting_after": failed["id"]}
    )
    assert response.status_code == 400
    assert error_of(response)["param"] == "starting_after"


async def test_a_bad_enum_filter_is_400_parameter_invalid(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/orders", params={"status": "lost"})
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["param"]) == ("parameter_invalid", "status")


async def test_related_objects_are_ids_until_expanded(
    client: httpx.AsyncClient,
) -> None:
    plain = (await client.get("/orders", params={"limit": 1})).json()["data"][0]
    assert isinstance(plain["customer"], str)
    assert all(isinstance(i, str) for i in plain["line_items"])
    expanded = (
        await client.get("/orders", params={"limit": 1, "expand": "line_items,customer"})
    ).json()["data"][0]
    assert expanded["customer"]["id"] == plain["customer"]
    assert expanded["customer"]["object"] == "customer"
    assert [i["id"] for i in expanded["line_items"]] == plain["line_items"]
    assert all(i["object"] == "order_item" for i in expanded["line_items"])


async def test_an_unknown_expand_value_is_400_parameter_invalid(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/orders", params={"expand": "customer,refunds"})
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["param"]) == ("parameter_invalid", "expand")


async def test_expand_where_nothing_is_expandable_is_an_unknown_parameter(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/account", params={"expand": "owner"})
    assert response.status_code == 400
    assert error_of(response)["code"] == "parameter_unknown"
