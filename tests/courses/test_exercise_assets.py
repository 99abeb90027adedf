from django.conf import settings
from django.contrib.staticfiles import finders

from courses.exercises.ordering import OrderingStepsBlock
from courses.exercises.passphrase import PassphraseTrainerBlock
from courses.exercises.phishing import PhishingInboxBlock
from tests.courses.xblock_host import Host

# Our share of the lesson page budget (150 KB transferred for HTML + CSS + JS), uncompressed.
ASSET_BUDGET_BYTES = 40_000


def _fragment_urls() -> set[str]:
    urls = set()
    for block_class in (PhishingInboxBlock, OrderingStepsBlock, PassphraseTrainerBlock):
        fragment = Host(block_class, {}).block().student_view()
        urls |= {resource.data for resource in fragment.resources if resource.kind == "url"}
    return urls


def test_every_asset_is_a_static_file_and_all_fit_the_budget():
    urls = _fragment_urls()
    assert len(urls) == 6  # shared CSS and common.js, one script each, the estimator
    total = 0
    for url in urls:
        assert url.startswith(settings.STATIC_URL)
        path = finders.find(url.removeprefix(settings.STATIC_URL))
        assert path, url
        with open(path, "rb") as handle:
            total += len(handle.read())
    assert total < ASSET_BUDGET_BYTES


def test_no_asset_comes_from_outside_the_site():
    assert all(url.startswith("/") and not url.startswith("//") for url in _fragment_urls())
