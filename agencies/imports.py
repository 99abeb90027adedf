"""Staff lists from Excel or CSV into staff records: validate every row, then write or refuse.

The whole file is refused while any row has an error: HR fixes the file and imports it again,
which is safe because an import is idempotent. A half-applied file would leave HR guessing which
rows went in; a refused one leaves the database exactly as it was.
"""

import datetime
import functools
import os
import re
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel
from simple_history.utils import bulk_update_with_history

from .bulk import bulk_insert
from .models import Agency, LearnerProfile
from .names import name_parts, text_clean, text_fold
from .selectors import agencies_in_scope, user_is_hr
from .services import history_bulk_created, history_reason, history_user, staff_assignments_move
from .signals import staff_changed
from .tabular import Column, Row, TabularError, table_read

CHUNK_SIZE = 500
EMPLOYEE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
PHONE = re.compile(r"^\+?[0-9 .()-]{6,20}$")
# Control characters (NUL included) never belong in a staff list. Tabs and line breaks (Alt+Enter
# in a cell) are only spacing: they are collapsed with the other spaces.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

STAFF_COLUMNS = [
    Column(
        "employee_code",
        ("Mã cán bộ", "Mã nhân viên", "Mã nhân sự", "Mã CBCCVC", "Mã công chức", "Mã số"),
        required=True,
    ),
    Column("full_name", ("Họ và tên", "Họ tên", "Họ và tên đệm và tên"), required=True),
    Column("agency", ("Mã đơn vị", "Mã cơ quan", "Mã đơn vị công tác")),
    Column("birth_date", ("Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh")),
    Column("category", ("Loại", "Đối tượng", "Phân loại", "Loại cán bộ"), required=True),
    Column(
        "leadership_level",
        ("Cấp lãnh đạo", "Lãnh đạo quản lý", "Cấp lãnh đạo quản lý", "Lãnh đạo, quản lý"),
    ),
    Column("position", ("Chức vụ",)),
    Column("job_position", ("Vị trí việc làm",)),
    Column("rank", ("Ngạch", "Ngạch công chức", "Ngạch viên chức", "Ngạch, chức danh")),
    Column(
        "agency_start_date",
        ("Ngày vào cơ quan", "Ngày về đơn vị", "Ngày bắt đầu công tác", "Ngày vào đơn vị"),
    ),
    # Optional: the account a new person signs in with (the employee code when empty), for
    # provinces whose accounts must match their directory. An import never renames an account.
    Column("username", ("Tên đăng nhập", "Tên tài khoản", "Tài khoản", "Username")),
    Column("email", ("Email", "E-mail", "Thư điện tử")),
    Column("phone", ("Số điện thoại", "Điện thoại", "SĐT")),
    Column("status", ("Trạng thái", "Tình trạng")),
    Column("status_date", ("Ngày trạng thái", "Ngày thay đổi trạng thái")),
]

Profile = LearnerProfile
_CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "category": {
        "can bo": Profile.Category.CAN_BO,
        "cong chuc": Profile.Category.CONG_CHUC,
        "vien chuc": Profile.Category.VIEN_CHUC,
        "nguoi lao dong": Profile.Category.NGUOI_LAO_DONG,
        "lao dong hop dong": Profile.Category.NGUOI_LAO_DONG,
        "hop dong": Profile.Category.NGUOI_LAO_DONG,
    },
    "leadership_level": {
        "": Profile.LeadershipLevel.NONE,
        "khong": Profile.LeadershipLevel.NONE,
        "cap xa": Profile.LeadershipLevel.COMMUNE,
        "cap phong": Profile.LeadershipLevel.DIVISION,
        "cap phong va tuong duong": Profile.LeadershipLevel.DIVISION,
        "cap so": Profile.LeadershipLevel.DEPARTMENT,
        "cap so va tuong duong": Profile.LeadershipLevel.DEPARTMENT,
        "cap tinh": Profile.LeadershipLevel.PROVINCE,
    },
    "status": {
        "": Profile.Status.WORKING,
        "dang cong tac": Profile.Status.WORKING,
        "dang lam viec": Profile.Status.WORKING,
        "nghi phep": Profile.Status.ON_LEAVE,
        "tam nghi": Profile.Status.ON_LEAVE,
        "nghi dai han": Profile.Status.ON_LEAVE,
        "da nghi": Profile.Status.LEFT,
        "nghi viec": Profile.Status.LEFT,
        "da nghi viec": Profile.Status.LEFT,
        "chuyen cong tac": Profile.Status.LEFT,
    },
}
_CHOICES = {
    "category": Profile.Category,
    "leadership_level": Profile.LeadershipLevel,
    "status": Profile.Status,
}
# The stored values are accepted too (a file exported from here and edited).
for _key, _choices in _CHOICES.items():
    _CHOICE_ALIASES[_key].update({text_fold(value): value for value in _choices.values})
