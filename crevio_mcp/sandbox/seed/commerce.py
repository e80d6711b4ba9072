"""Seed: the account, products and price variants, customers, orders, refunds."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from ..resources.catalog import product_record, variant_record
from ..resources.common import slugify
from ..resources.customers import customer_record
from ..resources.developer import X402_KEY, x402_record
from ..resources.sales import add_line_item, apply_refund, order_record, refund_record
from ..store import REFERENCE_TIME, Record
from ..validation import iso
from .base import Seeder, at, parse
from .constants import (
    ACCOUNT_EMAIL,
    ACCOUNT_ID,
    ACCOUNT_NAME,
    ACCOUNT_SUBDOMAIN,
    DEMO_CUSTOMER_EMAIL,
    DEMO_CUSTOMER_ID,
    DEMO_ORDER_ID,
    DEMO_PARTIALLY_REFUNDED_ORDER_ID,
    DEMO_PENDING_ORDER_ID,
    DEMO_PRODUCT_ID,
    DEMO_PRODUCT_NAME,
    DEMO_PRODUCT_SLUG,
    DEMO_REFUNDED_ORDER_ID,
    ORDER_COUNT,
)

# (name, slug or None to derive, status, currency, variant plan)
# Plans: "one" one-time fixed, "premium" a dearer one-time tier, "monthly" /
# "yearly" subscriptions, "free", "pwyw" pay what you want, "plan" 3 payments.
_PRODUCTS: Final = (
    (DEMO_PRODUCT_NAME, DEMO_PRODUCT_SLUG, "active", "usd", "one premium plan"),
    ("日本語ワークショップ", "nihongo-workshop", "active", "usd", "one"),
    ("Zürich Photo Walk 📸", None, "active", "eur", "one premium"),
    ("Watercolor Foundations", None, "active", "usd", "one pwyw"),
    ("The Sourdough Handbook", None, "active", "gbp", "one"),
    ("Indie Hacker Launch Kit", None, "active", "usd", "one premium"),
    ("Figma for Founders", None, "active", "usd", "one plan"),
    ("Mindful Mornings Audio Series", None, "active", "usd", "monthly yearly"),
    ("Español para Viajeros 🌍", None, "active", "eur", "one free"),
    ("Notion Second Brain Template", None, "active", "usd", "pwyw"),
    ("Podcast Production Bootcamp", None, "active", "usd", "one premium plan"),
    ("Brand Strategy Sprint", None, "active", "usd", "one"),
    ("Yoga for Desk Workers 🧘", None, "active", "gbp", "monthly yearly"),
    ("Copywriting That Converts", None, "active", "usd", "one"),
    ("Lightroom Preset Pack", None, "active", "gbp", "one pwyw"),
    ("Python for Data Journalists", None, "active", "usd", "one free"),
    ("Crème Brûlée & Friends: French Desserts", None, "active", "eur", "one"),
    ("Coaching Circle Membership", None, "active", "usd", "monthly yearly"),
    ("Garden Planning Toolkit 🌱", None, "active", "gbp", "one free"),
    ("Freelance Pricing Calculator", None, "active", "usd", "free"),
    ("Øresund Cycling Guide", None, "active", "eur", "one pwyw"),
    ("Kitchen Knife Skills", None, "draft", "gbp", "one"),
    ("Ceramics at Home", None, "draft", "usd", "one premium"),
    ("UX Writing Essentials", None, "draft", "usd", "one"),
    ("Résumé Review Session", None, "active", "eur", "one premium"),
    ("Weekly Market Notes Newsletter", None, "active", "gbp", "monthly yearly"),
    ("Beginner Guitar in 30 Days 🎸", None, "active", "usd", "one plan"),
    ("Smartphone Filmmaking", None, "draft", "usd", "one"),
    ("Personal Finance Spreadsheet", None, "active", "usd", "pwyw free"),
    ("Meditation Retreat Replay", None, "draft", "usd", "one"),
    ("Legacy Course: SEO 2019", None, "archived", "usd", "one"),
    ("Old Webinar Bundle", None, "archived", "eur", "one"),
)

_ONE_TIME_AMOUNTS: Final = (1900, 2900, 4900, 7900, 9900, 14900)
_MONTHLY_AMOUNTS: Final = (900, 1500, 2900)

# (first name, last name, email or None to derive "first.last@example.com")
_CUSTOMERS: Final = (
    ("María", "García", DEMO_CUSTOMER_EMAIL),
    ("James", "Wilson", None),
    ("Chloé", "Dubois", None),
    ("Björn", "Andersson", None),
    ("Aiko", "Suzuki", None),
    ("Łukasz", "Nowak", None),
    ("Priya", "Sharma", None),
    ("Kwame", "Mensah", None),
    ("Sophie", "Martin", None),
    ("Oğuz", "Demir", None),
    ("Emily", "Johnson", None),
    ("Lucas", "Silva", None),
    ("Ingrid", "Sørensen", None),
    ("François", "Lefèvre", None),
    ("Olivia", "Brown", None),
    ("Nguyễn", "Thị Lan", "lan.nguyen@example.com"),
    ("Dmitri", "Ivanov", None),
    ("Aoife", "Ní Bhriain", "aoife.nibhriain@example.ie"),
    ("Mateo", "Rossi", None),
    ("Hannah", "Schmidt", None),
    ("Noah", "Taylor", None),
    ("Zoë", "Müller", None),
    ("Carlos", "Hernández", None),
    ("Fatima", "Al-Sayed", None),
    ("美咲", "田中", "misaki.tanaka@example.jp"),
    ("Liam", "O'Connor", "liam.oconnor@example.com"),
    ("Isabella", "Costa", None),
    ("Ethan", "Clarke", None),
    ("Ava", "Lindqvist", None),
    ("Mohammed", "Rahman", None),
    ("Grace", "Kim", None),
    ("Santiago", "López", None),
    ("Elif", "Kaya", None),
    ("Jack", "Thompson", None),
    ("Léa", "Bernard", None),
    ("Raj", "Patel", None),
    ("Mia", "Fischer", None),
    ("Benjamin", "Moore", None),
    ("Amara", "Okafor", None),
    ("Jonas", "Weber", None),
    ("Chen", "Wei", "wei.chen@example.com"),
    ("Sofía", "Ramírez", None),
    ("Daniel", "Kowalski", None),
    ("Yara", "Haddad", None),
    ("Henrik", "Nielsen", None),
    ("Charlotte", "Evans", None),
    ("Tomás", "Ó Súilleabháin", "tomas.osullivan@example.ie"),
    ("Nadia", "Petrova", None),
    ("Samuel", "Adeyemi", None),
    ("Julia", "Novak", None),
    ("Arjun", "Mehta", None),
    ("Emma", "Larsen", None),
    ("Gabriel", "Moreau", None),
    ("Hana", "Yoshida", None),
    ("William", "Davies", None),
    ("Ana Lucía", "Pérez", "analucia.perez@example.com"),
    ("Finn", "Jensen", None),
    ("Leila", "Karimi", None),
    ("Oscar", "Eriksson", None),
    ("Ruth", "Abebe", None),
)

_REASONS: Final = ("requested_by_customer", "duplicate", "fraudulent", "other")


class Commerce(Seeder):
    """Account, catalog, customers, orders and refunds."""

    # ----- account -------------------------------------------------------------

    def account(self) -> None:
        self.store.put(
            {
                "id": ACCOUNT_ID,
                "object": "account",
                "name": ACCOUNT_NAME,
                "email": ACCOUNT_EMAIL,
                "subdomain": ACCOUNT_SUBDOMAIN,
                "url": f"https://{ACCOUNT_SUBDOMAIN}.crevio.site",
                "default_currency": "usd",
                "created_at": at(400),
                X402_KEY: x402_record(at(400)),
            }
        )

    # ----- catalog -------------------------------------------------------------

    def products(self) -> None:
        for index, (name, slug, status, currency, plan) in enumerate(_PRODUCTS):
            days = 180 - index * 1.7 - self.rng.random()
            created = at(days)
            pid = DEMO_PRODUCT_ID if index == 0 else self.new_id("product")
            product = product_record(
                self.store,
                id=pid,
                name=name,
                slug=slug or slugify(name),
                created_at=created,
                status=status,
                description=f"{name}: a self-paced program from {ACCOUNT_NAME}.",
                body_html=f"<p>Everything you need to know about {name}.</p>",
                button_cta="Buy now" if status != "draft" else None,
                published_at=at(days - 1) if status != "draft" else None,
                seo={"title": name, "description": f"Learn with {name}."},
            )
            if status == "archived":
                product["updated_at"] = at(20 + index)
            self.store.put(product)
            for position, kind in enumerate(plan.split()):
                self.variant(product, kind, currency, position, at(days - 0.01))

    def variant(self, product: Record, kind: str, currency: str, position: int, at: str) -> None:
        common = {
            "id": self.new_id("price_variant"),
            "product": product["id"],
            "created_at": at,
            "currency": currency,
            "position": position,
        }
        rng = self.rng
        if kind == "one":
            amount = rng.choice(_ONE_TIME_AMOUNTS)
            record = variant_record(self.store, name="Standard", amount=amount, **common)
        elif kind == "premium":
            amount = rng.choice(_ONE_TIME_AMOUNTS[3:]) + 10000
            record = variant_record(
                self.store,
                name="Premium",
                amount=amount,
                benefits=["Lifetime access", "Live Q&A sessions"],
                **common,
            )
        elif kind == "plan":
            record = variant_record(
                self.store,
                name="3 monthly payments",
                amount=rng.choice((3900, 5900)),
                billing_type="payment_plan",
                recurring_interval="month",
                interval_count=1,
                installment_count=3,
                **common,
            )
        elif kind in ("monthly", "yearly"):
            monthly = rng.choice(_MONTHLY_AMOUNTS)
            yearly = kind == "yearly"
            record = variant_record(
                self.store,
                name="Yearly" if yearly else "Monthly",
                amount=monthly * 10 if yearly else monthly,
                billing_type="subscription",
                recurring_interval="year" if yearly else "month",
                interval_count=1,
                trial_period_days=None if yearly else 7,
                **common,
            )
        elif kind == "free":
            record = variant_record(self.store, name="Free", amount_type="free", amount=0, **common)
        else:  # "pwyw"
            floor = rng.choice((0, 500, 1000))
            record = variant_record(
                self.store,
                name="Pay what you want",
                amount=floor,
                amount_type="custom",
                minimum_amount=floor,
                maximum_amount=50000,
                preset_amount=floor + 1500,
                **common,
            )
        self.store.put(record)

    # ----- customers -----------------------------------------------------------

    def customers(self) -> list[Record]:
        made: list[Record] = []
        for index, (first, last, email) in enumerate(_CUSTOMERS):
            address = email or f"{slugify(first)}.{slugify(last)}@example.com".replace("-", "")
            # Customers join from ~130 to ~15 days before the reference time, the
            # demo customer early so she can have a history of orders.
            days = 130 if index == 0 else self.rng.uniform(15, 128)
            created = at(days)
            currency = ("usd", "usd", "usd", "usd", "eur", "gbp")[index % 6]
            confirmed = None if index % 7 == 3 else at(days - 0.05)
            record = customer_record(
                id=DEMO_CUSTOMER_ID if index == 0 else self.new_id("customer"),
                email=address,
                created_at=created,
                currency="usd" if index == 0 else currency,
                name=f"{first} {last}",
                first_name=first,
                last_name=last,
                phone_number=(f"+1 555 01{index:02d}" if index % 3 == 0 else None),
                confirmed_at=confirmed,
            )
            self.store.put(record)
            made.append(record)
        return made

    # ----- orders and refunds ----------------------------------------------------

    def variants_for(self, currency: str) -> list[Record]:
        live = {p["id"] for p in self.store.all("product") if p["status"] != "draft"}
        return [
            v
            for v in self.store.all("price_variant")
            if v["currency"] == currency and v["product"] in live
        ]

    def order(
        self,
        customer: Record,
        days: float,
        *,
        status: str,
        id: str | None = None,
        variants: list[Record] | None = None,
    ) -> Record:
        rng = self.rng
        created = at(days)
        if variants is None:
            pool = self.variants_for(customer["currency"])
            first = rng.choice(pool)
            variants = [first]
            # Subscriptions and payment plans are never mixed with one-time
            # items in one checkout, so they come alone.
            if first["billing_type"] == "one_time":
                others = [
                    v
                    for v in pool
                    if v["billing_type"] == "one_time" and v["product"] != first["product"]
                ]
                variants += rng.sample(others, rng.choice((0, 0, 1, 2)))
        order = order_record(
            id=id or self.new_id("order"),
            customer=customer["id"],
            currency=customer["currency"],
            created_at=created,
            status=status,
            processor="stripe" if rng.random() < 0.8 else "paypal",
        )
        for variant in variants:
            unit = variant["amount"]
            if variant["amount_type"] == "custom":
                unit = variant["preset_amount"] or variant["amount"]
            quantity = 2 if variant["billing_type"] == "one_time" and rng.random() < 0.1 else 1
            add_line_item(
                self.store,
                order,
                id=self.new_id("order_item"),
                variant=variant,
                quantity=quantity,
                unit=unit,
            )
        if order["amount"] == 0:
            # Free orders skip payment and succeed at once.
            order["processor"], order["status"] = "free", "succeeded"
        self.store.put(order)
        return order

    def refund(self, order: Record, amount: int, days_after: float) -> None:
        placed = parse(order["created_at"])
        latest = REFERENCE_TIME - timedelta(minutes=5)
        at = iso(min(placed + timedelta(days=days_after), latest))
        apply_refund(order, amount, at)
        self.store.put(
            refund_record(
                id=self.new_id("refund"),
                order=order,
                amount=amount,
                created_at=at,
                reason=self.rng.choice(_REASONS),
                notes=None,
            )
        )

    def demo_orders(self, maria: Record) -> None:
        def variants(*names: str) -> list[Record]:
            by_name = {
                v["name"]: v
                for v in self.store.all("price_variant")
                if v["product"] == DEMO_PRODUCT_ID
            }
            return [by_name[n] for n in names]

        self.order(maria, 100, status="succeeded", variants=variants("Premium"))
        refunded = self.order(
            maria,
            60,
            status="succeeded",
            id=DEMO_REFUNDED_ORDER_ID,
            variants=variants("Standard"),
        )
        self.refund(refunded, refunded["amount"], 2)
        partial = self.order(
            maria,
            30,
            status="succeeded",
            id=DEMO_PARTIALLY_REFUNDED_ORDER_ID,
            variants=variants("Standard", "Premium"),
        )
        self.refund(partial, partial["amount"] // 4, 1)
        self.order(
            maria,
            5,
            status="pending",
            id=DEMO_PENDING_ORDER_ID,
            variants=variants("Standard"),
        )
        self.order(maria, 3, status="succeeded", id=DEMO_ORDER_ID, variants=variants("Standard"))

    def orders(self, customers: list[Record]) -> None:
        rng = self.rng
        self.demo_orders(customers[0])
        # Customers past the 45th never buy: they stay leads.
        buyers = customers[1:46]
        for _ in range(ORDER_COUNT - 5):
            customer = rng.choice(buyers)
            joined = (REFERENCE_TIME - parse(customer["created_at"])).days
            days = rng.uniform(0.2, max(joined - 0.5, 0.5))
            roll = rng.random()
            status = "pending" if roll < 0.06 else "failed" if roll < 0.13 else "succeeded"
            order = self.order(customer, days, status=status)
            if order["status"] != "succeeded" or order["amount"] == 0:
                continue
            roll = rng.random()
            if roll < 0.07:
                self.refund(order, order["amount"], min(days / 2, 3))
            elif roll < 0.13:
                self.refund(order, max(1, order["amount"] * rng.randint(2, 6) // 10), 1)

    def customer_types(self, customers: list[Record]) -> None:
        for customer in customers:
            mine = [
                o
                for o in self.store.all("order")
                if o["customer"] == customer["id"] and o["status"] != "failed"
            ]
            if any(o["amount"] > 0 for o in mine):
                customer["customer_type"] = "paid"
            elif mine:
                customer["customer_type"] = "free"
