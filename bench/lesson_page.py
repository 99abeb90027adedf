"""Benchmark: a logged-in lesson page against a plain Wagtail page with the same body.

Run from the repository root (`make bench` does this):

    .venv/bin/python bench/lesson_page.py

It needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth; override the admin URL with
BENCH_POSTGRES_URL). The script creates a throwaway database and var/ directory, loads the demo
into them, serves the site with gunicorn on 127.0.0.1 and measures, in interleaved rounds:

- a lesson page, as the demo learner `hocvien` enrolled in its course;
- an ArticlePage (the baseline) with exactly the same title and body, by the same session.

It prints requests/s, p50 and p95 for both and the lesson/baseline ratios, then SQL queries per
page, counted in-process, for the course as seeded and with extra lessons added (the count must not
grow with the number of lessons), and writes the figures to var/bench/lesson_page.json. Everything
else it creates is removed at the end. See bench/README.md for how to read the numbers.

The same file is also the Django-side helper: `--step setup|queries` runs inside the bench
environment (django.setup() against the bench database) and writes its result as JSON.
"""

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path

from harness import ROOT, Harness, results_write, run

BIN = Path(sys.executable).parent
# BENCH_DB_NAME lets two checkouts on one server run the benchmark without dropping each other's.
DB_NAME = os.environ.get("BENCH_DB_NAME", "hocso_bench")
HARNESS = Harness(db_name=DB_NAME, script=__file__)
LEARNER = "hocvien"
PASSWORD = "HocSo@2026"  # noqa: S105 - the documented demo password
ARTICLE_SLUG = "bench-bai-viet"
# Lessons in the course for the SQL-query check: as seeded, then grown to these totals.
GROWN_LESSON_TOTALS = (25, 55)
REQUEST_TIMEOUT = 15  # seconds, per request


# --- Django side (runs in a subprocess with the bench environment) -------------------------


def _django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def step_setup(exercise: str) -> dict:
    """Create the baseline article and enroll the learner; return what the client needs."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils.html import strip_tags

    from courses.models import ArticlePage, CoursePage, HomePage, LessonPage
    from learning.services import (
        enrollment_create,
        exercise_grade_record,
        lesson_progress_record,
    )

    home = HomePage.objects.get()
    course = CoursePage.objects.child_of(home).live().order_by("path").first()
    lessons = list(course.lessons())
    # The first lesson opens without studying earlier ones. Recording it now makes every measured
    # request a revisit, as in steady use: the hook then writes nothing.
    lesson = lessons[0].specific
    # The lesson carries an interactive exercise (`--exercise`: one of ours, or drag-and-drop-v2,
    # the heaviest installed XBlock to render), passed by the learner as on a revisit; the
    # baseline shows the same body, where the block renders its placeholder.
    exercise_id = str(uuid.uuid4())
    lesson.body = [
        *lesson.body.raw_data,
        {
            "type": "interactive",
            "id": exercise_id,
            "value": [{"type": exercise.replace("-", "_"), "id": str(uuid.uuid4()), "value": {}}],
        },
    ]
    lesson.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    with transaction.atomic():
        article = ArticlePage(
            title=lesson.title, slug=ARTICLE_SLUG, body=list(lesson.body.raw_data)
        )
        home.add_child(instance=article)
        article.save_revision().publish()
        user = get_user_model().objects.get(username=LEARNER)
        enrollment = enrollment_create(user=user, course=course)
        exercise_grade_record(
            enrollment=enrollment,
            lesson=lesson,
            usage_id=uuid.UUID(exercise_id),
            block_type=exercise,
            earned=1,
            possible=1,
        )
        lesson_progress_record(enrollment=enrollment, lesson=lesson)
    return {
        "course": course.code,
        "lessons_in_course": len(lessons),
        "lesson_url": lesson.get_url_parts()[2],
        "article_url": article.get_url_parts()[2],
        "words": len(strip_tags(lesson.body.render_as_block()).split()),
    }


def step_queries(lesson_url: str, article_url: str) -> dict:
    """SQL queries per page view, as the course grows; every change is rolled back."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from courses.models import CoursePage, LessonPage
    from learning.models import Enrollment, LessonProgress

    user = get_user_model().objects.get(username=LEARNER)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    def count(url: str) -> tuple[int, list[str]]:
        client.get(url)  # warm: per-process caches, first-visit writes
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}, expected 200")
        return len(queries), [q["sql"] for q in queries.captured_queries]

    enrollment = Enrollment.objects.select_related("course").get(user=user)
    lesson = CoursePage.objects.get(pk=enrollment.course_id).lessons().first().specific
    rows = []
    sql = {}
    with transaction.atomic():
        for target in (None, *GROWN_LESSON_TOTALS):
            course = CoursePage.objects.get(pk=enrollment.course_id)
            total = course.lessons().count()
            while target is not None and total < target:
                # Extra lessons after the measured one, each marked studied, so both the outline
                # and the learner's progress grow. Quizzes stay last.
                course = CoursePage.objects.get(pk=course.pk)
                extra = LessonPage(
                    title=f"Bài bổ sung {total + 1}",
                    slug=f"bench-bai-bo-sung-{total + 1}",
                    body=list(lesson.body.raw_data),
                )
                course.add_child(instance=extra)
                LessonProgress.objects.create(enrollment=enrollment, lesson=extra)
                total += 1
            lesson_count, lesson_sql = count(lesson_url)
            article_count, article_sql = count(article_url)
            rows.append({"lessons": total, "lesson": lesson_count, "article": article_count})
            sql.setdefault("lesson", lesson_sql)
            sql.setdefault("article", article_sql)
        transaction.set_rollback(True)
    return {"rows": rows, "sql": sql}


