import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from courses.blocks import ChoiceQuestionBlock
from courses.grading import choice_question_score, quiz_percentage


@pytest.mark.parametrize(
    ("correct", "selected", "score"),
    [
        ([1], [1], 1.0),
        ([1], [0], 0.0),
        ([1], [], 0.0),
        ([0, 2], [0, 2], 1.0),
        ([0, 2], [0], 0.0),
        ([0, 2], [0, 1, 2], 0.0),
        ([], [], 0.0),
    ],
)
def test_choice_question_is_all_or_nothing(correct, selected, score):
    assert choice_question_score(correct=correct, selected=selected) == score


def test_quiz_percentage():
    assert quiz_percentage([1.0, 0.0, 1.0]) == 66.7
    assert quiz_percentage([]) == 0.0


def _question(choices, multiple=False):
    block = ChoiceQuestionBlock()
    return block, block.to_python(
        {
            "prompt": "Câu hỏi?",
            "multiple": multiple,
            "choices": [{"text": text, "correct": correct} for text, correct in choices],
            "explanation": "",
        }
    )


def test_question_without_a_correct_answer_is_refused():
    block, value = _question([("A", False), ("B", False)])
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_several_correct_answers_need_the_multiple_flag():
    block, value = _question([("A", True), ("B", True)])
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
    block, value = _question([("A", True), ("B", True)], multiple=True)
    assert block.clean(value)["multiple"] is True
