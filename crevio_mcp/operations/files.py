"""Media files: uploads from this machine, imports from a URL, and embedded videos."""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import Field, field_validator, model_validator

from crevio_mcp.operations.base import ConfirmableParams, ListParams, Operation, Params
from crevio_mcp.operations.ids import FileId

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
"""Sent inline as base64, so kept modest; larger files go in by URL."""


class ListFiles(ListParams):
    kind: Literal["file", "external_video"] | None = Field(None, description="Filter.")
    # Inferred: the newest docs describe `source` on the object; an older list page filtered
    # on `source_type` (upload | external) instead.
    source: Literal["upload", "url_import", "external_video", "generation"] | None = Field(
        None, description="Filter."
    )


class GetFile(Params):
    file_id: FileId


class UploadFile(Params):
    file_path: str | None = Field(
        None,
        description="Local file on this server's machine, up to 10 MB.",
    )
    url: str | None = Field(
        None,
        max_length=2000,
        description="Or a URL to import, or a YouTube/Vimeo/Wistia link.",
    )
    kind: Literal["file", "external_video"] | None = Field(
        None, description="external_video for a video link."
    )
    filename: str | None = Field(None, max_length=255, description="The file's own by default.")
    content_type: str | None = Field(
        None, max_length=255, description="MIME type; guessed by default."
    )
    title: str | None = Field(None, max_length=200, description="Shown in the library.")
    description: str | None = Field(None, max_length=2000, description="Longer text.")
    tags: list[str] | None = Field(None, description="Labels.")

    @field_validator("file_path")
    @classmethod
    def _readable_file(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            path = Path(value).expanduser()
        except RuntimeError:  # "~someone" for a user this machine does not have
            raise ValueError(
                f"cannot find the home directory in {value!r}; give an absolute path"
            ) from None
        if not path.is_file():
            raise ValueError(f"no file at {path}; give the path of an existing file")
        size = path.stat().st_size
        if size > MAX_UPLOAD_BYTES:
            raise ValueError(
                f"{path} is {size:,} bytes; uploads are limited to {MAX_UPLOAD_BYTES:,} "
                "bytes; give a url to import larger files"
            )
        return str(path)

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        if (self.file_path is None) == (self.url is None):
            raise ValueError("give file_path (a local file) or url, exactly one of them")
        if self.kind == "external_video" and self.url is None:
            raise ValueError("an external_video needs its url, not a file_path")
        return self


def upload_body(params: Params) -> dict[str, Any]:
    """The JSON body of upload_file: a local file's bytes travel inline as base64.

    Inferred: the documented upload is a presigned PUT (send filename, PUT the bytes to
    the upload_url returned, then POST /files/{id}/uploaded); the sandbox takes the
    bytes inline instead. This hook is the one place that would change for the former.
    """
    assert isinstance(params, UploadFile)
    body = params.model_dump(mode="json", exclude_none=True, exclude={"file_path"})
    if params.file_path is not None:
        path = Path(params.file_path)
        body["content_base64"] = base64.b64encode(path.read_bytes()).decode("ascii")
        body.setdefault("filename", path.name)
        guessed, _ = mimetypes.guess_type(path.name)
        if guessed:
            body.setdefault("content_type", guessed)
    return body


class DeleteFile(ConfirmableParams):
    file_id: FileId


OPERATIONS = (
    Operation(
        name="list_files",
        title="List files",
        description="List the media library: uploads, imports, videos.",
        method="GET",
        path="/files",
        params=ListFiles,
        returns="file",
        toolset="files",
        paginated=True,
    ),
    Operation(
        name="get_file",
        title="Get a file",
        description="One file with its hosted URL.",
        method="GET",
        path="/files/{file_id}",
        params=GetFile,
        returns="file",
        toolset="files",
    ),
    Operation(
        name="upload_file",
        title="Upload a file",
        description="Add a file or video to the media library.",
        method="POST",
        path="/files",
        params=UploadFile,
        returns="file",
        toolset="files",
        prepare=upload_body,
    ),
    Operation(
        name="delete_file",
        title="Delete a file",
        description="Delete a file; pages using it lose it.",
        method="DELETE",
        path="/files/{file_id}",
        params=DeleteFile,
        returns="file",
        toolset="files",
        destructive=True,
    ),
)
