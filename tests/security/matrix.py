"""The permission matrix: every URL pattern × every role × every method, and what must happen.

Read a row as: "requesting <key> (<case>) as <role> with GET/POST answers <outcome>".
Names in `W(...)` are filled from the test world (tests/security/conftest.py); see README.md
for how to add a URL or a role.
"""

from dataclasses import dataclass, field

from .conftest import ANON, HR_IN, HR_OUT, LEARNER, OTHER, PROVINCE, ROLES, SUPER, TRAINER

GET = "GET"
POST = "POST"


@dataclass(frozen=True)
class W:
    """A value taken from the test world by name (an id, a code, a page path)."""

    name: str


@dataclass(frozen=True)
class Redirect:
    """A 302 to the path the world holds under `to`; None: anywhere but a login page."""

    to: str | None = None

    def __str__(self):
        return f"302→{self.to or 'elsewhere'}"


class _Login:
    """A 302 to the site's login page with the requested URL as `next`."""

    def __str__(self):
        return "302→login"


class _AdminLogin:
    """A 302 to Wagtail's admin login (Wagtail's answer to people without admin access)."""

    def __str__(self):
        return "302→admin login"


LOGIN = _Login()
ADMIN_LOGIN = _AdminLogin()
Outcome = int | Redirect | _Login | _AdminLogin
USERS = tuple(role for role in ROLES if role != ANON)


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome: Outcome) -> dict[str, Outcome]:
    """Anonymous visitors are sent to log in; everyone signed in gets `outcome`."""
    return {ANON: LOGIN, **dict.fromkeys(USERS, outcome)}


# Who may see the learner's records through HR screens: HR over her department, the province.
HR_OVER_LEARNER = {ANON: LOGIN, LEARNER: 403, OTHER: 403, TRAINER: 403, HR_IN: 200, HR_OUT: 200}
HR_OVER_LEARNER |= {PROVINCE: 200, SUPER: 200}
HR_AGENCY_OF_LEARNER = HR_OVER_LEARNER | {HR_OUT: 404}
HR_AGENCY_OF_OUTSIDER = HR_OVER_LEARNER | {HR_IN: 404}
OWNER_ONLY = signed_in(404) | {LEARNER: 200}
HOLDER_AND_HR = signed_in(404) | {LEARNER: 200, HR_IN: 200, PROVINCE: 200, SUPER: 200}
ENROLLED_ONLY = signed_in(Redirect("path_course_completed")) | {LEARNER: 200}
EXERCISE_HANDLER = {**dict.fromkeys(ROLES, 403), LEARNER: 200, TRAINER: 200, SUPER: 200}
HR_ONLY = signed_in(403) | {HR_IN: 200, HR_OUT: 200, PROVINCE: 200, SUPER: 200}
# An export or a scheduled report is its requester's alone: even the province HR and the
# superuser, whose scope holds hers, get a 404.
EXPORT_OWNER = signed_in(403) | {HR_IN: 200, HR_OUT: 404, PROVINCE: 404, SUPER: 404}
IMPORT_OWNER = signed_in(403) | {HR_IN: 200, HR_OUT: 404, PROVINCE: 404, SUPER: 200}
ADMIN_ONLY = {ANON: ADMIN_LOGIN, **dict.fromkeys(USERS, ADMIN_LOGIN), TRAINER: 200, SUPER: 200}
# HR's changes to one person's compliance: HR over the person writes and goes back to the
# person's page; HR of another subtree finds nothing.
EXTENSION = {"due_on": "31/12/2099", "reason": "Nghỉ thai sản", "confirmed": "True"}
EXEMPTION = {"exempt": "1", "reason": "Biệt phái", "confirmed": "True"}
HR_WRITES = frozenset({HR_IN, HR_OUT, PROVINCE, SUPER})
# Wagtail's refusal to someone who may open the admin but not this screen: back to the dashboard.
ADMIN_REFUSED = Redirect("path_admin_home")
HR_MANAGERS = (HR_IN, HR_OUT, PROVINCE)
# HR managers open the admin (their group, agencies/0008) for the staff screens and nothing else.
ADMIN_USERS = ADMIN_ONLY | dict.fromkeys(HR_MANAGERS, 200)
NOT_FOR_HR = ADMIN_ONLY | dict.fromkeys(HR_MANAGERS, ADMIN_REFUSED)
NOT_FOR_HR_OR_TRAINERS = NOT_FOR_HR | {TRAINER: 302}
# The staff screens: HR over the person's agency; a trainer reaches the admin, not these screens.
STAFF_OF_LEARNER = ADMIN_ONLY | {TRAINER: 302, HR_IN: 200, HR_OUT: 404, PROVINCE: 200}
STAFF_OF_OUTSIDER = STAFF_OF_LEARNER | {HR_IN: 404, HR_OUT: 200}
# The JSON API reads tokens only: HR managers' and the superuser's open it; a token whose owner is
# no longer HR (the learners' and the trainer's in the world) is refused like no token at all.
API_READERS = {**dict.fromkeys(ROLES, 401), HR_IN: 200, HR_OUT: 200, PROVINCE: 200, SUPER: 200}
API_READ_ONLY = API_READERS | {HR_IN: 405, HR_OUT: 405, PROVINCE: 405, SUPER: 405}
HR_WITH_TOKENS = frozenset({HR_IN, HR_OUT, PROVINCE, SUPER})


