"""Pure grading functions. They know questions and answers, never learners."""

from collections.abc import Collection


def choice_question_score(*, correct: Collection[int], selected: Collection[int]) -> float:
    """Return 1.0 when exactly the correct choices were selected, else 0.0.

    All-or-nothing, as Moodle does for single-answer questions; partial credit for multiple
    answers invites guessing every box.
    """
    return 1.0 if set(correct) == set(selected) and correct else 0.0


def quiz_percentage(scores: Collection[float]) -> float:
    """Percentage of the available marks, rounded to one decimal."""
    if not scores:
        return 0.0
    return round(100 * sum(scores) / len(scores), 1)
