"""import_agencies: the agency list from a file, through the tree services, all or nothing."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from openpyxl import Workbook

from agencies import agency_import as agency_import_module
from agencies.agency_import import AgencyImportRefused, agency_import
from agencies.models import Agency, AgencyEvent, AgencyVersion
from tests.factories import agency_admin, agency_history_tree, hr_manager

pytestmark = pytest.mark.django_db

HEADER = "Mã đơn vị,Tên đơn vị,Tên viết tắt,Loại đơn vị,Mã đơn vị cấp trên,Địa chỉ,Hoạt động từ\n"


def csv_file(*rows: str, header: str = HEADER) -> io.BytesIO:
    return io.BytesIO((header + "".join(row + "\n" for row in rows)).encode("utf-8"))


def run(*rows, by=None, dry_run=False, header=HEADER):
    return agency_import(csv_file(*rows, header=header), by=by, dry_run=dry_run)


def messages(result) -> list[tuple[int, str, str]]:
    return [(error.row, error.column, error.message) for error in result.errors]


@pytest.fixture(autouse=True)
def english():
    """Messages compared in their English source; one test reads them in Vietnamese."""
    with translation.override("en"):
        yield


@pytest.fixture
def tree():
    return agency_history_tree()


def test_new_agencies_children_before_parents_are_created_through_the_services(tree):
    result = run(
        "SKHCN-PTN,Phòng Thí nghiệm,,Phòng,SKHCN-TT,,01/02/2021",
        "SKHCN-TT,Trung tâm Ứng dụng,TTUD,trung tâm,SKHCN,Hoa Lư,01/01/2021",
    )
    assert not result.errors
    assert result.created == [2, 3]
    centre = Agency.objects.get(code="SKHCN-TT")
    lab = Agency.objects.get(code="SKHCN-PTN")
    assert centre.kind == Agency.Kind.CENTER and centre.short_name == "TTUD"
    assert centre.get_parent().code == "SKHCN" and lab.get_parent().pk == centre.pk
    assert lab.active_from == date(2021, 2, 1) and lab.kind == Agency.Kind.DIVISION
    assert AgencyEvent.objects.filter(agency=lab, kind=AgencyEvent.Kind.CREATED).exists()
    assert AgencyVersion.objects.filter(agency=centre, valid_from=date(2021, 1, 1)).exists()


def test_a_dry_run_reports_and_writes_nothing(tree):
    before = (Agency.objects.count(), AgencyEvent.objects.count())
    result = run("SKHCN-TT,Trung tâm Ứng dụng,,trung tâm,SKHCN,,01/01/2021", dry_run=True)
    assert result.created == [2] and not result.errors and not result.applied
    assert (Agency.objects.count(), AgencyEvent.objects.count()) == before


def test_reimport_is_idempotent(tree):
    rows = (
        "SKHCN,Sở Khoa học và Công nghệ,Sở KH&CN,Sở,UBND-NB,,",
        "SKHCN-TT,Trung tâm Ứng dụng,,trung tâm,SKHCN,,01/01/2021",
    )
    first = run(*rows)
    assert first.created == [3] and first.unchanged == [2]
    events = AgencyEvent.objects.count()
    second = run(*rows)
    assert second.unchanged == [2, 3] and not second.created and not second.updated
    assert AgencyEvent.objects.count() == events
    assert Agency.objects.filter(code="SKHCN-TT").count() == 1


def test_a_changed_name_is_a_rename_and_a_changed_parent_a_move_at_the_effective_date(tree):
    header = HEADER.strip() + ",Ngày hiệu lực\n"
    result = run(
        "STTTT-BC,Phòng Bưu chính - Viễn thông,,phòng,SKHCN,,,01/03/2025",
        header=header,
    )
    assert result.updated == [2], messages(result)
    agency = Agency.objects.get(code="STTTT-BC")
    assert agency.name == "Phòng Bưu chính - Viễn thông"
    assert agency.get_parent().code == "SKHCN"
    kinds = set(
        AgencyEvent.objects.filter(agency=agency, effective_date=date(2025, 3, 1)).values_list(
            "kind", flat=True
        )
    )
    assert kinds == {AgencyEvent.Kind.RENAMED, AgencyEvent.Kind.MOVED}


def test_without_an_effective_date_a_change_is_effective_today(tree):
    run("STC,Sở Tài chính tỉnh Ninh Bình,,sở,UBND-NB,,")
    event = AgencyEvent.objects.get(agency__code="STC", kind=AgencyEvent.Kind.RENAMED)
    assert event.effective_date == timezone.localdate()


def test_an_address_change_updates_the_agency(tree):
    result = run("STC,Sở Tài chính,,sở,UBND-NB,Số 1 Lê Hồng Phong,")
    assert result.updated == [2]
    assert Agency.objects.get(code="STC").address == "Số 1 Lê Hồng Phong"


def test_one_bad_row_refuses_the_whole_file(tree):
    count = Agency.objects.count()
    result = run(
        "SKHCN-TT,Trung tâm Ứng dụng,,trung tâm,SKHCN,,01/01/2021",
        "STC,Sở Tài chính mới,,sở,UBND-NB,,",
        "SKHCN-X,Phòng X,,không rõ,SKHCN,,",
    )
    assert [(row, column) for row, column, _message in messages(result)] == [(4, "Loại đơn vị")]
    assert not result.created and not result.updated
    assert Agency.objects.count() == count
    assert Agency.objects.get(code="STC").name == "Sở Tài chính"


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        (",Phòng X,,phòng,SKHCN,,", "Mã đơn vị", "empty"),
        ("SKHCN-X,,,phòng,SKHCN,,", "Tên đơn vị", "empty"),
        ("SKHCN-X,Phòng X,,,SKHCN,,", "Loại đơn vị", "empty"),
        ("SKHCN X,Phòng X,,phòng,SKHCN,,", "Mã đơn vị", "letters"),
        ("SKHCN-X,Phòng X,,hội đồng,SKHCN,,", "Loại đơn vị", "Unknown kind"),
        ("SKHCN-X,Phòng X,,phòng,KHONG-CO,,", "Mã đơn vị cấp trên", "No agency"),
        ("SKHCN-X,Phòng X,,phòng,SKHCN-X,,", "Mã đơn vị cấp trên", "own"),
        ("SKHCN-X,Phòng X,,phòng,SKHCN,,31/02/2021", "Hoạt động từ", "does not exist"),
        ("SKHCN-X,Phòng X,,phòng,SKHCN,,hôm qua", "Hoạt động từ", "dd/mm/yyyy"),
        ("SKHCN-X,Phòng X,,phòng,SKHCN,,01/01/2999", "Hoạt động từ", "future"),
        ("SKHCN-X,Phòng X,,phòng,SKHCN,,01/01/2019", "Mã đơn vị cấp trên", "not active"),
        ('SKHCN-X,"=HYPERLINK(""http://x"")",,phòng,SKHCN,,', "Tên đơn vị", "="),
        ("SKHCN-X,Phòng\x00X,,phòng,SKHCN,,", "Tên đơn vị", "control"),
        ("SKHCN-X,Phòng X,+84,phòng,SKHCN,,", "Tên viết tắt", "="),
        ("SKHCN-X," + "P" * 256 + ",,phòng,SKHCN,,", "Tên đơn vị", "255"),
        ("STC,Sở Tài chính,,phòng,UBND-NB,,", "Loại đơn vị", "kind"),
        ("STC,Sở Tài chính,,sở,,,", "Mã đơn vị cấp trên", "top-level"),
        ("STTTT-BC,Phòng Bưu chính,,phòng,STTTT-BC-X,,", "Mã đơn vị cấp trên", "No agency"),
    ],
)
def test_each_row_error_names_the_row_the_column_and_the_problem(tree, row, column, fragment):
    count = Agency.objects.count()
    result = run(row)
    assert [(r, c) for r, c, _m in messages(result)] == [(2, column)], messages(result)
    assert fragment in result.errors[0].message
    assert Agency.objects.count() == count


def test_errors_read_in_vietnamese(tree):
    with translation.override("vi"):
        result = run("SKHCN-X,Phòng X,,hội đồng,SKHCN,,")
    assert "Loại đơn vị" in result.errors[0].column
    assert "hội đồng" in result.errors[0].message
    assert "Unknown" not in result.errors[0].message


def test_a_duplicate_code_in_the_file_is_an_error_on_its_second_row(tree):
    result = run("SKHCN-X,Phòng X,,phòng,SKHCN,,", "SKHCN-X,Phòng Y,,phòng,SKHCN,,")
    assert [(r, c) for r, c, _m in messages(result)] == [(3, "Mã đơn vị")]
    assert "row 2" in result.errors[0].message


def test_parents_going_round_in_a_circle_are_refused(tree):
    result = run("A-1,Phòng A,,phòng,A-2,,", "A-2,Phòng B,,phòng,A-1,,")
    assert {r for r, _c, _m in messages(result)} == {2, 3}
    assert not Agency.objects.filter(code__in=["A-1", "A-2"]).exists()


def test_a_script_tag_in_a_name_is_kept_as_text(tree):
    result = run("SKHCN-X,<script>alert(1)</script>,,phòng,SKHCN,,")
    assert not result.errors
    assert Agency.objects.get(code="SKHCN-X").name == "<script>alert(1)</script>"


def test_nfd_names_and_non_breaking_spaces_are_cleaned(tree):
    import unicodedata

    name = unicodedata.normalize("NFD", "Phòng Kế hoạch")
    run(f"SKHCN-KH,\u00a0{name} ,,phòng,SKHCN,,")
    assert Agency.objects.get(code="SKHCN-KH").name == "Phòng Kế hoạch"
    assert run(f"SKHCN-KH,{name},,phòng,SKHCN,,").unchanged == [2]


@pytest.mark.parametrize(
    "content",
    [b"", b"Ten,Loai\nA,B\n", HEADER.encode()],
)
def test_a_file_that_cannot_be_read_is_refused(tree, content):
    with pytest.raises(AgencyImportRefused):
        agency_import(io.BytesIO(content), by=None, dry_run=False)


def test_more_than_the_row_limit_is_refused(tree, monkeypatch):
    monkeypatch.setattr(agency_import_module, "MAX_ROWS", 3)
    rows = [f"SKHCN-{n},Phòng {n},,phòng,SKHCN,," for n in range(4)]
    with pytest.raises(AgencyImportRefused, match="more than 3"):
        run(*rows)
    assert not Agency.objects.filter(code="SKHCN-0").exists()


def test_an_administrator_imports_only_below_their_agency(tree):
    admin = agency_admin(tree["SKHCN"])
    assert run("SKHCN-X,Phòng X,,phòng,SKHCN,,", by=admin).created == [2]
    result = run("STC-X,Phòng X,,phòng,STC,,", by=admin)
    assert [(r, c) for r, c, _m in messages(result)] == [(2, "Mã đơn vị cấp trên")]
    result = run("STC,Sở Tài chính,,sở,UBND-NB,,", by=admin)
    assert [(r, c) for r, c, _m in messages(result)] == [(2, "Mã đơn vị")]
    result = run("SKHCN-X,Phòng X,,phòng,STC,,", by=admin)
    assert result.errors and Agency.objects.get(code="SKHCN-X").get_parent().code == "SKHCN"
    assert not Agency.objects.filter(code="STC-X").exists()


def test_an_hr_manager_may_not_import_agencies(tree):
    hr = hr_manager(tree["UBND-NB"])
    with pytest.raises(AgencyImportRefused):
        run("SKHCN-X,Phòng X,,phòng,SKHCN,,", by=hr)


def test_an_xlsx_file_with_excel_dates(tree, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Danh sách đơn vị"])
    sheet.append(HEADER.strip().split(","))
    sheet.append(["SKHCN-X", "Phòng X", None, "Phòng", "SKHCN", None, date(2021, 5, 1)])
    path = tmp_path / "don-vi.xlsx"
    workbook.save(path)
    call_command("import_agencies", str(path))
    assert Agency.objects.get(code="SKHCN-X").active_from == date(2021, 5, 1)


def test_the_command_dry_run_and_refusal(tree, tmp_path, capsys):
    path = tmp_path / "don-vi.csv"
    path.write_bytes(csv_file("SKHCN-X,Phòng X,,phòng,SKHCN,,").getvalue())
    call_command("import_agencies", str(path), "--dry-run")
    assert not Agency.objects.filter(code="SKHCN-X").exists()
    path.write_bytes(csv_file("SKHCN-X,Phòng X,,hội đồng,SKHCN,,").getvalue())
    with pytest.raises(CommandError):
        call_command("import_agencies", str(path))
    assert "Loại đơn vị" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("import_agencies", str(path), "--by", "khong-ai")
