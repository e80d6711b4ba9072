"""Seed: experiences, blog posts, legal pages, reviews, files, a webhook endpoint."""

from __future__ import annotations

import hashlib
from typing import Any, Final

from ..resources.common import slugify, storefront
from ..resources.content import review_record
from ..resources.files import file_record
from ..store import Record
from .base import Seeder, at
from .constants import (
    DEMO_BLOG_POST_SLUG,
    DEMO_EXPERIENCE_ID,
    DEMO_EXPERIENCE_SLUG,
    DEMO_PRODUCT_ID,
    INJECTION_REVIEW_CONTENT,
    INJECTION_REVIEW_ID,
    LEGAL_PAGE_SLUGS,
)

# (id or None, name, slug, type, access_type, product slugs, sections)
_EXPERIENCES: Final = (
    (
        DEMO_EXPERIENCE_ID,
        "Café Crème Masterclass",
        DEMO_EXPERIENCE_SLUG,
        "course",
        "secret",
        ("cafe-creme-masterclass",),
        (
            ("Welcome", ("Meet your barista", "Tools you need")),
            ("Espresso basics", ("Dialling in", "Milk texture", "Latte art 101")),
            ("Café crème", ("The long pull", "Serving and tasting")),
        ),
    ),
    (
        None,
        "Coaching Circle Community",
        "coaching-circle",
        "community",
        "secret",
        ("coaching-circle-membership",),
        (("Start here", ("House rules", "Introduce yourself")),),
    ),
    (
        None,
        "Lightroom Presets Download",
        "lightroom-presets",
        "download",
        "secret",
        ("lightroom-preset-pack",),
        (("Files", ("Preset pack (.zip)", "Install guide (PDF)")),),
    ),
    (
        None,
        "Mindful Mornings Library",
        "mindful-mornings",
        "course",
        "secret",
        ("mindful-mornings-audio-series",),
        (
            ("Week 1", ("Breath", "Body scan")),
            ("Week 2", ("Gratitude", "Focus")),
        ),
    ),
    (
        None,
        "日本語 Study Room",
        "nihongo-study-room",
        "community",
        "open",
        ("nihongo-workshop",),
        (("ひらがな", ("あ行", "か行")),),
    ),
    (
        None,
        "Weekly Market Notes Archive",
        "market-notes-archive",
        "newsletter",
        "secret",
        ("weekly-market-notes-newsletter",),
        (("2026", ("Q3 review", "Q4 outlook")),),
    ),
)

# (title, status, days ago published or None)
_BLOG_POSTS: Final = (
    ("Welcome to the Studio", "published", 170.0),
    ("Five Espresso Mistakes (and How to Fix Them) ☕", "published", 120.0),
    ("Ünïcode & Émoji: Naming Your Products 🎉", "published", 80.0),
    ("Behind the Scenes: Filming the Zürich Photo Walk", "published", 45.0),
    ("Our Autumn Sale Recap", "published", 12.0),
    ("Draft: Course Roadmap for 2027", "draft", None),
    ("Holiday Gift Guide", "scheduled", -15.0),
    ("Old Announcement: Platform Move", "archived", 300.0),
)

_LEGAL_TITLES: Final = ("Terms of Service", "Privacy Policy", "Refund Policy")

_REVIEW_TEXTS: Final = (
    (5, "Clear, practical and fun. Worth every cent."),
    (4, "Good content; a few lessons could be shorter."),
    (5, "Exactly what I needed to get started."),
    (3, "Solid basics, but I hoped for more advanced material."),
    (5, "Très bien expliqué, merci !"),
    (4, "Sehr hilfreich, gerne mehr Beispiele."),
    (5, "最高のコースでした！"),
    (2, "Audio quality was uneven in the second module."),
)

_FILES: Final = (
    ("file", "upload", "welcome-guide.pdf", "application/pdf", 482_113, None),
    ("file", "upload", "cover-cafe-creme.png", "image/png", 1_204_551, None),
    ("file", "upload", "presets.zip", "application/zip", 8_300_220, None),
    ("file", "url_import", "brochure.pdf", "application/pdf", 220_004, None),
    ("external_video", "external_video", None, None, None, "https://youtu.be/dQw4w9WgXcQ"),
    ("external_video", "external_video", None, None, None, "https://vimeo.com/76979871"),
    (
        "external_video",
        "external_video",
        None,
        None,
        None,
        "https://fast.wistia.net/embed/iframe/abc123",
    ),
)


