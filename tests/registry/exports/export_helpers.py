"""Ask for an export through the export page and read the file that comes back."""

import csv
import io
import zipfile
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

URL = reverse("cohort:export")


def export(
    client: Client,
    *,
    format: str,
    content: str,
    shape: str = "per_visit",
    query: dict[str, Any] | None = None,
) -> Any:
    """POST the export form with the filter in the query string; return the response."""
    url = URL
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query, doseq=True)
    return client.post(url, {"format": format, "content": content, "shape": shape})


def body(response: Any) -> bytes:
    """Return the whole body of a streamed or plain response."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def read_xlsx(data: bytes, sheet: str = "data") -> list[dict[str, Any]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(workbook[sheet].iter_rows(values_only=True))
    header = rows[0]
    width = len(header)
    return [dict(zip(header, row + (None,) * (width - len(row)), strict=True)) for row in rows[1:]]


def read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
