import pytest

from courses.exercises.phishing import PhishingInboxBlock, phishing_emails, phishing_emails_problems
from tests.courses.xblock_host import Host

EMAILS = [
    {
        "id": "dvc",
        "sender": "Cổng DVC <hotro@dichvucong-gov.vn.com>",
        "subject": "Hồ sơ bị từ chối",
        "body": "Bấm vào liên kết để bổ sung hồ sơ trong 24 giờ.",
        "links": [{"text": "dichvucong.gov.vn", "url": "http://dichvucong-gov.vn.com/xac-minh"}],
        "is_phishing": True,
        "cues": ["CUE-DOMAIN: tên miền .vn.com không phải .gov.vn"],
    },
    {
        "id": "hop",
        "sender": "Văn phòng Sở <vanphong@skhcn.ninhbinh.gov.vn>",
        "subject": "Lịch họp giao ban",
        "body": "Lịch họp tuần này đính kèm trên hệ thống quản lý văn bản.",
        "links": [],
        "is_phishing": False,
        "cues": ["CUE-SAFE: địa chỉ đúng của Sở, không đòi đăng nhập"],
    },
    {
        "id": "bca",
        "sender": "Bộ Công an <thongbao@bocongan-vn.top>",
        "subject": "Thông báo vi phạm giao thông",
        "body": "Nộp phạt ngay để tránh bị khởi tố.",
        "links": [{"text": "Nộp phạt", "url": "https://bocongan-vn.top/nop-phat"}],
        "is_phishing": True,
        "cues": ["CUE-THREAT: đe dọa, thúc ép"],
    },
]


@pytest.fixture
def host():
    return Host(PhishingInboxBlock, {"display_name": "Hộp thư", "emails": EMAILS})


def test_inbox_shows_the_emails_but_not_the_answer_key(host):
    html = host.block().student_view().content
    assert "Hồ sơ bị từ chối" in html
    assert "http://dichvucong-gov.vn.com/xac-minh" in html
    assert "CUE-" not in html
    assert "is_phishing" not in html
    assert 'value="dvc"' in html


def test_fragment_loads_static_script_and_starts_it(host):
    fragment = host.block().student_view()
    urls = [resource.data for resource in fragment.resources]
    assert "/static/courses/exercises/phishing.js" in urls
    assert "/static/courses/exercises/common.js" in urls
    assert fragment.js_init_fn == "PhishingInbox"
    assert "CUE-" not in str(fragment.json_init_args)


@pytest.mark.django_db
def test_submit_grades_on_the_server_and_publishes_grade_and_completion(host):
    status, reply = host.post(host.block(), "submit", {"flagged": ["dvc", "hop"]})
    assert status == 200
    assert (reply["value"], reply["max_value"]) == (1, 3)
    verdicts = {result["subject"]: result for result in reply["results"]}
    assert verdicts["Hồ sơ bị từ chối"]["cues"] == EMAILS[0]["cues"]
    assert verdicts["Lịch họp giao ban"] | {"cues": None} == {
        "subject": "Lịch họp giao ban",
        "sender": EMAILS[1]["sender"],
        "is_phishing": False,
        "flagged": True,
        "correct": False,
        "cues": None,
    }
    assert host.events() == [
        ("grade", {"value": 1, "max_value": 3}),
        ("completion", {"completion": 1.0}),
    ]
    state = host.user_state()
    assert state["flagged"] == ["dvc", "hop"]
    assert state["submitted"] is True
    assert state["score"] == pytest.approx(1 / 3)


def test_after_submitting_the_page_shows_why_and_hides_the_form(host):
    host.post(host.block(), "submit", {"flagged": ["dvc", "bca"]})
    html = host.block().student_view().content
    assert "CUE-THREAT" in html
    assert '<form class="ex-form" novalidate hidden>' in html
    assert 'class="ex-results" hidden' not in html


