"""Benchmark: compliance at province scale — the report and a drill-down against bare SQL, a
100,000-row XLSX export against bare xlsxwriter, and assignment maintenance in rows per second.

Run from the repository root (`make bench-compliance` does this):

    .venv/bin/python bench/compliance.py

It needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth; override the admin URL with
BENCH_POSTGRES_URL). The script creates a throwaway database (`hocso_bench_compliance`, or
BENCH_DB_NAME) and var/ directory, migrates, and generates a province: 3,001 agencies as a
treebeard tree (the province, 25 sở, 7 phòng or chi cục under each, 16 units under each of
those), 100,000 staff with their accounts, 6 courses, about 357,000 enrollments and 264,000
training records (COPY, not the ORM), and fourteen requirements with different audiences,
assigned through `compliance.services.requirement_sync` (about 774,000 assignments): with the
measured requirement's 93,000, about 1.5 million enrollment, record and assignment rows. Then,
each step in its own process:

- maintenance: one more requirement for every công chức, viên chức and cán bộ of the province is
  created and `requirement_sync` assigns it: rows per second; then `counts_rebuild` must find
  every maintained count right;
- the report and the drill-down: `compliance.figures.compliance_tree` for the province's HR,
  its `rows()` and `rows(province)` (the province, then its sở), and `rows(sở)` for the largest
  sở, against the bare SQL roll-up of the same agencies (agencies joined to their subtree's
  members by path prefix, joined to the assignments, grouped by agency, requirement and status),
  in interleaved rounds; the figures must be equal, or the benchmark fails;
- the XLSX export: the people under the new requirement and the accountants' requirement (about
  103,000 rows) in the province HR's scope, read by
  `compliance.listing` and written by `compliance.tabular.xlsx_write` with the columns of
  `compliance.exports.assignment_columns()`, against a process without Django that runs the same
  SELECT through a raw psycopg cursor and writes the same cells with a bare xlsxwriter
  `constant_memory` workbook; baseline, subject, baseline, subject. Memory is each process's
  resident peak (`ru_maxrss`).

Figures go to var/bench/compliance.json; everything else it creates is removed at the end.
`--keep-db` keeps the database; `--reuse-db` then measures again on it without generating (the
measured requirement is deleted and created again).
The same file is also the helper: `--step generate|sync|report|xlsx|baseline` runs in the bench
environment and writes its result as JSON.
"""

import argparse
import datetime
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, Harness, results_write, run

DB_NAME = os.environ.get("BENCH_DB_NAME", "hocso_bench_compliance")
HARNESS = Harness(db_name=DB_NAME, script=__file__)
HR_USERNAME = "bench-hr"
# Issue 8: the report and a drill-down at most a tenth of bare SQL; the export at most 1.2× a
# bare xlsxwriter write of the same rows, and at most 150 MB.
TARGETS = {"report_ratio": 0.1, "drilldown_ratio": 0.1, "xlsx_ratio": 1.2, "xlsx_peak_mb": 150}
TODAY = datetime.date(2026, 11, 30)
SHEET = "Danh sách"

# --- Django side (runs in a subprocess with the bench environment) -------------------------


def _rss_mb() -> float:
    # Linux reports ru_maxrss in KiB; it is the peak so far.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _django_setup() -> None:
    # ROOT first: this script is bench/compliance.py, and `compliance` must be the app.
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


DEPARTMENTS = 25
DIVISIONS = 7  # phòng, chi cục, trung tâm under each sở
UNITS = 16  # under each of those
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
FAMILY += ["Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Thanh", "Quốc", "Xuân", "Thị Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng"]
GIVEN += ["Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Nhung", "Phúc", "Quân"]
GIVEN += ["Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Tuấn", "Việt", "Yến", "Đạt"]
CATEGORIES = ["cong_chuc"] * 10 + ["vien_chuc"] * 7 + ["can_bo"] * 2 + ["nguoi_lao_dong"]
LEADERSHIP = ["none"] * 16 + ["division", "division", "department", "commune"]
POSITIONS = ["Chuyên viên"] * 6 + ["Trưởng phòng", "Phó Trưởng phòng", "Giám đốc", "Kế toán"]
JOBS = ["Chuyên viên tổng hợp", "Chuyên viên quản lý nhân sự", "Kế toán viên", "Văn thư"]
STATUSES = ["working"] * 96 + ["on_leave"] * 2 + ["left"] * 2
# (code, title, category, hours): the courses requirements ask for and people study.
COURSES = [
    ("ATTT", "An toàn thông tin cơ bản", "an_toan_thong_tin", 8),
    ("KNS", "Kỹ năng số cơ bản", "ky_nang_so", 12),
    ("CQS", "Chính quyền số", "chinh_quyen_so", 8),
    ("DLCN", "Bảo vệ dữ liệu cá nhân", "an_toan_thong_tin", 4),
    ("CNTT", "Ứng dụng CNTT cơ bản", "cntt", 16),
    ("LD", "Lãnh đạo trong chuyển đổi số", "chinh_quyen_so", 8),
]


