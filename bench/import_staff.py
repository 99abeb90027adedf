"""Benchmark: importing a 20,000-row staff workbook against openpyxl merely reading it.

Run from the repository root (`make bench-import` does this):

    .venv/bin/python bench/import_staff.py

It needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth; override the admin URL with
BENCH_POSTGRES_URL) and, for the Celery run, Redis (BENCH_REDIS_URL, redis://127.0.0.1:6379/4 by
default). The script creates a throwaway database and var/ directory, migrates, creates a province
with departments and divisions and an HR manager over it, and writes a realistic staff workbook
(title rows, a header merged over two rows, Vietnamese names in NFC and NFD, dates as Excel dates
and as text, blank rows). Then, each in its own process:

- the baseline: openpyxl opens the same workbook in read-only mode and reads every row;
- the subject: `agencies.imports.staff_import` applies it (not a dry run) as the HR manager, into
  the fresh database;

baseline, subject, baseline again (a burst of noise hits both; the ratio is against their mean).
It reports wall time and rows per second, timed inside each process (not its start-up), and
memory two ways: the peak of the Python allocations made during the import (tracemalloc, in a run
of its own on another file of the same size, since tracing slows it) and the process's resident
peak (ru_maxrss: interpreter, Django and its apps, and the import). Then it runs a third file of
the same size through HR's path in a real Celery worker (the check, then its application) and
follows the job's progress to 100 %. Figures go to var/bench/import_staff.json; everything else
it creates is removed at the end.

The same file is also the helper: `--step setup|baseline|import|celery` runs in the bench
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
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from harness import ROOT, Harness, results_write, run

DB_NAME = os.environ.get("BENCH_DB_NAME", "hocso_bench_import")
HARNESS = Harness(db_name=DB_NAME, script=__file__)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
HR_USERNAME = "bench-hr"
# Issue 7: at most 3× openpyxl's read-only read of the same file, at most 200 MB peak.
TARGETS = {"time_ratio": 3.0, "peak_mb": 200}
CELERY_TIMEOUT = 900  # seconds for the check and the application together

# --- Django side (runs in a subprocess with the bench environment) -------------------------


def _peak_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def step_setup() -> dict:
    """A province, its departments and their divisions; an HR manager over the province."""
    from django.contrib.auth import get_user_model

    from agencies.models import Agency, AgencyRole
    from agencies.services import agency_create, role_grant

    User = get_user_model()
    admin = User.objects.create_superuser("bench-admin", "admin@bench.invalid", None)
    since = datetime.date(2020, 1, 1)
    common = {"effective": since, "by": admin, "reason": "Benchmark"}
    province = agency_create(
        code="T37", name="UBND tỉnh Ninh Bình", kind=Agency.Kind.PROVINCE, parent=None, **common
    )
    codes = [province.code]
    departments = ["Sở Nội vụ", "Sở Tài chính", "Sở Y tế", "Sở Giáo dục và Đào tạo"]
    departments += ["Sở Khoa học và Công nghệ", "Sở Xây dựng", "Sở Tư pháp", "Sở Nông nghiệp"]
    for d, name in enumerate(departments, start=1):
        department = agency_create(
            code=f"T37.S{d:02d}", name=name, kind=Agency.Kind.DEPARTMENT, parent=province, **common
        )
        codes.append(department.code)
        for p, division in enumerate(["Văn phòng", "Phòng Tổ chức", "Phòng Kế hoạch"], start=1):
            child = agency_create(
                code=f"{department.code}.P{p}",
                name=f"{division} {name}",
                kind=Agency.Kind.DIVISION,
                parent=department,
                **common,
            )
            codes.append(child.code)
    hr = User.objects.create_user(HR_USERNAME, "hr@bench.invalid", None)
    role_grant(
        by=admin, user=hr, agency=province, role=AgencyRole.Role.HR_MANAGER, reason="Benchmark"
    )
    return {"agencies": codes}


def step_baseline(path: str) -> dict:
    """openpyxl alone: open read-only, read every row's values."""
    import openpyxl

    started = time.perf_counter()
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    rows = sum(1 for _row in sheet.iter_rows(values_only=True))
    workbook.close()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows_read": rows, "peak_mb": _peak_mb()}


