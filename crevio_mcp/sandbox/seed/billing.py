"""Seed: subscriptions, invoices, discounts and checkout links."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final

from ..resources.catalog import is_recurring
from ..resources.common import storefront
from ..resources.discounts import discount_record
from ..resources.invoices import invoice_record
from ..resources.subscriptions import subscription_record
from ..store import REFERENCE_TIME, Record
from ..validation import iso
from .base import Seeder, at, parse
from .constants import (
    DEMO_CUSTOMER_ID,
    DEMO_DISCOUNT_CODE,
    DEMO_DISCOUNT_ID,
    DEMO_OPEN_INVOICE_ID,
    DEMO_PAID_INVOICE_ID,
    DEMO_PAUSED_SUBSCRIPTION_ID,
    DEMO_PRODUCT_ID,
    DEMO_SUBSCRIPTION_ID,
    DEMO_VOID_INVOICE_ID,
    UNUSED_DISCOUNT_CODE,
    UNUSED_DISCOUNT_ID,
)

# Statuses of the 23 subscriptions besides Maria's two.
_SUBSCRIPTION_STATUSES: Final = (
    ("active",) * 9
    + ("trialing",) * 3
    + ("paused",) * 2
    + ("past_due",) * 3
    + ("unpaid",) * 2
    + ("canceled",) * 3
    + ("incomplete",)
)
# Statuses of the 17 invoices besides Maria's three.
_INVOICE_STATUSES: Final = ("open",) * 5 + ("paid",) * 6 + ("past_due",) * 3 + ("void",) * 3
_GUESTS: Final = (
    ("Acme Learning Ltd", "accounts@acme-learning.example.com"),
    ("Studio Nord AB", "faktura@studionord.example.se"),
    ("Les Ateliers Réunis", "compta@ateliers.example.fr"),
)
_PERIOD_DAYS: Final = {"day": 1, "week": 7, "month": 30, "year": 365}


class Billing(Seeder):
    # ----- subscriptions -------------------------------------------------------------

    def subscriptions(self) -> None:
        store = self.store
        maria = store.get("customer", DEMO_CUSTOMER_ID)
        plans = [
            v
            for v in store.all("price_variant")
            if v["billing_type"] == "subscription" and not v["archived"]
        ]
        monthly_usd = [
            v for v in plans if v["currency"] == "usd" and v["recurring_interval"] == "month"
        ]
        if maria is not None and len(monthly_usd) >= 2:
            self.subscription(maria, monthly_usd[0], "active", 95, fixed_id=DEMO_SUBSCRIPTION_ID)
            self.subscription(
                maria, monthly_usd[1], "paused", 70, fixed_id=DEMO_PAUSED_SUBSCRIPTION_ID
            )
        currencies = {v["currency"] for v in plans}
        buyers = [
            c
            for c in store.all("customer")
            if c["currency"] in currencies and c["id"] != DEMO_CUSTOMER_ID
        ]
        for status in _SUBSCRIPTION_STATUSES:
            customer = self.rng.choice(buyers)
            mine = [v for v in plans if v["currency"] == customer["currency"]]
            age = self.rng.uniform(1, 6) if status == "trialing" else self.rng.uniform(10, 115)
            self.subscription(customer, self.rng.choice(mine), status, age)

    def subscription(
        self,
        customer: Record,
        variant: Record,
        status: str,
        age_days: float,
        *,
        fixed_id: str | None = None,
    ) -> None:
        created = REFERENCE_TIME - timedelta(days=age_days)
        period = timedelta(days=_PERIOD_DAYS[variant["recurring_interval"]])
        start = created
        while start + period < REFERENCE_TIME:
            start += period
        fields: dict[str, Any] = {}
        if status == "trialing":
            trial_end = created + timedelta(days=variant["trial_period_days"] or 7)
            start, fields["trial_ends_at"] = created, iso(trial_end)
            period = trial_end - created
        if status == "canceled":
            fields["canceled_at"] = iso(start - timedelta(days=self.rng.uniform(1, 5)))
        self.store.put(
            subscription_record(
                id=fixed_id or self.new_id("subscription"),
                customer=customer["id"],
                price_variant=variant["id"],
                status=status,
                created_at=iso(created),
                current_period_start=iso(start),
                current_period_end=iso(start + period),
                **fields,
            )
        )

    # ----- invoices ----------------------------------------------------------------

    def invoices(self) -> None:
        store = self.store
        # Paid invoices point at real orders: single one-time items, unrefunded.
        payable = [
            o
            for o in store.all("order")
            if o["status"] == "succeeded"
            and o["amount"] > 0
            and len(o["line_items"]) == 1
            and self._item(o)["quantity"] == 1
        ]
        maria_orders = [o for o in payable if o["customer"] == DEMO_CUSTOMER_ID]
        others = [o for o in payable if o["customer"] != DEMO_CUSTOMER_ID]
        variants = [
            v
            for v in store.all("price_variant")
            if v["amount"] > 0 and not is_recurring(v) and not v["archived"]
        ]
        maria = store.get("customer", DEMO_CUSTOMER_ID)
        demo_variant = next(v for v in variants if v["product"] == DEMO_PRODUCT_ID)
        if maria is not None:
            self.invoice(DEMO_OPEN_INVOICE_ID, demo_variant, maria, "open", 4)
            self.invoice(DEMO_VOID_INVOICE_ID, demo_variant, maria, "void", 40)
            if maria_orders:
                self.paid_invoice(DEMO_PAID_INVOICE_ID, maria_orders[0])
        paid_orders = self.rng.sample(others, _INVOICE_STATUSES.count("paid"))
        for status in _INVOICE_STATUSES:
            if status == "paid":
                self.paid_invoice(self.new_id("invoice"), paid_orders.pop())
                continue
            age = self.rng.uniform(35, 90) if status == "past_due" else self.rng.uniform(2, 90)
            if self.rng.random() < 0.3:
                guest: Record | None = None
                variant = self.rng.choice(variants)
            else:
                guest = self.rng.choice(store.all("customer"))
                mine = [v for v in variants if v["currency"] == guest["currency"]]
                variant = self.rng.choice(mine)
            self.invoice(self.new_id("invoice"), variant, guest, status, age)

    def _item(self, order: Record) -> Record:
        item = self.store.get("order_item", order["line_items"][0])
        if item is None:
            raise ValueError(f"seed order {order['id']} lost its line item")
        return item

    def invoice(
        self,
        invoice_id: str,
        variant: Record,
        customer: Record | None,
        status: str,
        age_days: float,
    ) -> Record:
        name, email = (
            (customer["name"], customer["email"]) if customer else self.rng.choice(_GUESTS)
        )
        created = REFERENCE_TIME - timedelta(days=age_days)
        # Past-due invoices fell due before the reference time; others after it.
        due = created + timedelta(days=30 if status == "past_due" else age_days + 14)
        record = invoice_record(
            self.store,
            id=invoice_id,
            variant=variant,
            customer=customer["id"] if customer else None,
            customer_name=name,
            email_address=email,
            created_at=iso(created),
            status=status,
            due_at=iso(due),
            description=f"{variant['name']} — invoiced by arrangement",
        )
        if status == "void":
            record["updated_at"] = iso(created + timedelta(days=1))
        self.store.put(record)
        return record

    def paid_invoice(self, invoice_id: str, order: Record) -> None:
        item = self._item(order)
        variant = self.store.get("price_variant", item["price_variant"])
        customer = self.store.get("customer", order["customer"])
        if variant is None or customer is None:
            return
        placed = parse(order["created_at"])
        age = (REFERENCE_TIME - placed).total_seconds() / 86400 + 3
        record = self.invoice(invoice_id, variant, customer, "paid", age)
        record.update(
            amount=order["amount"],
            paid_at=order["created_at"],
            order=order["id"],
            updated_at=order["created_at"],
            due_at=iso(placed + timedelta(days=11)),
        )

    # ----- discounts and links -------------------------------------------------------

    def discounts(self) -> None:
        demo_variants = [
            v["id"] for v in self.store.all("price_variant") if v["product"] == DEMO_PRODUCT_ID
        ]
        rows: list[tuple[str | None, str, dict[str, Any]]] = [
            (DEMO_DISCOUNT_ID, DEMO_DISCOUNT_CODE, {"percent_off": 10, "times_redeemed": 12}),
            (UNUSED_DISCOUNT_ID, UNUSED_DISCOUNT_CODE, {"amount_off": 500, "currency": "usd"}),
            (None, "SUMMER25", {"percent_off": 25, "redeem_by": at(60), "times_redeemed": 31}),
            (None, "LAUNCH2030", {"percent_off": 20, "starts_at": "2030-01-01T00:00:00Z"}),
            (
                None,
                "VIP50",
                {
                    "percent_off": 50,
                    "duration": "forever",
                    "max_redemptions": 5,
                    "times_redeemed": 5,
                },
            ),
            (
                None,
                "REPEAT20",
                {
                    "percent_off": 20,
                    "duration": "repeating",
                    "duration_in_months": 3,
                    "times_redeemed": 4,
                },
            ),
            (None, "EURO10", {"amount_off": 1000, "currency": "eur", "times_redeemed": 2}),
            (
                None,
                "CAFE15",
                {"percent_off": 15, "price_variants": demo_variants, "times_redeemed": 1},
            ),
        ]
        for index, (fixed, code, fields) in enumerate(rows):
            self.store.put(
                discount_record(
                    id=fixed or self.new_id("discount"),
                    code=code,
                    created_at=at(150 - index * 9),
                    **fields,
                )
            )

    def checkout_links(self) -> None:
        store = self.store
        demo = [v["id"] for v in store.all("price_variant") if v["product"] == DEMO_PRODUCT_ID]
        monthly = [
            v["id"]
            for v in store.all("price_variant")
            if v["billing_type"] == "subscription" and v["currency"] == "usd"
        ]
        rows: tuple[tuple[str, list[str], str | None, dict[str, str]], ...] = (
            ("Café Crème launch offer", demo[:1], DEMO_DISCOUNT_ID, {"campaign": "launch"}),
            ("Membership — monthly", monthly[:1], None, {}),
            ("Instagram bio link", demo[:2], None, {"channel": "instagram"}),
        )
        for index, (name, variants, discount, metadata) in enumerate(rows):
            link_id = self.new_id("checkout_link")
            created = at(40 - index * 10)
            store.put(
                {
                    "id": link_id,
                    "object": "checkout_link",
                    "name": name,
                    "price_variants": variants,
                    "success_url": "https://demo-studio.example.com/thanks",
                    "allow_discount_codes": discount is None,
                    "discount": discount,
                    "metadata": metadata,
                    "url": f"{storefront(store)}/l/{link_id}",
                    "created_at": created,
                    "updated_at": created,
                }
            )


def seed_billing(seeder: Billing) -> None:
    seeder.subscriptions()
    seeder.invoices()
    seeder.discounts()
    seeder.checkout_links()
