# ruff: noqa: E501  (the SpreadsheetML parts below are kept one element per line)
"""A small streaming .xlsx writer for the lists BHXH takes: one sheet of text, whole-number and
date cells with a fixed table of styles, column widths, merged cells, A4 landscape page set-up
and print titles.

Why not openpyxl for writing (DESIGN.md names it for Excel exports): even in write-only mode it
builds a cell object and an XML element per cell, with or without lxml. Measured 2026-12-01 on
this project's machine, for the 10,000 × 37 cells of a D05-TS import list: openpyxl 6.4-8.7 s
with plain values and no styles, 9.5-10.7 s with the cells' styles, this writer 0.8-1.4 s; the
issue's target for the whole export (checks included, ~2 s) is under 3 s. This writes the
SpreadsheetML text directly (inline strings, so no shared-string table to hold in memory).
openpyxl reads every file back in the tests (tests/unit/services/test_services_xlsx_files.py):
every cell's value, type and number format, and the sheet's layout.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Final
from xml.sax.saxutils import escape, quoteattr

# Styles (cellXfs indexes of STYLES_XML), chosen per cell.
DEFAULT: Final = 0
TEXT: Final = 1  # number format "@": what is typed stays text (leading zeros, long numbers)
BOLD: Final = 2
BOX: Final = 3  # thin border all round
HEAD: Final = 4  # boxed, bold, wrapped, centred: column headings
MONEY: Final = 5  # boxed, "#,##0"
MONEY_BOLD: Final = 6
BLANK: Final = 7  # a value the laptop does not know: a pale fill and a line to write on
TITLE: Final = 8  # bold, 14 pt, centred
BOX_BOLD: Final = 9
CENTER: Final = 10
DATE: Final = 11  # boxed, a date cell shown dd/mm/yyyy
MONTH: Final = 12  # boxed, a date cell (the month's first day) shown mm/yyyy

# A date cell holds the day's serial number, counted from this day (Excel's 1900 system).
_EPOCH: Final = date(1899, 12, 30)

# A cell: its value (text, whole number, date, or None for an empty cell) and its style. A date
# needs a date style (DATE, MONTH) to be read back as a date.
Cell = tuple[str | int | date | None, int]

STYLES_XML: Final = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="3"><numFmt numFmtId="164" formatCode="#,##0"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy"/><numFmt numFmtId="166" formatCode="mm/yyyy"/></numFmts>
<fonts count="3">
<font><sz val="11"/><name val="Times New Roman"/><family val="1"/></font>
<font><b/><sz val="11"/><name val="Times New Roman"/><family val="1"/></font>
<font><b/><sz val="14"/><name val="Times New Roman"/><family val="1"/></font>
</fonts>
<fills count="3">
<fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill>
</fills>
<borders count="3">
<border><left/><right/><top/><bottom/><diagonal/></border>
<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border>
<border><left/><right/><top/><bottom style="thin"/><diagonal/></border>
</borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="13">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>
<xf numFmtId="164" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>
<xf numFmtId="0" fontId="0" fillId="2" borderId="2" xfId="0" applyFill="1" applyBorder="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf>
<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment horizontal="center"/></xf>
<xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>
<xf numFmtId="166" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>
"""

_CONTENT_TYPES: Final = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>
"""
_ROOT_RELS: Final = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>
"""
_WORKBOOK_RELS: Final = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>
"""
_NS: Final = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
# Characters XML 1.0 cannot hold at all (control characters other than tab and newlines).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


@dataclass
class Sheet:
    """What the sheet looks like besides its cells."""

    name: str
    widths: Sequence[float] = ()
    merges: list[str] = field(default_factory=list)  # "D6:P6"
    landscape: bool = False
    print_title_rows: tuple[int, int] | None = None  # first and last row repeated on each page
    freeze_row: int | None = None  # rows above this one stay in view


def _text(value: str) -> str:
    return escape(_ILLEGAL.sub("", value))


def write_xlsx(path: Path, sheet: Sheet, rows: Iterable[Sequence[Cell]]) -> Path:
    """Write one sheet to ``path`` (through a temporary file, renamed at the end, so a failed
    write never leaves a half-written file where the last good one was)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", _CONTENT_TYPES)
            z.writestr("_rels/.rels", _ROOT_RELS)
            z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
            z.writestr("xl/workbook.xml", _workbook(sheet))
            z.writestr("xl/styles.xml", STYLES_XML)
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
                _write_sheet(out, sheet, rows)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _workbook(sheet: Sheet) -> str:
    names = ""
    if sheet.print_title_rows is not None:
        first, last = sheet.print_title_rows
        ref = escape(f"'{sheet.name}'!${first}:${last}")
        names = (
            f'<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">{ref}'
            "</definedName></definedNames>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook {_NS}><sheets><sheet name={quoteattr(sheet.name)} sheetId="1" '
        f'r:id="rId1"/></sheets>{names}</workbook>'
    )


def _write_sheet(out: object, sheet: Sheet, rows: Iterable[Sequence[Cell]]) -> None:
    write = out.write  # type: ignore[attr-defined]
    head = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', f"<worksheet {_NS}>"]
    if sheet.landscape:
        head.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
    if sheet.freeze_row:
        head.append(
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="'
            f'{sheet.freeze_row - 1}" topLeftCell="A{sheet.freeze_row}" activePane="bottomLeft" '
            'state="frozen"/></sheetView></sheetViews>'
        )
    if sheet.widths:
        head.append("<cols>")
        head.extend(
            f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>'
            for n, w in enumerate(sheet.widths, start=1)
        )
        head.append("</cols>")
    head.append("<sheetData>")
    write("".join(head).encode())
    letters: list[str] = []
    batch: list[str] = []
    for r, row in enumerate(rows, start=1):
        if len(letters) < len(row):
            letters.extend(column_letter(n) for n in range(len(letters) + 1, len(row) + 1))
        parts = [f'<row r="{r}">']
        for c, (value, style) in enumerate(row):
            if value is None or value == "":
                if style:
                    parts.append(f'<c r="{letters[c]}{r}" s="{style}"/>')
            elif isinstance(value, int):
                parts.append(f'<c r="{letters[c]}{r}" s="{style}"><v>{value}</v></c>')
            elif isinstance(value, date):
                day = value.date() if isinstance(value, datetime) else value
                serial = (day - _EPOCH).days
                parts.append(f'<c r="{letters[c]}{r}" s="{style}"><v>{serial}</v></c>')
            else:
                parts.append(
                    f'<c r="{letters[c]}{r}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{_text(value)}</t></is></c>"
                )
        parts.append("</row>")
        batch.append("".join(parts))
        if len(batch) >= 500:
            write("".join(batch).encode())
            batch.clear()
    batch.append("</sheetData>")
    if sheet.merges:
        batch.append(f'<mergeCells count="{len(sheet.merges)}">')
        batch.extend(f'<mergeCell ref="{m}"/>' for m in sheet.merges)
        batch.append("</mergeCells>")
    batch.append(
        '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
    )
    if sheet.landscape:
        batch.append(
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        )
    batch.append("</worksheet>")
    write("".join(batch).encode())