DATE_KEYS = ("birth_date", "agency_start_date", "status_date")

_TEXT_LIMITS = {
    "employee_code": 32,
    "full_name": 150,
    "position": 150,
    "job_position": 150,
    "rank": 150,
    "email": 254,
    "phone": 20,
}
# Profile fields an import writes, in the order a change is described.
_PROFILE_FIELDS = [
    "full_name",
    "agency_id",
    "birth_date",
    "category",
    "leadership_level",
    "position",
    "job_position",
    "rank",
    "agency_start_date",
    "phone",
    "status",
    "status_date",
]


class StaffImportRefused(Exception):
    """The file or the request cannot be imported at all; `message` is translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class MissingPerson:
    employee_code: str
    full_name: str
    agency_code: str


@dataclass
class StaffImportResult:
    """What an import found and did. Row lists hold the file's row numbers."""

    dry_run: bool
    created: list[int] = field(default_factory=list)
    # Employee codes of the people created (or to create), for their sign-in credentials.
    created_codes: list[str] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    missing: list[MissingPerson] = field(default_factory=list)
    marked_left: int = 0

    @property
    def applied(self) -> bool:
        """True when the database was written (not a dry run, no errors)."""
        return not self.dry_run and not self.errors


@dataclass
class _Person:
    """One valid row, cleaned: the values a staff record and its user get."""

    row: int
    employee_code: str
    values: dict[str, object]
    email: str | None  # None: the file has no email column, keep the user's
    username: str = ""  # empty: the file has no user name for this person
    profile: LearnerProfile | None = None
    changed: list[str] = field(default_factory=list)
    email_changed: bool = False

    @property
    def account_name(self) -> str:
        """The user name the import gives this person's account if it creates one."""
        return self.username or self.employee_code


