from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"))
    correct = blocks.BooleanBlock(required=False, label=_("Correct"))

    class Meta:
        icon = "radio-full"
        label = _("Answer")


class ChoiceQuestionBlock(blocks.StructBlock):
    """A single or multiple choice question; graded by `courses.grading.choice_question_score`."""

    prompt = blocks.TextBlock(label=_("Question"))
    multiple = blocks.BooleanBlock(
        required=False,
        label=_("More than one correct answer"),
        help_text=_("Learners must select every correct answer and no wrong one."),
    )
    choices = blocks.ListBlock(ChoiceBlock(), min_num=2, label=_("Answers"))
    explanation = blocks.TextBlock(
        required=False,
        label=_("Explanation"),
        help_text=_(
            "Shown with the result when the quiz gives per-question feedback (a quiz setting)."
        ),
    )

    class Meta:
        icon = "list-ul"
        label = _("Choice question")

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if correct == 0:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark at least one correct answer."))}
            )
        if correct > 1 and not value["multiple"]:
            raise StructBlockValidationError(
                block_errors={
                    "multiple": ValidationError(
                        _(
                            "Several answers are marked correct: tick “more than one correct answer”."
                        )
                    )
                }
            )
        return value


class CheckQuestionValue(blocks.StructValue):
    @property
    def correct_indexes(self) -> str:
        return ",".join(str(i) for i, choice in enumerate(self["choices"]) if choice["correct"])


class CheckQuestionBlock(ChoiceQuestionBlock):
    """An ungraded "check your understanding" question inside a lesson.

    Answered in the browser (static/js/check-question.js) with instant feedback; the key is in
    the page on purpose, and nothing is recorded: it is practice, not assessment.
    """

    explanation = blocks.TextBlock(
        required=False,
        label=_("Explanation"),
        help_text=_("Shown to the learner after checking an answer, right or wrong."),
    )

    class Meta:
        icon = "help"
        label = _("Check your understanding")
        template = "courses/blocks/check_question.html"
        value_class = CheckQuestionValue


class QuestionStreamBlock(blocks.StreamBlock):
    choice_question = ChoiceQuestionBlock()
