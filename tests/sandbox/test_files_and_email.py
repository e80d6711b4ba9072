"""Files and transactional email."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from crevio_mcp.sandbox import Store
from crevio_mcp.sandbox.seed import DEMO_CUSTOMER_EMAIL, DEMO_CUSTOMER_ID

from .conftest import collect, error_of

pytestmark = pytest.mark.anyio


async def test_an_upload_stores_its_size_and_can_be_deleted(
    client: httpx.AsyncClient, store: Store
) -> None:
    data = "Grüße aus Zürich".encode()
    created = await client.post(
        "/files",
        json={
            "filename": "hello.txt",
            "content_base64": base64.b64encode(data).decode(),
            "content_type": "text/plain",
        },
    )
    assert created.status_code == 201, created.text
    file = created.json()
    assert (file["kind"], file["source"], file["size"], file["upload_status"]) == (
        "file",
        "upload",
        len(data),
        "ready",
    )
    deleted = await client.delete(f"/files/{file['id']}")
    assert deleted.json() == {"id": file["id"], "object": "file", "deleted": True}
    assert [e["type"] for e in store.events] == ["file.created", "file.deleted"]


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://www.youtube.com/watch?v=abc", "youtube"),
        ("https://vimeo.com/12345", "vimeo"),
        ("https://home.wistia.com/medias/xyz", "wistia"),
    ],
)
async def test_external_videos_are_accepted_from_known_hosts(
    client: httpx.AsyncClient, url: str, provider: str
) -> None:
    response = await client.post("/files", json={"kind": "external_video", "url": url})
    assert response.status_code == 201
    assert response.json()["provider"] == provider


async def test_an_external_video_from_another_host_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/files", json={"kind": "external_video", "url": "https://example.com/video.mp4"}
    )
    assert response.status_code == 422
    assert error_of(response)["param"] == "url"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({}, "content_base64"),
        ({"filename": "x.bin", "content_base64": "%%%"}, "content_base64"),
        ({"content_base64": "aGk="}, "filename"),
        ({"url": "https://example.com/a.pdf", "content_base64": "aGk="}, "url"),
    ],
)
async def test_a_malformed_file_is_422(
    client: httpx.AsyncClient, body: dict[str, Any], param: str
) -> None:
    response = await client.post("/files", json=body)
    assert response.status_code == 422
    assert error_of(response)["param"] == param


async def test_a_url_import_takes_its_filename_from_the_url(client: httpx.AsyncClient) -> None:
    response = await client.post("/files", json={"url": "https://example.com/docs/guide.pdf"})
    assert response.json()["filename"] == "guide.pdf"
    assert response.json()["source"] == "url_import"


async def test_files_filter_by_kind(client: httpx.AsyncClient) -> None:
    videos = await collect(client, "/files", kind="external_video")
    assert videos and {f["kind"] for f in videos} == {"external_video"}


@pytest.mark.parametrize("to", [DEMO_CUSTOMER_EMAIL.upper(), DEMO_CUSTOMER_ID])
async def test_an_email_to_a_customer_lands_in_the_outbox(
    client: httpx.AsyncClient, store: Store, to: str
) -> None:
    response = await client.post(
        "/emails", json={"to": to, "subject": "Your receipt", "body": "Thanks, María!"}
    )
    assert response.status_code == 201
    email = response.json()
    assert email["id"].startswith("em_")
    assert (email["object"], email["to"], email["status"]) == ("email", DEMO_CUSTOMER_EMAIL, "sent")
    assert len(store.outbox) == 1
    assert store.outbox[0]["body"] == "Thanks, María!"
    assert store.events[-1]["type"] == "email.sent"


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({"to": "stranger@example.com", "subject": "Hi", "body": "x"}, "to"),
        ({"to": "cus_nobody", "subject": "Hi", "body": "x"}, "to"),
        ({"to": DEMO_CUSTOMER_EMAIL, "body": "x"}, "subject"),
        ({"to": DEMO_CUSTOMER_EMAIL, "subject": "Hi"}, "body"),
    ],
)
async def test_an_email_that_cannot_be_sent_is_422_and_sends_nothing(
    client: httpx.AsyncClient, store: Store, body: dict[str, Any], param: str
) -> None:
    response = await client.post("/emails", json=body)
    assert response.status_code == 422
    assert error_of(response)["param"] == param
    assert store.outbox == []


async def test_an_idempotent_retry_does_not_send_the_email_twice(
    client: httpx.AsyncClient, store: Store
) -> None:
    body = {"to": DEMO_CUSTOMER_EMAIL, "subject": "Once", "body": "Only once"}
    headers = {"Idempotency-Key": "mail-1"}
    first = await client.post("/emails", json=body, headers=headers)
    second = await client.post("/emails", json=body, headers=headers)
    assert first.json() == second.json()
    assert len(store.outbox) == 1
