"""Past training from Excel or CSV into training records, so compliance starts from the truth.

HR's files list what people completed before HọcSố: a course of the platform (by its code) or an
external training (by its name), the date, the training periods (tiết), the field and the
certificate number. As the staff import does (`agencies.imports`), every row is checked first and
the whole file is refused while any row has an error; an import is idempotent — a row already
recorded (same person, same course or training name, same date) is "unchanged" — so a fixed file,
or the same file sent twice by a double click, is simply imported again.

Cells are read as values only (`agencies.tabular`): a formula is never evaluated, and a text such
as `=HYPERLINK(...)` stays text.
"""

from __future__ import annotations

import datetime
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.imports import CONTROL, RowError, date_parse
from agencies.models import LearnerProfile
from agencies.names import text_clean, text_fold
from agencies.selectors import agencies_in_scope, user_is_hr
from agencies.tabular import Column, Row, TabularError, table_read
from courses.models import CoursePage

from .models import ComplianceEvent, TrainingRecord
from .services import CHUNK, text_key
from .tasks import profiles_sync_task

# People written per transaction: their records and their audit entries commit together.
CHUNK_SIZE = 500
# TrainingRecord.hours holds 6 digits with one decimal; no single training comes near this.
MAX_HOURS = Decimal("9999.9")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")

RECORD_COLUMNS = [
    Column(
        "employee_code",
        ("Mã cán bộ", "Mã nhân viên", "Mã nhân sự", "Mã CBCCVC", "Mã công chức", "Mã số"),
        required=True,
    ),
    Column("course_code", ("Mã khóa học", "Mã khóa")),
    Column(
        "title",
        ("Tên khóa bồi dưỡng", "Tên khóa đào tạo", "Tên khóa học", "Nội dung bồi dưỡng"),
    ),
    Column("completed_on", ("Ngày hoàn thành", "Ngày kết thúc khóa học"), required=True),
    Column("hours", ("Số tiết", "Số tiết học", "Thời lượng (tiết)")),
    Column("category", ("Lĩnh vực", "Nhóm khóa học")),
    Column("certificate_number", ("Số giấy chứng nhận", "Số chứng chỉ", "Số GCN")),
]
_TEXT_LIMITS = {
    "employee_code": 32,
    "course_code": 32,
    "title": 255,
    "category": 100,
    "certificate_number": 64,
}


