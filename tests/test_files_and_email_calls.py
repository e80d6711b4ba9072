"""The media library and email to customers, through MCP."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from mcp import Client

from crevio_mcp.operations import operation_named
from crevio_mcp.operations.files import UploadFile
from crevio_mcp.sandbox import DEMO_CUSTOMER_EMAIL, DEMO_CUSTOMER_ID, Store
from crevio_mcp.settings import Settings
from tests.helpers import call_ok, sandbox_settings, text_of

pytestmark = pytest.mark.anyio


@pytest.fixture
def settings() -> Settings:
    return sandbox_settings(unguarded=True)


async def test_a_local_file_is_uploaded_with_its_bytes_name_and_type(
    client: Client, store: Store, tmp_path: Path
) -> None:
    pdf = tmp_path / "brew-guide.pdf"
    data = b"%PDF-1.4 brew guide \x00\xff" * 40
    pdf.write_bytes(data)

    uploaded = await call_ok(client, "upload_file", {"file_path": str(pdf), "tags": ["guides"]})
    stored = store.get("file", uploaded["id"])
    assert stored is not None
    assert (stored["filename"], stored["size"], stored["source"]) == (
        "brew-guide.pdf",
        len(data),
        "upload",
    )
    assert stored["content_type"] == "application/pdf" and stored["tags"] == ["guides"]
    sent = store.requests[-1].body
    assert base64.b64decode(sent["content_base64"]) == data and "file_path" not in sent


def test_the_upload_body_carries_the_file_not_its_path(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("hello")
    op = operation_named("upload_file")
    request = op.build_request(UploadFile.model_validate({"file_path": str(note)}))
    assert request.body == {
        "content_base64": base64.b64encode(b"hello").decode(),
        "filename": "note.txt",
        "content_type": "text/plain",
    }


async def test_a_file_is_imported_by_url_and_a_video_embedded(client: Client, store: Store) -> None:
    imported = await call_ok(
        client, "upload_file", {"url": "https://cdn.example.com/media/menu.png", "title": "Menu"}
    )
    stored = store.get("file", imported["id"])
    assert stored is not None and stored["source"] == "url_import"

    video = await call_ok(
        client,
        "upload_file",
        {"url": "https://www.youtube.com/watch?v=abc123", "kind": "external_video"},
    )
    stored_video = store.get("file", video["id"])
    assert stored_video is not None and stored_video["provider"] == "youtube"


async def test_a_video_from_an_unsupported_host_is_an_api_error_naming_the_url(
    client: Client,
) -> None:
    result = await client.call_tool(
        "upload_file", {"url": "https://example.com/clip.mp4", "kind": "external_video"}
    )
    assert result.is_error and "422" in text_of(result) and "url" in text_of(result)


async def test_files_are_listed_by_kind_read_and_deleted(client: Client, store: Store) -> None:
    videos = await call_ok(client, "list_files", {"kind": "external_video"})
    expected = {f["id"] for f in store.all("file") if f["kind"] == "external_video"}
    assert {f["id"] for f in videos["data"]} == expected and expected

    some = next(f for f in store.all("file") if f["kind"] == "file")
    result = await client.call_tool("get_file", {"file_id": some["id"]})
    assert some["filename"] in text_of(result)

    deleted = await call_ok(client, "delete_file", {"file_id": some["id"]})
    assert deleted["deleted"] is True and store.get("file", some["id"]) is None


async def test_an_email_to_a_customer_lands_in_the_outbox(client: Client, store: Store) -> None:
    sent = await call_ok(
        client,
        "send_email",
        {"to": DEMO_CUSTOMER_ID, "subject": "Your course access", "body": "Log in here."},
    )
    assert sent["customer"] == DEMO_CUSTOMER_ID
    assert store.outbox[-1]["to"] == DEMO_CUSTOMER_EMAIL
    assert store.outbox[-1]["body"] == "Log in here."


async def test_an_email_to_a_stranger_is_refused_and_nothing_is_sent(
    client: Client, store: Store
) -> None:
    result = await client.call_tool(
        "send_email", {"to": "stranger@example.com", "subject": "Hi", "body": "Hello"}
    )
    assert result.is_error and "422" in text_of(result) and "to" in text_of(result)
    assert not store.outbox