def step_import(path: str, profile: str | None, traced: bool) -> dict:
    """The real import (not a dry run) as the HR manager, timed in-process. With `traced`,
    tracemalloc follows the import's Python allocations (which slows it: not timed then)."""
    _django_setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from agencies.imports import staff_import
    from agencies.models import LearnerProfile

    hr = get_user_model().objects.get(username=HR_USERNAME)
    connection.ensure_connection()
    before_mb = _peak_mb()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    if traced:
        import tracemalloc

        tracemalloc.start()
    started = time.perf_counter()
    with open(path, "rb") as file:
        result = staff_import(file, by=hr, dry_run=False)
    seconds = time.perf_counter() - started
    traced_peak_mb = None
    if traced:
        traced_peak_mb = tracemalloc.get_traced_memory()[1] / (1024 * 1024)
        tracemalloc.stop()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    if result.errors:
        raise SystemExit(f"the import found {len(result.errors)} errors: {result.errors[:5]}")
    return {
        "seconds": seconds,
        "created": len(result.created),
        "updated": len(result.updated),
        "unchanged": len(result.unchanged),
        "profiles_in_db": LearnerProfile.objects.count(),
        "peak_mb_before_import": before_mb,
        "peak_mb": _peak_mb(),
        "traced_peak_mb": traced_peak_mb,
    }


def step_celery(path: str) -> dict:
    """HR's path: upload, the check run in Celery, then the application; progress followed."""
    _django_setup()
    from django.contrib.auth import get_user_model
    from django.core.files import File

    from agencies.import_jobs import staff_import_apply, staff_import_start
    from agencies.models import StaffImport

    hr = get_user_model().objects.get(username=HR_USERNAME)

    def follow(job: StaffImport, deadline: float) -> tuple[StaffImport, list[int]]:
        seen: list[int] = []
        while True:
            job.refresh_from_db()
            if not seen or seen[-1] != job.percent:
                seen.append(job.percent)
            if job.finished:
                return job, seen
            if time.monotonic() > deadline:
                raise SystemExit(f"the Celery job {job.pk} did not finish in time ({job.status})")
            time.sleep(0.2)

    deadline = time.monotonic() + CELERY_TIMEOUT
    started = time.perf_counter()
    with open(path, "rb") as file:
        check = staff_import_start(
            by=hr, upload=File(file), file_name="bench-celery.xlsx", agency=None
        )
    check, check_seen = follow(check, deadline)
    check_seconds = time.perf_counter() - started
    if check.status != StaffImport.Status.DONE or check.result.get("error_count"):
        raise SystemExit(f"the check run ended {check.status}: {check.message or check.result}")
    started = time.perf_counter()
    applied = staff_import_apply(by=hr, preview=check, confirm_left=False)
    applied, apply_seen = follow(applied, deadline)
    apply_seconds = time.perf_counter() - started
    if applied.status != StaffImport.Status.DONE:
        raise SystemExit(f"the application ended {applied.status}: {applied.message}")
    return {
        "check_seconds": check_seconds,
        "apply_seconds": apply_seconds,
        "created": applied.result.get("created"),
        "rows_done": applied.rows_done,
        "rows_total": applied.rows_total,
        "percent": applied.percent,
        "percent_seen": apply_seen,
        "check_percent_seen": check_seen,
        "reached_100": applied.percent == 100 and applied.rows_done == applied.rows_total > 0,
    }


def run_step(args) -> None:
    if args.step == "setup":
        _django_setup()
        result = step_setup()
    elif args.step == "baseline":
        result = step_baseline(args.file)
    elif args.step == "import":
        result = step_import(args.file, args.profile, args.traced)
    else:
        result = step_celery(args.file)
    Path(args.out).write_text(json.dumps(result), encoding="utf-8")


# --- The staff workbook ----------------------------------------------------------------------

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
FAMILY += ["Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Thanh", "Quốc", "Xuân", "Thị Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng"]
GIVEN += ["Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Nhung", "Phúc", "Quân"]
GIVEN += ["Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Tuấn", "Việt", "Yến", "Đạt"]
CATEGORIES = ["Công chức"] * 5 + ["Viên chức"] * 4 + ["Cán bộ", "Người lao động"]
LEADERSHIP = [""] * 12 + ["Cấp phòng", "Cấp phòng và tương đương", "Cấp sở"]
POSITIONS = ["Chuyên viên"] * 6 + ["Trưởng phòng", "Phó Trưởng phòng", "Giám đốc", "Kế toán"]
JOBS = ["Chuyên viên tổng hợp", "Chuyên viên quản lý nhân sự", "Kế toán viên", "Văn thư"]
RANKS = ["Chuyên viên", "Chuyên viên chính", "Cán sự", "Kế toán viên", "Nhân viên"]
STATUSES = ["Đang công tác"] * 18 + ["Nghỉ phép", "Tạm nghỉ"]
HEADERS = [
    "STT",
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh",
    "Loại",
    "Mã đơn vị",
    "Chức vụ",
    "Vị trí việc làm",
    "Ngạch",
    "Cấp lãnh đạo",
    "Ngày vào cơ quan",
    "Email",
    "Số điện thoại",
    "Trạng thái",
]
GROUP_FROM = 5  # columns from "Mã đơn vị" on sit under a merged group title


