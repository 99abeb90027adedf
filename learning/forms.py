from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

ANSWER_PREFIX = "q-"
# What the quiz form sends besides answers: the CSRF token and the "submit anyway" button.
_QUIZ_FORM_FIELDS = {"csrfmiddlewaretoken", "confirm"}
_FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def quiz_submission_parse(request: HttpRequest) -> tuple[dict[str, list[str]], bool]:
    """The answers the quiz form posted, and whether the learner confirmed unanswered questions.

    Anything the form cannot send (a JSON body, a file, other fields) is refused, so it is never
    graded as a blank submission.
    """
    if request.content_type not in _FORM_CONTENT_TYPES or request.FILES:
        raise ValidationError(_("The answers were not sent from the quiz form."))
    if any(
        not key.startswith(ANSWER_PREFIX) and key not in _QUIZ_FORM_FIELDS for key in request.POST
    ):
        raise ValidationError(_("The submission contains fields the quiz form does not have."))
    answers = {
        key.removeprefix(ANSWER_PREFIX): request.POST.getlist(key)
        for key in request.POST
        if key.startswith(ANSWER_PREFIX)
    }
    return answers, request.POST.get("confirm") == "1"
