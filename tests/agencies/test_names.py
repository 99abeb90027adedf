"""Names sort the Vietnamese way and are found without diacritics."""

import unicodedata

import pytest

from agencies.models import LearnerProfile
from agencies.names import name_search_key, name_sort_key
from agencies.selectors import staff_search
from tests.factories import ProfileFactory, agency_tree


def _sorted(names):
    return sorted(names, key=name_sort_key)


def test_given_name_first_then_family_and_middle_names():
    assert _sorted(["Trần Văn Bình", "Lê Thị An", "Nguyễn Văn An"]) == [
        "Lê Thị An",
        "Nguyễn Văn An",
        "Trần Văn Bình",
    ]


def test_vietnamese_alphabet_is_the_first_difference():
    # a < ă < â < b, d < đ < e, o < ô < ơ, u < ư: letters, not accents.
    assert _sorted(["Lê Ân", "Lê Bích", "Lê Ăn", "Lê An"]) == ["Lê An", "Lê Ăn", "Lê Ân", "Lê Bích"]
    assert _sorted(["Lê Em", "Lê Đào", "Lê Dung"]) == ["Lê Dung", "Lê Đào", "Lê Em"]
    assert _sorted(["Lê Ưng", "Lê Uyên", "Lê Ơn", "Lê Ông"]) == [
        "Lê Ông",
        "Lê Ơn",
        "Lê Uyên",
        "Lê Ưng",
    ]


def test_tones_only_break_ties():
    assert _sorted(["Lê Dạ", "Lê Dá", "Lê Dã", "Lê Dả", "Lê Dà", "Lê Da"]) == [
        "Lê Da",
        "Lê Dà",
        "Lê Dả",
        "Lê Dã",
        "Lê Dá",
        "Lê Dạ",
    ]
    # The tone of the given name does not outrank the letters of the family name.
    assert _sorted(["Trần Á", "Lê A"]) == ["Lê A", "Trần Á"]


def test_keys_do_not_depend_on_normalisation_or_spaces():
    nfc = "Nguyễn Văn Đức"
    nfd = unicodedata.normalize("NFD", nfc)
    spaced = "  Nguyễn\u00a0Văn   Đức "
    assert name_sort_key(nfc) == name_sort_key(nfd) == name_sort_key(spaced)
    assert name_search_key(nfd) == name_search_key(spaced) == "nguyen van duc"


@pytest.mark.django_db
def test_keys_are_written_on_save_and_the_database_orders_by_them():
    agency = agency_tree()["SKHCN-CDS"]
    for name in ["Trần Văn Bình", "Lê Thị Ăn", "Nguyễn Văn An", "Phạm Đức", "Hồ Dung"]:
        ProfileFactory(agency=agency, full_name=name)
    ordered = list(LearnerProfile.objects.order_by("name_sort").values_list("full_name", flat=True))
    assert ordered == ["Nguyễn Văn An", "Lê Thị Ăn", "Trần Văn Bình", "Hồ Dung", "Phạm Đức"]

    profile = LearnerProfile.objects.get(full_name="Hồ Dung")
    profile.full_name = "Hồ Thị Yến"
    profile.save(update_fields=["full_name"])
    profile.refresh_from_db()
    assert profile.name_search == "ho thi yen"


@pytest.mark.django_db
def test_a_search_without_diacritics_finds_the_name():
    agency = agency_tree()["SKHCN-CDS"]
    duc = ProfileFactory(agency=agency, full_name="Nguyễn Văn Đức")
    ProfileFactory(agency=agency, full_name="Nguyễn Văn Dũng")
    found = LearnerProfile.objects.filter(name_search__contains=name_search_key("van duc"))
    assert list(found) == [duc]
    found = LearnerProfile.objects.filter(name_search__contains=name_search_key("NGUYỄN VĂN ĐỨC"))
    assert list(found) == [duc]


@pytest.mark.django_db
def test_staff_search_with_or_without_diacritics_in_name_order():
    agency = agency_tree()["SKHCN-CDS"]
    duc = ProfileFactory(agency=agency, full_name="Nguyễn Văn Đức", employee_code="NB0002")
    dung = ProfileFactory(agency=agency, full_name="Trần Văn Dũng", employee_code="NB0001")
    ProfileFactory(agency=agency, full_name="Lê Thị Hoa", employee_code="NB0003")
    everyone = LearnerProfile.objects.all()
    assert list(staff_search(profiles=everyone, query="nguyen van duc")) == [duc]
    # Typed with diacritics, the diacritics count: Đ is not D.
    assert list(staff_search(profiles=everyone, query=" VĂN\u00a0Đ")) == [duc]
    assert list(staff_search(profiles=everyone, query="Dũng")) == [dung]
    assert list(staff_search(profiles=everyone, query="Đũng")) == []
    assert list(staff_search(profiles=everyone, query="van d")) == [dung, duc]  # D before Đ
    assert list(staff_search(profiles=everyone, query="nb0001")) == [dung]
    assert len(staff_search(profiles=everyone, query="  ")) == 3
