"""Every status a requirement can give a person, and every way between them, from dates alone."""

from datetime import date
from decimal import Decimal

from compliance.rules import (
    DueRule,
    ExpiryBase,
    Record,
    Recurrence,
    Rule,
    Status,
    add_months,
    assignment_state,
    expiry_after,
    first_due,
)

ASSIGNED = date(2026, 3, 1)
# Due 31/03/2026, due soon from 17/03/2026.
ONCE = Rule(due_rule=DueRule.AFTER_ASSIGNMENT, due_days=30, due_soon_days=14)
YEARLY = Rule(  # every calendar year by 31/12
    due_rule=DueRule.FIXED, due_date=date(2026, 12, 31), recurrence=Recurrence.YEARLY
)
EVERY_12 = Rule(  # again every 12 months, from the completion, window 60 days
    due_rule=DueRule.AFTER_ASSIGNMENT,
    due_days=30,
    recurrence=Recurrence.MONTHS,
    recurrence_months=12,
    window_days=60,
)


def state(rule, today, *done, in_progress=False, joined_on=None, **kwargs):
    return assignment_state(
        rule,
        assigned_on=kwargs.pop("assigned_on", ASSIGNED),
        joined_on=joined_on,
        records=[Record(day, Decimal(hours)) for day, hours in done],
        in_progress=in_progress,
        today=today,
        **kwargs,
    )


def test_months_are_added_to_the_months_last_day_when_the_day_does_not_exist():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 1, 15), -2) == date(2025, 11, 15)


# --- Once: not started → in progress → due soon → overdue → completed ---------------------


def test_a_new_assignment_is_not_started_and_changes_when_it_falls_due_soon():
    s = state(ONCE, date(2026, 3, 1))
    assert (s.status, s.due_on, s.cycle) == (Status.NOT_STARTED, date(2026, 3, 31), 1)
    assert s.next_change_on == date(2026, 3, 17)


def test_not_started_until_the_due_soon_window():
    rule = Rule(due_rule=DueRule.AFTER_ASSIGNMENT, due_days=90, due_soon_days=14)
    s = state(rule, date(2026, 3, 2))
    assert (s.status, s.next_change_on) == (Status.NOT_STARTED, date(2026, 5, 16))
    assert state(rule, date(2026, 5, 15)).status == Status.NOT_STARTED
    assert state(rule, date(2026, 5, 16)).status == Status.DUE_SOON


def test_studying_is_in_progress_until_due_soon():
    rule = Rule(due_rule=DueRule.AFTER_ASSIGNMENT, due_days=90, due_soon_days=14)
    assert state(rule, date(2026, 3, 2), in_progress=True).status == Status.IN_PROGRESS
    assert state(rule, date(2026, 5, 20), in_progress=True).status == Status.DUE_SOON


def test_due_soon_becomes_overdue_the_day_after_the_due_date():
    s = state(ONCE, date(2026, 3, 31))
    assert (s.status, s.next_change_on) == (Status.DUE_SOON, date(2026, 4, 1))
    s = state(ONCE, date(2026, 4, 1))
    assert (s.status, s.next_change_on) == (Status.OVERDUE, None)


def test_a_completion_completes_once_and_for_good_even_late():
    s = state(ONCE, date(2030, 1, 1), (date(2026, 4, 20), 8))
    assert (s.status, s.completed_on, s.expires_on, s.next_change_on) == (
        Status.COMPLETED,
        date(2026, 4, 20),
        None,
        None,
    )


def test_a_completion_before_the_assignment_counts_when_nothing_recurs():
    assert state(ONCE, date(2026, 3, 2), (date(2024, 5, 1), 8)).status == Status.COMPLETED


def test_a_completion_dated_after_today_does_not_count_yet():
    assert state(ONCE, date(2026, 3, 2), (date(2026, 3, 10), 8)).status == Status.NOT_STARTED


def test_exempt_overrides_every_open_status():
    s = state(ONCE, date(2026, 6, 1), exempt=True)
    assert (s.status, s.next_change_on) == (Status.EXEMPT, None)


# --- Due rules ------------------------------------------------------------------------------


def test_fixed_due_date():
    rule = Rule(due_rule=DueRule.FIXED, due_date=date(2026, 6, 30))
    assert first_due(rule, assigned_on=ASSIGNED, joined_on=None) == date(2026, 6, 30)


def test_after_joining_counts_from_the_start_date_but_never_sooner_than_after_assignment():
    rule = Rule(due_rule=DueRule.AFTER_JOINING, due_days=60)
    # Joined after the requirement existed: 60 days from joining.
    assert first_due(rule, assigned_on=date(2026, 4, 1), joined_on=date(2026, 4, 1)) == date(
        2026, 5, 31
    )
    # Joined years ago: 60 days from being assigned, not overdue on day one.
    assert first_due(rule, assigned_on=ASSIGNED, joined_on=date(2015, 1, 1)) == date(2026, 4, 30)
    # No start date on file: from the assignment.
    assert first_due(rule, assigned_on=ASSIGNED, joined_on=None) == date(2026, 4, 30)


