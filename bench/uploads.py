"""Benchmark: how quickly a zip bomb is refused, beside what parsing it would cost.

    .venv/bin/python bench/uploads.py [--unpacked-mb 16] [--unpacked-mb 64] [--repeat 5]

For each size, builds an XLSX-shaped zip whose one sheet unpacks to that many MB (a few
tens of KB packed) and reports the median time core.uploads.check_archive takes to refuse
it, and the time openpyxl takes to read every row of the same file (what an import without
the check would spend). Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.test_settings")

import django  # noqa: E402

django.setup()

from scrutiny.core.uploads import UploadRejected, check_archive  # noqa: E402

SHEET_HEAD = (
    b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData>'
)


def bomb(unpacked_mb: int) -> bytes:
    """A minimal workbook openpyxl can open, whose sheet is `unpacked_mb` MB of rows."""
    row = b'<row><c t="n"><v>1</v></c></row>'
    rows = row * (unpacked_mb * 1024 * 1024 // len(row))
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            f'ContentType="{ct}.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            f'sheet1.xml" ContentType="{ct}.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", SHEET_HEAD + rows + b"</sheetData></worksheet>")
    return buffer.getvalue()


def refuse_ms(data: bytes, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            check_archive("bomb.xlsx", data)
        except UploadRejected:
            pass
        else:
            raise SystemExit("check_archive let the bomb through")
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def parse_seconds(data: bytes) -> float:
    from openpyxl import load_workbook

    start = time.perf_counter()
    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
    for _ in sheet.iter_rows(values_only=True):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unpacked-mb", type=int, action="append")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'unpacked':>9} {'packed':>9} {'refused in':>11} {'openpyxl reads it in':>21}")
    for size in args.unpacked_mb or [16, 64]:
        data = bomb(size)
        print(
            f"{size:>6} MB {len(data) / 1024:>6.0f} KB {refuse_ms(data, args.repeat):>8.2f} ms "
            f"{parse_seconds(data):>19.1f} s"
        )


if __name__ == "__main__":
    main()
