"""Agency lists from Excel or CSV into the tree, through the tree services.

A row whose code is new creates the agency (under its parent, found by code in the database or
anywhere in the same file); a row whose code exists updates it: a changed name is a rename, a
changed parent a move, each an event with its effective date (the column "Ngày hiệu lực", else
today). An unchanged row does nothing, so importing the same file twice changes nothing.

The whole file is refused while any row has an error. Every change runs through the services
(which check scope, dates and the tree) inside one transaction that is rolled back when any row
fails or when the run is a dry run: a dry run therefore reports exactly what the real run would
refuse. Agency files are small (at most MAX_ROWS rows), so the transaction stays short.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .imports import CONTROL, RowError, date_parse
from .models import Agency
from .names import text_clean, text_fold
from .selectors import agencies_in_scope
from .services import (
    FORMULA_PREFIXES,
    TREE_ROLES,
    agency_create,
    agency_move,
    agency_rename,
)
from .tabular import Column, Row, TabularError, table_read

MAX_ROWS = 5000
AGENCY_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

AGENCY_COLUMNS = [
    Column("code", ("Mã đơn vị", "Mã cơ quan", "Mã"), required=True),
    Column("name", ("Tên đơn vị", "Tên cơ quan", "Tên"), required=True),
    Column("short_name", ("Tên viết tắt", "Tên ngắn")),
    Column("kind", ("Loại đơn vị", "Loại hình", "Loại", "Cấp"), required=True),
    Column("parent", ("Mã đơn vị cấp trên", "Mã cơ quan chủ quản", "Đơn vị cấp trên")),
    Column("address", ("Địa chỉ", "Địa danh")),
    Column("active_from", ("Hoạt động từ", "Ngày thành lập", "Ngày bắt đầu hoạt động")),
    Column("effective", ("Ngày hiệu lực",)),
]

_TEXT_LIMITS = {"code": 32, "name": 255, "short_name": 64, "address": 255, "parent": 32}

# Kinds as people write them, folded (no diacritics, lower case): Vietnamese first.
_KIND_WORDS = {
    "tinh": Agency.Kind.PROVINCE,
    "ubnd tinh": Agency.Kind.PROVINCE,
    "so": Agency.Kind.DEPARTMENT,
    "phong": Agency.Kind.DIVISION,
    "xa": Agency.Kind.COMMUNE,
    "phuong": Agency.Kind.COMMUNE,
    "xa/phuong": Agency.Kind.COMMUNE,
    "xa, phuong": Agency.Kind.COMMUNE,
    "dac khu": Agency.Kind.COMMUNE,
    "don vi su nghiep": Agency.Kind.UNIT,
    "ban": Agency.Kind.BOARD,
    "chi cuc": Agency.Kind.SUB_DEPARTMENT,
    "trung tam": Agency.Kind.CENTER,
    "khac": Agency.Kind.OTHER,
}


class AgencyImportRefused(Exception):
    """The file or the request cannot be imported at all; `message` is translated."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class AgencyImportResult:
    """What an import found and did. Row lists hold the file's row numbers."""

    dry_run: bool
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return not self.dry_run and not self.errors


@dataclass
class _Line:
    """One row, cleaned."""

    row: int
    code: str
    name: str
    short_name: str
    kind: str
    parent: str
    address: str | None  # None: the file has no address column, keep the stored one
    active_from: datetime.date | None
    effective: datetime.date | None


def kind_parse(value: str) -> str | None:
    """An agency kind from its stored value, its label in either language, or a common word."""
    folded = text_fold(value)
    if folded in _KIND_WORDS:
        return _KIND_WORDS[folded]
    for kind in Agency.Kind:
        if folded in (kind.value, text_fold(str(kind.label))):
            return kind.value
    return None