def test_yearly_first_due_is_the_fixed_date_on_or_after_the_assignment():
    assert first_due(YEARLY, assigned_on=ASSIGNED, joined_on=None) == date(2026, 12, 31)
    assert first_due(YEARLY, assigned_on=date(2027, 2, 1), joined_on=None) == date(2027, 12, 31)


# --- Extensions -------------------------------------------------------------------------------


def test_an_extension_moves_the_due_date_of_its_cycle_only():
    s = state(ONCE, date(2026, 4, 10), extension=(1, date(2026, 5, 31)))
    assert (s.status, s.due_on, s.extended_due_on) == (
        Status.NOT_STARTED,
        date(2026, 3, 31),
        date(2026, 5, 31),
    )
    assert state(ONCE, date(2026, 5, 31), extension=(1, date(2026, 5, 31))).status == (
        Status.DUE_SOON
    )
    assert state(ONCE, date(2026, 6, 1), extension=(1, date(2026, 5, 31))).status == Status.OVERDUE
    # Granted for another cycle: ignored.
    assert state(ONCE, date(2026, 4, 10), extension=(2, date(2026, 5, 31))).status == (
        Status.OVERDUE
    )


# --- Recurrence every N months from completion ----------------------------------------------


def test_recurring_completion_expires_a_period_later_and_opens_a_window_before():
    s = state(EVERY_12, date(2026, 4, 1), (date(2026, 3, 20), 4))
    assert (s.status, s.completed_on, s.expires_on) == (
        Status.COMPLETED,
        date(2026, 3, 20),
        date(2027, 3, 20),
    )
    assert s.next_change_on == date(2027, 1, 19)  # 60 days before expiry


def test_the_window_opening_starts_the_next_cycle_due_on_the_expiry():
    s = state(EVERY_12, date(2027, 1, 19), (date(2026, 3, 20), 4))
    assert (s.cycle, s.status, s.due_on, s.window_opens_on) == (
        2,
        Status.NOT_STARTED,
        date(2027, 3, 20),
        date(2027, 1, 19),
    )
    assert state(EVERY_12, date(2027, 2, 18), (date(2026, 3, 20), 4)).status == Status.DUE_SOON


def test_an_unrenewed_certification_expires_the_day_after_its_expiry():
    s = state(EVERY_12, date(2027, 3, 21), (date(2026, 3, 20), 4))
    assert (s.cycle, s.status) == (2, Status.EXPIRED)


def test_renewing_in_the_window_completes_the_second_cycle():
    s = state(EVERY_12, date(2027, 3, 1), (date(2026, 3, 20), 4), (date(2027, 2, 1), 4))
    assert (s.cycle, s.status, s.expires_on) == (2, Status.COMPLETED, date(2028, 2, 1))


def test_a_completion_before_the_window_does_not_renew():
    # Completed again in October 2026: before the window (19/01/2027) opened, so it is spent.
    s = state(EVERY_12, date(2027, 3, 21), (date(2026, 3, 20), 4), (date(2026, 10, 1), 4))
    assert (s.cycle, s.status) == (2, Status.EXPIRED)


def test_renewing_after_expiry_completes_the_lapsed_cycle_from_the_completion():
    s = state(EVERY_12, date(2027, 5, 1), (date(2026, 3, 20), 4), (date(2027, 4, 15), 4))
    assert (s.cycle, s.status, s.expires_on) == (2, Status.COMPLETED, date(2028, 4, 15))


def test_a_recurring_first_cycle_counts_completions_within_one_period_before_its_due_date():
    # Due 31/03/2026: a completion from 01/04/2025 on counts, an older one does not.
    assert state(EVERY_12, date(2026, 3, 2), (date(2025, 6, 1), 4)).status == Status.COMPLETED
    assert state(EVERY_12, date(2026, 3, 2), (date(2025, 3, 31), 4)).status == Status.DUE_SOON


# --- Expiry from the previous expiry, with a minimum active period ---------------------------

FROM_EXPIRY = Rule(
    due_rule=DueRule.FIXED,
    due_date=date(2026, 6, 30),
    recurrence=Recurrence.MONTHS,
    recurrence_months=12,
    window_days=90,
    expiry_base=ExpiryBase.PREVIOUS_EXPIRY,
)