def staff_import(
    file,
    *,
    by,
    agency: Agency | None = None,
    dry_run: bool,
    confirm_left: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
    file_name: str = "",
) -> StaffImportResult:
    """Import a staff list; refuse the whole file while any row has an error.

    `by` is the importing user (their HR scope applies) or None for the command line without
    --by (the server's operator). With `agency`, the file is that agency's full list: rows may
    name it or agencies under it, and people under it who are not in the file are reported
    (and marked as left with `confirm_left`). A column present in the file sets its field, an
    empty cell clears it; a column absent from the file leaves the field as it is. The user name
    column is the exception: it only names the accounts the import creates (the employee code
    when empty), and for people who have an account it must be empty or their current one.
    Every record written keeps a history row naming `by` and the file (`file_name`, or the
    file object's own name).
    """
    if by is not None and not user_is_hr(user=by):
        raise StaffImportRefused(_("You may not import staff."))
    scope_ids = None if by is None else set(agencies_in_scope(user=by).values_list("pk", flat=True))
    if agency is not None and scope_ids is not None and agency.pk not in scope_ids:
        raise StaffImportRefused(_("You may not import staff into this agency."))
    try:
        table = table_read(file, columns=STAFF_COLUMNS)
        rows = list(table.rows)
    except TabularError as error:
        raise StaffImportRefused(error.message) from error
    if agency is None and "agency" not in table.headers:
        raise StaffImportRefused(
            _("The column “Mã đơn vị” is missing: write it, or choose the agency of the file.")
        )
    result = StaffImportResult(dry_run=dry_run)
    if not rows:
        raise StaffImportRefused(_("The file has a header but no staff rows."))
    # A check reports its progress while it reads the rows; an import, while it writes them.
    people = _rows_validate(
        rows,
        table.headers,
        result=result,
        agency=agency,
        scope_ids=scope_ids,
        on_progress=on_progress if dry_run else None,
    )
    _people_against_database(people, table.headers, result=result, scope_ids=scope_ids)
    if agency is not None:
        result.missing = _missing_people(agency=agency, present={p.employee_code for p in people})
    result.errors.sort(key=lambda error: (error.row, error.column))
    if result.errors:
        return result
    for person in people:
        if person.profile is None:
            result.created.append(person.row)
            result.created_codes.append(person.employee_code)
        elif person.changed or person.email_changed:
            result.updated.append(person.row)
        else:
            result.unchanged.append(person.row)
    if dry_run:
        return result
    name = file_name or os.path.basename(getattr(file, "name", "") or "")
    reason = _("Import of the file %(name)s") % {"name": name} if name else _("Staff import")
    try:
        _people_write(people, on_progress=on_progress, by=by, reason=reason)
    except IntegrityError as error:
        # Someone wrote the same codes or emails since we checked; the chunks already written
        # are whole, and importing the file again finishes the job.
        raise StaffImportRefused(
            _("Staff records changed while importing: import the file again.")
        ) from error
    if confirm_left and result.missing:
        result.marked_left = _missing_mark_left(result.missing, by=by, reason=reason)
    codes = [p.employee_code for p in people if p.profile is None or p.changed]
    codes += [person.employee_code for person in result.missing] if result.marked_left else []
    for chunk in _chunks(codes):
        staff_changed.send(
            sender=LearnerProfile,
            profile_ids=list(
                LearnerProfile.objects.filter(employee_code__in=chunk).values_list("pk", flat=True)
            ),
        )
    return result


def unusable_password() -> str:
    """What make_password(None) stores (a password nobody can log in with), for a fraction of
    its cost: one random read instead of forty, which showed per row in a 20,000-row import."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _text(value: object, *, key: str) -> tuple[str, str | None]:
    """(cleaned text, error) for one cell."""
    if value is None:
        return "", None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code or phone typed into a number cell
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


def date_parse(value: object, *, today: datetime.date | None = None) -> datetime.date:
    """A date as Excel or a person wrote it; ValueError with a translated message otherwise.
    A two-digit year is this century's unless that is after `today`'s year."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial_date(value)
    text = str(value).strip()
    if text.isdigit() and len(text) <= 5:
        return _serial_date(int(text))
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", text)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            this_year = (today or timezone.localdate()).year
            year += 2000 if 2000 + year <= this_year else 1900
    elif iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        raise ValueError(_("Write the date as dd/mm/yyyy, e.g. 25/03/1985."))
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise ValueError(
            _("The date %(date)s does not exist.") % {"date": f"{day:02d}/{month:02d}/{year}"}
        ) from error


def _serial_date(serial: float) -> datetime.date:
    # Excel's serials run from 1 (1 Jan 1900) to 2958465 (31 Dec 9999).
    if not 1 <= serial <= 2958465:
        raise ValueError(_("Write the date as dd/mm/yyyy, e.g. 25/03/1985."))
    return from_excel(serial).date()


