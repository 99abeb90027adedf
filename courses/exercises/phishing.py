"""Phishing inbox: the learner flags the suspicious emails of a small inbox, then sees why.

The answer key (`is_phishing`, `cues`) is authored content the browser never receives before the
learner submits: the student view renders senders, subjects, bodies and links only, and grading
happens in `phishing_inbox_grade` on the server.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from xblock.fields import Boolean, Float, List, Scope, String
from xblock.validation import ValidationMessage

from courses.exercises import ExerciseBlock, exercise_fragment, json_handler, refuse

EXAMPLE_EMAILS = """[
  {"id": "thu-1", "sender": "Cổng DVC <hotro@dichvucong-gov.vn.com>",
   "subject": "Hồ sơ của bạn bị từ chối", "body": "Bấm vào liên kết để bổ sung...",
   "links": [{"text": "dichvucong.gov.vn", "url": "http://dichvucong-gov.vn.com/xac-minh"}],
   "is_phishing": true, "cues": ["Tên miền giả: .vn.com không phải .gov.vn"]}
]"""


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Email:
    id: str
    sender: str
    subject: str
    body: str
    links: tuple[Link, ...]
    is_phishing: bool
    cues: tuple[str, ...]


@dataclass(frozen=True)
class EmailResult:
    email: Email
    flagged: bool

    @property
    def correct(self) -> bool:
        return self.flagged == self.email.is_phishing


def phishing_emails(raw: Any) -> list[Email]:
    """The authored emails as values, tolerant of hand-written JSON: bad entries are skipped.

    An email without an id gets its position; a repeated id keeps its first email only, so the
    ids the browser posts back always name exactly one email.
    """
    emails: list[Email] = []
    seen: set[str] = set()
    for position, item in enumerate(raw if isinstance(raw, list) else [], start=1):
        if not isinstance(item, dict):
            continue
        email_id = str(item.get("id") or position)
        if email_id in seen:
            continue
        seen.add(email_id)
        links = item.get("links") if isinstance(item.get("links"), list) else []
        cues = item.get("cues") if isinstance(item.get("cues"), list) else []
        emails.append(
            Email(
                id=email_id,
                sender=str(item.get("sender", "")),
                subject=str(item.get("subject", "")),
                body=str(item.get("body", "")),
                links=tuple(
                    Link(
                        text=str(link.get("text") or link.get("url", "")),
                        url=str(link.get("url", "")),
                    )
                    for link in links
                    if isinstance(link, dict)
                ),
                is_phishing=item.get("is_phishing") is True,
                cues=tuple(str(cue) for cue in cues if str(cue).strip()),
            )
        )
    return emails


def phishing_emails_problems(raw: Any) -> list[str]:
    """What a trainer must fix in the authored emails, in words (empty when they are usable)."""
    if not isinstance(raw, list) or not raw:
        return [_("Add at least one email.")]
    problems = []
    ids: set[str] = set()
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            problems.append(_("Email %(position)s is not an object.") % {"position": position})
            continue
        email_id = str(item.get("id") or position)
        if email_id in ids:
            problems.append(_("Two emails share the id “%(id)s”.") % {"id": email_id})
        ids.add(email_id)
        if not str(item.get("subject", "")).strip() or not str(item.get("sender", "")).strip():
            problems.append(
                _("Email %(position)s needs a sender and a subject.") % {"position": position}
            )
        if not isinstance(item.get("is_phishing"), bool):
            problems.append(
                _("Email %(position)s: is_phishing must be true or false.") % {"position": position}
            )
        if not item.get("cues"):
            problems.append(
                _("Email %(position)s: explain the cues (or why it is safe).")
                % {"position": position}
            )
    return problems


def phishing_inbox_grade(*, emails: list[Email], flagged: set[str]) -> list[EmailResult]:
    """Each email with whether the learner flagged it; an email is right when flag == phishing."""
    return [EmailResult(email=email, flagged=email.id in flagged) for email in emails]


class PhishingInboxBlock(ExerciseBlock):
    """An inbox of authored emails; the learner flags the phishing ones and submits."""

    has_score = True

    display_name = String(
        display_name=pgettext_lazy("exercise", "Title"),
        help=gettext_lazy("Shown above the exercise, e.g. “Hộp thư của bạn sáng thứ Hai”."),
        scope=Scope.settings,
        default="",
    )
    instructions = String(
        display_name=pgettext_lazy("exercise", "Instructions"),
        help=gettext_lazy("What the learner should do; a sensible text is shown when empty."),
        scope=Scope.content,
        multiline_editor=True,
        default="",
    )
    emails = List(
        display_name=pgettext_lazy("exercise", "Emails"),
        help=format_lazy(
            "{} {}",
            gettext_lazy(
                "A JSON list of emails, each with id, sender, subject, body, links (text and "
                "url), is_phishing (true/false) and cues (why it is phishing or why it is safe). "
                "Example:"
            ),
            EXAMPLE_EMAILS,
        ),
        scope=Scope.content,
        default=[],
    )

    flagged = List(scope=Scope.user_state, default=[], help="Ids of the emails the learner flagged")
    submitted = Boolean(scope=Scope.user_state, default=False)
    score = Float(scope=Scope.user_state, default=None, help="Fraction of emails judged right")

    # The most emails an inbox may hold: a posted list longer than this is refused unread.
    MAX_EMAILS = 30

    def student_view(self, context=None):
        emails = phishing_emails(self.emails)
        results = (
            phishing_inbox_grade(emails=emails, flagged=set(self.flagged))
            if self.submitted
            else None
        )
        return exercise_fragment(
            block=self,
            template="courses/exercises/phishing.html",
            context={
                "title": self.display_name or _("Spot the phishing emails"),
                "instructions": self.instructions,
                "emails": emails,
                "results": results,
                "right": sum(result.correct for result in results or []),
            },
            scripts=("courses/exercises/phishing.js",),
            js_class="PhishingInbox",
            js_args={"messages": _phishing_messages()},
        )

    @json_handler
    def submit(self, data, suffix=""):
        """Grade the flags {"flagged": [email id, …]}; once per try."""
        emails = phishing_emails(self.emails)
        if not emails:
            raise refuse(_("This exercise has no emails yet."))
        flagged = data.get("flagged") if isinstance(data, dict) else None
        if not isinstance(flagged, list) or len(flagged) > min(len(emails), self.MAX_EMAILS):
            raise refuse(_("The answer is not a list of emails."))
        known = {email.id for email in emails}
        if not all(isinstance(email_id, str) and email_id in known for email_id in flagged):
            raise refuse(_("The answer names an email that is not in this inbox."))
        if len(set(flagged)) != len(flagged):
            raise refuse(_("The answer names an email twice."))

        results = phishing_inbox_grade(emails=emails, flagged=set(flagged))
        right = sum(result.correct for result in results)
        if self.submitted:
            # A resend of the submission (a weak link retrying) gets the same verdict, and
            # nothing is published twice; a different answer must go through “Try again”.
            if set(flagged) != set(self.flagged):
                raise refuse(_("You have already submitted: choose “Try again” first."))
            return _verdict(results, right)
        self.flagged = list(flagged)
        self.submitted = True
        self.score = right / len(results)
        self.runtime.publish(self, "grade", {"value": right, "max_value": len(results)})
        self.emit_completion(1.0)
        return _verdict(results, right)

    @json_handler
    def reset(self, data, suffix=""):
        """Clear the submission so the learner can flag the inbox again ({} as the body).

        The verdict has shown the answers, so a second try is practice; the runtime keeps the
        best grade, and its pass rule (full marks) is why a try again must exist.
        """
        if data != {}:
            raise refuse(_("Send an empty request to try again."))
        if not self.submitted:
            raise refuse(_("Submit the exercise before trying again."))
        self.submitted = False
        self.flagged = []
        return {"submitted": False}

    def validate(self):
        """The authoring problems of the saved fields (the runtime shows them to the trainer)."""
        validation = super().validate()
        self.validate_field_data(validation, self)
        return validation

    def validate_field_data(self, validation, data):
        """Check proposed field values (`data` has the fields as attributes) before saving."""
        for problem in phishing_emails_problems(data.emails):
            validation.add(ValidationMessage(ValidationMessage.ERROR, problem))


def _verdict(results: list[EmailResult], right: int) -> dict[str, Any]:
    """The submit handler's answer: data, not HTML, since handlers run in the runtime's
    transaction."""
    return {
        "value": right,
        "max_value": len(results),
        "results": [
            {
                "subject": result.email.subject,
                "sender": result.email.sender,
                "is_phishing": result.email.is_phishing,
                "flagged": result.flagged,
                "correct": result.correct,
                "cues": list(result.email.cues),
            }
            for result in results
        ],
    }


def _phishing_messages() -> dict[str, str]:
    """The words phishing.js needs to show the verdicts (the same msgids as the template)."""
    return {
        "sending": _("Submitting…"),
        "failed": _("Your answer could not be sent. Check the connection and retry."),
        "score": _("You judged %(right)s of %(total)s emails right."),
        "phishing": _("This was phishing."),
        "genuine": _("This was a genuine email."),
        "flagged": _("You flagged it."),
        "not_flagged": _("You did not flag it."),
        "right": pgettext("exercise", "Right"),
        "wrong": _("Not right"),
        "cues_phishing": _("What gives it away:"),
        "cues_safe": _("Why it is safe:"),
        "retry": pgettext("exercise", "Try again"),
        "again": _("Try again: every email is unflagged."),
    }
