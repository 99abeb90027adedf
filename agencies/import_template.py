"""The staff list template HR downloads: the headers the import reads, an example row, and
drop-down lists for the columns with fixed values (each value one the import accepts)."""

import io

import xlsxwriter

from .imports import STAFF_COLUMNS

# The values offered in the drop-down lists, as HR writes them.
CHOICE_LISTS = {
    "category": ["Cán bộ", "Công chức", "Viên chức", "Người lao động"],
    "leadership_level": [
        "Không",
        "Cấp xã",
        "Cấp phòng và tương đương",
        "Cấp sở và tương đương",
        "Cấp tỉnh",
    ],
    "status": ["Đang công tác", "Nghỉ phép", "Đã nghỉ việc"],
}
EXAMPLE = {
    "employee_code": "NB000123",
    "full_name": "Nguyễn Thị Minh Anh",
    "agency": "SKHCN",
    "birth_date": "05/09/1988",
    "category": "Công chức",
    "leadership_level": "Không",
    "position": "Chuyên viên",
    "job_position": "Chuyên viên về chuyển đổi số",
    "rank": "Chuyên viên",
    "agency_start_date": "01/03/2025",
    "username": "anhntm",
    "email": "minhanh@example.gov.vn",
    "phone": "0912 345 678",
    "status": "Đang công tác",
    "status_date": "",
}
# Notes on the header cells of columns whose rule is not obvious from the header.
HEADER_NOTES = {
    "username": (
        "Không bắt buộc. Để trống thì tên đăng nhập của người mới là mã cán bộ. "
        "Người đã có tài khoản: để trống hoặc ghi đúng tên đăng nhập hiện tại "
        "(nhập tệp không đổi tên tài khoản)."
    ),
}
DATA_ROWS = 20000  # rows the drop-down lists and text formats cover


def staff_template_xlsx() -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách cán bộ")
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    text = book.add_format({"num_format": "@"})
    lists = book.add_worksheet("Danh mục")
    for index, column in enumerate(STAFF_COLUMNS):
        title = column.headers[0] + (" *" if column.required else "")
        sheet.write_string(0, index, title, header)
        if column.key in HEADER_NOTES:
            sheet.write_comment(0, index, HEADER_NOTES[column.key], {"x_scale": 2, "y_scale": 2})
        # Codes, dates and phone numbers as text: Excel would drop leading zeros otherwise.
        sheet.set_column(index, index, 22, text)
        sheet.write_string(1, index, EXAMPLE.get(column.key, ""))
        values = CHOICE_LISTS.get(column.key)
        if values:
            list_column = list(CHOICE_LISTS).index(column.key)
            for row, value in enumerate(values):
                lists.write_string(row, list_column, value)
            letter = xlsxwriter.utility.xl_col_to_name(list_column)
            sheet.data_validation(
                1,
                index,
                DATA_ROWS,
                index,
                {
                    "validate": "list",
                    "source": f"='Danh mục'!${letter}$1:${letter}${len(values)}",
                    "error_title": "Giá trị không hợp lệ",
                    "error_message": "Chọn một giá trị trong danh sách.",
                },
            )
    sheet.freeze_panes(1, 0)
    lists.hide()
    book.close()
    return output.getvalue()
