"""Files: direct uploads (base64 in JSON), URL imports and external videos.

The real API uploads through a presigned PUT; the sandbox takes the bytes
inline instead, because a local fake has no storage service to sign URLs for.
URL imports are marked ready at once: the sandbox fetches nothing.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any, Final
from urllib.parse import urlparse

from ..resource import Filter, ResourceSpec
from ..routing import Call, Route
from ..store import Record
from ..validation import Field, Problems

FILE_KINDS: Final = ("file", "external_video")
MAX_UPLOAD_BYTES: Final = 10 * 1024 * 1024
VIDEO_HOSTS: Final = {
    "youtube.com": "youtube",
    "youtu.be": "youtube",
    "vimeo.com": "vimeo",
    "wistia.com": "wistia",
    "wistia.net": "wistia",
}

FILES = ResourceSpec(
    kind="file",
    path="files",
    filters={"kind": Filter(choices=FILE_KINDS), "source": Filter()},
)

FILE_SCHEMA: Final = {
    "kind": Field(choices=FILE_KINDS, nullable=False),
    "url": Field("url", max_length=2000),
    "filename": Field(max_length=255),
    "content_base64": Field(),
    "content_type": Field(max_length=255),
    "title": Field(max_length=200),
    "description": Field(max_length=2000),
    "tags": Field("list", items="string"),
}


def video_provider(url: str) -> str | None:
    host = (urlparse(url).hostname or "").lower()
    for domain, provider in VIDEO_HOSTS.items():
        if host == domain or host.endswith("." + domain):
            return provider
    return None


def file_record(*, id: str, created_at: str, **fields: Any) -> Record:
    record: Record = {
        "id": id,
        "object": "file",
        "kind": "file",
        "source": "upload",
        "upload_status": "ready",
        "title": None,
        "description": None,
        "filename": None,
        "content_type": None,
        "size": None,
        "url": None,
        "file_url": None,
        "provider": None,
        "tags": [],
        "created_at": created_at,
        "updated_at": created_at,
    }
    record.update(fields)
    return record


def create_file(call: Call) -> Record:
    store = call.store
    problems = Problems()
    values = problems.check(call.body, FILE_SCHEMA)
    kind = values.get("kind", "file")
    url, content = values.get("url"), values.get("content_base64")
    extra: dict[str, Any] = {}
    if kind == "external_video":
        if not url:
            problems.add("url", "required", "an external video needs its url")
        elif video_provider(url) is None:
            problems.add("url", "invalid", "external videos must be on YouTube, Vimeo or Wistia")
        else:
            extra = {"source": "external_video", "provider": video_provider(url), "url": url}
        if content is not None:
            problems.add("content_base64", "invalid", "an external video has no content")
    elif url and content is not None:
        problems.add("url", "invalid", "give url or content_base64, not both")
    elif url:
        name = values.get("filename") or urlparse(url).path.rsplit("/", 1)[-1] or None
        extra = {"source": "url_import", "filename": name}
    elif content is not None:
        try:
            data = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            problems.add("content_base64", "invalid", "content_base64 is not valid base64")
            data = b""
        if len(data) > MAX_UPLOAD_BYTES:
            problems.add("content_base64", "too_long", "uploads are limited to 10 MB")
        if not values.get("filename"):
            problems.add("filename", "required", "an upload needs a filename")
        extra = {"source": "upload", "size": len(data)}
    else:
        problems.add("content_base64", "required", "give content_base64 or a url")
    problems.raise_if_any()
    new_id = store.new_id("file")
    filename = extra.pop("filename", values.get("filename"))
    hosted = f"https://files.crevio.site/{new_id}/{filename}" if filename else None
    return file_record(
        id=new_id,
        created_at=store.now(),
        kind=kind,
        filename=filename,
        content_type=values.get("content_type")
        or ("application/octet-stream" if kind == "file" else None),
        title=values.get("title") or filename,
        description=values.get("description"),
        tags=values.get("tags") or [],
        url=extra.pop("url", None) or hosted,
        file_url=hosted if kind == "file" else None,
        **extra,
    )


def routes() -> list[Route]:
    return FILES.routes(create=create_file, delete=lambda call, record: None)
