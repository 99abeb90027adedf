"""Where a person stands on a requirement, computed from dates alone: no database here.

Every page, export, reminder and API answer reads the status the services stored, and the
services store what `assignment_state` returns, so one function decides it
(docs/decisions/0015-compliance-app.md describes the rules with examples).

A requirement runs in cycles. Cycle 1 is due by the due rule. A completion inside the current
cycle's window completes it; a recurring requirement then expires (by its expiry rule), and a
recertification window opens before the expiry: that opening starts the next cycle, due on the
expiry date. A cycle still open past its due date is overdue (cycle 1) or expired (later cycles:
the person held the requirement and lost it).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

ONE_DAY = timedelta(days=1)


class Status:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    EXPIRED = "expired"
    EXEMPT = "exempt"

    # Counted as meeting the requirement in compliance rates.
    MET = frozenset({COMPLETED})
    # Needing action: the overdue list and the reminders.
    LATE = frozenset({OVERDUE, EXPIRED})


class DueRule:
    FIXED = "fixed"
    AFTER_JOINING = "after_joining"
    AFTER_ASSIGNMENT = "after_assignment"


class Recurrence:
    NONE = "none"
    MONTHS = "months"
    YEARLY = "yearly"


class ExpiryBase:
    COMPLETION = "completion"
    PREVIOUS_EXPIRY = "previous_expiry"


# Cached: a province's maintenance asks the same few dates of the calendar 100,000 times.
@lru_cache(maxsize=8192)
def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, on the month's last day when the day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=8192)
def _anchor_in(year: int, anchor: date) -> date:
    """The anchor's day and month in `year` (29 February becomes the 28th in other years)."""
    return date(year, anchor.month, min(anchor.day, calendar.monthrange(year, anchor.month)[1]))


def anchor_on_or_after(day: date, anchor: date) -> date:
    """The first date on or after `day` with the anchor's day and month."""
    this_year = _anchor_in(day.year, anchor)
    return this_year if this_year >= day else _anchor_in(day.year + 1, anchor)


@dataclass(frozen=True)
class Rule:
    """The parts of a requirement that decide dates and statuses."""

    due_rule: str = DueRule.AFTER_ASSIGNMENT
    due_date: date | None = None
    due_days: int = 0
    recurrence: str = Recurrence.NONE
    recurrence_months: int = 12
    window_days: int = 30
    expiry_base: str = ExpiryBase.COMPLETION
    minimum_active_days: int = 0
    due_soon_days: int = 30
    # Satisfied by this many tiết in the cycle's window; None: by completing one of the courses.
    hours_required: Decimal | None = None

    @property
    def period_months(self) -> int:
        return 12 if self.recurrence == Recurrence.YEARLY else self.recurrence_months

    @property
    def recurring(self) -> bool:
        return self.recurrence != Recurrence.NONE


@dataclass(frozen=True)
class Record:
    """A completion that counts for the requirement (already filtered by course or field)."""

    completed_on: date
    hours: Decimal = Decimal(0)


@dataclass(frozen=True)
class State:
    cycle: int
    status: str
    due_on: date
    # HR's extension of the current cycle's due date, when one holds.
    extended_due_on: date | None
    # The current cycle's window: completions on or after it count (None: any completion).
    window_opens_on: date | None
    completed_on: date | None
    expires_on: date | None
    # The first later day on which this state changes with the date alone (None: never).
    next_change_on: date | None
    # The tiết counted in the current cycle's window (hour requirements).
    hours_done: Decimal = Decimal(0)


def first_due(rule: Rule, *, assigned_on: date, joined_on: date | None) -> date:
    """The due date of cycle 1.

    N days after joining: from the start date in the agency, but never sooner than N days after
    the assignment (a requirement created today gives people who joined years ago its N days, as
    it gives newcomers).
    """
    if rule.due_rule == DueRule.FIXED and rule.due_date is not None:
        if rule.recurrence == Recurrence.YEARLY:
            return anchor_on_or_after(max(assigned_on, rule.due_date), rule.due_date)
        return rule.due_date
    days = timedelta(days=rule.due_days)
    if rule.due_rule == DueRule.AFTER_JOINING and joined_on is not None:
        return max(joined_on + days, assigned_on + days)
    return assigned_on + days


