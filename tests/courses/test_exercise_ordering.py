import random

import pytest

from courses.exercises.ordering import OrderingStepsBlock, ordering_grade, ordering_shuffle
from tests.courses.xblock_host import Host

STEPS = [
    "Đăng nhập Cổng dịch vụ công quốc gia bằng VNeID",
    "Chọn thủ tục cần thực hiện",
    "Điền tờ khai và đính kèm giấy tờ",
    "Ký số hồ sơ",
    "Nộp hồ sơ và ghi lại mã hồ sơ",
]


@pytest.fixture
def host():
    return Host(OrderingStepsBlock, {"steps": STEPS, "explanation": "EXPLAIN-ORDER"})


def _shown(host, user_id=1):
    host.block(user_id).student_view()
    return host.user_state(user_id)["shown_order"]


def test_steps_are_shuffled_once_per_learner_and_kept(host):
    first = _shown(host)
    assert sorted(first) == list(range(len(STEPS)))
    assert first != list(range(len(STEPS)))
    assert _shown(host) == first
    html = host.block().student_view().content
    positions = [html.index(STEPS[index]) for index in first]
    assert positions == sorted(positions)


def test_learners_get_their_own_shuffle(host):
    orders = {tuple(_shown(host, user_id)) for user_id in range(1, 9)}
    assert len(orders) > 1


def test_a_stored_order_that_no_longer_fits_the_steps_is_replaced(host):
    _shown(host)
    host.content["steps"] = [*STEPS, "Theo dõi kết quả"]
    assert sorted(_shown(host)) == list(range(6))


def test_shuffle_never_returns_the_right_order():
    rng = random.Random(4)
    assert all(ordering_shuffle(count=2, rng=rng) == [1, 0] for _ in range(20))
    assert ordering_shuffle(count=1, rng=rng) == [0]


def test_submitting_stores_the_shuffle_shown_even_if_the_render_did_not():
    host = Host(OrderingStepsBlock, {"steps": STEPS})
    host.post(host.block(), "submit", {"order": [0, 1, 2, 3, 4]})
    shown = host.user_state()["shown_order"]
    other = Host(OrderingStepsBlock, {"steps": STEPS})
    other.block().student_view()
    assert other.user_state()["shown_order"] == shown  # the same learner, usage and steps


def test_rendered_page_carries_no_answer_key(host):
    fragment = host.block().student_view()
    assert "EXPLAIN-ORDER" not in fragment.content
    assert "EXPLAIN-ORDER" not in str(fragment.json_init_args)
    assert fragment.js_init_fn == "OrderingSteps"


def test_submit_grades_positions_and_publishes(host):
    _shown(host)
    status, reply = host.post(host.block(), "submit", {"order": [0, 1, 3, 2, 4]})
    assert status == 200
    assert (reply["value"], reply["max_value"]) == (3, 5)
    assert reply["explanation"] == "EXPLAIN-ORDER"
    assert reply["steps"] == STEPS
    assert [item["correct"] for item in reply["placed"]] == [True, True, False, False, True]
    assert host.events() == [
        ("grade", {"value": 3, "max_value": 5}),
        ("completion", {"completion": 1.0}),
    ]
    state = host.user_state()
    assert state["submitted_order"] == [0, 1, 3, 2, 4]
    assert state["score"] == pytest.approx(0.6)
    html = host.block().student_view().content
    assert html.count("✓") == 3
    assert '<form class="ex-form" novalidate hidden>' in html
    assert "EXPLAIN-ORDER" in html


def test_grading_marks_each_position():
    placed = ordering_grade(steps=["a", "b", "c"], order=[2, 1, 0])
    assert [item.correct for item in placed] == [False, True, False]
    assert [item.text for item in placed] == ["c", "b", "a"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"order": "0,1,2,3,4"},
        {"order": [0, 1, 2, 3]},
        {"order": [0, 1, 2, 3, 3]},
        {"order": [0, 1, 2, 3, 5]},
        {"order": [0, 1, 2, 3, "4"]},
        {"order": [0, 1, 2, 3, 4.0]},
        {"order": [False, True, 2, 3, 4]},
        {"order": [0, 1, 2, 3, 4, 5]},
        {"order": list(range(100_000))},
        [0, 1, 2, 3, 4],
    ],
)
def test_bad_orders_are_refused_and_change_nothing(host, body):
    before = _shown(host)
    status, reply = host.post(host.block(), "submit", body)
    assert status == 400
    assert reply["error"]
    assert host.events() == []
    assert host.user_state() == {"shown_order": before}


def test_a_resent_submission_gets_the_same_verdict_and_a_different_one_is_refused(host):
    _, first = host.post(host.block(), "submit", {"order": [0, 1, 2, 3, 4]})
    assert host.post(host.block(), "submit", {"order": [0, 1, 2, 3, 4]}) == (200, first)
    status, _ = host.post(host.block(), "submit", {"order": [4, 3, 2, 1, 0]})
    assert status == 400
    assert host.user_state()["submitted_order"] == [0, 1, 2, 3, 4]
    assert len(host.events()) == 2


def test_try_again_keeps_the_shuffle_and_grades_anew(host):
    shown = _shown(host)
    host.post(host.block(), "submit", {"order": [4, 3, 2, 1, 0]})
    assert host.post(host.block(), "reset", {}) == (200, {"submitted": False})
    assert host.user_state() | {"score": None} == {
        "shown_order": shown,
        "submitted": False,
        "submitted_order": [],
        "score": None,
    }
    assert "EXPLAIN-ORDER" not in host.block().student_view().content
    status, reply = host.post(host.block(), "submit", {"order": [0, 1, 2, 3, 4]})
    assert (status, reply["value"]) == (200, 5)
    assert host.events()[-2] == ("grade", {"value": 5, "max_value": 5})


def test_try_again_before_submitting_or_with_a_body_is_refused(host):
    assert host.post(host.block(), "reset", {})[0] == 400
    host.post(host.block(), "submit", {"order": [0, 1, 2, 3, 4]})
    assert host.post(host.block(), "reset", {"order": []})[0] == 400
    assert host.user_state()["submitted"] is True


def test_too_few_steps_cannot_be_submitted():
    host = Host(OrderingStepsBlock, {"steps": ["Một bước"]})
    status, _ = host.post(host.block(), "submit", {"order": [0]})
    assert status == 400


def test_authoring_validation_names_problems():
    block = Host(OrderingStepsBlock, {"steps": ["Một"]}).block()
    assert not block.validate().empty
    block = Host(OrderingStepsBlock, {"steps": STEPS}).block()
    assert block.validate().empty
