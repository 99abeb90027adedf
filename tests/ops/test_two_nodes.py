"""Two gunicorn nodes on one PostgreSQL and one Redis behave as one site."""

import re

import pytest
import requests
from django.core.cache import cache

from learning.models import Enrollment, LessonProgress
from tests import factories
from tests.ops.conftest import log_in, post, require_postgres_and_redis

pytestmark = pytest.mark.django_db(transaction=True)


def _learner_row(html: str, name: str) -> str:
    """The report's table row of one learner, tags stripped, cells separated by |."""
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        if name in row:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
            return "|".join(" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells)
    raise AssertionError(f"{name} is not in the report:\n{html}")


def test_learner_and_hr_see_one_site_across_two_nodes(start_node, client):
    require_postgres_and_redis()
    agencies = factories.agency_tree()
    course = factories.course(lessons=2)
    factories.learner(agencies["SKHCN-CDS"], full_name="Trần Thị Mai", user__username="mai")
    hr_user = factories.hr_manager(agencies["SKHCN"], username="hr")
    first_lesson = course.lessons().first()
    node_a, node_b = start_node(), start_node()

    learner = requests.Session()
    log_in(learner, node_a, username="mai")
    # The session lives in the shared cache (and the database): node B knows it without a DB read.
    assert cache.has_key("django.contrib.sessions.cached_db" + learner.cookies["sessionid"]), (
        "the session is not in Redis"
    )

    # Enrol and study on the other node, with the cookies node A set.
    enroll = post(learner, f"{node_b.url}/khoa-hoc/{course.id}/dang-ky/")
    assert enroll.status_code == 302, node_b.log.read_text()
    lesson = learner.get(f"{node_b.url}{first_lesson.url}", allow_redirects=False, timeout=10)
    assert lesson.status_code == 200, node_b.log.read_text()
    assert "Bài 1" in lesson.text
    enrollment = Enrollment.objects.get(user__username="mai", course=course)
    assert LessonProgress.objects.filter(enrollment=enrollment, lesson=first_lesson).exists()

    hr = requests.Session()
    log_in(hr, node_b, username="hr")
    reports = [hr.get(f"{node.url}/quan-ly/bao-cao/", timeout=10) for node in (node_a, node_b)]
    assert [r.status_code for r in reports] == [200, 200]
    rows = [_learner_row(r.text, "Trần Thị Mai") for r in reports]
    assert rows[0] == rows[1]
    # And the same as this process renders from the database the nodes wrote to.
    client.force_login(hr_user)
    here = client.get("/quan-ly/bao-cao/").content.decode()
    assert rows[0] == _learner_row(here, "Trần Thị Mai")
    cells = rows[0].split("|")
    assert cells[3] == "Đang học"
    assert 0 < int(cells[4]) < 100


def test_certificate_lookups_are_counted_across_nodes(start_node):
    """The verify rate limit is one budget per client for the whole site, not per node."""
    require_postgres_and_redis()
    node_a, node_b = start_node(VERIFY_RATELIMIT="4/m"), start_node(VERIFY_RATELIMIT="4/m")
    visitor = requests.Session()
    statuses = [
        visitor.get(f"{node.url}/xac-thuc/", timeout=10).status_code
        for node in (node_a, node_b, node_a, node_b, node_a, node_b)
    ]
    # Four lookups in all are allowed; per node, each would still have had two left.
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert "Quá nhiều yêu cầu" in visitor.get(f"{node_b.url}/xac-thuc/", timeout=10).text