@dataclass(frozen=True)
class Row:
    key: str  # "namespace:name" of the URL pattern (its route when it has no name)
    case: str  # which situation of that URL this row is about
    get: dict[str, Outcome]
    post: dict[str, Outcome] | None  # None only for admin rows: Wagtail's own forms
    args: tuple = ()
    query: dict[str, object] = field(default_factory=dict)
    data: W | dict | None = None  # the POST body
    writes: frozenset[str] = frozenset()  # roles whose POST may add or change rows
    shows: W | None = None  # a text only `seen_by` may find in a 200 answer
    seen_by: frozenset[str] = frozenset()
    admin: bool = False  # one of the representative rows for /admin/ and /documents/
    bearer: bool = False  # the request carries the role's API token (conftest.sign_in)

    @property
    def id(self) -> str:
        return f"{self.key}({self.case})"


WRONG_LOGIN = {"username": "khong-co", "password": "sai-mat-khau"}

MATRIX = [
    # For load balancers: open to all, nothing personal, read only.
    Row("healthz", "", get=everyone(200), post=everyone(405)),
    # Sign in and out, language.
    Row(
        "login",
        "form",
        get=signed_in(Redirect("path_my_courses")) | {ANON: 200},
        post=signed_in(Redirect("path_my_courses")) | {ANON: 200},
        data=WRONG_LOGIN,
    ),
    Row("logout", "", get=everyone(405), post=everyone(Redirect("path_root"))),
    Row(
        "set_language",
        "vi",
        get=everyone(Redirect("path_root")),
        post=everyone(Redirect("path_root")),
        data={"language": "vi", "next": "/"},
    ),
    # Certificates: public verification, the holder's list and downloads.
    Row("certificates:verify_lookup", "empty form", get=everyone(200), post=everyone(405)),
    Row(
        "certificates:verify_lookup",
        "code given",
        get=everyone(Redirect("path_verify")),
        post=everyone(405),
        query={"ma": W("certificate")},
    ),
    Row(
        "certificates:verify",
        "issued",
        get=everyone(200),
        post=everyone(405),
        args=(W("certificate"),),
    ),
    Row(
        "certificates:verify",
        "unknown code",
        get=everyone(404),
        post=everyone(405),
        args=("KHONGCOMAHOP",),
    ),
    Row(
        "certificates:mine",
        "",
        get=signed_in(200),
        post=signed_in(405),
        shows=W("certificate"),
        seen_by=frozenset({LEARNER}),
    ),
    Row(
        "certificates:download",
        "learner's",
        get=HOLDER_AND_HR,
        post=signed_in(405),
        args=(W("certificate"),),
    ),
    Row(
        "certificates:download",
        "unknown code",
        get=signed_in(404),
        post=signed_in(405),
        args=("KHONGCOMAHOP",),
    ),
    # Studying.
    Row(
        "learning:my_courses",
        "",
        get=signed_in(200),
        post=signed_in(405),
        shows=W("course_title"),
        seen_by=frozenset({LEARNER}),
    ),
    Row(
        "learning:enroll",
        "live course",
        get=signed_in(405),
        post=signed_in(Redirect("path_course_studying")),
        args=(W("course_studying"),),
        writes=frozenset(USERS) - {LEARNER},
    ),
    Row(
        "learning:enroll",
        "a quiz id",
        get=signed_in(405),
        post=signed_in(404),
        args=(W("quiz_studying"),),
    ),
    Row(
        "learning:quiz_start",
        "lessons studied",
        get=signed_in(405),
        post=signed_in(Redirect("path_course_studying")) | {LEARNER: Redirect("path_attempt_open")},
        args=(W("quiz_studying"),),
    ),
    Row(
        # Enrolled but nothing studied: no attempt may be opened (learn slice's rule).
        "learning:quiz_start",
        "lessons not studied",
        get=signed_in(405),
        post=signed_in(Redirect("path_course_locked")) | {LEARNER: Redirect()},
        args=(W("quiz_locked"),),
    ),
    Row(
        "learning:quiz_start",
        "a lesson id",
        get=signed_in(405),
        post=signed_in(404),
        args=(W("lesson_completed"),),
    ),
    Row(
        "learning:attempt",
        "open",
        get=OWNER_ONLY,
        post=signed_in(404) | {LEARNER: Redirect("path_attempt_open_result")},
        args=(W("attempt_open"),),
        data=W("answers_open"),
        writes=frozenset({LEARNER}),
    ),
    Row(
        "learning:attempt",
        "submitted",
        get=signed_in(404) | {LEARNER: Redirect("path_attempt_passed_result")},
        post=signed_in(404) | {LEARNER: Redirect("path_attempt_passed_result")},
        args=(W("attempt_passed"),),
        data=W("answers_open"),
    ),
    Row(
        "learning:attempt_result",
        "submitted",
        get=OWNER_ONLY,
        post=signed_in(405),
        args=(W("attempt_passed"),),
    ),
    Row(
        "learning:attempt_result",
        "open",
        get=signed_in(404) | {LEARNER: Redirect("path_attempt_open")},
        post=signed_in(405),
        args=(W("attempt_open"),),
    ),
    Row(
        # Video watched time: a JSON post; the matrix's form body is not JSON, so the enrolled
        # learner gets 400 (tests/learning/test_video_progress.py covers the 200), everyone else
        # is refused before the body is read.
        "learning:video_progress",
        "lesson of the learner's course",
        get=signed_in(405),
        post=signed_in(403) | {LEARNER: 400},
        args=(W("lesson_completed"),),
        data={"block_id": "khong-co", "duration": "10"},
    ),
    Row(
        "learning:video_progress",
        "a quiz id",
        get=signed_in(405),
        post=signed_in(404),
        args=(W("quiz_completed"),),
    ),
    # HR: the report and its exports, scoped to the manager's subtree.
    Row(
        "compliance:hr_report",
        "whole scope",
        get=HR_OVER_LEARNER,
        post=signed_in(405),
        shows=W("learner_name"),
        seen_by=frozenset({HR_IN, PROVINCE, SUPER}),
    ),
    Row(
        "compliance:hr_report",
        "learner's agency",
        get=HR_AGENCY_OF_LEARNER,
        post=signed_in(405),
        query={"agency": W("agency_learner")},
        shows=W("learner_name"),
        seen_by=frozenset({HR_IN, PROVINCE, SUPER}),
    ),
    Row(
        "compliance:hr_report",
        "sibling department's agency",
        get=HR_AGENCY_OF_OUTSIDER,
        post=signed_in(405),
        query={"agency": W("agency_outsider")},
        shows=W("outsider_name"),
        seen_by=frozenset({HR_OUT, PROVINCE, SUPER}),
    ),
    Row(
        "compliance:hr_report_export",
        "csv",
        get=HR_OVER_LEARNER,
        post=signed_in(405),
        args=("csv",),
        shows=W("learner_name"),
        seen_by=frozenset({HR_IN, PROVINCE, SUPER}),
    ),
    Row(
        "compliance:hr_report_export",
        "csv of learner's agency",
        get=HR_AGENCY_OF_LEARNER,
        post=signed_in(405),
        args=("csv",),
        query={"agency": W("agency_learner")},
    ),
    Row(
        "compliance:hr_report_export",
        "xlsx",
        get=HR_OVER_LEARNER,
        post=signed_in(405),
        args=("xlsx",),
    ),
    Row(
        "compliance:hr_report_export",
        "xlsx of learner's agency",
        get=HR_AGENCY_OF_LEARNER,
        post=signed_in(405),
        args=("xlsx",),
        query={"agency": W("agency_learner")},
    ),
    # HR compliance dashboard, reports and transcripts: HR over their subtree, 404 outside it.
    *(
        row
        for key in ("dashboard", "report", "people", "certificates")
        for row in (
            Row(f"compliance_dashboard:{key}", "whole scope", get=HR_ONLY, post=signed_in(405)),
            Row(
                f"compliance_dashboard:{key}",
                "learner's agency",
                get=HR_AGENCY_OF_LEARNER,
                post=signed_in(405),
                query={"agency": W("agency_learner")},
            ),
            Row(
                f"compliance_dashboard:{key}",
                "sibling department's agency",
                get=HR_AGENCY_OF_OUTSIDER,
                post=signed_in(405),
                query={"agency": W("agency_outsider")},
            ),
        )
    ),
    Row(
        "compliance_dashboard:certificates",
        "whole scope, names shown",
        get=HR_ONLY,
        post=signed_in(405),
        shows=W("learner_name"),
        seen_by=frozenset({HR_IN, PROVINCE, SUPER}),
    ),
    Row(
        "compliance_dashboard:transcript",
        "learner's",
        get=HR_AGENCY_OF_LEARNER,
        post=signed_in(405),
        args=(W("profile_learner"),),
        shows=W("learner_name"),
        seen_by=frozenset({HR_IN, PROVINCE, SUPER}),
    ),
    Row(
        "compliance_dashboard:transcript",
        "outsider's",
        get=HR_AGENCY_OF_OUTSIDER,
        post=signed_in(405),
        args=(W("profile_outsider"),),
        shows=W("outsider_name"),
        seen_by=frozenset({HR_OUT, PROVINCE, SUPER}),
    ),
    Row(
        "compliance_dashboard:transcript",
        "missing",
        get=signed_in(403) | dict.fromkeys((HR_IN, HR_OUT, PROVINCE, SUPER), 404),
        post=signed_in(405),
        args=("999999999",),
    ),
    Row(
        "compliance_dashboard:transcript_pdf",
        "learner's",
        get=HR_AGENCY_OF_LEARNER,
        post=signed_in(405),
        args=(W("profile_learner"),),
    ),
    Row(
        "compliance_dashboard:transcript_pdf",
        "outsider's",
        get=HR_AGENCY_OF_OUTSIDER,
        post=signed_in(405),
        args=(W("profile_outsider"),),
    ),
    # A person's own transcript: everyone signed in; the PDF needs a staff record.
    Row(
        "compliance_dashboard:my_transcript",
        "",
        get=signed_in(200),
        post=signed_in(405),
        shows=W("course_title"),
        seen_by=frozenset({LEARNER}),
    ),
    Row(
        "compliance_dashboard:my_transcript_pdf",
        "",
        get=signed_in(404) | {LEARNER: 200, OTHER: 200},
        post=signed_in(405),
    ),
    # HR's export files made in the background, and scheduled reports.
    Row(
        # A valid request: a job is made, and the requester is sent to follow it.
        "compliance_exports:new",
        "all of my scope, XLSX",
        get=HR_ONLY,
        post=HR_ONLY | dict.fromkeys((HR_IN, HR_OUT, PROVINCE, SUPER), Redirect()),
        data={"format": "xlsx", "status": "overdue"},
        writes=frozenset({HR_IN, HR_OUT, PROVINCE, SUPER}),
    ),
    Row(
        "compliance_exports:new",
        "no format: the form's message",
        get=HR_ONLY,
        post=HR_ONLY,
    ),
    Row(
        "compliance_exports:new",
        "training report by course",
        get=HR_ONLY,
        post=HR_ONLY | dict.fromkeys((HR_IN, HR_OUT, PROVINCE, SUPER), Redirect()),
        query={"kind": "course_report"},
        data={"kind": "course_report", "format": "csv"},
        writes=frozenset({HR_IN, HR_OUT, PROVINCE, SUPER}),
    ),
    Row(
        "compliance_exports:new",
        "training report by course, agency out of scope",
        get=HR_ONLY,
        # Out of HR_IN's subtree: an invalid choice, the form's message, no job.
        post=HR_ONLY | dict.fromkeys((HR_OUT, PROVINCE, SUPER), Redirect()),
        data=W("course_report_outsider"),
        writes=frozenset({HR_OUT, PROVINCE, SUPER}),
    ),
    Row("compliance_exports:list", "my exports", get=HR_ONLY, post=signed_in(405)),
    Row(
        "compliance_exports:detail",
        "HR_IN's export",
        get=EXPORT_OWNER,
        post=signed_in(405),
        args=(W("export"),),
    ),
    Row(
        "compliance_exports:detail",
        "no such export",
        get=EXPORT_OWNER | {HR_IN: 404},
        post=signed_in(405),
        args=(W("export_missing"),),
    ),
    Row(
        "compliance_exports:status",
        "HR_IN's export",
        get=EXPORT_OWNER,
        post=signed_in(405),
        args=(W("export"),),
    ),
    Row(
        "compliance_exports:download",
        "HR_IN's export",
        get=EXPORT_OWNER,
        post=signed_in(405),
        args=(W("export"),),
    ),
    Row(
        "compliance_exports:download",
        "no such export",
        get=EXPORT_OWNER | {HR_IN: 404},
        post=signed_in(405),
        args=(W("export_missing"),),
    ),
    Row(
        "compliance_exports:subscriptions",
        "subscribe weekly",
        get=HR_ONLY,
        post=HR_ONLY
        | dict.fromkeys((HR_IN, HR_OUT, PROVINCE, SUPER), Redirect("path_subscriptions")),
        data={"frequency": "weekly", "format": "xlsx"},
        writes=frozenset({HR_IN, HR_OUT, PROVINCE, SUPER}),
    ),
    Row(
        "compliance_exports:subscriptions",
        "no frequency: the form's message",
        get=HR_ONLY,
        post=HR_ONLY,
        data={"format": "xlsx"},
    ),
    Row(
        "compliance_exports:subscription_cancel",
        "HR_IN's subscription",
        get=signed_in(405),
        post=EXPORT_OWNER | {HR_IN: Redirect("path_subscriptions")},
        args=(W("subscription"),),
        writes=frozenset({HR_IN}),
    ),
    # Wagtail's page tree: one row per page type, plus the privacy and draft cases.
    Row(
        "wagtail_serve",
        "home/catalog",
        get=everyone(200),
        post=everyone(200),
        args=(W("page_home"),),
    ),
    # Exercise handlers: POST only, for the enrolled learner; editors of the lesson (the trainer,
    # the superuser) may try it as a preview that writes nothing; anyone else gets a 403.
    Row(
        "learning:xblock_handler",
        "enrolled learner's exercise",
        get=everyone(405),
        post=EXERCISE_HANDLER,
        args=(W("exercise_page"), W("exercise_usage"), "student_view_user_state"),
    ),
    Row(
        # A form body where the block expects JSON: refused by the block, nothing written.
        "learning:xblock_handler",
        "body that is not JSON",
        get=everyone(405),
        post=EXERCISE_HANDLER | {LEARNER: 400, TRAINER: 400, SUPER: 400},
        args=(W("exercise_page"), W("exercise_usage"), "drop_item"),
        data={"val": "0", "zone": "top"},
    ),
    Row(
        "learning:xblock_handler",
        "no such exercise",
        get=everyone(405),
        post=signed_in(404) | {ANON: 403},
        args=(W("exercise_page"), W("exercise_missing"), "student_view_user_state"),
    ),
    Row(
        "learning:xblock_handler_suffix",
        "enrolled learner's exercise",
        get=everyone(405),
        post=EXERCISE_HANDLER,
        args=(W("exercise_page"), W("exercise_usage"), "student_view_user_state", "a/b"),
    ),
    Row("wagtail_serve", "course", get=everyone(200), post=everyone(200), args=(W("page_course"),)),
    # Study pages are read, never posted to: a POST must not count as studying (405 for all).
    Row("wagtail_serve", "lesson", get=ENROLLED_ONLY, post=everyone(405), args=(W("page_lesson"),)),
    Row("wagtail_serve", "quiz", get=ENROLLED_ONLY, post=everyone(405), args=(W("page_quiz"),)),
    Row(
        # Wagtail's privacy check comes first: everyone who has not given the password sees the
        # password form (200), not the lesson, and the lesson is not counted as studied.
        "wagtail_serve",
        "password-protected lesson",
        get=everyone(200),
        post=everyone(405),
        args=(W("page_guarded"),),
        shows=W("guarded_text"),
        seen_by=frozenset(),
    ),
    Row(
        "wagtail_serve",
        "draft lesson",
        get=everyone(404),
        post=everyone(404),
        args=(W("page_draft"),),
    ),
    Row(
        "wagtail_serve",
        "no such page",
        get=everyone(404),
        post=everyone(404),
        args=(W("page_missing"),),
    ),
    Row(
        "wagtailcore_authenticate_with_password",
        "lesson's restriction",
        get=everyone(200),
        post=everyone(200),
        args=(W("restriction"), W("page_guarded_lesson")),
        data={"password": "sai-mat-khau"},
    ),
    Row(
        # Wagtail's login for private pages shows its form to anyone; it logs no one in here.
        "wagtailcore_login",
        "form",
        get=everyone(200),
        post=everyone(200),
        data=WRONG_LOGIN,
    ),
    # HR's staff import: HR managers only; an import is its creator's (and superusers').
    Row(
        "agencies:staff_imports",
        "upload form and own imports",
        get=HR_ONLY,
        post=HR_ONLY,  # no file: the form answers with its error, nothing written
    ),
    Row("agencies:staff_template", "template workbook", get=HR_ONLY, post=signed_in(405)),
    Row(
        "agencies:staff_import",
        "HR_IN's import",
        get=IMPORT_OWNER,
        post=signed_in(405),
        args=(W("staff_import"),),
    ),
    Row(
        "agencies:staff_import_status",
        "HR_IN's import",
        get=IMPORT_OWNER,
        post=signed_in(405),
        args=(W("staff_import"),),
    ),
    Row(
        # The check has not run: applying is refused with a message, back to the import.
        "agencies:staff_import_apply",
        "HR_IN's import, not checked yet",
        get=signed_in(405),
        post=IMPORT_OWNER
        | {HR_IN: Redirect("path_staff_import"), SUPER: Redirect("path_staff_import")},
        args=(W("staff_import"),),
    ),
    # HR's import of past training: HR managers only, within their scope (the service checks
    # each row's person). The check writes nothing; a confirmation names a checked file of the
    # user's own session, which no role has here: back to the upload page, nothing written.
    Row(
        "compliance_records:records_import",
        "upload form",
        get=HR_ONLY,
        post=HR_ONLY,  # no file: the form answers with its error, nothing written
    ),
    Row(
        "compliance_records:records_template",
        "template workbook",
        get=HR_ONLY,
        post=signed_in(405),
    ),
    Row(
        "compliance_records:records_import_confirm",
        "no checked file in the session",
        get=signed_in(405),
        post=signed_in(403) | dict.fromkeys((*HR_MANAGERS, SUPER), Redirect("path_records_import")),
        data={"token": "00000000-0000-4000-8000-000000000000"},
    ),
    # New accounts of an import: its owner only, and only once it was applied (this one was
    # not: the email and the sheet are refused with a message, back to the accounts page).
    Row(
        "agencies:import_accounts",
        "HR_IN's import, not applied",
        get=IMPORT_OWNER,
        post=signed_in(405),
        args=(W("staff_import"),),
    ),
    Row(
        "agencies:import_accounts_email",
        "HR_IN's import, not applied",
        get=signed_in(405),
        post=IMPORT_OWNER
        | {HR_IN: Redirect("path_import_accounts"), SUPER: Redirect("path_import_accounts")},
        args=(W("staff_import"),),
    ),
    Row(
        "agencies:import_accounts_sheet",
        "HR_IN's import, not applied",
        get=signed_in(405),
        post=IMPORT_OWNER
        | {HR_IN: Redirect("path_import_accounts"), SUPER: Redirect("path_import_accounts")},
        args=(W("staff_import"),),
    ),
    # The emailed set-password link: open to all; a wrong or used token shows "link expired".
    Row(
        "agencies:account_password_set",
        "wrong token",
        get=everyone(200),
        post=everyone(200),
        args=("MQ", "sai-ma"),
    ),
    Row("agencies:account_password_set_done", "", get=everyone(200), post=everyone(405)),
    # OpenID Connect sign-on, off in this world as by default: nothing to start, nobody signed
    # in by a callback. With it on: tests/agencies/test_oidc.py (a real provider).
    Row("agencies:oidc_start", "sign-on off", get=everyone(404), post=everyone(405)),
    Row(
        "agencies:oidc_callback",
        "sign-on off",
        get=everyone(404),
        post=everyone(405),
        query={"code": "a-code", "state": "a-state"},
    ),
    # The forced change: nobody in the world must change, so everyone goes on to their courses.
    Row(
        "agencies:password_change_required",
        "nothing to change",
        get=signed_in(Redirect("path_my_courses")),
        post=signed_in(Redirect("path_my_courses")),
    ),
    # A person's change history: HR and administrators over their agency (tests/agencies/
    # test_audit.py); out of scope is not found.
    Row(
        "agencies:staff_history",
        "the learner, in HR_IN's subtree",
        get=HR_AGENCY_OF_LEARNER,
        post=signed_in(405),
        args=(W("profile_learner"),),
        shows=W("learner_name"),
        seen_by=frozenset({HR_IN, PROVINCE, SUPER}),
    ),
    Row(
        "agencies:staff_history",
        "someone in another department",
        get=HR_AGENCY_OF_OUTSIDER,
        post=signed_in(405),
        args=(W("profile_outsider"),),
        shows=W("outsider_name"),
        seen_by=frozenset({HR_OUT, PROVINCE, SUPER}),
    ),
    # Reminder emails: each signed-in person's own setting; the unsubscribe link in the email
    # works for whoever holds it, signed in or not: its token is the credential. GET only asks
    # (tests/compliance/test_reminders.py).
    Row(
        "reminders:preferences",
        "own setting",
        get=signed_in(200),
        post=signed_in(Redirect("path_digest_preferences")),
        data={"digest": "off"},
        writes=frozenset(USERS),
    ),
    Row(
        "reminders:unsubscribe",
        "the learner's link",
        get=everyone(200),
        post=everyone(200),
        args=(W("digest_token"),),
        writes=frozenset(ROLES),
    ),
    Row(
        "reminders:unsubscribe",
        "wrong token",
        get=everyone(404),
        post=everyone(404),
        args=("sai-ma-khong-co-" * 2 + "0123456789a",),
    ),
    # One person's training compliance, an extension and an exemption (tests/compliance/
    # test_hr_screens.py): HR over the person; out of scope is not found.
    Row(
        "compliance_hr:person",
        "the learner, in HR_IN's subtree",
        get=HR_AGENCY_OF_LEARNER,
        post=signed_in(405),
        args=(W("profile_learner"),),
        query={"page": 1},
        shows=W("learner_name"),
        seen_by=frozenset({HR_IN, PROVINCE, SUPER}),
    ),
    Row(
        "compliance_hr:person",
        "someone in another department",
        get=HR_AGENCY_OF_OUTSIDER,
        post=signed_in(405),
        args=(W("profile_outsider"),),
        shows=W("outsider_name"),
        seen_by=frozenset({HR_OUT, PROVINCE, SUPER}),
    ),
    Row(
        "compliance_hr:assignment_extend",
        "the learner's, confirmed",
        get=HR_AGENCY_OF_LEARNER,
        post=HR_AGENCY_OF_LEARNER
        | dict.fromkeys(HR_WRITES - {HR_OUT}, Redirect("path_compliance_learner")),
        args=(W("assignment_learner"),),
        data=EXTENSION,
        writes=HR_WRITES - {HR_OUT},
        shows=W("learner_name"),
        seen_by=frozenset({HR_IN, PROVINCE, SUPER}),
    ),
    Row(
        "compliance_hr:assignment_extend",
        "someone's in another department, confirmed",
        get=HR_AGENCY_OF_OUTSIDER,
        post=HR_AGENCY_OF_OUTSIDER
        | dict.fromkeys(HR_WRITES - {HR_IN}, Redirect("path_compliance_outsider")),
        args=(W("assignment_outsider"),),
        data=EXTENSION,
        writes=HR_WRITES - {HR_IN},
    ),
    Row(
        "compliance_hr:assignment_exempt",
        "the learner's, confirmed",
        get=HR_AGENCY_OF_LEARNER,
        post=HR_AGENCY_OF_LEARNER
        | dict.fromkeys(HR_WRITES - {HR_OUT}, Redirect("path_compliance_learner")),
        args=(W("assignment_learner"),),
        data=EXEMPTION,
        writes=HR_WRITES - {HR_OUT},
        shows=W("learner_name"),
        seen_by=frozenset({HR_IN, PROVINCE, SUPER}),
    ),
    Row(
        "compliance_hr:assignment_exempt",
        "someone's in another department, confirmed",
        get=HR_AGENCY_OF_OUTSIDER,
        post=HR_AGENCY_OF_OUTSIDER
        | dict.fromkeys(HR_WRITES - {HR_IN}, Redirect("path_compliance_outsider")),
        args=(W("assignment_outsider"),),
        data=EXEMPTION,
        writes=HR_WRITES - {HR_IN},
    ),
    # Wagtail admin and documents: representative rows, not every one of their URLs.
    # The dashboard: HR managers and superusers find the staff records panel there, trainers don't.
    Row(
        "wagtailadmin_home",
        "dashboard",
        get=ADMIN_USERS,
        post=None,
        admin=True,
        shows=W("staff_panel_heading"),
        seen_by=frozenset({HR_IN, HR_OUT, PROVINCE, SUPER}),
    ),
    Row(
        "wagtailadmin_explore",
        "catalog",
        get=NOT_FOR_HR,
        post=None,
        args=(W("home_id"),),
        admin=True,
    ),
    Row(
        "wagtailadmin_pages:edit",
        "lesson",
        get=NOT_FOR_HR,
        post=None,
        args=(W("lesson_completed"),),
        admin=True,
    ),
    # The page chooser answers anyone in the admin; for people who may edit no page it is
    # empty (agencies/wagtail_hooks.py; tests/agencies/test_hr_admin.py checks the titles).
    Row(
        "wagtailadmin_choose_page_search",
        "search the catalog",
        get=ADMIN_USERS,
        post=None,
        query={"q": "ATTT"},
        admin=True,
    ),
    # Site history: Wagtail shows each person only the log entries of what they may edit, so an
    # HR manager's is empty (tests/agencies/test_hr_admin.py).
    Row(
        "wagtailadmin_reports:site_history",
        "log entries",
        get=ADMIN_USERS,
        post=None,
        admin=True,
    ),
    Row(
        "wagtailsnippets_certificates_issuer:list",
        "certificate issuers",
        get=NOT_FOR_HR_OR_TRAINERS,
        post=None,
        admin=True,
    ),
    Row(
        "wagtailusers_users:index",
        "user accounts",
        get=NOT_FOR_HR_OR_TRAINERS,
        post=None,
        admin=True,
    ),
    Row(
        "wagtailimages:index",
        "images",
        get=NOT_FOR_HR_OR_TRAINERS,  # the world's trainer has no collection permissions
        post=None,
        admin=True,
    ),
    Row(
        # Lockouts name people and addresses: superusers only, who lift them by deleting a row.
        "lockouts:index",
        "sign-in lockouts",
        get=NOT_FOR_HR_OR_TRAINERS,
        post=None,
        admin=True,
    ),
    # Roles: agency administrators (tests/agencies/test_roles_admin.py) and superusers; HR
    # managers and trainers reach the admin but not these screens.
    Row(
        "agency_roles:index",
        "roles in the administrator's subtree",
        get=NOT_FOR_HR_OR_TRAINERS,
        post=None,
        admin=True,
    ),
    Row(
        "agency_roles:add",
        "grant a role",
        get=NOT_FOR_HR_OR_TRAINERS,
        post=None,
        admin=True,
    ),
    # Course trainers: the editorial board (tests/courses/test_course_trainers.py, which also
    # checks moderators) and superusers; HR managers and trainers reach the admin, not these.
    Row(
        "course_trainers:index",
        "trainers of every course",
        get=NOT_FOR_HR_OR_TRAINERS,
        post=None,
        admin=True,
    ),
    Row(
        "course_trainers:add",
        "let a person edit one course",
        get=NOT_FOR_HR_OR_TRAINERS,
        post=None,
        admin=True,
    ),
    Row(
        "course_trainers:delete",
        "remove a course's trainer, form and confirmation",
        get=NOT_FOR_HR_OR_TRAINERS,
        post=None,
        args=(W("course_trainer"),),
        admin=True,
    ),
    # The agency tree: agency administrators (tests/agencies/test_agency_admin.py, which also
    # covers their scope) and superusers; HR managers and trainers reach the admin, not these.
    Row(
        "agency_tree:index",
        "agencies in the administrator's subtree",
        get=NOT_FOR_HR_OR_TRAINERS,
        post=None,
        admin=True,
    ),
    Row(
        "agency_tree:inspect",
        "an agency with its versions and events",
        get=NOT_FOR_HR_OR_TRAINERS,
        post=None,
        args=(W("agency_learner"),),
        admin=True,
    ),
    Row(
        "agency_tree:merge",
        "merge into an agency, form and confirmation",
        get=NOT_FOR_HR_OR_TRAINERS,
        post=None,
        args=(W("agency_learner"),),
        admin=True,
    ),
    Row(
        "agency_tree:import",
        "import an agency file",
        get=NOT_FOR_HR_OR_TRAINERS,
        post=None,
        admin=True,
    ),
    # Staff records: HR managers and agency administrators of the person's agency or above
    # (tests/agencies/test_staff_admin.py, test_hr_admin.py) and superusers; out of scope is not
    # found. Nobody adds or deletes a record here (a person leaves with a status).
    Row(
        "staff:index",
        "staff in HR_IN's subtree",
        get=ADMIN_ONLY | {TRAINER: 302} | dict.fromkeys(HR_MANAGERS, 200),
        post=None,
        admin=True,
        shows=W("learner_name"),
        seen_by=frozenset({HR_IN, PROVINCE, SUPER}),
    ),
    Row(
        "staff:index",
        "staff in HR_OUT's subtree",
        get=ADMIN_ONLY | {TRAINER: 302} | dict.fromkeys(HR_MANAGERS, 200),
        post=None,
        admin=True,
        shows=W("outsider_name"),
        seen_by=frozenset({HR_OUT, PROVINCE, SUPER}),
    ),
    Row(
        "staff:edit",
        "the learner's record",
        get=STAFF_OF_LEARNER,
        post=None,
        args=(W("profile_learner"),),
        admin=True,
    ),
    Row(
        "staff:edit",
        "a record in another department",
        get=STAFF_OF_OUTSIDER,
        post=None,
        args=(W("profile_outsider"),),
        admin=True,
    ),
    Row(
        "staff:transfer",
        "the learner's record",
        get=STAFF_OF_LEARNER,
        post=None,
        args=(W("profile_learner"),),
        admin=True,
    ),
    Row(
        "staff:transfer",
        "a record in another department",
        get=STAFF_OF_OUTSIDER,
        post=None,
        args=(W("profile_outsider"),),
        admin=True,
    ),
    Row(
        "staff:inspect",
        "a record in another department",
        # These views find the record before they check the screen: a trainer finds none.
        get=STAFF_OF_OUTSIDER | {TRAINER: 404},
        post=None,
        args=(W("profile_outsider"),),
        admin=True,
    ),
    Row(
        "staff:history",
        "the learner's record",
        # These views find the record before they check the screen: a trainer finds none.
        get=STAFF_OF_LEARNER | {TRAINER: 404},
        post=None,
        args=(W("profile_learner"),),
        admin=True,
    ),
    Row(
        "staff:add",
        "nobody adds a record here",
        get=NOT_FOR_HR_OR_TRAINERS | {SUPER: 302},
        post=None,
        admin=True,
    ),
    Row(
        "staff:delete",
        "nobody deletes a record",
        get=NOT_FOR_HR_OR_TRAINERS | {SUPER: 302},
        post=None,
        args=(W("profile_learner"),),
        admin=True,
    ),
    # The read-only JSON API (compliance/api/): tokens only, each scoped as its owner's report.
    Row("api:requirements", "session, no token", get=everyone(401), post=everyone(401)),
    Row(
        "api:requirements",
        "token",
        get=API_READERS,
        post=API_READ_ONLY,
        bearer=True,
    ),
    Row(
        "api:compliance",
        "the scope's top agencies",
        get=API_READERS,
        post=API_READ_ONLY,
        query={"requirement": W("requirement")},
        bearer=True,
        # The top agencies only: the province and the superuser see the province's row.
        shows=W("department_learner"),
        seen_by=frozenset({HR_IN}),
    ),
    Row(
        "api:compliance",
        "the learner's agency",
        get=API_READERS | {HR_OUT: 404},
        post=API_READ_ONLY,
        query={"requirement": W("requirement"), "agency": W("agency_code_learner")},
        bearer=True,
    ),
    Row(
        "api:compliance",
        "the outsider's agency",
        get=API_READERS | {HR_IN: 404},
        post=API_READ_ONLY,
        query={"requirement": W("requirement"), "agency": W("agency_code_outsider")},
        bearer=True,
    ),
    Row(
        "api:assignments",
        "everyone in scope",
        get=API_READERS,
        post=API_READ_ONLY,
        bearer=True,
        shows=W("learner_name"),
        seen_by=frozenset({HR_IN, PROVINCE, SUPER}),
    ),
    Row(
        "api:assignments",
        "the outsider's agency",
        get=API_READERS | {HR_IN: 404},
        post=API_READ_ONLY,
        query={"agency": W("agency_code_outsider")},
        bearer=True,
    ),
    Row(
        "api:person_records",
        "learner",
        get=API_READERS | {HR_OUT: 404},
        post=API_READ_ONLY,
        args=(W("employee_learner"),),
        bearer=True,
    ),
    Row(
        "api:person_records",
        "outsider",
        get=API_READERS | {HR_IN: 404},
        post=API_READ_ONLY,
        args=(W("employee_outsider"),),
        bearer=True,
    ),
    # Public: a reporting system's developers read it before they hold a token.
    Row("api:schema", "", get=everyone(200), post=everyone(405)),
    Row(
        "api_tokens:list",
        "create",
        get=HR_ONLY,
        post=HR_ONLY,
        data={"name": "Hệ thống báo cáo của tỉnh"},
        writes=HR_WITH_TOKENS,
    ),
    Row(
        "api_tokens:revoke",
        "HR in scope's own token",
        get=signed_in(403) | {HR_IN: 200, HR_OUT: 404, PROVINCE: 404, SUPER: 404},
        post=signed_in(403)
        | {HR_IN: Redirect("path_api_tokens"), HR_OUT: 404, PROVINCE: 404, SUPER: 404},
        args=(W("api_token_hr_in"),),
        writes=frozenset({HR_IN}),
    ),
    Row(
        "api_tokens:revoke",
        "no such token",
        get=signed_in(403) | dict.fromkeys(HR_WITH_TOKENS, 404),
        post=signed_in(403) | dict.fromkeys(HR_WITH_TOKENS, 404),
        args=(999999999,),
    ),
    # Training requirements: HR managers over their agencies and superusers
    # (tests/compliance/test_requirement_admin.py); trainers reach the admin, not these screens.
    # The world's requirement is province-wide: the province's HR and superusers only.
    Row(
        "requirements:index",
        "requirements over the manager's agencies",
        get=ADMIN_ONLY | {TRAINER: ADMIN_REFUSED} | dict.fromkeys(HR_MANAGERS, 200),
        post=None,
        admin=True,
    ),
    Row(
        "requirements:add",
        "define a requirement",
        get=ADMIN_ONLY | {TRAINER: ADMIN_REFUSED} | dict.fromkeys(HR_MANAGERS, 200),
        post=None,
        admin=True,
    ),
    Row(
        "requirements:edit",
        "the province-wide requirement",
        get=ADMIN_ONLY | {TRAINER: ADMIN_REFUSED, HR_IN: 404, HR_OUT: 404, PROVINCE: 200},
        post=None,
        args=(W("requirement"),),
        admin=True,
    ),
    Row(
        "requirements:delete",
        "the province-wide requirement, assigned: refused",
        # The view finds the requirement before it checks the screen: a trainer finds none.
        get=ADMIN_ONLY
        | {TRAINER: 404, HR_IN: 404, HR_OUT: 404}
        | {PROVINCE: Redirect("path_requirement_edit"), SUPER: Redirect("path_requirement_edit")},
        post=None,
        args=(W("requirement"),),
        admin=True,
    ),
    Row(
        "wagtaildocs_serve",
        "no such document",
        get=everyone(404),
        post=None,
        args=(999999, "khong-co.pdf"),
        admin=True,
    ),
]