def first_window(rule: Rule, due_on: date) -> date | None:
    """Cycle 1 counts completions within one period before its due date (any, if not recurring)."""
    if not rule.recurring:
        return None
    return add_months(due_on, -rule.period_months) + ONE_DAY


def expiry_after(rule: Rule, *, completed_on: date, due_on: date) -> date:
    """When a completion of a cycle due on `due_on` runs out.

    - From completion: completion + period.
    - From the previous expiry: the cycle's due date + period; a completion after the due date
      (the requirement had lapsed) counts from the completion instead, as Totara does.
    - Yearly on a fixed date: the fixed date of the year after the training year the completion
      falls in (a training year ends on the fixed date).
    Then, while less than the minimum active period would remain, one more period.
    """
    months = rule.period_months
    if rule.recurrence == Recurrence.YEARLY:
        anchor = rule.due_date or due_on
        expires = add_months(anchor_on_or_after(completed_on, anchor), 12)
        expires = _anchor_in(expires.year, anchor)
    elif rule.expiry_base == ExpiryBase.PREVIOUS_EXPIRY and completed_on <= due_on:
        expires = add_months(due_on, months)
    else:
        expires = add_months(completed_on, months)
    while (expires - completed_on).days < rule.minimum_active_days:
        expires = add_months(expires, months)
    return expires


def window_before(rule: Rule, *, expires_on: date, completed_on: date) -> date:
    """The day the recertification window opens: `window_days` before expiry, the training
    year's first day for yearly requirements, and never before the day after the completion."""
    if rule.recurrence == Recurrence.YEARLY:
        opens = add_months(expires_on, -12) + ONE_DAY
    else:
        opens = expires_on - timedelta(days=rule.window_days)
    return max(opens, completed_on + ONE_DAY)


def _satisfied_on(
    rule: Rule, records: Sequence[Record], window: date | None, today: date
) -> tuple[date | None, Decimal]:
    """The day the cycle opening on `window` was met (None if not yet), and tiết counted."""
    done = Decimal(0)
    for record in records:
        if record.completed_on > today or (window is not None and record.completed_on < window):
            continue
        if rule.hours_required is None:
            return record.completed_on, done
        done += record.hours
        if done >= rule.hours_required:
            return record.completed_on, done
    return None, done


def assignment_state(
    rule: Rule,
    *,
    assigned_on: date,
    joined_on: date | None,
    records: Iterable[Record],
    in_progress: bool,
    today: date,
    exempt: bool = False,
    extension: tuple[int, date] | None = None,
) -> State:
    """The cycle a person is in today and its status.

    `records` are the person's completions that count for the requirement; `in_progress` says
    they are studying for it; `extension` is (cycle, new due date) granted by HR and holds only
    for that cycle.
    """
    records = sorted(records, key=lambda r: r.completed_on)
    cycle = 1
    due_on = first_due(rule, assigned_on=assigned_on, joined_on=joined_on)
    window = first_window(rule, due_on)
    while True:
        completed_on, hours_done = _satisfied_on(rule, records, window, today)
        if completed_on is None:
            break
        if not rule.recurring:
            status = Status.EXEMPT if exempt else Status.COMPLETED
            return State(cycle, status, due_on, None, window, completed_on, None, None, hours_done)
        expires_on = expiry_after(rule, completed_on=completed_on, due_on=due_on)
        next_window = window_before(rule, expires_on=expires_on, completed_on=completed_on)
        if today < next_window:
            status = Status.EXEMPT if exempt else Status.COMPLETED
            return State(
                cycle,
                status,
                due_on,
                None,
                window,
                completed_on,
                expires_on,
                next_window,
                hours_done,
            )
        cycle, due_on, window = cycle + 1, expires_on, next_window

    extended = None
    if extension is not None and extension[0] == cycle and extension[1] > due_on:
        extended = extension[1]
    effective_due = extended or due_on
    soon = effective_due - timedelta(days=rule.due_soon_days)
    if exempt:
        return State(cycle, Status.EXEMPT, due_on, extended, window, None, None, None, hours_done)
    if today > effective_due:
        status = Status.EXPIRED if cycle > 1 else Status.OVERDUE
        next_change = None
    elif today >= soon:
        status, next_change = Status.DUE_SOON, effective_due + ONE_DAY
    else:
        status = Status.IN_PROGRESS if in_progress or hours_done else Status.NOT_STARTED
        next_change = soon
    return State(cycle, status, due_on, extended, window, None, None, next_change, hours_done)
