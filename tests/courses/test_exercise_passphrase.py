import json
import shutil
import subprocess
from pathlib import Path

import pytest

from courses.exercises.passphrase import PassphraseTrainerBlock
from tests.courses.xblock_host import Host

ESTIMATOR = (
    Path(__file__).resolve().parents[2] / "courses/static/courses/exercises/passphrase-estimator.js"
)


@pytest.fixture
def host():
    return Host(PassphraseTrainerBlock, {"required_level": "strong"})


def test_page_says_the_passphrase_stays_in_the_browser(host):
    fragment = host.block().student_view()
    assert "Your passphrase stays on this device." in fragment.content or (
        "Cụm mật khẩu của bạn ở lại trên thiết bị này." in fragment.content
    )
    assert 'type="password"' in fragment.content
    assert 'spellcheck="false"' in fragment.content
    assert "<form" not in fragment.content  # nothing a browser could submit
    urls = [resource.data for resource in fragment.resources]
    assert "/static/courses/exercises/passphrase-estimator.js" in urls
    assert fragment.json_init_args["required"] == "strong"


def test_reaching_the_required_level_completes_once(host):
    status, reply = host.post(host.block(), "report_level", {"level": "fair"})
    assert (status, reply["reached"]) == (200, False)
    assert host.events() == []
    status, reply = host.post(host.block(), "report_level", {"level": "strong"})
    assert (status, reply["reached"]) == (200, True)
    host.post(host.block(), "report_level", {"level": "strong"})
    assert host.events() == [("completion", {"completion": 1.0})]
    assert host.user_state() == {"best_level": "strong", "reached": True}


def test_a_weaker_report_does_not_lower_the_best_level(host):
    host.post(host.block(), "report_level", {"level": "fair"})
    host.post(host.block(), "report_level", {"level": "weak"})
    assert host.user_state()["best_level"] == "fair"


def test_fair_is_enough_when_the_trainer_says_so():
    host = Host(PassphraseTrainerBlock, {"required_level": "fair"})
    _, reply = host.post(host.block(), "report_level", {"level": "fair"})
    assert reply["reached"] is True


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"level": "STRONG"},
        {"level": 3},
        {"level": "strong", "passphrase": "x"},
        {"passphrase": "Correct horse"},
        ["strong"],
        "strong",
    ],
)
def test_anything_but_a_level_is_refused(host, body):
    status, reply = host.post(host.block(), "report_level", body)
    assert status == 400
    assert reply["error"]
    assert host.user_state() == {}
    assert host.events() == []


def _estimate(passphrases):
    if not shutil.which("node"):
        pytest.skip("node is missing")
    script = (
        f"const e = require({json.dumps(str(ESTIMATOR))});"
        f"console.log(JSON.stringify({json.dumps(passphrases)}.map(p => e.estimate(p))));"
    )
    result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        ["node", "-e", script], capture_output=True, text=True, check=True, timeout=30
    )
    return dict(zip(passphrases, json.loads(result.stdout), strict=True))


def test_estimator_sees_through_common_passwords_dates_and_patterns():
    found = _estimate(["matkhau123", "12/05/1985", "qwerty12345", "aaaaaaaaaaaa", "Hanoi2024!"])
    assert all(result["level"] == "very_weak" for result in found.values())
    assert found["matkhau123"]["found"] == {"common": 1}
    assert found["12/05/1985"]["found"] == {"date": 1}
    assert "keyboard" in found["qwerty12345"]["found"]
    assert "repeat" in found["aaaaaaaaaaaa"]["found"]
    assert "word" in found["Hanoi2024!"]["found"]


def test_estimator_counts_vietnamese_syllables_not_letters():
    found = _estimate(["toi yeu ha noi", "con-meo-nhay-qua-bo-rao", "Xk9#mP2$qL7!"])
    assert found["toi yeu ha noi"]["found"]["vietnamese"] == 4
    assert found["toi yeu ha noi"]["level"] in ("very_weak", "weak")
    assert found["con-meo-nhay-qua-bo-rao"]["level"] == "strong"
    assert found["Xk9#mP2$qL7!"]["level"] == "strong"
    assert found["toi yeu ha noi"]["log10Guesses"] < 14 * 1.2
