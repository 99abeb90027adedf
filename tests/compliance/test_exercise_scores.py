"""HR sees a learner's exercise score in the report and in its files."""

import io
import re
import uuid

import openpyxl
import pytest
from django.urls import reverse

from learning.services import enrollment_create, exercise_grade_record
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    agencies = factories.agency_tree()
    course = factories.course(lessons=0, code="XB")
    lesson = factories.exercise_lesson(course, ("drag-and-drop-v2", {}))
    learner = factories.learner(agencies["SKHCN-CDS"], full_name="Lê Thu Hà")
    enrollment = enrollment_create(user=learner, course=course)
    block_id = uuid.UUID(next(c.id for c in lesson.body if c.block_type == "interactive"))
    return {"agencies": agencies, "lesson": lesson, "enrollment": enrollment, "block_id": block_id}


def grade(world, earned, possible=1):
    return exercise_grade_record(
        enrollment=world["enrollment"],
        lesson=world["lesson"],
        usage_id=world["block_id"],
        block_type="drag-and-drop-v2",
        earned=earned,
        possible=possible,
    )


def test_hr_export_shows_the_exercise_score(client, world, django_assert_max_num_queries):
    grade(world, 0.5)
    client.force_login(factories.hr_manager(world["agencies"]["SKHCN"]))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("compliance:hr_report_export", args=["xlsx"]))
    header, row = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows())
    cells = {header[i].value: cell for i, cell in enumerate(row)}
    assert cells["Bài tập (%)"].data_type == "n"
    assert cells["Bài tập (%)"].value == pytest.approx(50.0)
    page = client.get(reverse("compliance:hr_report")).content.decode()
    assert "Bài tập (%)" in page
    assert re.search(r"<td>50([.,]0+)?</td>", page), "the exercise score is not in the table"
