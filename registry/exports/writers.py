"""One entry point per format: write an export to a file, or yield it as a byte stream."""

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Generic, TypeVar

from django.db.models import QuerySet

from patients.models import ExportFormat, ExportShape, Patient
from registry.exports.columns import columns_for
from registry.exports.csv_xlsx import iter_csv, iter_dictionary_csv, iter_lines, write_xlsx
from registry.exports.fhir import FhirExport, write_fhir_bundle
from registry.exports.redcap import write_redcap_zip
from registry.exports.rows import FlatExport, Progress

SPOOL_BYTES = 8 * 1024 * 1024
BLOCK_BYTES = 64 * 1024
T = TypeVar("T")


@dataclass(frozen=True)
class Output:
    content_type: str
    extension: str


OUTPUTS = {
    ExportFormat.CSV: Output("text/csv; charset=utf-8", "csv"),
    ExportFormat.XLSX: Output(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    ),
    ExportFormat.DICTIONARY: Output("text/csv; charset=utf-8", "csv"),
    ExportFormat.REDCAP: Output("application/zip", "zip"),
    ExportFormat.FHIR: Output("application/fhir+json", "json"),
}


class Counted(Generic[T]):
    """An iterable that counts the items that went through it (less ``skip`` headers)."""

    def __init__(self, items: Iterable[T], *, skip: int = 0) -> None:
        self.items = items
        self.skip = skip
        self.seen = 0

    @property
    def count(self) -> int:
        return max(0, self.seen - self.skip)

    def __iter__(self) -> Iterator[T]:
        for item in self.items:
            self.seen += 1
            yield item


def csv_blocks(
    flat: FlatExport, progress: Progress | None = None
) -> tuple[Iterator[bytes], Counted[Any]]:
    """Return the CSV of a flat export as byte blocks, and the counter of its data rows."""
    if flat.shape == ExportShape.PER_VISIT:
        lines = Counted(flat.csv_lines(progress), skip=1)
        return iter_lines(lines), lines
    rows = Counted(flat.rows(progress))
    return iter_csv([column.name for column in flat.columns], rows), rows


@dataclass(frozen=True)
class ExportSpec:
    """What to export: format, content and shape, of which patients and visits."""

    format: str
    content: str
    shape: str
    patients: QuerySet[Patient]
    visit_range: slice | None = None

    def flat(self, shape: str | None = None) -> FlatExport:
        return FlatExport(
            self.patients,
            content=self.content,
            shape=shape or self.shape,
            visit_range=self.visit_range,
        )

    def count_rows(self) -> int:
        """Return the rows the export will hold (visits and patients for REDCap and FHIR)."""
        if self.format == ExportFormat.DICTIONARY:
            return 0
        if self.format in (ExportFormat.CSV, ExportFormat.XLSX):
            return self.flat().count_rows()
        return self.flat(ExportShape.PER_VISIT).count_rows() + self.patients.count()


def write_export(target: IO[bytes], spec: ExportSpec, progress: Progress | None = None) -> int:
    """Write the export to a binary file; return the rows (or FHIR resources) written."""
    if spec.format == ExportFormat.CSV:
        blocks, counter = csv_blocks(spec.flat(), progress)
        for block in blocks:
            target.write(block)
        return counter.count
    if spec.format == ExportFormat.XLSX:
        flat = spec.flat()
        return write_xlsx(target, flat.columns, flat.rows(progress))
    if spec.format == ExportFormat.DICTIONARY:
        columns = columns_for(shape=spec.shape, content=spec.content)
        for block in iter_dictionary_csv(columns):
            target.write(block)
        return len(columns)
    if spec.format == ExportFormat.REDCAP:
        return write_redcap_zip(target, spec.flat(ExportShape.PER_VISIT), progress)
    if spec.format == ExportFormat.FHIR:
        fhir = FhirExport(spec.patients, content=spec.content, visit_range=spec.visit_range)
        return write_fhir_bundle(target, fhir, progress)
    raise ValueError(f"Unknown export format {spec.format!r}")


class Stream:
    """The export as a stream of byte blocks; ``count`` holds the rows once it is consumed.

    CSV is produced row block by row block as the response is sent. The other formats
    are written to a temporary file (kept in memory up to 8 MB, on disk beyond) and then
    sent in 64 KB blocks, so memory stays bounded for every format.
    """

    def __init__(self, spec: ExportSpec) -> None:
        self.spec = spec
        self.count = 0

    def __iter__(self) -> Iterator[bytes]:
        if self.spec.format == ExportFormat.CSV:
            blocks, counter = csv_blocks(self.spec.flat())
            yield from blocks
            self.count = counter.count
            return
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            self.count = write_export(spool, self.spec)
            spool.seek(0)
            while block := spool.read(BLOCK_BYTES):
                yield block