def _date_cell(rng: random.Random, day: datetime.date):
    """A date as real files have them: mostly Excel dates, else dd/mm/yyyy or d/m/yy text."""
    pick = rng.random()
    if pick < 0.6:
        return datetime.datetime(day.year, day.month, day.day)
    if pick < 0.9:
        return day.strftime("%d/%m/%Y")
    return f"{day.day}/{day.month}/{day.year % 100:02d}"


def workbook_write(path: Path, *, rows: int, agencies: list[str], prefix: str, seed: int) -> None:
    import openpyxl
    from openpyxl.styles import Font

    rng = random.Random(seed)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    width = len(HEADERS)
    sheet.append(["ỦY BAN NHÂN DÂN TỈNH NINH BÌNH"])
    sheet.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC NĂM 2026"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet["A1"].font = sheet["A2"].font = Font(bold=True)
    sheet.append([])
    # Row 4 and 5: the personal columns merged over both rows, the others under a group title.
    top = HEADERS[:GROUP_FROM] + ["Thông tin công tác"] + [None] * (width - GROUP_FROM - 1)
    sheet.append(top)
    sheet.append([None] * GROUP_FROM + HEADERS[GROUP_FROM:])
    for column in range(1, GROUP_FROM + 1):
        sheet.merge_cells(start_row=4, start_column=column, end_row=5, end_column=column)
    sheet.merge_cells(start_row=4, start_column=GROUP_FROM + 1, end_row=4, end_column=width)
    today = datetime.date(2026, 11, 1)
    for n in range(1, rows + 1):
        if n % 997 == 0:
            sheet.append([])  # the blank rows real exports carry
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if rng.random() < 0.15:
            name = unicodedata.normalize("NFD", name)
        if rng.random() < 0.1:
            name = f" {name}\u00a0"
        code = f"{prefix}{n:06d}"
        born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 38))
        start = born + datetime.timedelta(days=365 * 22 + rng.randrange(365 * 15))
        start = min(start, today)
        email = f"{code.lower()}@ninhbinh.gov.vn" if rng.random() < 0.75 else None
        phone = f"09{rng.randrange(10**8):08d}"
        sheet.append(
            [
                n,
                code,
                name,
                _date_cell(rng, born),
                rng.choice(CATEGORIES),
                rng.choice(agencies),
                rng.choice(POSITIONS),
                rng.choice(JOBS),
                rng.choice(RANKS),
                rng.choice(LEADERSHIP),
                _date_cell(rng, start),
                email,
                int(phone) if rng.random() < 0.3 else phone,  # a number cell drops the 0
                rng.choice(STATUSES),
            ]
        )
    book.save(path)


# --- Orchestration -------------------------------------------------------------------------