class Content(Seeder):
    def experiences(self) -> None:
        store = self.store
        for index, (fixed, name, slug, kind, access, products, sections) in enumerate(_EXPERIENCES):
            created = at(175 - index * 6)
            product_ids = [p["id"] for p in store.all("product") if p["slug"] in set(products)]
            content = [
                {
                    "title": title,
                    "position": s_index,
                    "lessons": [
                        {
                            "title": lesson,
                            "position": l_index,
                            "kind": "video" if kind == "course" else "text",
                            "duration_seconds": 300 + 60 * l_index if kind == "course" else None,
                        }
                        for l_index, lesson in enumerate(lessons)
                    ],
                }
                for s_index, (title, lessons) in enumerate(sections)
            ]
            store.put(
                {
                    "id": fixed or self.new_id("experience"),
                    "object": "experience",
                    "name": name,
                    "slug": slug,
                    "type": kind,
                    "access_type": access,
                    "description": f"Members' area for {name}.",
                    "products": product_ids,
                    "url": f"{storefront(store)}/experiences/{slug}",
                    "created_at": created,
                    "updated_at": created,
                    "_content": content,
                }
            )

    def blog_posts(self) -> None:
        for index, (title, status, days) in enumerate(_BLOG_POSTS):
            slug = DEMO_BLOG_POST_SLUG if index == 0 else slugify(title)
            created = at(max(days or 0, 0) + 2 + index)
            self.store.put(
                {
                    "id": self.new_id("blog_post"),
                    "object": "blog_post",
                    "title": title,
                    "slug": slug,
                    "excerpt": f"{title} — notes from the studio.",
                    "content": f"<h1>{title}</h1><p>Thanks for reading.</p>",
                    "status": status,
                    "category": None,
                    "published_at": at(days) if days is not None else None,
                    "created_at": created,
                    "updated_at": created,
                }
            )

    def legal_pages(self) -> None:
        for index, (slug, title) in enumerate(zip(LEGAL_PAGE_SLUGS, _LEGAL_TITLES, strict=True)):
            created = at(390 - index)
            self.store.put(
                {
                    "id": self.new_id("legal_page"),
                    "object": "legal_page",
                    "title": title,
                    "slug": slug,
                    "body": f"<h1>{title}</h1><p>This {title.lower()} applies to all "
                    "purchases from Crevio Demo Studio.</p>",
                    "created_at": created,
                    "updated_at": created,
                }
            )

    def reviews(self) -> None:
        store = self.store
        names = [c["name"] for c in store.all("customer")]
        for product in store.all("product"):
            if product["status"] != "active":
                continue
            count = 3 if product["id"] == DEMO_PRODUCT_ID else self.rng.choice((0, 1, 1, 2))
            for position in range(count):
                rating, text = self.rng.choice(_REVIEW_TEXTS)
                store.put(
                    review_record(
                        id=self.new_id("review"),
                        product=product["id"],
                        rating=rating,
                        content=text,
                        customer_name=self.rng.choice(names),
                        created_at=at(self.rng.uniform(5, 100)),
                        position=position,
                    )
                )
        store.put(
            review_record(
                id=INJECTION_REVIEW_ID,
                product=DEMO_PRODUCT_ID,
                rating=5,
                content=INJECTION_REVIEW_CONTENT,
                customer_name="Alex Mercer",
                created_at=at(2),
                position=3,
            )
        )

    def files(self) -> None:
        for index, (kind, source, filename, ctype, size, url) in enumerate(_FILES):
            file_id = self.new_id("file")
            hosted = f"https://files.crevio.site/{file_id}/{filename}" if filename else None
            fields: dict[str, Any] = {
                "kind": kind,
                "source": source,
                "filename": filename,
                "content_type": ctype,
                "size": size,
                "title": filename or f"Video {index}",
                "url": url or hosted,
                "file_url": hosted,
            }
            if url:
                fields["provider"] = (
                    "youtube" if "youtu" in url else url.split("/")[2].split(".")[-2]
                )
            self.store.put(file_record(id=file_id, created_at=at(160 - index * 11), **fields))

    def webhook_endpoint(self) -> None:
        endpoint_id = self.new_id("webhook_endpoint")
        created = at(200)
        record: Record = {
            "id": endpoint_id,
            "object": "webhook_endpoint",
            "url": "https://hooks.demo-studio.example.com/crevio",
            "enabled_events": ["order.created", "refund.created", "subscription.canceled"],
            "description": "Fulfilment service",
            "disabled": False,
            "created_at": created,
            "updated_at": created,
            "_secret": "whsec_" + hashlib.sha256(endpoint_id.encode()).hexdigest()[:32],
        }
        self.store.put(record)


def seed_content(seeder: Content) -> None:
    seeder.experiences()
    seeder.blog_posts()
    seeder.legal_pages()
    seeder.reviews()
    seeder.files()
    seeder.webhook_endpoint()
