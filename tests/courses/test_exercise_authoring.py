"""Our exercises in the trainer's admin: the generated form, in Vietnamese, keeps what is authored."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from courses.blocks.interactive import InteractiveExerciseBlock
from demo.data import EXERCISE, EXERCISES_LESSON
from tests import factories

pytestmark = pytest.mark.django_db


def test_trainer_edits_a_lesson_holding_the_three_exercises(client):
    course = factories.course(lessons=1)
    exercises = [value for kind, value in EXERCISES_LESSON["body"] if kind == EXERCISE]
    lesson = factories.exercise_lesson(course, *exercises, slug="thuc-hanh")
    client.force_login(factories.trainer())
    with translation.override("vi"):
        response = client.get(f"/admin/pages/{lesson.pk}/edit/")
    assert response.status_code == 200
    page = response.content.decode()
    for label in ("Các thư", "Các bước theo đúng thứ tự", "Mức cần đạt", "Giải thích"):
        assert json.dumps(label)[1:-1] in page or label in page, label
    # The authored values reach the editor (JSON, non-ASCII escaped).
    assert json.dumps("Ký số một văn bản bằng USB token")[1:-1] in page


def test_the_generated_block_round_trips_our_fields():
    block = InteractiveExerciseBlock()
    for tag, fields in (value for kind, value in EXERCISES_LESSON["body"] if kind == EXERCISE):
        raw = [{"type": tag.replace("-", "_"), "value": fields}]
        cleaned = block.clean(block.to_python(raw))
        stored = block.get_prep_value(cleaned)
        for name, value in fields.items():
            assert stored[0]["value"][name] == value, (tag, name)


def test_a_list_field_that_is_not_a_list_is_refused():
    block = InteractiveExerciseBlock()
    raw = [{"type": "ordering_steps", "value": {"steps": {"not": "a list"}}}]
    with pytest.raises(ValidationError):
        block.clean(block.to_python(raw))
