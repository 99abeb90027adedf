import json

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer():
    course = factories.course()
    return factories.trainer(), course


def test_trainer_opens_the_course_editor(client, trainer):
    user, course = trainer
    client.force_login(user)
    response = client.get(f"/admin/pages/{course.pk}/edit/")
    assert response.status_code == 200
    quiz = course.quizzes().get()
    response = client.get(f"/admin/pages/{quiz.pk}/edit/")
    assert response.status_code == 200
    # The stream editor receives the questions as JSON, non-ASCII escaped.
    assert json.dumps("Mật khẩu mạnh cần có gì?")[1:-1] in response.content.decode()


def test_learner_is_kept_out_of_the_admin(client, trainer):
    _user, course = trainer
    learner = factories.learner(factories.agency_tree()["SKHCN"])
    client.force_login(learner)
    response = client.get(f"/admin/pages/{course.pk}/edit/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_quiz_editor_offers_the_attempt_rules_in_vietnamese(client, trainer):
    user, course = trainer
    client.force_login(user)
    quiz = course.quizzes().get()
    html = client.get(f"/admin/pages/{quiz.pk}/edit/").content.decode()
    for text in (
        "Số lượt làm tối đa",
        "0 là không giới hạn",
        "Thời gian chờ sau lượt không đạt (phút)",
        "Kết quả hiển thị sau mỗi lượt làm",
        "Chỉ hiện điểm",
        "Nhận xét từng câu sau khi đạt",
        "Luôn nhận xét từng câu (bài luyện tập)",
    ):
        assert text in html, text
    assert 'name="max_attempts" value="5"' in html
    assert 'name="retry_wait_minutes" value="10"' in html