def agency_import(file, *, by, dry_run: bool, reason: str = "") -> AgencyImportResult:
    """Import an agency list; refuse the whole file while any row has an error.

    `by` is the importing user (an agency administrator within their subtree, or a superuser)
    or None for the server's operator on the command line.
    """
    if (
        by is not None
        and not by.is_superuser
        and (not by.is_authenticated or not agencies_in_scope(user=by, roles=TREE_ROLES).exists())
    ):
        raise AgencyImportRefused(_("You may not import agencies."))
    try:
        table = table_read(file, columns=AGENCY_COLUMNS)
        rows = []
        for row in table.rows:
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise AgencyImportRefused(
                    _("The file has more than %(max)d agency rows: split it.") % {"max": MAX_ROWS}
                )
    except TabularError as error:
        raise AgencyImportRefused(error.message) from error
    if not rows:
        raise AgencyImportRefused(_("The file has a header but no agency rows."))
    headers = table.headers
    result = AgencyImportResult(dry_run=dry_run)
    lines = _lines_check(rows, headers, result=result)
    ordered = _order(lines, headers, result=result)
    if result.errors:
        result.errors.sort(key=lambda error: (error.row, error.column))
        return result
    reason = reason or _("Imported from an agency file.")
    with transaction.atomic():
        for line in ordered:
            _line_apply(line, headers, by=by, reason=reason, result=result)
        if result.errors or dry_run:
            transaction.set_rollback(True)
    result.errors.sort(key=lambda error: (error.row, error.column))
    if result.errors:
        result.created, result.updated, result.unchanged = [], [], []
    for bucket in (result.created, result.updated, result.unchanged):
        bucket.sort()
    return result


def _text(value: object, *, key: str) -> tuple[str, str | None]:
    """(cleaned text, error) for one cell."""
    if value is None:
        return "", None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return "", _("Write text here, not a date.")
    text = str(value)
    if CONTROL.search(text):
        return "", _("The cell contains invisible control characters: type it again.")
    text = text_clean(text)
    if text.startswith(FORMULA_PREFIXES) and key in ("name", "short_name", "address"):
        return "", _("The text must not start with =, +, - or @.")
    limit = _TEXT_LIMITS[key]
    if len(text) > limit:
        return "", _("At most %(limit)d characters.") % {"limit": limit}
    return text, None


def _lines_check(
    rows: list[Row], headers: dict[str, str], *, result: AgencyImportResult
) -> list[_Line]:
    today = timezone.localdate()
    lines = []
    seen: dict[str, int] = {}
    for row in rows:
        errors = []

        def error(key: str, message: str, row=row, errors=errors) -> None:
            errors.append(RowError(row=row.number, column=headers[key], message=message))

        cells = {}
        for key in ("code", "name", "short_name", "parent", "address"):
            text, problem = _text(row.values.get(key), key=key)
            if problem:
                error(key, problem)
            cells[key] = text
        for key in ("code", "name"):
            if (
                not cells[key]
                and key in row.values
                and not any(e.column == headers[key] for e in errors)
            ):
                error(key, _("This cell must not be empty."))
        for key in ("code", "parent"):
            if cells[key] and not AGENCY_CODE.fullmatch(cells[key]):
                error(key, _("A code has only letters without diacritics, digits, . _ and -."))
        kind = None
        kind_text, problem = _text(row.values.get("kind"), key="name")
        if problem:
            error("kind", problem)
        elif not kind_text:
            error("kind", _("This cell must not be empty."))
        else:
            kind = kind_parse(kind_text)
            if kind is None:
                error(
                    "kind",
                    _("Unknown kind “%(kind)s”: write sở, phòng, ban, chi cục, trung tâm, …")
                    % {"kind": kind_text},
                )
        dates = {}
        for key in ("active_from", "effective"):
            value = row.values.get(key)
            dates[key] = None
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            try:
                dates[key] = date_parse(value)
            except ValueError as problem:
                error(key, str(problem))
                continue
            if dates[key] > today:
                error(key, _("The date is in the future."))
        code = cells["code"]
        if code and code in seen:
            error(
                "code",
                _("The code %(code)s is already on row %(row)d.")
                % {"code": code, "row": seen[code]},
            )
        elif code:
            seen[code] = row.number
        if cells["parent"] and cells["parent"] == code:
            error("parent", _("An agency cannot be its own supervising agency."))
        result.errors.extend(errors)
        if errors:
            continue
        lines.append(
            _Line(
                row=row.number,
                code=code,
                name=cells["name"],
                short_name=cells["short_name"],
                kind=kind,
                parent=cells["parent"],
                address=cells["address"] if "address" in headers else None,
                active_from=dates["active_from"],
                effective=dates["effective"],
            )
        )
    return lines