@pytest.mark.parametrize(
    "body",
    [
        {},
        [],
        "dvc",
        {"flagged": "dvc"},
        {"flagged": [1]},
        {"flagged": ["nope"]},
        {"flagged": ["dvc", "dvc"]},
        {"flagged": ["dvc"] * 5000},
        {"flagged": [None]},
        {"flagged": [["dvc"]]},
    ],
)
def test_bad_answers_are_refused_in_vietnamese_and_change_nothing(host, body):
    status, reply = host.post(host.block(), "submit", body)
    assert status == 400
    assert reply["error"]
    assert host.events() == []
    assert host.user_state() == {}


def test_invalid_json_is_refused(host):
    status, _ = host.post(host.block(), "submit", None, raw=b"{not json")
    assert status == 400
    assert host.user_state() == {}


def test_a_resent_submission_gets_the_same_verdict_and_publishes_nothing_more(host):
    _, first = host.post(host.block(), "submit", {"flagged": ["bca", "dvc"]})
    status, again = host.post(host.block(), "submit", {"flagged": ["dvc", "bca"]})
    assert (status, again) == (200, first)
    assert len(host.events()) == 2


def test_a_different_second_answer_needs_try_again(host):
    host.post(host.block(), "submit", {"flagged": []})
    status, reply = host.post(host.block(), "submit", {"flagged": ["dvc", "bca"]})
    assert status == 400
    assert host.user_state()["flagged"] == []
    assert len(host.events()) == 2


def test_try_again_clears_the_submission_and_grades_anew(host):
    host.post(host.block(), "submit", {"flagged": []})
    status, reply = host.post(host.block(), "reset", {})
    assert (status, reply) == (200, {"submitted": False})
    assert host.user_state()["submitted"] is False
    assert host.user_state()["flagged"] == []
    html = host.block().student_view().content
    assert '<form class="ex-form" novalidate>' in html
    assert "CUE-" not in html
    status, reply = host.post(host.block(), "submit", {"flagged": ["dvc", "bca"]})
    assert (status, reply["value"]) == (200, 3)
    assert [event for event, _ in host.events()] == ["grade", "completion", "grade", "completion"]


@pytest.mark.parametrize("body", [{"flagged": []}, [], None, "reset"])
def test_try_again_takes_an_empty_object_only(host, body):
    host.post(host.block(), "submit", {"flagged": ["dvc"]})
    before = host.user_state()
    status, reply = host.post(host.block(), "reset", body)
    assert status == 400 and reply["error"]
    assert host.user_state() == before


def test_try_again_before_submitting_is_refused(host):
    status, _ = host.post(host.block(), "reset", {})
    assert status == 400
    assert host.user_state() == {}


def test_learners_have_their_own_state(host):
    host.post(host.block(user_id=1), "submit", {"flagged": ["dvc", "bca"]})
    assert 'type="checkbox"' in host.block(user_id=2).student_view().content
    assert host.user_state(user_id=2) == {}


def test_refusal_message_is_vietnamese(host):
    from django.utils import translation

    with translation.override("vi"):
        _, reply = host.post(host.block(), "submit", {"flagged": ["nope"]})
    assert reply["error"] == "Câu trả lời nêu một thư không có trong hộp thư này."


def test_hand_written_emails_are_read_leniently():
    emails = phishing_emails([{"subject": "a"}, "junk", {"id": "x"}, {"id": "x"}, {"links": [3]}])
    assert [email.id for email in emails] == ["1", "x", "5"]
    assert not emails[0].is_phishing


def test_authoring_problems_are_named():
    assert phishing_emails_problems(EMAILS) == []
    assert phishing_emails_problems([]) != []
    problems = phishing_emails_problems([{"id": "a", "sender": "s", "subject": "t"}] * 2)
    assert len(problems) == 5  # a repeated id; is_phishing and cues missing twice


def test_authoring_validation_reaches_the_block():
    assert Host(PhishingInboxBlock, {"emails": EMAILS}).block().validate().empty
    assert not Host(PhishingInboxBlock, {"emails": []}).block().validate().empty


def test_a_body_that_is_not_json_is_refused_in_vietnamese(host):
    from django.utils import translation

    with translation.override("vi"):
        status, reply = host.post(host.block(), "submit", None, raw=b"\xff{flagged")
    assert (status, reply) == (400, {"error": "Yêu cầu không phải là JSON hợp lệ."})
    assert host.user_state() == {}
