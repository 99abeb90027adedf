"""Ordering steps: the learner puts a shuffled procedure back in order, by keyboard.

The trainer writes the steps in the right order; each learner sees them in an order shuffled once
for them and kept in `shown_order`, so a reload does not reshuffle (and does not hint the answer).
"""

import hashlib
import random
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from xblock.fields import Boolean, Float, List, Scope, String
from xblock.validation import ValidationMessage

from courses.exercises import ExerciseBlock, exercise_fragment, json_handler, refuse

# More steps than this is a procedure to split, and a posted list longer than this is refused.
MAX_STEPS = 20


@dataclass(frozen=True)
class PlacedStep:
    position: int  # 1-based, as the learner reads it
    step: int  # index into the authored steps
    text: str
    correct: bool


def ordering_steps(raw: Any) -> list[str]:
    """The authored steps as non-empty strings, at most MAX_STEPS."""
    if not isinstance(raw, list):
        return []
    return [str(step).strip() for step in raw if str(step).strip()][:MAX_STEPS]


def ordering_shuffle(*, count: int, rng: random.Random) -> list[int]:
    """A permutation of range(count) that is not already the right order (when count > 1)."""
    order = list(range(count))
    if count < 2:
        return order
    while order == sorted(order):
        rng.shuffle(order)
    return order


def ordering_is_permutation(order: Any, *, count: int) -> bool:
    """Whether `order` lists each of 0…count-1 exactly once (and nothing else)."""
    return (
        isinstance(order, list)
        and len(order) == count
        and all(type(item) is int for item in order)
        and sorted(order) == list(range(count))
    )


def ordering_grade(*, steps: list[str], order: list[int]) -> list[PlacedStep]:
    """Each position with the step the learner put there and whether it belongs there."""
    return [
        PlacedStep(position=position, step=step, text=steps[step], correct=step == position - 1)
        for position, step in enumerate(order, start=1)
    ]


