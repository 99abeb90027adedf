"""The past-training template HR downloads: the headers `records_import` reads, an example row,
notes on the columns whose rule is not obvious, and a drop-down list of fields (each value one
the import accepts)."""

import io

import xlsxwriter
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from courses.models import CoursePage

from .records_import import RECORD_COLUMNS

EXAMPLE = {
    "employee_code": "NB000123",
    "course_code": "",
    "title": "Bồi dưỡng kiến thức an toàn thông tin cơ bản",
    "completed_on": "15/06/2024",
    "hours": "16",
    "category": "An toàn thông tin",
    "certificate_number": "125/GCN-STTTT",
}
DATA_ROWS = 20000  # rows the drop-down list and the text formats cover


def _notes() -> dict[str, str]:
    return {
        "course_code": _(
            "A course of HọcSố: write its code. For a training outside HọcSố, leave this cell "
            "empty and write its name in the next column."
        ),
        "completed_on": _("Day/month/year, e.g. 15/06/2024; not a date in the future."),
        "hours": _(
            "Required for a training outside HọcSố; for a course of HọcSố, empty means the "
            "course's periods. Decimals after a comma, e.g. 1,5."
        ),
        "category": _("Choose from the list; empty means the course's field."),
    }


def records_template_xlsx() -> bytes:
    # The headers are the Vietnamese ones the import reads: the rest of the sheet speaks the
    # same language, whoever downloads it.
    with translation.override(settings.LANGUAGE_CODE):
        return _workbook()


def _workbook() -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet(_("Past training"))
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    text = book.add_format({"num_format": "@"})
    lists = book.add_worksheet(_("Lists"))
    categories = [str(label) for label in CoursePage.Category.labels]
    for row, value in enumerate(categories):
        lists.write_string(row, 0, value)
    notes = _notes()
    for index, column in enumerate(RECORD_COLUMNS):
        title = column.headers[0] + (" *" if column.required else "")
        sheet.write_string(0, index, title, header)
        if column.key in notes:
            sheet.write_comment(0, index, notes[column.key], {"x_scale": 2, "y_scale": 2})
        # Codes, dates and numbers as text: Excel would drop leading zeros and reformat dates.
        sheet.set_column(index, index, 40 if column.key == "title" else 20, text)
        sheet.write_string(1, index, EXAMPLE.get(column.key, ""))
        if column.key == "category":
            sheet.data_validation(
                1,
                index,
                DATA_ROWS,
                index,
                {
                    "validate": "list",
                    "source": f"='{lists.get_name()}'!$A$1:$A${len(categories)}",
                    "error_title": _("Value not allowed"),
                    "error_message": _("Choose a value from the list."),
                },
            )
    sheet.freeze_panes(1, 0)
    lists.hide()
    book.close()
    return output.getvalue()
