"""The "Interactive exercise" block: types from the registry, fields generated, JSON checked."""

import json
import logging

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation
from wagtail.blocks import BooleanBlock, ChoiceBlock, FloatBlock, IntegerBlock, TextBlock

from courses.blocks import BodyBlock
from courses.blocks.interactive import InteractiveExerciseBlock, JSONValueBlock
from courses.xblock_types import xblock_types
from tests import factories


@pytest.fixture
def fresh_registry():
    xblock_types.cache_clear()
    yield
    xblock_types.cache_clear()


def test_a_type_that_cannot_be_imported_is_skipped_with_a_warning(fresh_registry, caplog):
    registry = {
        "drag-and-drop-v2": ("drag_and_drop_v2:DragAndDropBlock", "Kéo và thả"),
        "missing": ("courses.exercises.no_such_module:NoBlock", "Không có"),
    }
    with override_settings(HOCSO_XBLOCK_TYPES=registry), caplog.at_level(logging.WARNING):
        types = xblock_types()
        block = InteractiveExerciseBlock()
    assert list(types) == ["drag-and-drop-v2"]
    assert "missing" in caplog.text
    assert list(block.child_blocks) == ["drag_and_drop_v2"]


def test_fields_become_matching_inputs():
    fields = InteractiveExerciseBlock().child_blocks["drag_and_drop_v2"].child_blocks
    assert isinstance(fields["question_text"], TextBlock)
    assert isinstance(fields["max_attempts"], IntegerBlock)
    assert isinstance(fields["weight"], FloatBlock)
    assert isinstance(fields["show_title"], BooleanBlock)
    assert isinstance(fields["mode"], ChoiceBlock)
    assert isinstance(fields["data"], JSONValueBlock)
    # Learner state is never authored here.
    assert "item_state" not in fields and "raw_earned" not in fields


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        (dict, "{not json", "Đây không phải JSON hợp lệ"),
        (dict, '["a list"]', "Nhập một đối tượng JSON"),
        (list, '{"a": 1}', "Nhập một danh sách JSON"),
    ],
)
def test_json_fields_refuse_bad_input_in_vietnamese(kind, raw, message):
    block = JSONValueBlock(kind)
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        block.clean(block.value_from_form(raw))
    assert message in " ".join(error.value.messages)


def test_json_fields_accept_the_right_shape():
    assert JSONValueBlock(list).clean(["một", "hai"]) == ["một", "hai"]
    assert JSONValueBlock(dict).clean({"zones": []}) == {"zones": []}


def test_the_stored_value_is_plain_json():
    body = BodyBlock()
    value = body.to_python(
        [
            {
                "type": "interactive",
                "value": [{"type": "freetextresponse", "value": {"prompt": "Vì sao?"}}],
            }
        ]
    )
    raw = body.get_prep_value(value)
    assert json.loads(json.dumps(raw))[0]["value"][0]["value"]["prompt"] == "Vì sao?"


@pytest.mark.django_db
def test_trainer_opens_a_lesson_with_an_exercise_in_the_editor(client):
    course = factories.course(lessons=0)
    lesson = factories.exercise_lesson(course, ("drag-and-drop-v2", {"question_text": "Kéo"}))
    client.force_login(factories.trainer())
    response = client.get(f"/admin/pages/{lesson.pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    # The stream editor receives its block definitions as JSON, non-ASCII escaped.
    label = "Bài tập tương tác"
    assert label in content or json.dumps(label)[1:-1] in content