def test_from_previous_expiry_an_early_renewal_keeps_the_calendar():
    rule = FROM_EXPIRY
    assert expiry_after(rule, completed_on=date(2026, 5, 1), due_on=date(2026, 6, 30)) == date(
        2027, 6, 30
    )
    # Completed after the due date: counted from the completion, as Totara does.
    assert expiry_after(rule, completed_on=date(2026, 8, 1), due_on=date(2026, 6, 30)) == date(
        2027, 8, 1
    )


def test_a_minimum_active_period_adds_a_period_when_too_little_would_remain():
    rule = Rule(
        due_rule=DueRule.FIXED,
        due_date=date(2026, 6, 30),
        recurrence=Recurrence.MONTHS,
        recurrence_months=6,
        window_days=170,
        expiry_base=ExpiryBase.PREVIOUS_EXPIRY,
        minimum_active_days=200,
    )
    # Renewed on 01/01/2026 for the cycle due 30/06/2026: held to 30/12/2026, 363 days.
    assert expiry_after(rule, completed_on=date(2026, 1, 1), due_on=date(2026, 6, 30)) == date(
        2026, 12, 30
    )
    # Renewed on 20/06/2026: 30/12/2026 would leave 193 days, under 200: one more period.
    assert expiry_after(rule, completed_on=date(2026, 6, 20), due_on=date(2026, 6, 30)) == date(
        2027, 6, 30
    )


# --- Every calendar year, across the year boundary --------------------------------------------


def test_yearly_completion_holds_to_the_end_of_the_year_then_the_next_year_opens():
    done = (date(2026, 3, 15), 4)
    s = state(YEARLY, date(2026, 12, 31), done)
    assert (s.cycle, s.status, s.expires_on, s.next_change_on) == (
        1,
        Status.COMPLETED,
        date(2027, 12, 31),
        date(2027, 1, 1),
    )
    s = state(YEARLY, date(2027, 1, 1), done)
    assert (s.cycle, s.status, s.due_on, s.window_opens_on) == (
        2,
        Status.NOT_STARTED,
        date(2027, 12, 31),
        date(2027, 1, 1),
    )
    assert state(YEARLY, date(2027, 12, 1), done).status == Status.DUE_SOON
    assert state(YEARLY, date(2028, 1, 1), done).status == Status.EXPIRED


def test_yearly_never_completed_is_overdue_after_the_first_fixed_date():
    assert state(YEARLY, date(2026, 12, 31)).status == Status.DUE_SOON
    assert state(YEARLY, date(2027, 1, 1)).status == Status.OVERDUE


def test_yearly_training_of_last_year_does_not_count_for_this_year():
    # Assigned in 2026, trained in 2025: the 2026 training year starts on 01/01/2026.
    assert state(YEARLY, date(2026, 3, 2), (date(2025, 11, 1), 4)).status == Status.NOT_STARTED


def test_yearly_late_training_counts_for_the_year_it_falls_in():
    # 2027 not renewed (expired on 01/01/2028), trained on 05/02/2028: held until the end of 2028
    # and due again by 31/12/2029.
    done = [(date(2026, 3, 15), 4), (date(2028, 2, 5), 4)]
    s = state(YEARLY, date(2028, 6, 1), *done)
    assert (s.status, s.completed_on, s.expires_on, s.next_change_on) == (
        Status.COMPLETED,
        date(2028, 2, 5),
        date(2029, 12, 31),
        date(2029, 1, 1),
    )


def test_yearly_on_the_29th_of_february_falls_on_the_28th_in_other_years():
    rule = Rule(due_rule=DueRule.FIXED, due_date=date(2028, 2, 29), recurrence=Recurrence.YEARLY)
    assert first_due(rule, assigned_on=date(2028, 3, 1), joined_on=None) == date(2029, 2, 28)


# --- Training periods (tiết) in a field --------------------------------------------------------

HOURS = Rule(
    due_rule=DueRule.FIXED,
    due_date=date(2026, 12, 31),
    recurrence=Recurrence.YEARLY,
    hours_required=Decimal(8),
)


def test_hours_add_up_within_the_window_and_complete_on_the_day_they_reach_the_target():
    s = state(HOURS, date(2026, 6, 1), (date(2026, 2, 1), 3), (date(2026, 4, 1), 3))
    assert (s.status, s.hours_done) == (Status.IN_PROGRESS, Decimal(6))
    s = state(
        HOURS, date(2026, 6, 1), (date(2026, 2, 1), 3), (date(2026, 4, 1), 3), (date(2026, 5, 2), 2)
    )
    assert (s.status, s.completed_on, s.hours_done) == (
        Status.COMPLETED,
        date(2026, 5, 2),
        Decimal(8),
    )


def test_hours_from_last_year_do_not_count_this_year():
    s = state(HOURS, date(2026, 6, 1), (date(2025, 12, 1), 8), (date(2026, 2, 1), 3))
    assert (s.status, s.hours_done) == (Status.IN_PROGRESS, Decimal(3))