def worker_start(env: dict[str, str], log: Path) -> subprocess.Popen:
    cmd = [str(Path(sys.executable).parent / "celery"), "-A", "config", "worker"]
    cmd += ["--pool", "solo", "--loglevel", "WARNING", "--without-heartbeat", "--without-gossip"]
    with log.open("wb") as out:
        return subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def worker_stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main(args) -> None:
    var_dir = tempfile.mkdtemp(prefix="hocso-bench-import-")
    env = HARNESS.env(var_dir)
    created_db = False
    worker = None
    try:
        print(f"Preparing database {DB_NAME} and {var_dir}")
        pg_version = HARNESS.database_recreate()
        created_db = True
        run([sys.executable, "manage.py", "migrate", "--noinput"], env, "migrate")
        setup = HARNESS.django_step("setup", env, var_dir)
        agencies = setup["agencies"]
        subject_file = Path(var_dir) / "staff.xlsx"
        celery_file = Path(var_dir) / "staff-celery.xlsx"
        started = time.monotonic()
        workbook_write(subject_file, rows=args.rows, agencies=agencies, prefix="NB", seed=7)
        print(
            f"  workbook of {args.rows} rows: {time.monotonic() - started:.1f} s, "
            f"{subject_file.stat().st_size / 1e6:.1f} MB"
        )
        load_before = _load()
        baselines = []
        baseline = HARNESS.django_step("baseline", env, var_dir, "--file", str(subject_file))
        baselines.append(baseline)
        extra = ["--profile", args.profile] if args.profile else []
        imported = HARNESS.django_step("import", env, var_dir, "--file", str(subject_file), *extra)
        baselines.append(HARNESS.django_step("baseline", env, var_dir, "--file", str(subject_file)))
        load_after = _load()
        if imported["created"] != args.rows:
            raise SystemExit(f"the import created {imported['created']} of {args.rows} rows")
        # The memory run: another file of new people, the same import under tracemalloc.
        traced_file = Path(var_dir) / "staff-traced.xlsx"
        workbook_write(traced_file, rows=args.rows, agencies=agencies, prefix="TM", seed=13)
        traced = HARNESS.django_step("import", env, var_dir, "--file", str(traced_file), "--traced")

        celery = None
        if not args.skip_celery:
            workbook_write(celery_file, rows=args.rows, agencies=agencies, prefix="CL", seed=11)
            celery_env = {**env, "CELERY_BROKER_URL": REDIS_URL}
            worker = worker_start(celery_env, Path(var_dir) / "celery.log")
            celery = HARNESS.django_step("celery", celery_env, var_dir, "--file", str(celery_file))

        base_seconds = statistics.mean(b["seconds"] for b in baselines)
        figures = {
            "benchmark": "import_staff",
            "date": datetime.date.today().isoformat(),
            "rows": args.rows,
            "time_ratio": round(imported["seconds"] / base_seconds, 2),
            # tracemalloc's peak of the Python allocations made during the import (a run of its
            # own, of the same size: tracing slows it). The whole process's resident peak is
            # rss_peak_mb, of which rss_before_import_mb is Django and its apps loaded.
            "peak_mb": round(traced["traced_peak_mb"], 1),
            "peak_measure": "tracemalloc peak of the import's Python allocations",
            "rss_peak_mb": round(imported["peak_mb"], 1),
            "rss_before_import_mb": round(imported["peak_mb_before_import"], 1),
            "rows_per_s": round(args.rows / imported["seconds"]),
            "import": {
                "seconds": round(imported["seconds"], 2),
                "created": imported["created"],
                "traced_run_seconds": round(traced["seconds"], 2),
                "traced_run_rss_peak_mb": round(traced["peak_mb"], 1),
            },
            "baseline": {
                "seconds": [round(b["seconds"], 2) for b in baselines],
                "rows_per_s": round(args.rows / base_seconds),
                "peak_mb": round(max(b["peak_mb"] for b in baselines), 1),
            },
            "celery": celery
            and {
                **celery,
                "check_seconds": round(celery["check_seconds"], 2),
                "apply_seconds": round(celery["apply_seconds"], 2),
            },
            "setup": {
                "cores": os.cpu_count(),
                "postgresql": pg_version,
                "file_mb": round(subject_file.stat().st_size / 1e6, 2),
                "agencies": len(agencies),
                "load_before": load_before,
                "load_after": load_after,
            },
            "targets": TARGETS,
        }
        figures["meets_targets"] = (
            figures["time_ratio"] <= TARGETS["time_ratio"]
            and figures["peak_mb"] <= TARGETS["peak_mb"]
            and (celery is None or celery["reached_100"])
        )
        report(figures)
        path = results_write("import_staff", figures)
        print(f"\nFigures written to {path.relative_to(ROOT)}")
    finally:
        if worker is not None:
            worker_stop(worker)
        if created_db and not args.keep_db:
            HARNESS.database_drop()
        shutil.rmtree(var_dir, ignore_errors=True)


def report(figures: dict) -> None:
    base, imp = figures["baseline"], figures["import"]
    print(f"\n{figures['rows']} rows, {figures['setup']['file_mb']} MB XLSX")
    print(
        f"  openpyxl read-only read: {' / '.join(f'{s:.2f}' for s in base['seconds'])} s, "
        f"{base['rows_per_s']} rows/s, peak {base['peak_mb']} MB"
    )
    print(
        f"  staff import (applied):  {imp['seconds']:.2f} s, {figures['rows_per_s']} rows/s, "
        f"RSS peak {figures['rss_peak_mb']} MB ({figures['rss_before_import_mb']} MB before "
        f"the import), traced peak {figures['peak_mb']} MB"
    )
    print(
        f"  time ratio {figures['time_ratio']} (target ≤ {TARGETS['time_ratio']}), "
        f"peak {figures['peak_mb']} MB (target ≤ {TARGETS['peak_mb']})"
    )
    celery = figures["celery"]
    if celery:
        print(
            f"  Celery: check {celery['check_seconds']:.1f} s, apply {celery['apply_seconds']:.1f}"
            f" s, progress seen {celery['percent_seen']}, reached 100 %: "
            f"{celery['reached_100']}"
        )
    print(f"  meets targets: {figures['meets_targets']}")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000, help="staff rows in the file (20000)")
    parser.add_argument("--skip-celery", action="store_true", help="no Celery run")
    parser.add_argument("--keep-db", action="store_true", help="keep the database at the end")
    parser.add_argument("--profile", help="write a cProfile of the import to this file")
    parser.add_argument("--step", choices=["setup", "baseline", "import", "celery"])
    parser.add_argument("--traced", action="store_true", help="(step import) tracemalloc on")
    parser.add_argument("--out")
    parser.add_argument("--file")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.step:
        run_step(arguments)
    else:
        main(arguments)