def run_step(args) -> None:
    _django_setup()
    if args.step == "setup":
        result = step_setup(args.exercise)
    else:
        result = step_queries(args.lesson_url, args.article_url)
    Path(args.out).write_text(json.dumps(result), encoding="utf-8")


# --- Orchestration -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port: int, method: str, path: str, headers=None, body=None):
    """One request on a fresh connection (gunicorn's sync workers close it after each)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def cookies_from(headers) -> dict[str, str]:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def wait_until_serving(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.stderr.write(log.read_text(encoding="utf-8", errors="replace"))
            raise SystemExit(f"gunicorn exited with {server.returncode} before serving")
        with contextlib.suppress(OSError):
            status, _headers, _body = request(port, "GET", "/dang-nhap/")
            if status == 200:
                return
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def login(port: int) -> str:
    """Sign in through the login form; return the Cookie header for the session."""
    status, headers, body = request(port, "GET", "/dang-nhap/")
    cookies = cookies_from(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match or "csrftoken" not in cookies:
        raise SystemExit(f"login form: unexpected answer {status}")
    form = urllib.parse.urlencode(
        {
            "username": LEARNER,
            "password": PASSWORD,
            "csrfmiddlewaretoken": match.group(1).decode(),
        }
    )
    status, headers, _body = request(
        port,
        "POST",
        "/dang-nhap/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
        },
        body=form,
    )
    cookies.update(cookies_from(headers))
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"login as {LEARNER} failed: answer {status}, cookies {sorted(cookies)}")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def article_html(body: bytes) -> bytes:
    match = re.search(rb"<article>.*?</article>", body, re.DOTALL)
    return match.group(0) if match else b""


def batch(port: int, path: str, cookie: str, count: int, threads: int) -> tuple[float, list[float]]:
    """`count` GETs of `path` from `threads` client threads; return wall time and latencies."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(threads + 1)

    def client(n: int) -> None:
        mine = []
        start.wait()
        for _ in range(n):
            began = time.perf_counter()
            try:
                status, _headers, _body = request(port, "GET", path, headers={"Cookie": cookie})
            except OSError as error:
                status = repr(error)
            mine.append(time.perf_counter() - began)
            if status != 200:
                with lock:
                    failures.append(str(status))
                break
        with lock:
            latencies.extend(mine)

    shares = [count // threads + (1 if i < count % threads else 0) for i in range(threads)]
    workers = [threading.Thread(target=client, args=(n,)) for n in shares]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - began
    if failures:
        raise SystemExit(f"GET {path} failed: {failures[:3]}")
    return wall, latencies


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def measure(port: int, cookie: str, pages: dict[str, str], args) -> dict:
    """Interleaved rounds: each round runs one batch per page, alternating which goes first."""
    for path in pages.values():
        batch(port, path, cookie, args.warmup, args.threads)
    results = {name: {"wall": 0.0, "latencies": [], "rates": []} for name in pages}
    deadline = time.monotonic() + args.max_seconds
    names = list(pages)
    rounds = 0
    for rounds in range(1, args.rounds + 1):  # noqa: B007 - rounds is reported after the loop
        for name in names if rounds % 2 else reversed(names):
            wall, latencies = batch(port, pages[name], cookie, args.batch, args.threads)
            results[name]["wall"] += wall
            results[name]["latencies"] += latencies
            results[name]["rates"].append(len(latencies) / wall)
        if time.monotonic() > deadline:
            print(f"  stopped after {rounds} of {args.rounds} rounds (--max-seconds)")
            break
    stats = {}
    for name, result in results.items():
        latencies = result["latencies"]
        stats[name] = {
            "requests": len(latencies),
            "rps": len(latencies) / result["wall"],
            "p50": percentile(latencies, 50) * 1000,
            "p95": percentile(latencies, 95) * 1000,
            "rates": result["rates"],
        }
    stats["rounds"] = rounds
    return stats


def server_start(port: int, env: dict[str, str], args, log: Path) -> subprocess.Popen:
    cmd = [
        str(BIN / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--error-logfile",
        str(log),
    ]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL)


def server_stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # the master stops its workers
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def report(info: dict, stats: dict, queries: dict, args) -> None:
    lesson, article = stats["lesson"], stats["article"]
    first = queries["rows"][0]
    ratio = statistics.median(
        lr / ar for lr, ar in zip(lesson["rates"], article["rates"], strict=True)
    )
    print()
    print(
        f"{date.today().isoformat()} · {os.cpu_count()} cores · PostgreSQL {info['pg']} · "
        f"gunicorn {args.workers} sync workers · {args.threads} client threads · "
        f"{stats['rounds']} rounds × {args.batch} requests per page · "
        f"CONN_MAX_AGE {info['conn_max_age']}"
    )
    print(
        f"Lesson {info['lesson_url']} (course {info['course']}, "
        f"{info['lessons_in_course']} lessons, {info['words']} words), "
        f"baseline ArticlePage {info['article_url']} with the same body; both as {LEARNER}."
    )
    print()
    print("| page | requests | req/s | p50 (ms) | p95 (ms) | SQL queries |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, row, count in [
        ("lesson (enrolled learner)", lesson, first["lesson"]),
        ("baseline: ArticlePage, same body", article, first["article"]),
    ]:
        print(
            f"| {label} | {row['requests']} | {row['rps']:.1f} | {row['p50']:.1f} | "
            f"{row['p95']:.1f} | {count} |"
        )
    print(
        f"| **ratio lesson / baseline** | | **{lesson['rps'] / article['rps']:.2f}** | "
        f"{lesson['p50'] / article['p50']:.2f} | {lesson['p95'] / article['p95']:.2f} | "
        f"+{first['lesson'] - first['article']} |"
    )
    print()
    print(f"Median of the per-round req/s ratios: {ratio:.2f}.")
    print()
    print("| lessons in the course | SQL queries, lesson page | SQL queries, baseline |")
    print("| ---: | ---: | ---: |")
    for row in queries["rows"]:
        print(f"| {row['lessons']} | {row['lesson']} | {row['article']} |")
    counts = {row["lesson"] for row in queries["rows"]}
    print()
    print(
        "SQL queries per lesson page do not grow with the number of lessons."
        if len(counts) == 1
        else "WARNING: SQL queries per lesson page grow with the number of lessons."
    )
    if args.show_sql:
        for name, statements in queries["sql"].items():
            print(f"\n-- {name} page: {len(statements)} queries")
            for statement in statements:
                print(f"{statement};")


# Issue 6: the lesson page against the plain page with the same body.
TARGETS = {"ratio": 0.8, "p95_ratio": 1.25, "queries": 10}


def figures(info: dict, stats: dict, queries: dict, args) -> dict:
    """The run as numbers: ratios first, then what they were computed from."""
    lesson, article = stats["lesson"], stats["article"]
    rows = queries["rows"]
    result = {
        "benchmark": "lesson_page",
        "date": date.today().isoformat(),
        "exercise": args.exercise,
        "ratio": round(lesson["rps"] / article["rps"], 3),
        "median_round_ratio": round(
            statistics.median(
                lr / ar for lr, ar in zip(lesson["rates"], article["rates"], strict=True)
            ),
            3,
        ),
        "p50_ratio": round(lesson["p50"] / article["p50"], 3),
        "p95_ratio": round(lesson["p95"] / article["p95"], 3),
        # The most any course size cost: the count must not grow with the lessons.
        "queries": max(row["lesson"] for row in rows),
        "baseline_queries": max(row["article"] for row in rows),
        "queries_by_course_size": rows,
        "lesson": {
            "url": info["lesson_url"],
            "course": info["course"],
            "lessons_in_course": info["lessons_in_course"],
            "words": info["words"],
            **{key: round(lesson[key], 2) for key in ("rps", "p50", "p95")},
            "requests": lesson["requests"],
        },
        "baseline": {
            "url": info["article_url"],
            **{key: round(article[key], 2) for key in ("rps", "p50", "p95")},
            "requests": article["requests"],
        },
        "setup": {
            "cores": os.cpu_count(),
            "postgresql": info["pg"],
            "gunicorn_workers": args.workers,
            "client_threads": args.threads,
            "rounds": stats["rounds"],
            "requests_per_round": args.batch,
            "conn_max_age": info["conn_max_age"],
        },
        "targets": TARGETS,
    }
    result["meets_targets"] = (
        result["ratio"] >= TARGETS["ratio"]
        and result["p95_ratio"] <= TARGETS["p95_ratio"]
        and result["queries"] <= TARGETS["queries"]
    )
    return result


def main(args) -> None:
    var_dir = tempfile.mkdtemp(prefix="hocso-bench-")
    env = HARNESS.env(var_dir)
    server = None
    created_db = False
    try:
        print(f"Preparing database {DB_NAME} and {var_dir}")
        pg_version = HARNESS.database_recreate()
        created_db = True
        manage = [sys.executable, "manage.py"]
        run([*manage, "migrate", "--noinput"], env, "migrate")
        run([*manage, "seed_demo", "--no-progress"], env, "seed_demo --no-progress")
        run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], env, "collectstatic")
        info = HARNESS.django_step("setup", env, var_dir, "--exercise", args.exercise)
        info["pg"] = pg_version
        info["conn_max_age"] = env.get("CONN_MAX_AGE", "600 (default)")
        queries = HARNESS.django_step(
            "queries",
            env,
            var_dir,
            "--lesson-url",
            info["lesson_url"],
            "--article-url",
            info["article_url"],
        )

        port = args.port or free_port()
        log = Path(var_dir) / "gunicorn.log"
        server = server_start(port, env, args, log)
        wait_until_serving(port, server, log)
        print(f"  gunicorn pid {server.pid} on 127.0.0.1:{port}")
        cookie = login(port)
        pages = {"lesson": info["lesson_url"], "article": info["article_url"]}
        bodies = {}
        for name, path in pages.items():
            status, _headers, body = request(port, "GET", path, headers={"Cookie": cookie})
            if status != 200:
                raise SystemExit(f"GET {path} as {LEARNER} answered {status}, expected 200")
            bodies[name] = article_html(body)
        # The exercise comes last in both bodies: the lesson renders the learner's XBlock
        # fragment, the baseline only the block's placeholder (more work for the lesson, not
        # less). Everything before it must be the same.
        lesson_text, _sep, exercise = bodies["lesson"].partition(b'<section class="exercise-block"')
        article_text, _sep, _placeholder = bodies["article"].partition(
            b'<div class="exercise-placeholder"'
        )
        if f'data-block-type="{args.exercise}"'.encode() not in exercise:
            raise SystemExit(f"the lesson does not render its {args.exercise} exercise")
        # Templates indent differently: compare with the whitespace between tags dropped.
        lesson_text, article_text = (
            re.sub(rb">\s+<", b"><", text.strip()) for text in (lesson_text, article_text)
        )
        if not lesson_text or lesson_text != article_text:
            out = ROOT / "var" / "bench"
            out.mkdir(parents=True, exist_ok=True)
            for name, body in (("lesson", lesson_text), ("article", article_text)):
                (out / f"lesson_page-mismatch-{name}.html").write_bytes(body)
            raise SystemExit(
                "the lesson and the baseline do not render the same <article> body "
                f"(both written to {out}/lesson_page-mismatch-*.html)"
            )
        print("  measuring...")
        stats = measure(port, cookie, pages, args)
        report(info, stats, queries, args)
        name = (
            "lesson_page" if args.exercise == "phishing-inbox" else f"lesson_page-{args.exercise}"
        )
        path = results_write(name, figures(info, stats, queries, args))
        print(f"\nFigures written to {path.relative_to(ROOT)}")
    finally:
        if server is not None:
            server_stop(server)
        if created_db and not args.keep_db:
            HARNESS.database_drop()
        shutil.rmtree(var_dir, ignore_errors=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="interleaved rounds (10)")
    parser.add_argument("--batch", type=int, default=60, help="requests per page per round (60)")
    parser.add_argument("--warmup", type=int, default=30, help="warm-up requests per page (30)")
    parser.add_argument("--threads", type=int, default=2, help="concurrent client threads (2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (a free one)")
    parser.add_argument(
        "--max-seconds", type=float, default=180, help="stop starting new rounds after this (180)"
    )
    parser.add_argument(
        "--exercise",
        choices=["phishing-inbox", "ordering-steps", "drag-and-drop-v2"],
        default="phishing-inbox",
        help="the XBlock exercise the lesson carries (phishing-inbox); figures for another than "
        "the default go to var/bench/lesson_page-<exercise>.json",
    )
    parser.add_argument("--show-sql", action="store_true", help="print the SQL of each page")
    parser.add_argument("--keep-db", action="store_true", help=f"keep {DB_NAME} afterwards")
    # Internal: the Django-side steps.
    parser.add_argument("--step", choices=["setup", "queries"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--lesson-url", help=argparse.SUPPRESS)
    parser.add_argument("--article-url", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.step:
        run_step(arguments)
    else:
        main(arguments)
