"""Products and price variants."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from crevio_mcp.sandbox import DEMO_PRODUCT_ID, DEMO_PRODUCT_SLUG, Store

from .conftest import collect, error_of

pytestmark = pytest.mark.anyio


async def create_product(client: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    response = await client.post("/products", json={"name": "Test Product", **body})
    assert response.status_code == 201, response.text
    product: dict[str, Any] = response.json()
    return product


async def test_a_product_can_be_fetched_by_id_or_by_slug(
    client: httpx.AsyncClient,
) -> None:
    by_id = await client.get(f"/products/{DEMO_PRODUCT_ID}")
    by_slug = await client.get(f"/products/{DEMO_PRODUCT_SLUG}")
    assert by_id.status_code == by_slug.status_code == 200
    assert by_id.json() == by_slug.json()
    assert by_id.json()["object"] == "product"


async def test_non_ascii_product_names_survive_the_round_trip(
    client: httpx.AsyncClient,
) -> None:
    product = (await client.get("/products/nihongo-workshop")).json()
    assert product["name"] == "日本語ワークショップ"
    names = {p["name"] for p in await collect(client, "/products")}
    assert "Zürich Photo Walk 📸" in names


async def test_the_product_list_filters_by_status(client: httpx.AsyncClient) -> None:
    for status in ("draft", "active", "archived"):
        products = await collect(client, "/products", status=status)
        assert products and {p["status"] for p in products} == {status}


async def test_price_variants_are_ids_unless_expanded(
    client: httpx.AsyncClient,
) -> None:
    plain = (await client.get(f"/products/{DEMO_PRODUCT_ID}")).json()
    assert all(v.startswith("price_") for v in plain["price_variants"])
    full = (
        await client.get(f"/products/{DEMO_PRODUCT_ID}", params={"expand": "price_variants"})
    ).json()
    assert [v["id"] for v in full["price_variants"]] == plain["price_variants"]


async def test_expand_reviews_inlines_the_product_reviews(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(f"/products/{DEMO_PRODUCT_ID}", params={"expand": "reviews"})
    assert response.status_code == 200
    assert isinstance(response.json()["reviews"], list)


async def test_creating_a_product_derives_a_slug_and_defaults_to_draft(
    client: httpx.AsyncClient, store: Store
) -> None:
    product = await create_product(client, name="Crème de la Crème 🍰")
    assert product["slug"] == "creme-de-la-creme"
    assert product["status"] == "draft"
    assert product["id"].startswith("prod_") and len(product["id"]) == 5 + 14
    assert product["url"].endswith("/products/creme-de-la-creme")
    assert store.get("product", product["id"]) is not None
    assert [e["type"] for e in store.events] == ["product.created"]
    assert store.events[0]["data"]["object"]["id"] == product["id"]


async def test_a_name_with_no_latin_letters_still_gets_a_slug(
    client: httpx.AsyncClient,
) -> None:
    product = await create_product(client, name="写真ワークショップ")
    assert product["slug"]
    fetched = await client.get(f"/products/{product['slug']}")
    assert fetched.json()["id"] == product["id"]


async def test_a_derived_slug_that_is_taken_gets_a_suffix(
    client: httpx.AsyncClient,
) -> None:
    product = await create_product(client, name="Café Crème Masterclass")
    assert product["slug"] == f"{DEMO_PRODUCT_SLUG}-2"


async def test_an_explicit_slug_that_is_taken_is_422_taken(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/products", json={"name": "Copy", "slug": DEMO_PRODUCT_SLUG})
    assert response.status_code == 422
    error = error_of(response)
    assert (error["type"], error["code"], error["param"]) == (
        "validation_error",
        "validation_failed",
        "slug",
    )
    assert error["errors"][0]["code"] == "taken"


async def test_product_validation_lists_every_bad_field(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/products", json={"description": "no name", "status": "live", "seo": "x"}
    )
    assert response.status_code == 422
    errors = {e["param"]: e["code"] for e in error_of(response)["errors"]}
    assert errors == {"name": "required", "status": "invalid", "seo": "invalid"}
    assert error_of(response)["param"] == "name"


async def test_a_name_over_200_characters_is_too_long(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/products", json={"name": "x" * 201})
    assert response.status_code == 422
    assert error_of(response)["errors"][0]["code"] == "too_long"


async def test_patching_a_product_by_slug_changes_what_later_reads_see(
    client: httpx.AsyncClient, store: Store
) -> None:
    response = await client.patch(
        f"/products/{DEMO_PRODUCT_SLUG}",
        json={"description": "New text", "seo": {"title": "New title"}},
    )
    assert response.status_code == 200
    fetched = (await client.get(f"/products/{DEMO_PRODUCT_ID}")).json()
    assert fetched["description"] == "New text"
    assert fetched["seo"]["title"] == "New title"
    assert fetched["seo"]["description"] is not None
    assert fetched["updated_at"] > fetched["created_at"]
    assert store.events[-1]["type"] == "product.updated"


async def test_activating_a_draft_sets_published_at(client: httpx.AsyncClient) -> None:
    product = await create_product(client)
    assert product["published_at"] is None
    active = (await client.patch(f"/products/{product['id']}", json={"status": "active"})).json()
    assert active["published_at"] is not None


async def test_available_until_before_available_from_is_rejected(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/products",
        json={
            "name": "Window",
            "available_from": "2027-01-02T00:00:00Z",
            "available_until": "2027-01-01T00:00:00Z",
        },
    )
    assert response.status_code == 422
    assert error_of(response)["param"] == "available_until"


async def test_deleting_a_product_returns_a_deleted_stub_and_it_is_gone(
    client: httpx.AsyncClient, store: Store
) -> None:
    product = await create_product(client)
    response = await client.delete(f"/products/{product['id']}")
    assert response.json() == {"id": product["id"], "object": "product", "deleted": True}
    assert (await client.get(f"/products/{product['id']}")).status_code == 404
    assert store.events[-1]["type"] == "product.deleted"


# ----- price variants ----------------------------------------------------------


async def create_variant(client: httpx.AsyncClient, **body: Any) -> httpx.Response:
    return await client.post(
        "/price_variants", json={"product": DEMO_PRODUCT_ID, "name": "Tier", **body}
    )


async def test_a_new_variant_joins_its_product(client: httpx.AsyncClient) -> None:
    response = await create_variant(client, amount=2500, currency="eur")
    assert response.status_code == 201
    variant = response.json()
    assert (variant["object"], variant["amount_type"], variant["billing_type"]) == (
        "price_variant",
        "fixed",
        "one_time",
    )
    product = (await client.get(f"/products/{DEMO_PRODUCT_ID}")).json()
    assert product["price_variants"][-1] == variant["id"]
    listed = await collect(client, "/price_variants", product=DEMO_PRODUCT_ID)
    assert variant["id"] in {v["id"] for v in listed}
    assert {v["product"] for v in listed} == {DEMO_PRODUCT_ID}


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"amount": 0}, "amount", "invalid"),
        ({}, "amount", "required"),
        ({"amount_type": "free", "amount": 500}, "amount", "invalid"),
        ({"amount": 900, "billing_type": "subscription"}, "recurring_interval", "required"),
        ({"amount": 900, "currency": "jpy"}, "currency", "invalid"),
        ({"amount": 900, "currency": "USD"}, "currency", "invalid"),
        (
            {"amount_type": "custom", "minimum_amount": 500, "maximum_amount": 100},
            "maximum_amount",
            "invalid",
        ),
        (
            {"amount": 900, "billing_type": "payment_plan", "recurring_interval": "month"},
            "installment_count",
            "required",
        ),
    ],
)
async def test_variant_pricing_rules_are_enforced(
    client: httpx.AsyncClient, body: dict[str, Any], param: str, code: str
) -> None:
    response = await create_variant(client, **body)
    assert response.status_code == 422
    errors = {e["param"]: e["code"] for e in error_of(response)["errors"]}
    assert errors[param] == code


async def test_free_and_pay_what_you_want_variants_are_accepted(
    client: httpx.AsyncClient,
) -> None:
    free = await create_variant(client, amount_type="free")
    pwyw = await create_variant(
        client, amount_type="custom", minimum_amount=500, preset_amount=1500
    )
    monthly = await create_variant(
        client, amount=1200, billing_type="subscription", recurring_interval="month"
    )
    assert (free.status_code, pwyw.status_code, monthly.status_code) == (201, 201, 201)
    assert free.json()["amount"] == 0
    assert pwyw.json()["amount"] == 500
    assert monthly.json()["interval_count"] == 1


async def test_a_variant_for_an_unknown_product_names_the_product_field(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/price_variants", json={"product": "prod_missing", "name": "X", "amount": 100}
    )
    assert response.status_code == 400
    error = error_of(response)
    assert (error["code"], error["param"]) == ("resource_missing", "product")


async def test_patching_a_variant_revalidates_the_whole_price(
    client: httpx.AsyncClient,
) -> None:
    variant = (await create_variant(client, amount=1000)).json()
    bad = await client.patch(
        f"/price_variants/{variant['id']}", json={"billing_type": "subscription"}
    )
    assert bad.status_code == 422
    good = await client.patch(
        f"/price_variants/{variant['id']}", json={"amount": 1500, "hidden": True}
    )
    assert good.status_code == 200
    assert (good.json()["amount"], good.json()["hidden"]) == (1500, True)


async def test_archiving_twice_is_refused_with_price_variant_archived(
    client: httpx.AsyncClient, store: Store
) -> None:
    variant = (await create_variant(client, amount=1000)).json()
    first = await client.post(f"/price_variants/{variant['id']}/archive")
    assert first.status_code == 200
    assert first.json()["archived"] is True
    assert store.events[-1]["type"] == "price_variant.archived"
    second = await client.post(f"/price_variants/{variant['id']}/archive")
    assert second.status_code == 400
    assert error_of(second)["code"] == "price_variant_archived"