def agencies_generate(rng: random.Random, *, departments: int, divisions: int, units: int):
    """The province's tree with valid treebeard paths, written by COPY."""
    from agencies.bulk import bulk_insert
    from agencies.models import Agency

    def path(parent: str, n: int) -> str:
        return Agency._get_path(parent or None, len(parent) // Agency.steplen + 1, n)

    rows = [
        Agency(
            path=path("", 1),
            depth=1,
            numchild=departments,
            code="T37",
            name="UBND tỉnh Ninh Bình",
            kind=Agency.Kind.PROVINCE,
        )
    ]
    # Names numbered so siblings sort by name in path order (node_order_by = name).
    for d in range(1, departments + 1):
        department = Agency(
            path=path(rows[0].path, d),
            depth=2,
            numchild=divisions,
            code=f"T37.S{d:02d}",
            name=f"Sở {d:02d}",
            kind=Agency.Kind.DEPARTMENT,
        )
        rows.append(department)
        for p in range(1, divisions + 1):
            division = Agency(
                path=path(department.path, p),
                depth=3,
                numchild=units,
                code=f"{department.code}.P{p:02d}",
                name=f"Phòng {p:02d} sở {d:02d}",
                kind=Agency.Kind.DIVISION,
            )
            rows.append(division)
            for u in range(1, units + 1):
                rows.append(
                    Agency(
                        path=path(division.path, u),
                        depth=4,
                        numchild=0,
                        code=f"{division.code}.U{u:02d}",
                        name=f"Đơn vị {u:02d} phòng {p:02d} sở {d:02d}",
                        kind=Agency.Kind.UNIT,
                    )
                )
    bulk_insert(Agency, rows, key="code")
    return rows


def staff_generate(rng: random.Random, *, staff: int, agencies: list) -> list:
    """Accounts and staff records, spread over every agency below the province."""
    from django.contrib.auth import get_user_model

    from agencies.bulk import bulk_insert
    from agencies.models import LearnerProfile

    User = get_user_model()
    unusable = "!bench"  # an unusable password: nobody signs in as these people
    users, profiles = [], []
    below = agencies[1:]
    for n in range(1, staff + 1):
        code = f"CB{n:06d}"
        users.append(User(username=code.lower(), password=unusable, is_active=True))
        start = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(26 * 365))
        profile = LearnerProfile(
            agency_id=rng.choice(below).pk,
            full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            category=rng.choice(CATEGORIES),
            leadership_level=rng.choice(LEADERSHIP),
            position=rng.choice(POSITIONS),
            job_position=rng.choice(JOBS),
            agency_start_date=min(start, TODAY),
            status=rng.choice(STATUSES),
            employee_code=code,
        )
        profile.name_keys_refresh()
        profiles.append(profile)
    bulk_insert(User, users, key="username")
    for user, profile in zip(users, profiles, strict=True):
        profile.user_id = user.pk
    bulk_insert(LearnerProfile, profiles, key="employee_code")
    return profiles


def courses_create() -> list:
    from wagtail.models import Page, Site

    from courses.models import CoursePage

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page if site else Page.get_first_root_node()
    courses = []
    for code, title, category, hours in COURSES:
        page = home.add_child(
            instance=CoursePage(
                title=title,
                slug=code.lower(),
                code=code,
                summary=title,
                hours=hours,
                category=category,
            )
        )
        courses.append(page)
    return courses