def _rows_validate(
    rows: list[Row],
    headers: dict[str, str],
    *,
    result: StaffImportResult,
    agency: Agency | None,
    scope_ids: set[int] | None,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[_Person]:
    agencies = _agencies_by_code(rows)
    people: list[_Person] = []
    today = timezone.localdate()  # once: per row it showed in a 20,000-row import
    for done, row in enumerate(rows, start=1):
        checked = _RowCheck(row, headers, today=today)
        person = checked.person(agencies=agencies, agency=agency, scope_ids=scope_ids)
        result.errors.extend(checked.errors)
        if person is not None:
            people.append(person)
        if on_progress is not None and (done % CHUNK_SIZE == 0 or done == len(rows)):
            on_progress(done, len(rows))
    _duplicates_report(people, result=result, headers=headers)
    return people


class _RowCheck:
    """One row's cells cleaned and checked; every problem kept with its column's header."""

    def __init__(self, row: Row, headers: dict[str, str], *, today: datetime.date):
        self.row = row
        self.headers = headers
        self.today = today
        self.errors: list[RowError] = []
        self.failed: set[str] = set()

    def fail(self, key: str, message: str) -> None:
        self.failed.add(key)
        self.errors.append(
            RowError(row=self.row.number, column=self.headers.get(key, ""), message=message)
        )

    def text(self, key: str) -> str:
        value, problem = _text(self.row.values.get(key), key=key)
        if problem:
            self.fail(key, problem)
        return value

    def date(self, key: str) -> datetime.date | None:
        raw = self.row.values.get(key)
        if isinstance(raw, str):
            if CONTROL.search(raw):
                self.fail(key, _("The cell contains invisible control characters: type it again."))
                return None
            raw = text_clean(raw)
        if raw is None or raw == "":
            return None
        try:
            return date_parse(raw, today=self.today)
        except ValueError as error:
            self.fail(key, str(error))
            return None

    def person(
        self, *, agencies: dict[str, Agency], agency: Agency | None, scope_ids: set[int] | None
    ) -> _Person | None:
        headers = self.headers
        texts = {key: self.text(key) for key in headers if key not in DATE_KEYS}
        for key in ("employee_code", "full_name", "category"):
            if key not in self.failed and not texts.get(key):
                self.fail(key, _("This cell is required."))
        code = texts["employee_code"]
        if code and not EMPLOYEE_CODE.match(code):
            self.fail("employee_code", _("Use only letters, digits, “.”, “-” and “_”."))
        values: dict[str, object] = {"full_name": texts["full_name"]}
        for key in ("category", "leadership_level", "status"):
            if key in texts and key not in self.failed:
                choice = _choice_value(key, texts[key])
                if choice is None:
                    labels = ", ".join(str(label) for label in _CHOICES[key].labels)
                    self.fail(
                        key,
                        _("Unknown value “%(value)s”: use one of %(labels)s.")
                        % {"value": texts[key], "labels": labels},
                    )
                else:
                    values[key] = choice
        for key in DATE_KEYS:
            if key in headers:
                values[key] = self.date(key)
        birth_date = values.get("birth_date")
        if birth_date and birth_date > self.today:
            self.fail("birth_date", _("The date of birth is in the future."))
        for key in ("position", "job_position", "rank"):
            if key in texts:
                values[key] = texts[key]
        if "phone" in texts:
            phone = texts["phone"]
            if phone.isdigit() and len(phone) == 9:
                phone = "0" + phone  # a number cell drops the leading zero of 09…
            if phone and not PHONE.match(phone) and "phone" not in self.failed:
                self.fail("phone", _("Not a phone number."))
            values["phone"] = phone
        email = None
        if "email" in texts:
            email = texts["email"].lower()
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    self.fail("email", _("Not an email address."))
        username = texts.get("username", "")
        if username and "username" not in self.failed:
            problem = _username_problem(username)
            if problem:
                self.fail("username", problem)
        target = self._agency(texts.get("agency", ""), agencies, agency, scope_ids)
        if target is not None:
            values["agency_id"] = target.pk
        if self.errors:
            return None
        return _Person(
            row=self.row.number, employee_code=code, values=values, email=email, username=username
        )

    def _agency(self, code, agencies, agency, scope_ids) -> Agency | None:
        if "agency" in self.failed:
            return None
        target = agencies.get(code) if code else agency
        if code and target is None:
            self.fail("agency", _("No agency has the code “%(code)s”.") % {"code": code})
        elif target is None:
            self.fail("agency", _("This cell is required."))
        elif scope_ids is not None and target.pk not in scope_ids:
            self.fail("agency", _("This agency is outside the agencies you manage."))
        elif agency is not None and not target.path.startswith(agency.path):
            self.fail(
                "agency",
                _("This agency is not under %(agency)s, the agency of the file.")
                % {"agency": agency.code},
            )
        else:
            return target
        return None


# A column of choices holds a handful of spellings over thousands of rows.
_choice_fold = functools.lru_cache(maxsize=1024)(text_fold)


def _choice_value(key: str, text: str) -> str | None:
    """The stored value a cell names: a known spelling, or a label as the refusal lists it
    (so whatever that message offers is accepted, in the language it is shown in)."""
    folded = _choice_fold(text)
    choice = _CHOICE_ALIASES[key].get(folded)
    if choice is None:
        labels = {text_fold(str(label)): value for value, label in _CHOICES[key].choices}
        choice = labels.get(folded)
    return choice


def _username_problem(username: str) -> str | None:
    """What is wrong with a user name for the user model (Django's own rules), or None."""
    User = get_user_model()
    name_field = User._meta.get_field(User.USERNAME_FIELD)
    if name_field.max_length and len(username) > name_field.max_length:
        return _("At most %(limit)d characters.") % {"limit": name_field.max_length}
    try:
        for validator in name_field.validators:
            validator(username)
    except ValidationError:
        return _("A user name has only letters, digits and @ . + - _, without spaces.")
    return None


def _agencies_by_code(rows: list[Row]) -> dict[str, Agency]:
    codes = set()
    for row in rows:
        code, problem = _text(row.values.get("agency"), key="agency")
        if code and not problem:
            codes.add(code)
    found: dict[str, Agency] = {}
    for chunk in _chunks(sorted(codes)):
        found.update({a.code: a for a in Agency.objects.filter(code__in=chunk)})
    return found


def _duplicates_report(people: list[_Person], *, result: StaffImportResult, headers) -> None:
    """Every row that repeats a code or an email names the other rows; none of them is kept."""
    for key, label in (("employee_code", "employee_code"), ("email", "email")):
        rows_by_value: dict[str, list[int]] = defaultdict(list)
        for person in people:
            value = person.employee_code if key == "employee_code" else person.email
            if value:
                rows_by_value[value.casefold() if key == "email" else value].append(person.row)
        for value, numbers in rows_by_value.items():
            if len(numbers) < 2:
                continue
            for number in numbers:
                others = ", ".join(str(n) for n in numbers if n != number)
                message = (
                    _("The employee code %(value)s is also on row %(rows)s.")
                    if key == "employee_code"
                    else _("The email %(value)s is also on row %(rows)s.")
                )
                result.errors.append(
                    RowError(
                        row=number,
                        column=headers.get(label, ""),
                        message=message % {"value": value, "rows": others},
                    )
                )


def _chunks(items: list) -> Iterable[list]:
    size = CHUNK_SIZE
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _people_against_database(
    people: list[_Person],
    headers: dict[str, str],
    *,
    result: StaffImportResult,
    scope_ids: set[int] | None,
) -> None:
    """Find each person's record, what would change, and clashes with other people's data."""
    User = get_user_model()
    profiles: dict[str, LearnerProfile] = {}
    for chunk in _chunks([p.employee_code for p in people]):
        for profile in LearnerProfile.objects.filter(employee_code__in=chunk).select_related(
            "user"
        ):
            profiles[profile.employee_code] = profile
    owners: dict[str, int] = {}  # email → user id of whoever has it today
    emails = sorted({p.email for p in people if p.email})
    for chunk in _chunks(emails):
        for user_id, email in (
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .values_list("id", "email_lower")
        ):
            owners.setdefault(email, user_id)
    # The accounts the new people would get, compared without case (as Django's own user form
    # does): "HuyPQ" beside "huypq" is two accounts nobody can tell apart. SQLite lowers only
    # ASCII letters, so the names as written are looked up too: an exact clash is always found.
    taken: set[str] = set()
    new_names = sorted({p.account_name for p in people if p.employee_code not in profiles})
    for chunk in _chunks(new_names):
        taken.update(
            name.lower()
            for name in User.objects.annotate(name_lower=Lower(User.USERNAME_FIELD))
            .filter(
                Q(name_lower__in={name.lower() for name in chunk})
                | Q(**{f"{User.USERNAME_FIELD}__in": chunk})
            )
            .values_list(User.USERNAME_FIELD, flat=True)
        )
    new_people: list[_Person] = []
    for person in people:
        profile = profiles.get(person.employee_code)
        person.profile = profile
        if profile is not None and scope_ids is not None and profile.agency_id not in scope_ids:
            # Someone else's staff: updating them would hand HR their account (the email).
            result.errors.append(
                RowError(
                    row=person.row,
                    column=headers.get("employee_code", ""),
                    message=_("The person with code %(code)s is in an agency you do not manage.")
                    % {"code": person.employee_code},
                )
            )
            continue
        owner = owners.get(person.email) if person.email else None
        if owner is not None and (profile is None or owner != profile.user_id):
            result.errors.append(
                RowError(
                    row=person.row,
                    column=headers.get("email", ""),
                    message=_("The email %(email)s already belongs to another person.")
                    % {"email": person.email},
                )
            )
        if profile is None:
            new_people.append(person)
            if person.account_name.lower() not in taken:
                continue
            if person.username:
                message = _("The user name %(name)s is already taken by another account.") % {
                    "name": person.username
                }
            else:
                message = _(
                    "An account named %(code)s exists without a staff record: ask an "
                    "administrator to link or rename it."
                ) % {"code": person.employee_code}
            result.errors.append(
                RowError(
                    row=person.row,
                    column=headers.get("username" if person.username else "employee_code", ""),
                    message=message,
                )
            )
            continue
        current = profile.user.get_username()
        if person.username and person.username != current:
            result.errors.append(
                RowError(
                    row=person.row,
                    column=headers.get("username", ""),
                    message=_(
                        "This person already signs in as %(current)s: an import never renames "
                        "an account. Write %(current)s or leave the cell empty."
                    )
                    % {"current": current},
                )
            )
        _status_date_settle(person, profile)
        person.changed = [
            name
            for name in _PROFILE_FIELDS
            if name in person.values and getattr(profile, name) != person.values[name]
        ]
        person.email_changed = (
            person.email is not None and person.email != (profile.user.email or "").lower()
        )
    _account_names_clash_report(new_people, headers, result=result)


def _account_names_clash_report(
    people: list[_Person], headers: dict[str, str], *, result: StaffImportResult
) -> None:
    """New people whose accounts would share a user name (without case) name each other's rows.

    Rows that only repeat one employee code are left out: that duplicate is reported already."""
    rows_by_name: dict[str, list[_Person]] = defaultdict(list)
    for person in people:
        rows_by_name[person.account_name.lower()].append(person)
    for clashing in rows_by_name.values():
        if len(clashing) < 2:
            continue
        if not any(p.username for p in clashing) and len({p.employee_code for p in clashing}) == 1:
            continue
        for person in clashing:
            others = ", ".join(str(p.row) for p in clashing if p is not person)
            result.errors.append(
                RowError(
                    row=person.row,
                    column=headers.get("username" if person.username else "employee_code", ""),
                    message=_("The user name %(value)s is also on row %(rows)s.")
                    % {"value": person.account_name, "rows": others},
                )
            )


def _status_date_settle(person: _Person, profile: LearnerProfile) -> None:
    """A new status dates from the file's date or today; an unchanged one keeps its date."""
    values = person.values
    if "status" not in values:
        values.pop("status_date", None)
    elif values["status"] != profile.status:
        values["status_date"] = values.get("status_date") or timezone.localdate()
    elif values.get("status_date") is None:
        values["status_date"] = profile.status_date


def _people_write(
    people: list[_Person], *, on_progress: Callable[[int, int], None] | None, by, reason: str
) -> None:
    """Write in chunks, one short transaction each: a crash leaves whole chunks, and the file
    can simply be imported again. The history rows go in bulk too: a few queries per chunk."""
    User = get_user_model()
    labelled_by, why = history_user(by), history_reason(reason)
    done = 0
    total = len(people)
    for chunk in _chunks(people):
        new = [p for p in chunk if p.profile is None]
        changed = [p for p in chunk if p.profile is not None and p.changed]
        email_changed = [p for p in chunk if p.profile is not None and p.email_changed]
        renamed = [p for p in changed if "full_name" in p.changed]
        users = [
            User(
                **{User.USERNAME_FIELD: p.account_name},
                email=p.email or "",
                password=unusable_password(),
            )
            for p in new
        ]
        # The account carries the name too: the admin, the audit's "who" and the exercises
        # read it from there.
        for person, user in zip(new, users, strict=True):
            user.first_name, user.last_name = name_parts(person.values["full_name"])
        for person in renamed:
            user = person.profile.user
            user.first_name, user.last_name = name_parts(person.values["full_name"])
        profiles = [
            LearnerProfile(employee_code=person.employee_code, **person.values) for person in new
        ]
        for profile in profiles:
            profile.name_keys_refresh()
        for person in changed:
            for name in person.changed:
                setattr(person.profile, name, person.values[name])
            person.profile.name_keys_refresh()
        for person in email_changed:
            person.profile.user.email = person.email
        fields = sorted(
            {name for p in changed for name in p.changed}
            | {"name_sort", "name_search", "name_lower"}
        )
        # People the file puts in another agency move from today, their history kept
        # (the same period bookkeeping as a transfer; read before the records change).
        moving = defaultdict(list)
        for person in changed:
            if "agency_id" in person.changed:
                moving[person.values["agency_id"]].append(person.profile.pk)
        if users or changed or email_changed:
            with transaction.atomic():
                for agency_id, profile_ids in moving.items():
                    staff_assignments_move(
                        profile_ids,
                        agency=Agency(pk=agency_id),
                        effective=timezone.localdate(),
                        by=by,
                        reason=reason,
                    )
                bulk_insert(User, users, key=User.USERNAME_FIELD)
                for profile, user in zip(profiles, users, strict=True):
                    profile.user_id = user.pk
                bulk_insert(LearnerProfile, profiles, key="employee_code")
                history_bulk_created(
                    LearnerProfile, [profile.pk for profile in profiles], by=by, reason=reason
                )
                bulk_update_with_history(
                    [p.profile for p in changed],
                    LearnerProfile,
                    fields,
                    default_user=labelled_by,
                    default_change_reason=why,
                )
                User.objects.bulk_update([p.profile.user for p in email_changed], ["email"])
                User.objects.bulk_update(
                    [p.profile.user for p in renamed], ["first_name", "last_name"]
                )
        done += len(chunk)
        if on_progress is not None:
            on_progress(done, total)


def _missing_people(*, agency: Agency, present: set[str]) -> list[MissingPerson]:
    """People recorded under the agency (or below it), not marked as left, absent from the file."""
    rows = (
        LearnerProfile.objects.filter(agency__path__startswith=agency.path)
        .exclude(status=LearnerProfile.Status.LEFT)
        .order_by("name_sort", "employee_code")
        .values_list("employee_code", "full_name", "agency__code")
    )
    return [
        MissingPerson(code, name, agency_code)
        for code, name, agency_code in rows
        if code not in present
    ]


def _missing_mark_left(missing: list[MissingPerson], *, by, reason: str) -> int:
    today = timezone.localdate()
    marked = 0
    for chunk in _chunks([person.employee_code for person in missing]):
        with transaction.atomic():
            # Only those still not marked: a second confirmation changes nothing.
            leaving = list(
                LearnerProfile.objects.select_for_update()
                .filter(employee_code__in=chunk)
                .exclude(status=LearnerProfile.Status.LEFT)
            )
            for profile in leaving:
                profile.status = LearnerProfile.Status.LEFT
                profile.status_date = today
            bulk_update_with_history(
                leaving,
                LearnerProfile,
                ["status", "status_date"],
                default_user=history_user(by),
                default_change_reason=history_reason(reason),
            )
            marked += len(leaving)
    return marked