class RecordsImportRefused(Exception):
    """The file as a whole cannot be imported; `message` is translated, ready to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class PlannedRecord:
    """One valid row: the training record it is, or would be."""

    row: int
    profile_id: int
    employee_code: str
    full_name: str
    course_id: int | None
    course_code: str
    title: str
    completed_on: datetime.date
    hours: Decimal
    category: str
    areas: str
    certificate_number: str

    @property
    def key(self) -> str:
        """What the record is, as `TrainingRecord.import_key` and the idempotence compare it."""
        return record_key(course_id=self.course_id, title=self.title)


@dataclass
class RecordsImportResult:
    dry_run: bool
    created: list[PlannedRecord] = field(default_factory=list)
    unchanged: list[PlannedRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # People whose compliance is recomputed after the import (those with a record created).
    people: int = 0

    @property
    def applied(self) -> bool:
        """True when the database was written (not a dry run, no errors)."""
        return not self.dry_run and not self.errors

    @property
    def error_rows(self) -> int:
        return len({error.row for error in self.errors})


def record_key(*, course_id: int | None, title: str) -> str:
    """A course's records are the same training whatever its title was then; an external
    training is known by its name, compared without case or extra spaces."""
    return f"course:{course_id}" if course_id else f"title:{text_key(title)}"


def records_import(
    file, *, by, dry_run: bool, file_name: str = "", today: datetime.date | None = None
) -> RecordsImportResult:
    """Import past training; refuse the whole file while any row has an error.

    `by` is the importing user (their HR scope applies: only people of their agencies) or None
    for the command line without --by (the server's operator). Records are written as
    `TrainingRecord(source=IMPORTED)`, one audit entry per person naming the file, and the
    people's compliance is recomputed in the background after the commit.
    """
    if by is not None and not user_is_hr(user=by):
        raise RecordsImportRefused(_("You may not import past training."))
    scope_ids = None if by is None else set(agencies_in_scope(user=by).values_list("pk", flat=True))
    try:
        table = table_read(file, columns=RECORD_COLUMNS)
        rows = list(table.rows)
    except TabularError as error:
        raise RecordsImportRefused(error.message) from error
    if "course_code" not in table.headers and "title" not in table.headers:
        raise RecordsImportRefused(
            _("The column “Mã khóa học” or “Tên khóa bồi dưỡng” is missing: write one of them.")
        )
    if not rows:
        raise RecordsImportRefused(_("The file has a header but no training rows."))
    today = today or timezone.localdate()
    result = RecordsImportResult(dry_run=dry_run)
    planned = _rows_validate(rows, table.headers, result=result, scope_ids=scope_ids, today=today)
    _duplicates_report(planned, table.headers, result=result)
    result.errors.sort(key=lambda error: (error.row, error.column))
    if result.errors:
        return result
    existing = _existing_keys(planned)
    for record in planned:
        known = (record.profile_id, record.key, record.completed_on) in existing
        (result.unchanged if known else result.created).append(record)
    if dry_run or not result.created:
        return result
    name = file_name or os.path.basename(getattr(file, "name", "") or "")
    _records_write(result, by=by, reason=_import_reason(name))
    return result


def _import_reason(name: str) -> str:
    # The audit log is read in the site's language, whoever's screen the import came from.
    with translation.override(settings.LANGUAGE_CODE):
        if name:
            return _("Import of the file %(name)s") % {"name": name}
        return _("Import of past training")


# --- Checking the rows ----------------------------------------------------------------------


def _chunks(items: list, size: int = CHUNK_SIZE) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _text(value: object, *, key: str) -> tuple[str, str | None]:
    """(cleaned text, error) for one cell."""
    if value is None:
        return "", None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed into a number cell
    if isinstance(value, datetime.datetime | datetime.date):
        return "", _("Write text here, not a date.")
    text = str(value)
    if CONTROL.search(text):
        return "", _("The cell contains invisible control characters: type it again.")
    text = text_clean(text)
    limit = _TEXT_LIMITS.get(key)
    if limit and len(text) > limit:
        return "", _("At most %(limit)d characters.") % {"limit": limit}
    return text, None


def hours_parse(value: object) -> Decimal:
    """Training periods as written: a number ≥ 0, decimals after “,” (Vietnamese) or “.”;
    ValueError with a translated message otherwise."""
    wrong = _("Write a number of training periods (tiết) of 0 or more, e.g. 4 or 1,5.")
    if isinstance(value, bool):
        raise ValueError(wrong)
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation as error:
            raise ValueError(wrong) from error
        if not number.is_finite() or number < 0:
            raise ValueError(wrong)
    else:
        text = "".join(str(value).split())
        if not _NUMBER.match(text):
            raise ValueError(wrong)
        number = Decimal(text.replace(",", "."))
    if number != number.quantize(Decimal("0.1")):
        raise ValueError(_("At most one decimal place, e.g. 1,5."))
    if number > MAX_HOURS:
        raise ValueError(_("At most %(limit)s training periods.") % {"limit": "9999,9"})
    return number.quantize(Decimal("0.1"))


def _category_lookup() -> dict[str, str]:
    """Folded spelling → category value: its code, and its label in every language we speak."""
    lookup = {text_fold(value): value for value in CoursePage.Category.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            lookup.update(
                {text_fold(str(label)): value for value, label in CoursePage.Category.choices}
            )
    return lookup


def _profiles_by_code(rows: list[Row]) -> dict[str, dict]:
    codes = sorted({_text(row.values.get("employee_code"), key="employee_code")[0] for row in rows})
    found: dict[str, dict] = {}
    for chunk in _chunks([code for code in codes if code]):
        for person in LearnerProfile.objects.filter(employee_code__in=chunk).values(
            "pk", "employee_code", "full_name", "agency_id"
        ):
            found[person["employee_code"]] = person
    return found


def _courses_by_code(rows: list[Row]) -> dict[str, dict]:
    codes = sorted({_text(row.values.get("course_code"), key="course_code")[0] for row in rows})
    found: dict[str, dict] = {}
    for chunk in _chunks([code for code in codes if code]):
        for course in CoursePage.objects.filter(code__in=chunk).values(
            "pk", "code", "title", "hours", "category", "digcomp_areas"
        ):
            found[course["code"]] = course
    return found


def _rows_validate(
    rows: list[Row],
    headers: dict[str, str],
    *,
    result: RecordsImportResult,
    scope_ids: set[int] | None,
    today: datetime.date,
) -> list[PlannedRecord]:
    context = _Context(
        headers=headers,
        profiles=_profiles_by_code(rows),
        courses=_courses_by_code(rows),
        categories=_category_lookup(),
        scope_ids=scope_ids,
        today=today,
    )
    planned = []
    for row in rows:
        checked = _RowCheck(row, context)
        record = checked.record()
        result.errors.extend(checked.errors)
        if record is not None:
            planned.append(record)
    return planned


@dataclass(frozen=True)
class _Context:
    headers: dict[str, str]
    profiles: dict[str, dict]
    courses: dict[str, dict]
    categories: dict[str, str]
    scope_ids: set[int] | None
    today: datetime.date


class _RowCheck:
    """One row's cells cleaned and checked; every problem kept with its column's header."""

    def __init__(self, row: Row, context: _Context):
        self.row = row
        self.context = context
        self.errors: list[RowError] = []
        self.failed: set[str] = set()

    def fail(self, key: str, message: str) -> None:
        self.failed.add(key)
        self.errors.append(
            RowError(row=self.row.number, column=self.context.headers.get(key, ""), message=message)
        )

    def text(self, key: str) -> str:
        value, problem = _text(self.row.values.get(key), key=key)
        if problem:
            self.fail(key, problem)
        return value

    def record(self) -> PlannedRecord | None:
        person = self._person()
        course = self._course()
        title = self.text("title")
        if course is None and not title and not {"course_code", "title"} & self.failed:
            where = "course_code" if "course_code" in self.context.headers else "title"
            self.fail(where, _("Write the course code or the name of the external training."))
        completed_on = self._date()
        hours = self._hours(course)
        category = self._category(course)
        certificate_number = self.text("certificate_number")
        if self.errors:
            return None
        return PlannedRecord(
            row=self.row.number,
            profile_id=person["pk"],
            employee_code=person["employee_code"],
            full_name=person["full_name"],
            course_id=course["pk"] if course else None,
            course_code=course["code"] if course else "",
            # A course's record carries its title as it is today, as platform records do.
            title=course["title"] if course else title,
            completed_on=completed_on,
            hours=hours,
            category=category,
            areas=course["digcomp_areas"] if course else "",
            certificate_number=certificate_number,
        )

    def _person(self) -> dict | None:
        code = self.text("employee_code")
        if "employee_code" in self.failed:
            return None
        if not code:
            self.fail("employee_code", _("This cell is required."))
            return None
        person = self.context.profiles.get(code)
        if person is None:
            self.fail(
                "employee_code",
                _("No staff member has the code %(code)s: import the staff list first.")
                % {"code": code},
            )
            return None
        scope_ids = self.context.scope_ids
        if scope_ids is not None and person["agency_id"] not in scope_ids:
            self.fail(
                "employee_code",
                _("The person with code %(code)s is in an agency you do not manage.")
                % {"code": code},
            )
            return None
        return person

    def _course(self) -> dict | None:
        code = self.text("course_code")
        if not code:
            return None
        course = self.context.courses.get(code)
        if course is None:
            self.fail(
                "course_code",
                _(
                    "No course has the code “%(code)s”. For a training outside HọcSố, leave "
                    "this cell empty and write its name."
                )
                % {"code": code},
            )
        return course

    def _date(self) -> datetime.date | None:
        key = "completed_on"
        raw = self.row.values.get(key)
        if isinstance(raw, str):
            if CONTROL.search(raw):
                self.fail(key, _("The cell contains invisible control characters: type it again."))
                return None
            raw = text_clean(raw)
        if raw is None or raw == "":
            self.fail(key, _("This cell is required."))
            return None
        try:
            completed_on = date_parse(raw, today=self.context.today)
        except ValueError as error:
            self.fail(key, str(error))
            return None
        if completed_on > self.context.today:
            self.fail(key, _("The completion date is in the future."))
            return None
        return completed_on

    def _hours(self, course: dict | None) -> Decimal | None:
        raw = self.row.values.get("hours")
        if isinstance(raw, str) and CONTROL.search(raw):
            self.fail("hours", _("The cell contains invisible control characters: type it again."))
            return None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if course is not None:
                return Decimal(course["hours"] or 0)
            if "course_code" not in self.failed:
                self.fail(
                    "hours",
                    _("Write the number of training periods (tiết) of an external training."),
                )
            return None
        try:
            return hours_parse(raw)
        except ValueError as error:
            self.fail("hours", str(error))
            return None

    def _category(self, course: dict | None) -> str:
        text = self.text("category")
        if not text:
            return course["category"] if course else ""
        category = self.context.categories.get(text_fold(text))
        if category is None:
            labels = ", ".join(str(label) for label in CoursePage.Category.labels)
            self.fail(
                "category",
                _("Unknown value “%(value)s”: use one of %(labels)s.")
                % {"value": text, "labels": labels},
            )
            return ""
        return category


def _duplicates_report(
    planned: list[PlannedRecord], headers: dict[str, str], *, result: RecordsImportResult
) -> None:
    """Rows naming the same training of the same person on the same date name each other."""
    rows_by_record: dict[tuple, list[int]] = defaultdict(list)
    for record in planned:
        rows_by_record[(record.profile_id, record.key, record.completed_on)].append(record.row)
    column = headers.get("course_code") or headers.get("title", "")
    for numbers in rows_by_record.values():
        if len(numbers) < 2:
            continue
        for number in numbers:
            others = ", ".join(str(n) for n in numbers if n != number)
            result.errors.append(
                RowError(
                    row=number,
                    column=column,
                    message=_(
                        "The same training of the same person on the same date is also on "
                        "row %(rows)s."
                    )
                    % {"rows": others},
                )
            )


def _existing_keys(planned: list[PlannedRecord]) -> set[tuple[int, str, datetime.date]]:
    """(person, record key, date) of the records these people have already, from any source:
    a completion recorded on the platform is not imported a second time either."""
    found = set()
    profile_ids = sorted({record.profile_id for record in planned})
    for chunk in _chunks(profile_ids):
        for profile_id, course_id, title, completed_on in TrainingRecord.objects.filter(
            profile_id__in=chunk
        ).values_list("profile_id", "course_id", "title", "completed_on"):
            found.add((profile_id, record_key(course_id=course_id, title=title), completed_on))
    return found


# --- Writing ---------------------------------------------------------------------------------


def _records_write(result: RecordsImportResult, *, by, reason: str) -> None:
    """Write in chunks of people, one short transaction each (their records and audit entries
    together). Each chunk reads again what its people already have inside its transaction, and
    the database's unique key refuses a record another import wrote meanwhile: then the chunk is
    read and written once more, and those rows count as unchanged."""
    by_profile: dict[int, list[PlannedRecord]] = defaultdict(list)
    for record in result.created:
        by_profile[record.profile_id].append(record)
    created: list[PlannedRecord] = []
    unchanged = list(result.unchanged)
    written_people = 0
    for profile_ids in _chunks(sorted(by_profile)):
        planned = [record for pk in profile_ids for record in by_profile[pk]]
        for attempt in range(2):
            try:
                new, known = _chunk_write(planned, by=by, reason=reason)
            except IntegrityError as error:
                if attempt:
                    raise RecordsImportRefused(
                        _("Training records changed while importing: import the file again.")
                    ) from error
                continue
            break
        created += new
        unchanged += known
        written_people += len({record.profile_id for record in new})
    result.created = sorted(created, key=lambda record: record.row)
    result.unchanged = sorted(unchanged, key=lambda record: record.row)
    result.people = written_people


def _chunk_write(
    planned: list[PlannedRecord], *, by, reason: str
) -> tuple[list[PlannedRecord], list[PlannedRecord]]:
    created_by = by if getattr(by, "is_authenticated", False) else None
    with transaction.atomic():
        existing = _existing_keys(planned)
        new = [r for r in planned if (r.profile_id, r.key, r.completed_on) not in existing]
        known = [r for r in planned if (r.profile_id, r.key, r.completed_on) in existing]
        records = TrainingRecord.objects.bulk_create(
            [
                TrainingRecord(
                    profile_id=record.profile_id,
                    source=TrainingRecord.Source.IMPORTED,
                    course_id=record.course_id,
                    title=record.title,
                    completed_on=record.completed_on,
                    hours=record.hours,
                    category=record.category,
                    areas=record.areas,
                    certificate_number=record.certificate_number,
                    import_key=record.key,
                    created_by=created_by,
                )
                for record in new
            ],
            batch_size=1000,
        )
        written: dict[int, list[dict]] = defaultdict(list)
        for record, row in zip(records, new, strict=True):
            written[row.profile_id].append(_record_logged(record, row))
        ComplianceEvent.objects.bulk_create(
            [
                ComplianceEvent(
                    kind=ComplianceEvent.Kind.RECORDS_IMPORTED,
                    profile_id=profile_id,
                    # One record: the entry points at it; several are listed in `after`.
                    record_id=logged[0].get("id") if len(logged) == 1 else None,
                    before={},
                    after={"records": logged},
                    reason=reason,
                    by=created_by,
                )
                for profile_id, logged in written.items()
            ],
            batch_size=1000,
        )
        profiles_resync_queue(sorted(written))
    return new, known


def _record_logged(record: TrainingRecord, row: PlannedRecord) -> dict:
    logged = {
        "row": row.row,
        "training": record.title,
        "course": row.course_code,
        "completed_on": record.completed_on.isoformat(),
        "hours": str(record.hours),
        "category": record.category,
        "certificate_number": record.certificate_number,
    }
    if record.pk is not None:
        logged["id"] = record.pk
    return logged


def profiles_resync_queue(profile_ids: list[int]) -> None:
    """Recompute these people's assignments in the background once the records are committed
    (as `compliance.receivers.on_staff_changed` does for staff changes)."""
    for start in range(0, len(profile_ids), CHUNK):
        chunk = profile_ids[start : start + CHUNK]
        transaction.on_commit(lambda chunk=chunk: profiles_sync_task.delay(chunk))