def progress_generate(rng: random.Random, *, profiles: list, courses: list) -> dict:
    """Enrollments (some completed, most completions two or three years back) and training
    records: the platform's for completed enrollments, and imported past training."""
    from django.db import connection

    from compliance.models import TrainingRecord
    from learning.models import Enrollment

    enrollments = []
    now = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)
    for profile in profiles:
        for course in rng.sample(courses, rng.choice((1, 2, 3, 4, 4, 5, 6))):
            completed = rng.random() < 0.6
            done_at = now - datetime.timedelta(days=rng.randrange(3 * 365))
            enrollments.append(
                Enrollment(
                    user_id=profile.user_id,
                    course_id=course.pk,
                    status=Enrollment.Status.COMPLETED if completed else Enrollment.Status.ACTIVE,
                    enrolled_at=done_at - datetime.timedelta(days=20),
                    completed_at=done_at if completed else None,
                    score=rng.randrange(60, 101) if completed else None,
                )
            )
    _copy(Enrollment, enrollments)
    by_key = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, user_id, course_id FROM learning_enrollment")
        for pk, user_id, course_id in cursor.fetchall():
            by_key[(user_id, course_id)] = pk
    course_by_pk = {course.pk: course for course in courses}
    records = []
    for enrollment in enrollments:
        if enrollment.completed_at is None:
            continue
        course = course_by_pk[enrollment.course_id]
        records.append(
            TrainingRecord(
                profile_id=None,
                source=TrainingRecord.Source.PLATFORM,
                enrollment_id=by_key[(enrollment.user_id, enrollment.course_id)],
                course_id=course.pk,
                title=course.title,
                completed_on=enrollment.completed_at.date(),
                hours=course.hours,
                category=course.category,
                score=enrollment.score,
                created_at=now,
            )
        )
    profile_by_user = {p.user_id: p.pk for p in profiles}
    for record, enrollment in zip(
        records, (e for e in enrollments if e.completed_at is not None), strict=True
    ):
        record.profile_id = profile_by_user[enrollment.user_id]
    # Past training HR imported: external courses and older completions of ours.
    for profile in rng.sample(profiles, len(profiles) // 2):
        course = rng.choice(courses)
        records.append(
            TrainingRecord(
                profile_id=profile.pk,
                source=TrainingRecord.Source.IMPORTED,
                course_id=course.pk if rng.random() < 0.5 else None,
                title=course.title,
                completed_on=TODAY - datetime.timedelta(days=rng.randrange(4 * 365)),
                hours=rng.choice((4, 8, 12)),
                category=course.category,
                certificate_number=f"{rng.randrange(10**6)}/GCN",
                created_at=now,
            )
        )
    _copy(TrainingRecord, records)
    return {"enrollments": len(enrollments), "records": len(records)}


def _copy(model, objs: list) -> None:
    """COPY rows whose keys nobody needs back (`agencies.bulk.bulk_insert` reads them back)."""
    from django.db import connection

    meta = model._meta
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for obj in objs:
            copy.write_row(
                [
                    field.get_db_prep_save(getattr(obj, field.attname), connection)
                    for field in fields
                ]
            )


def requirements_create(courses: list, department) -> list:
    """Fourteen requirements with the audiences and rules the issue names."""
    from compliance.models import Requirement

    by_code = {course.code: course for course in courses}
    R = Requirement

    def make(title, course_codes=(), **kwargs):
        requirement = R.objects.create(title=title, **kwargs)
        requirement.courses.set([by_code[c] for c in course_codes])
        return requirement

    yearly = {"due_rule": R.DueRule.FIXED, "due_date": datetime.date(2026, 12, 31)}
    return [
        make(
            "An toàn thông tin hằng năm",
            ["ATTT"],
            categories=["cong_chuc"],
            recurrence=R.Recurrence.YEARLY,
            **yearly,
        ),
        make("Kỹ năng số cơ bản", ["KNS", "CNTT"], due_rule=R.DueRule.AFTER_JOINING, due_days=180),
        make(
            "Bồi dưỡng 8 tiết an toàn thông tin mỗi năm",
            satisfaction=R.Satisfaction.HOURS,
            hours_required=8,
            hours_category="an_toan_thong_tin",
            categories=["vien_chuc"],
            recurrence=R.Recurrence.MONTHS,
            recurrence_months=12,
            due_days=90,
        ),
        make(
            "Lãnh đạo trong chuyển đổi số",
            ["LD"],
            leadership_levels=["division", "department"],
            due_rule=R.DueRule.FIXED,
            due_date=datetime.date(2027, 3, 31),
        ),
        make("Chính quyền số", ["CQS"], categories=["cong_chuc", "can_bo"], due_days=120),
        make(
            "Bảo vệ dữ liệu cá nhân (2 năm)",
            ["DLCN"],
            recurrence=R.Recurrence.MONTHS,
            recurrence_months=24,
            expiry_base=R.ExpiryBase.PREVIOUS_EXPIRY,
            due_days=60,
        ),
        make("Ứng dụng CNTT cho kế toán", ["CNTT"], positions=["Kế toán"], due_days=365),
        make(
            "Chuyển đổi số của sở",
            ["CQS", "KNS"],
            agency=department,
            due_rule=R.DueRule.FIXED,
            due_date=datetime.date(2026, 12, 15),
        ),
        make(
            "An toàn thông tin cho viên chức",
            ["ATTT", "DLCN"],
            categories=["vien_chuc"],
            recurrence=R.Recurrence.YEARLY,
            **yearly,
        ),
        make("Phòng chống lừa đảo trực tuyến", ["ATTT"], recurrence=R.Recurrence.YEARLY, **yearly),
        make(
            "Chữ ký số",
            ["CQS"],
            categories=["can_bo", "cong_chuc", "vien_chuc"],
            due_rule=R.DueRule.FIXED,
            due_date=datetime.date(2027, 6, 30),
        ),
        make(
            "Dịch vụ công trực tuyến",
            ["CQS"],
            categories=["can_bo", "cong_chuc"],
            due_rule=R.DueRule.AFTER_JOINING,
            due_days=90,
        ),
        make(
            "Kỹ năng số nâng cao: 16 tiết mỗi hai năm",
            satisfaction=R.Satisfaction.HOURS,
            hours_required=16,
            hours_category="ky_nang_so",
            recurrence=R.Recurrence.MONTHS,
            recurrence_months=24,
            due_days=180,
        ),
        make("Hồ sơ điện tử", ["KNS"], job_positions=["Văn thư"], due_days=60),
    ]


def step_generate(staff: int, seed: int) -> dict:
    """Everything but the measured requirement: agencies, staff, courses, progress, and nine
    requirements assigned by the real maintenance."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from agencies.models import Agency, AgencyRole
    from agencies.services import role_grant
    from compliance import services
    from compliance.models import Assignment

    rng = random.Random(seed)
    phases = {}
    started = time.perf_counter()
    scale = max(1, min(DEPARTMENTS, staff // 4000))
    agencies = agencies_generate(rng, departments=scale, divisions=DIVISIONS, units=UNITS)
    problems = [len(p) for p in Agency.find_problems()]
    if any(problems):
        raise SystemExit(f"the generated tree is not valid: {problems}")
    phases["agencies"] = time.perf_counter() - started
    started = time.perf_counter()
    profiles = staff_generate(rng, staff=staff, agencies=agencies)
    phases["staff"] = time.perf_counter() - started
    started = time.perf_counter()
    courses = courses_create()
    progress = progress_generate(rng, profiles=profiles, courses=courses)
    phases["progress"] = time.perf_counter() - started

    User = get_user_model()
    admin = User.objects.create_superuser("bench-admin", "admin@bench.invalid", None)
    hr = User.objects.create_user(HR_USERNAME, "hr@bench.invalid", None)
    role_grant(
        by=admin, user=hr, agency=agencies[0], role=AgencyRole.Role.HR_MANAGER, reason="Benchmark"
    )
    department = agencies[1]
    requirements = requirements_create(courses, department)
    started = time.perf_counter()
    for requirement in requirements:
        services.requirement_sync(requirement, today=TODAY)
    phases["requirements_sync"] = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a database after a load
    assignments = Assignment.objects.count()
    phases = {name: round(seconds, 1) for name, seconds in phases.items()}
    return {
        "agencies": len(agencies),
        "staff": len(profiles),
        "courses": len(courses),
        **progress,
        "requirements": len(requirements),
        "assignments": assignments,
        "setup_sync_rows_per_s": round(assignments / phases["requirements_sync"]),
        "phases_s": phases,
    }


def step_describe() -> dict:
    """What a kept database holds (`--reuse-db`), without the measured requirement."""
    from django.db.models import Count

    from agencies.models import Agency, LearnerProfile
    from compliance.models import Assignment, Requirement, TrainingRecord
    from courses.models import CoursePage
    from learning.models import Enrollment

    kept = Requirement.objects.exclude(title=MEASURED_TITLE)
    return {
        "agencies": Agency.objects.count(),
        "staff": LearnerProfile.objects.count(),
        "courses": CoursePage.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "records": TrainingRecord.objects.count(),
        "requirements": kept.count(),
        "assignments": Assignment.objects.filter(requirement__in=kept).aggregate(n=Count("pk"))[
            "n"
        ],
        "reused": True,
    }


MEASURED_TITLE = "Chuyển đổi số hằng năm cho cán bộ, công chức, viên chức"


def step_sync(profile: str | None) -> dict:
    """A requirement for the whole province's cán bộ, công chức and viên chức, assigned."""
    from compliance import services
    from compliance.models import Assignment, Requirement
    from courses.models import CoursePage

    # A kept database (`--reuse-db`) holds the previous run's: it goes, with its assignments.
    Requirement.objects.filter(title=MEASURED_TITLE).delete()
    requirement = Requirement.objects.create(
        title=MEASURED_TITLE,
        categories=["can_bo", "cong_chuc", "vien_chuc"],
        due_rule=Requirement.DueRule.FIXED,
        due_date=datetime.date(2026, 12, 31),
        recurrence=Requirement.Recurrence.YEARLY,
    )
    requirement.courses.set(CoursePage.objects.filter(code__in=["CQS", "KNS"]))
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    result = services.requirement_sync(requirement, today=TODAY)
    seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    rows = Assignment.objects.filter(requirement=requirement).count()
    # The export: the new requirement's people and the accountants' (some 100,000 rows).
    export_ids = [
        requirement.pk,
        Requirement.objects.get(title="Ứng dụng CNTT cho kế toán").pk,
    ]
    # Running it again finds nothing to change, and the counts need no repair.
    started = time.perf_counter()
    again = services.requirement_sync(requirement, today=TODAY)
    again_seconds = time.perf_counter() - started
    wrong = services.counts_rebuild()
    return {
        "requirement_id": requirement.pk,
        "export_requirement_ids": export_ids,
        "seconds": seconds,
        "rows": rows,
        "created": result.created,
        "again": again.__dict__,
        "again_seconds": again_seconds,
        "counts_wrong": wrong,
    }


BARE_ROLLUP = (
    "SELECT a.id, s.requirement_id, s.status, COUNT(*) FROM agencies_agency a "
    "JOIN agencies_agency m ON m.path LIKE a.path || '%%' "
    "JOIN compliance_assignment s ON s.agency_id = m.id "
    "WHERE s.active AND a.id = ANY(%s) AND s.requirement_id = ANY(%s) "
    "GROUP BY a.id, s.requirement_id, s.status"
)


def _bare(cursor, agency_ids: list[int], requirement_ids: list[int]) -> dict:
    cursor.execute(BARE_ROLLUP, [agency_ids, requirement_ids])
    return {(a, r, s): n for a, r, s, n in cursor.fetchall()}


def _figures(rows, requirement_ids) -> dict:
    return {
        (row.agency.id, rid, status): n
        for row in rows
        for rid in requirement_ids
        for status, n in row.figures[rid].by_status.items()
        if n
    }


def step_report(rounds: int, profile: str | None) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries

    from agencies.models import Agency
    from compliance.figures import compliance_tree
    from compliance.models import Assignment, Requirement

    hr = get_user_model().objects.get(username=HR_USERNAME)
    # As autovacuum leaves the tables a while after the maintenance: the counts' index can then
    # answer a drill-down without reading the table (an index-only scan).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE compliance_compliancecount")
        cursor.execute("VACUUM ANALYZE compliance_assignment")
    requirement_ids = list(Requirement.objects.values_list("pk", flat=True))
    province = Agency.objects.get(depth=1)
    departments = list(Agency.objects.filter(depth=2).values_list("pk", flat=True))
    # The largest sở by people under requirements: the heaviest drill-down.
    department = max(
        departments,
        key=lambda pk: Assignment.objects.filter(
            agency__path__startswith=Agency.objects.get(pk=pk).path, active=True
        ).count(),
    )
    report_agencies = [province.pk, *departments]
    drill_agencies = [department] + list(
        Agency.objects.get(pk=department).get_children().values_list("pk", flat=True)
    )

    def report():
        tree = compliance_tree(user=hr, requirement_ids=requirement_ids)
        return tree.rows() + tree.rows(province.pk)[1:]

    def drilldown():
        return compliance_tree(user=hr, requirement_ids=requirement_ids).rows(department)

    def bare(agency_ids):
        with connection.cursor() as cursor:
            return _bare(cursor, agency_ids, requirement_ids)

    # Equal, or nothing else matters.
    got_report, want_report = _figures(report(), requirement_ids), bare(report_agencies)
    got_drill, want_drill = _figures(drilldown(), requirement_ids), bare(drill_agencies)
    equal = got_report == want_report and got_drill == want_drill
    if not equal:
        raise SystemExit(
            f"compliance_tree differs from bare SQL: report {len(got_report)} vs "
            f"{len(want_report)} figures, drill-down {len(got_drill)} vs {len(want_drill)}"
        )
    queries = {}
    from django.test.utils import CaptureQueriesContext

    for name, fn in (("report", report), ("drilldown", drilldown)):
        with CaptureQueriesContext(connection) as captured:
            fn()
        queries[name] = len(captured)
    reset_queries()

    def timed(fn, n):
        times = []
        for _ in range(n):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        return times

    subject = {"report": [], "drilldown": []}
    baseline = {"report": [], "drilldown": []}
    fast_repeat = 20  # the subject is fast: time it 20 times a round, keep each time
    for _ in range(2):  # warm-up
        report(), drilldown(), bare(report_agencies), bare(drill_agencies)
    for n in range(rounds):
        order = [True, False]  # subject first, then baseline first: alternating
        for is_subject in order if n % 2 == 0 else order[::-1]:
            if is_subject:
                subject["report"] += timed(report, fast_repeat)
                subject["drilldown"] += timed(drilldown, fast_repeat)
            else:
                baseline["report"] += timed(lambda: bare(report_agencies), 1)
                baseline["drilldown"] += timed(lambda: bare(drill_agencies), 3)
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(50):
            report()
            drilldown()
        profiler.disable()
        profiler.dump_stats(profile)
    med = statistics.median
    return {
        "equal": equal,
        "figures": {"report": len(want_report), "drilldown": len(want_drill)},
        "agencies": {"report": len(report_agencies), "drilldown": len(drill_agencies)},
        "report_s": med(subject["report"]),
        "report_bare_s": med(baseline["report"]),
        "drilldown_s": med(subject["drilldown"]),
        "drilldown_bare_s": med(baseline["drilldown"]),
        "report_ratio": med(subject["report"]) / med(baseline["report"]),
        "drilldown_ratio": med(subject["drilldown"]) / med(baseline["drilldown"]),
        "queries": queries,
        "requirements": len(requirement_ids),
    }


def step_xlsx(out: str, requirement_ids: list[int], profile: str | None) -> dict:
    """The subject: rows from the database through our listing into our XLSX writer."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import translation

    from compliance.exports import assignment_columns
    from compliance.listing import assignment_rows, assignments_in_scope
    from compliance.tabular import xlsx_write

    translation.activate("vi")
    hr = get_user_model().objects.get(username=HR_USERNAME)
    connection.ensure_connection()
    before = _rss_mb()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    rows = xlsx_write(
        out,
        columns=assignment_columns(),
        rows=assignment_rows(assignments_in_scope(user=hr, requirement_ids=requirement_ids)),
        sheet_name=SHEET,
    )
    seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    return {"seconds": seconds, "rows": rows, "rss_before_mb": before, "rss_peak_mb": _rss_mb()}


def labels_read() -> dict:
    """The Vietnamese headers and labels the export writes, for the baseline (no Django there)."""
    from django.utils import translation

    from agencies.models import LearnerProfile
    from compliance.exports import assignment_columns
    from compliance.models import Status

    with translation.override("vi"):
        return {
            "headers": [str(c.header) for c in assignment_columns()],
            "statuses": {k: str(v) for k, v in Status.choices},
            "categories": {k: str(v) for k, v in LearnerProfile.Category.choices},
        }


# The baseline's SELECT: the same rows in the same order as `assignments_in_scope` reads them for
# the province's HR (whose scope is every agency).
BASELINE_SELECT = """
SELECT p.full_name, p.employee_code, p.category, ag.name, ag.code, r.title, s.status, s.cycle,
       s.due_on, s.extended_due_on, s.completed_on, s.expires_on, s.hours_done
FROM compliance_assignment s
JOIN agencies_learnerprofile p ON p.id = s.profile_id
JOIN agencies_agency ag ON ag.id = s.agency_id
JOIN compliance_requirement r ON r.id = s.requirement_id
WHERE s.active AND s.requirement_id = ANY(%s)
ORDER BY r.title, r.id, p.name_sort, s.id
"""


def step_baseline(out: str, requirement_ids: list[int], labels_file: str) -> dict:
    """Bare xlsxwriter, constant_memory, fed by a raw psycopg cursor: no Django in the process."""
    import psycopg
    import xlsxwriter

    labels = json.loads(Path(labels_file).read_text(encoding="utf-8"))
    statuses, categories = labels["statuses"], labels["categories"]
    url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    connection = psycopg.connect(url)
    before = _rss_mb()
    started = time.perf_counter()
    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = book.add_worksheet(SHEET)
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for index, header in enumerate(labels["headers"]):
        sheet.write_string(0, index, header, bold)
    sheet.freeze_panes(1, 0)
    n = 0
    midnight = datetime.time()
    with connection.cursor(name="rows") as cursor:  # server-side: rows come in batches
        cursor.itersize = 2000
        cursor.execute(BASELINE_SELECT, [requirement_ids])
        for n, row in enumerate(cursor, start=1):
            name, code, category, agency, agency_code, title, status, cycle = row[:8]
            sheet.write_string(n, 0, name)
            sheet.write_string(n, 1, code)
            sheet.write_string(n, 2, categories.get(category, category))
            sheet.write_string(n, 3, agency)
            sheet.write_string(n, 4, agency_code)
            sheet.write_string(n, 5, title)
            sheet.write_string(n, 6, statuses.get(status, status))
            sheet.write_number(n, 7, cycle)
            for column, value in enumerate(row[8:12], start=8):
                if value is not None:
                    sheet.write_datetime(n, column, datetime.datetime.combine(value, midnight), day)
            sheet.write_number(n, 12, float(row[12]))
    book.close()
    seconds = time.perf_counter() - started
    connection.close()
    return {"seconds": seconds, "rows": n, "rss_before_mb": before, "rss_peak_mb": _rss_mb()}


def _ids(text: str) -> list[int]:
    return [int(pk) for pk in text.split(",")]


def run_step(args) -> None:
    if args.step == "baseline":
        result = step_baseline(args.file, _ids(args.requirements), args.labels)
    else:
        _django_setup()
        if args.step == "generate":
            result = step_describe() if args.reuse_db else step_generate(args.staff, args.seed)
            result["labels"] = labels_read()
        elif args.step == "sync":
            result = step_sync(args.profile)
        elif args.step == "report":
            result = step_report(args.rounds, args.profile)
        else:
            result = step_xlsx(args.file, _ids(args.requirements), args.profile)
    Path(args.out).write_text(json.dumps(result), encoding="utf-8")


# --- Orchestration -------------------------------------------------------------------------


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main(args) -> None:
    var_dir = tempfile.mkdtemp(prefix="hocso-bench-compliance-")
    env = HARNESS.env(var_dir)
    created_db = False
    try:
        if args.reuse_db:
            print(f"Reusing database {DB_NAME} (kept by --keep-db), {var_dir}")
            pg_version = HARNESS.server_version()
        else:
            print(f"Preparing database {DB_NAME} and {var_dir}")
            pg_version = HARNESS.database_recreate()
            created_db = True
        run([sys.executable, "manage.py", "migrate", "--noinput"], env, "migrate")
        generated = HARNESS.django_step(
            "generate",
            env,
            var_dir,
            "--staff",
            str(args.staff),
            "--seed",
            str(args.seed),
            *(["--reuse-db"] if args.reuse_db else []),
        )
        labels = Path(var_dir) / "labels.json"
        labels.write_text(json.dumps(generated.pop("labels")), encoding="utf-8")
        print(f"  generated: {json.dumps(generated, ensure_ascii=False)}")
        load_before = _load()
        extra = ["--profile", args.profile + ".sync"] if args.profile else []
        synced = HARNESS.django_step("sync", env, var_dir, *extra)
        if synced["counts_wrong"] or synced["again"]["created"] or synced["again"]["changed"]:
            raise SystemExit(f"the maintenance left drift: {synced}")
        extra = ["--profile", args.profile + ".report"] if args.profile else []
        report = HARNESS.django_step("report", env, var_dir, "--rounds", str(args.rounds), *extra)
        requirement = ",".join(str(pk) for pk in synced["export_requirement_ids"])
        exports, baselines = [], []
        for n in range(2):
            file = str(Path(var_dir) / f"baseline-{n}.xlsx")
            baselines.append(
                HARNESS.django_step(
                    "baseline",
                    env,
                    var_dir,
                    "--file",
                    file,
                    "--requirements",
                    requirement,
                    "--labels",
                    str(labels),
                )
            )
            file = str(Path(var_dir) / f"export-{n}.xlsx")
            extra = ["--profile", args.profile + ".xlsx"] if args.profile and n else []
            exports.append(
                HARNESS.django_step(
                    "xlsx", env, var_dir, "--file", file, "--requirements", requirement, *extra
                )
            )
        load_after = _load()
        rows_written = {e["rows"] for e in exports + baselines}
        if len(rows_written) != 1:
            raise SystemExit(f"export and baseline wrote different row counts: {rows_written}")
        export_s = statistics.mean(e["seconds"] for e in exports)
        baseline_s = statistics.mean(b["seconds"] for b in baselines)
        export_peak = max(e["rss_peak_mb"] for e in exports)
        export_before = max(e["rss_before_mb"] for e in exports)
        figures = {
            "benchmark": "compliance",
            "date": datetime.date.today().isoformat(),
            "report_ratio": round(report["report_ratio"], 3),
            "drilldown_ratio": round(report["drilldown_ratio"], 3),
            "xlsx_ratio": round(export_s / baseline_s, 2),
            # The export's own resident growth: the process's peak less what it held before the
            # export began (Python, Django and its apps loaded, connected).
            "xlsx_peak_mb": round(export_peak - export_before, 1),
            "xlsx_peak_measure": "ru_maxrss of the export process, less its value before exporting",
            "xlsx_rss_peak_mb": round(export_peak, 1),
            "xlsx_rss_before_mb": round(export_before, 1),
            "assignments_per_s": round(synced["rows"] / synced["seconds"]),
            "equal_to_bare_sql": report["equal"],
            "report": {k: v for k, v in report.items() if k not in ("equal",)},
            "maintenance": {
                "rows": synced["rows"],
                "seconds": round(synced["seconds"], 2),
                "again_seconds": round(synced["again_seconds"], 2),
                "counts_wrong": synced["counts_wrong"],
            },
            "xlsx": {
                "rows": rows_written.pop(),
                "seconds": [round(e["seconds"], 2) for e in exports],
                "baseline_seconds": [round(b["seconds"], 2) for b in baselines],
                "baseline_rss_peak_mb": round(max(b["rss_peak_mb"] for b in baselines), 1),
                "baseline_rss_before_mb": round(max(b["rss_before_mb"] for b in baselines), 1),
            },
            "setup": {
                "cores": os.cpu_count(),
                "postgresql": pg_version,
                **generated,
                "load_before": load_before,
                "load_after": load_after,
            },
            "targets": TARGETS,
        }
        figures["meets_targets"] = all(figures[key] <= target for key, target in TARGETS.items())
        report_print(figures)
        path = results_write("compliance", figures)
        print(f"\nFigures written to {path.relative_to(ROOT)}")
    finally:
        if created_db and not args.keep_db:
            HARNESS.database_drop()
        shutil.rmtree(var_dir, ignore_errors=True)


def report_print(figures: dict) -> None:
    r, x, m, s = figures["report"], figures["xlsx"], figures["maintenance"], figures["setup"]
    print(
        f"\n{s['staff']} staff, {s['agencies']} agencies, {s['assignments'] + m['rows']} "
        f"assignments, {s['enrollments']} enrollments, {s['records']} training records"
    )
    print(
        f"  report ({r['agencies']['report']} agencies): {r['report_s'] * 1000:.1f} ms against "
        f"bare SQL {r['report_bare_s'] * 1000:.0f} ms — ratio {figures['report_ratio']}"
    )
    print(
        f"  drill-down ({r['agencies']['drilldown']} agencies): {r['drilldown_s'] * 1000:.1f} ms "
        f"against bare SQL {r['drilldown_bare_s'] * 1000:.1f} ms — ratio "
        f"{figures['drilldown_ratio']}; queries {r['queries']}"
    )
    print(
        f"  XLSX {x['rows']} rows: {' / '.join(map(str, x['seconds']))} s against bare "
        f"xlsxwriter {' / '.join(map(str, x['baseline_seconds']))} s — ratio "
        f"{figures['xlsx_ratio']}; peak {figures['xlsx_peak_mb']} MB over "
        f"{figures['xlsx_rss_before_mb']} MB loaded (baseline peak {x['baseline_rss_peak_mb']} MB)"
    )
    print(
        f"  maintenance: {m['rows']} assignments in {m['seconds']} s — "
        f"{figures['assignments_per_s']} rows/s (again: {m['again_seconds']} s, counts wrong: "
        f"{m['counts_wrong']})"
    )
    print(f"  meets targets: {figures['meets_targets']}")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=100000, help="staff (100000)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=6, help="report rounds (6)")
    parser.add_argument("--keep-db", action="store_true", help="keep the database at the end")
    parser.add_argument(
        "--reuse-db", action="store_true", help="measure again on a database kept by --keep-db"
    )
    parser.add_argument("--profile", help="write cProfiles of the steps to FILE.<step>")
    parser.add_argument("--step", choices=["generate", "sync", "report", "xlsx", "baseline"])
    parser.add_argument("--out")
    parser.add_argument("--file")
    parser.add_argument("--requirements", help="requirement ids, comma-separated")
    parser.add_argument("--labels")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.step:
        run_step(arguments)
    else:
        main(arguments)