def _order(
    lines: list[_Line], headers: dict[str, str], *, result: AgencyImportResult
) -> list[_Line]:
    """The lines with every parent before its children; unknown parents and cycles reported."""
    by_code = {line.code: line for line in lines}
    wanted = {line.parent for line in lines if line.parent and line.parent not in by_code}
    known = set(Agency.objects.filter(code__in=wanted).values_list("code", flat=True))
    ordered: list[_Line] = []
    placed: set[str] = set()
    for line in lines:
        chain: list[_Line] = []
        current = line
        while current is not None and current.code not in placed:
            if current in chain:
                for looped in chain[chain.index(current) :]:
                    result.errors.append(_parent_error(looped, headers, cycle=True))
                    placed.add(looped.code)
                break
            chain.append(current)
            current = by_code.get(current.parent) if current.parent else None
        for item in reversed(chain):
            if item.code in placed:
                continue
            placed.add(item.code)
            if item.parent and item.parent not in by_code and item.parent not in known:
                result.errors.append(_parent_error(item, headers, cycle=False))
                continue
            ordered.append(item)
    return ordered


def _parent_error(line: _Line, headers: dict[str, str], *, cycle: bool) -> RowError:
    message = (
        _("The supervising agencies in the file go round in a circle.")
        if cycle
        else _("No agency has the code %(code)s, in the database or in the file.")
        % {"code": line.parent}
    )
    return RowError(row=line.row, column=headers.get("parent", ""), message=message)


# Which column a service refusal is about, by its code.
_ERROR_COLUMNS = {
    "code_taken": "code",
    "kind": "kind",
    "out_of_scope": "parent",
    "inactive": "parent",
    "inside": "parent",
    "future": "effective",
    "before_latest": "effective",
    "ends_before_start": "effective",
}


def _line_apply(
    line: _Line, headers: dict[str, str], *, by, reason: str, result: AgencyImportResult
) -> None:
    today = timezone.localdate()
    agency = Agency.objects.filter(code=line.code).first()
    parent = Agency.objects.filter(code=line.parent).first() if line.parent else None
    if agency is not None and not _in_scope(agency, by=by):
        result.errors.append(
            RowError(
                row=line.row,
                column=headers["code"],
                message=_("You may only change agencies within your own part of the tree."),
            )
        )
        return
    try:
        with transaction.atomic():
            if agency is None:
                agency_create(
                    code=line.code,
                    name=line.name,
                    kind=line.kind,
                    parent=parent,
                    effective=line.active_from or line.effective or today,
                    by=by,
                    reason=reason,
                    short_name=line.short_name,
                    address=line.address or "",
                )
                result.created.append(line.row)
                return
            if _changes_apply(agency, line, parent, by=by, reason=reason, today=today):
                result.updated.append(line.row)
            else:
                result.unchanged.append(line.row)
    except ValidationError as error:
        key = _ERROR_COLUMNS.get(error.code, "code")
        if key == "effective" and agency is None and "active_from" in headers:
            key = "active_from"
        if key not in headers:
            key = "code"
        for message in error.messages:
            result.errors.append(RowError(row=line.row, column=headers[key], message=message))
    except IntegrityError:
        result.errors.append(
            RowError(
                row=line.row,
                column=headers["code"],
                message=_("The agencies changed while importing: import the file again."),
            )
        )


def _changes_apply(agency: Agency, line: _Line, parent, *, by, reason: str, today) -> bool:
    """Bring an existing agency in line with its row; False when nothing differs."""
    if agency.kind != line.kind:
        raise ValidationError(
            _("The kind differs from the stored one (%(kind)s): an import does not change it.")
            % {"kind": agency.get_kind_display()},
            code="kind",
        )
    if agency.active_to is not None:
        raise ValidationError(
            _("%(name)s has ended: an import does not change it.") % {"name": agency.name},
            code="ended",
        )
    effective = line.effective or today
    changed = False
    if (line.name, line.short_name) != (agency.name, agency.short_name):
        agency = agency_rename(
            agency=agency,
            name=line.name,
            short_name=line.short_name,
            effective=effective,
            by=by,
            reason=reason,
        )
        changed = True
    current = agency.get_parent()
    if parent is None and current is not None:
        raise ValidationError(
            _("The supervising agency is empty: an import does not make a top-level agency."),
            code="out_of_scope",
        )
    if parent is not None and (current is None or current.pk != parent.pk):
        agency_move(agency=agency, parent=parent, effective=effective, by=by, reason=reason)
        changed = True
    if line.address is not None and line.address != agency.address:
        Agency.objects.filter(pk=agency.pk).update(address=line.address)
        changed = True
    return changed


def _in_scope(agency: Agency, *, by) -> bool:
    if by is None or by.is_superuser:
        return True
    return agencies_in_scope(user=by, roles=TREE_ROLES).filter(pk=agency.pk).exists()
