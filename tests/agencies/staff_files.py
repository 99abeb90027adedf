"""Staff files as agencies really send them, built in the test: XLSX with titles, merged headers
and date cells; CSV with a BOM, in UTF-16, with NFD names and no-break spaces."""

import datetime
import io

import openpyxl

HEADERS = [
    "Mã cán bộ",
    "Họ và tên",
    "Mã đơn vị",
    "Ngày sinh",
    "Loại",
    "Cấp lãnh đạo",
    "Chức vụ",
    "Vị trí việc làm",
    "Ngạch",
    "Ngày vào cơ quan",
    "Email",
    "Số điện thoại",
]


def person(code: str = "NB0001", **overrides) -> dict[str, object]:
    """One row keyed by header; override a cell with its header's key below."""
    row = {
        "Mã cán bộ": code,
        "Họ và tên": "Nguyễn Văn Đức",
        "Mã đơn vị": "SKHCN-CDS",
        "Ngày sinh": "25/03/1985",
        "Loại": "Công chức",
        "Cấp lãnh đạo": "",
        "Chức vụ": "Chuyên viên",
        "Vị trí việc làm": "Chuyên viên về chuyển đổi số",
        "Ngạch": "Chuyên viên",
        "Ngày vào cơ quan": "01/07/2025",
        "Email": f"{code.lower()}@ninhbinh.gov.vn",
        "Số điện thoại": "0912345678",
    }
    row.update(overrides)
    return row


def people(count: int, prefix: str = "NB", agency: str = "SKHCN-CDS") -> list[dict]:
    return [
        person(f"{prefix}{n:04d}", **{"Họ và tên": f"Trần Thị Lan {n}", "Mã đơn vị": agency})
        for n in range(1, count + 1)
    ]


def xlsx_file(
    rows: list[dict],
    *,
    headers: list[str] = HEADERS,
    title_rows: int = 0,
    blank_every: int = 0,
    merged_group: int = 0,
) -> io.BytesIO:
    """An XLSX as exported: optional title rows above, a group title merged over two header
    rows, blank rows between the data."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for number in range(title_rows):
        sheet.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC" if number == 0 else None])
    if merged_group:
        # The first `merged_group` headers merged over both header rows, a group title merged
        # over the others, whose own headers are on the second row.
        top = sheet.max_row + 1 if title_rows else 1
        split = merged_group
        sheet.append([*headers[:split], "Thông tin khác", *[None] * (len(headers) - split - 1)])
        sheet.append([*[None] * split, *headers[split:]])
        for column in range(1, split + 1):
            sheet.merge_cells(
                start_row=top, end_row=top + 1, start_column=column, end_column=column
            )
        sheet.merge_cells(
            start_row=top, end_row=top, start_column=split + 1, end_column=len(headers)
        )
    else:
        sheet.append(headers)
    for index, row in enumerate(rows, start=1):
        sheet.append([row.get(header) for header in headers])
        if blank_every and index % blank_every == 0:
            sheet.append([])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def csv_file(
    rows: list[dict],
    *,
    headers: list[str] = HEADERS,
    encoding: str = "utf-8-sig",
    delimiter: str = ",",
) -> io.BytesIO:
    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        text = str(value)
        if any(char in text for char in (delimiter, '"', "\n")):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [delimiter.join(cell(h) for h in headers)]
    lines += [delimiter.join(cell(row.get(h)) for h in headers) for row in rows]
    return io.BytesIO(("\r\n".join(lines) + "\r\n").encode(encoding))