class OrderingStepsBlock(ExerciseBlock):
    """A procedure's steps, shuffled per learner, to put back in order and submit."""

    has_score = True

    display_name = String(
        display_name=pgettext_lazy("exercise", "Title"),
        help=gettext_lazy("Shown above the exercise, e.g. “Nộp hồ sơ trên Cổng dịch vụ công”."),
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
    steps = List(
        display_name=gettext_lazy("Steps in the right order"),
        help=gettext_lazy(
            "A JSON list of texts, first step first (at most 20), e.g. "
            '["Đăng nhập Cổng dịch vụ công", "Chọn thủ tục", "Nộp hồ sơ"]. '
            "Learners see them shuffled."
        ),
        scope=Scope.content,
        default=[],
    )
    explanation = String(
        display_name=gettext_lazy("Explanation"),
        help=gettext_lazy("Shown after submitting: why the steps go in this order."),
        scope=Scope.content,
        multiline_editor=True,
        default="",
    )

    shown_order = List(scope=Scope.user_state, default=[], help="Step indices as first shown")
    submitted_order = List(scope=Scope.user_state, default=[], help="Step indices as submitted")
    submitted = Boolean(scope=Scope.user_state, default=False)
    score = Float(scope=Scope.user_state, default=None, help="Fraction of positions right")

    def _shown_order(self, steps: list[str]) -> list[int]:
        """This learner's shuffled order, made and stored on first sight.

        A stored order that no longer fits the steps (the trainer added or removed one) is
        replaced, since showing a step twice or never would make the exercise unanswerable.
        """
        if not ordering_is_permutation(self.shown_order, count=len(steps)):
            self.shown_order = ordering_shuffle(count=len(steps), rng=self._learner_rng(len(steps)))
            self.save()
        return list(self.shown_order)

    def _learner_rng(self, count: int) -> random.Random:
        """Randomness seeded by learner, usage and step count.

        The same learner gets the same shuffle even if a host drops the write made while
        rendering; the seed reveals nothing, since the answer is the authored order.
        """
        ids = self.scope_ids
        seed = hashlib.sha256(f"{ids.user_id}:{ids.usage_id}:{count}".encode()).hexdigest()
        return random.Random(seed)  # noqa: S311 - a shuffle, not a secret

    def student_view(self, context=None):
        steps = ordering_steps(self.steps)
        placed = None
        if self.submitted and ordering_is_permutation(self.submitted_order, count=len(steps)):
            placed = ordering_grade(steps=steps, order=list(self.submitted_order))
        shown = [(index, steps[index]) for index in self._shown_order(steps)]
        return exercise_fragment(
            block=self,
            template="courses/exercises/ordering.html",
            context={
                "title": self.display_name or _("Put the steps in order"),
                "instructions": self.instructions,
                "shown": shown,
                "placed": placed,
                "right": sum(item.correct for item in placed or []),
                "steps": steps,
                "explanation": self.explanation,
            },
            scripts=("courses/exercises/ordering.js",),
            js_class="OrderingSteps",
            js_args={"messages": _ordering_messages()},
        )

    @json_handler
    def submit(self, data, suffix=""):
        """Grade {"order": [step index, …]}, a permutation of the steps; once per try."""
        steps = ordering_steps(self.steps)
        if len(steps) < 2:
            raise refuse(_("This exercise has no steps to order yet."))
        order = data.get("order") if isinstance(data, dict) else None
        if not ordering_is_permutation(order, count=len(steps)):
            raise refuse(_("The answer must list every step exactly once."))

        placed = ordering_grade(steps=steps, order=order)
        right = sum(item.correct for item in placed)
        if self.submitted:
            # A resend of the submission (a weak link retrying) gets the same verdict, and
            # nothing is published twice; a different answer must go through “Try again”.
            if list(order) != list(self.submitted_order):
                raise refuse(_("You have already submitted: choose “Try again” first."))
            return self._verdict(steps, placed, right)
        # Hosts may drop writes made while rendering (ours keeps only a handler's): store the
        # shuffle now, with the answer, so both are on record together.
        self._shown_order(steps)
        self.submitted_order = list(order)
        self.submitted = True
        self.score = right / len(placed)
        self.runtime.publish(self, "grade", {"value": right, "max_value": len(placed)})
        self.emit_completion(1.0)
        return self._verdict(steps, placed, right)

    def _verdict(self, steps: list[str], placed: list[PlacedStep], right: int) -> dict[str, Any]:
        """The submit handler's answer: data, not HTML, since handlers run in the runtime's
        transaction."""
        return {
            "value": right,
            "max_value": len(placed),
            "placed": [{"text": item.text, "correct": item.correct} for item in placed],
            "steps": steps,
            "explanation": self.explanation,
        }

    @json_handler
    def reset(self, data, suffix=""):
        """Clear the submission so the learner can order the steps again ({} as the body).

        The verdict has shown the right order, so a second try is practice; the runtime keeps
        the best grade, and its pass rule (full marks) is why a try again must exist.
        """
        if data != {}:
            raise refuse(_("Send an empty request to try again."))
        if not self.submitted:
            raise refuse(_("Submit the exercise before trying again."))
        self.submitted = False
        self.submitted_order = []
        return {"submitted": False}

    def validate(self):
        """The authoring problems of the saved fields (the runtime shows them to the trainer)."""
        validation = super().validate()
        self.validate_field_data(validation, self)
        return validation

    def validate_field_data(self, validation, data):
        """Check proposed field values (`data` has the fields as attributes) before saving."""
        steps = data.steps if isinstance(data.steps, list) else []
        if len([step for step in steps if str(step).strip()]) < 2:
            validation.add(
                ValidationMessage(ValidationMessage.ERROR, _("Write at least two steps."))
            )
        if len(steps) > MAX_STEPS:
            validation.add(
                ValidationMessage(
                    ValidationMessage.ERROR,
                    _("At most %(count)s steps: split a longer procedure.") % {"count": MAX_STEPS},
                )
            )


def _ordering_messages() -> dict[str, str]:
    """The words ordering.js needs (the same msgids as the templates)."""
    return {
        # %(step)s, %(position)s and %(total)s are filled in by the script.
        "moved": _("“%(step)s” moved to position %(position)s of %(total)s."),
        "first": _("“%(step)s” is already first."),
        "last": _("“%(step)s” is already last."),
        "sending": _("Submitting…"),
        "failed": _("Your answer could not be sent. Check the connection and retry."),
        "score": _("%(right)s of %(total)s steps are in the right place."),
        "yours": _("Your order:"),
        "right_place": _("Right place"),
        "wrong_place": _("Wrong place"),
        "right_order": _("The right order:"),
        "retry": pgettext("exercise", "Try again"),
        "again": _("Try again: the steps are shuffled as at first."),
    }
