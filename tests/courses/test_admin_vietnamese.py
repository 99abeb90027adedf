"""A trainer sees the Wagtail admin in Vietnamese: no English string of Wagtail's is left showing.

Which strings are "left in English" is computed, not listed: every msgid of Wagtail's (and
Django's) English catalogues that gettext still returns unchanged under `vi`, with our override
catalogue (locale/wagtail) loaded. A msgid our catalogues translate to itself on purpose
("Email", "URL") counts as translated.
"""

import importlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import django
import pytest
import wagtail
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.users.models import UserProfile

from tests import factories

pytestmark = pytest.mark.django_db

renaming = importlib.import_module("courses.migrations.0005_wagtail_defaults_in_vietnamese")

VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt", "data-w-tooltip-content-value")
IDENTIFIER = re.compile(r"[a-z0-9_\-.:/#]+")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}")
# Catalogues whose English leaks would show in the admin a trainer uses.
SOURCE_CATALOGUES = [
    *sorted(Path(wagtail.__file__).parent.glob("**/locale/en/LC_MESSAGES/django.po")),
    Path(django.__file__).parent / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    *sorted((Path(django.__file__).parent / "contrib").glob("*/locale/en/LC_MESSAGES/django.po")),
]
OVERRIDES = Path(settings.BASE_DIR) / "locale" / "wagtail" / "vi" / "LC_MESSAGES" / "django.po"


@dataclass(frozen=True)
class Msgid:
    text: str  # the English text, whitespace collapsed
    pattern: re.Pattern | None  # for msgids with placeholders
    anchor: str  # the longest literal piece, to find candidates quickly


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _msgid(text: str) -> Msgid | None:
    # The text a browser shows: tags in a blocktranslate msgid are not visible.
    text = _collapse(re.sub(r"<[^>]+>", "", text))
    pieces = [piece.strip() for piece in PLACEHOLDER.split(text)]
    literal = max(pieces, key=len)
    if len(pieces) == 1:
        return Msgid(text, None, text) if re.search(r"[A-Za-z]{2}", text) else None
    if len(re.sub(r"[^A-Za-z]", "", literal)) < 4:
        return None  # "%(count)s", "{}nd": too little English to tell from other text
    regex = ".+?".join(re.escape(piece) for piece in PLACEHOLDER.split(text))
    return Msgid(text, re.compile(regex, re.DOTALL), literal)


@cache
def _deliberately_identical() -> frozenset[str]:
    with OVERRIDES.open("rb") as handle:
        catalogue = read_po(handle, locale="vi")
    same = set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        same.update(set(ids) & set(strings))
    return frozenset(same)


@cache
def shown_in_vietnamese() -> tuple[tuple[str, str], ...]:
    """Each English msgid of Wagtail's and Django's catalogues, with what gettext shows in vi."""
    pairs = []
    with translation.override("vi"):
        for path in SOURCE_CATALOGUES:
            with path.open("rb") as handle:
                catalogue = read_po(handle, locale="en")
            for message in catalogue:
                if not message.id:
                    continue
                if isinstance(message.id, tuple):
                    singular, plural = message.id
                    pairs.append((singular, translation.ngettext(singular, plural, 1)))
                    pairs.append((plural, translation.ngettext(singular, plural, 5)))
                elif message.context:
                    pairs.append((message.id, translation.pgettext(message.context, message.id)))
                else:
                    pairs.append((message.id, translation.gettext(message.id)))
    return tuple(pairs)


@cache
def untranslated_msgids(*, translated_too: bool = False) -> tuple[Msgid, ...]:
    """Wagtail's and Django's English msgids that gettext leaves unchanged in Vietnamese.

    With `translated_too`, every English msgid: the control that proves a walk can fail.
    """
    found = {}
    for english, shown in shown_in_vietnamese():
        translated = shown != english or english in _deliberately_identical()
        if translated and not translated_too:
            continue
        msgid = _msgid(english)
        if msgid is not None:
            found[msgid.text] = msgid
    return tuple(found.values())


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def visible_texts(html: str) -> set[str]:
    """Text a trainer can see: text nodes, labelling attributes and the admin's JSON strings."""
    soup = BeautifulSoup(html, "html.parser")
    texts = set()
    json_sources = []
    for script in soup.find_all("script"):
        if script.get("type") == "application/json":
            json_sources.append(script.string or "")
        script.decompose()
    for style in soup.find_all("style"):
        style.decompose()
    for element in soup.find_all(True):
        for name in VISIBLE_ATTRIBUTES:
            if element.get(name):
                texts.add(element[name])
        if element.name == "input" and element.get("type") in {"submit", "button"}:
            texts.add(element.get("value", ""))
        for name, value in element.attrs.items():
            if name.startswith("data-") and isinstance(value, str) and value[:1] in "[{":
                json_sources.append(value)
        # An element's whole text catches msgids whose <b>…</b> splits them into text nodes.
        whole = element.get_text(" ")
        if len(whole) < 400:
            texts.add(whole)
    texts.update(str(node) for node in soup.find_all(string=True))
    for source in json_sources:
        try:
            strings = _json_strings(json.loads(source))
        except ValueError:
            continue
        # Identifiers in the admin's JSON (block types, icon and menu names) are not shown.
        texts.update(text for text in strings if not IDENTIFIER.fullmatch(text))
    # Both the HTML and the JSON may carry markup: what shows is the text.
    return {_collapse(re.sub(r"<[^>]+>", " ", text)) for text in texts} - {""}


def english_left(html: str, msgids: tuple[Msgid, ...] | None = None) -> set[str]:
    """The untranslated Wagtail/Django msgids (or the given ones) shown whole in the page."""
    texts = visible_texts(html)
    joined = "\n".join(texts)
    found = set()
    for msgid in untranslated_msgids() if msgids is None else msgids:
        if msgid.anchor not in joined:
            continue
        if msgid.pattern is None:
            if msgid.text in texts:
                found.add(msgid.text)
        elif any(msgid.anchor in text and msgid.pattern.fullmatch(text) for text in texts):
            found.add(msgid.text)
    return found


@pytest.fixture
def admin_world(client):
    course = factories.course()
    user = factories.trainer()
    user.first_name, user.last_name = "Trang", "Phạm Thu"
    user.save()
    # As the demo's trainers group: images and documents too. Wagtail checks these per
    # collection, so the root collection grants them.
    upload_permissions = Permission.objects.filter(
        content_type__app_label__in=["wagtailimages", "wagtaildocs"],
        codename__in=[
            "add_image",
            "change_image",
            "choose_image",
            "add_document",
            "change_document",
            "choose_document",
        ],
    )
    group = user.groups.get()
    group.permissions.add(*upload_permissions)
    # Transactional tests flush the root collection Wagtail's migration made.
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection=root_collection, permission=permission)
        for permission in upload_permissions
    )
    client.force_login(user)
    return course, user


def trainer_screens(course, *, image=None, document=None) -> dict[str, str]:
    lesson = course.lessons().first()
    quiz = course.quizzes().get()
    home = course.get_parent()
    uploads = {}
    if image is not None:
        uploads["edit an image"] = f"/admin/images/{image.pk}/"
        uploads["image usage"] = f"/admin/images/usage/{image.pk}/"
    if document is not None:
        uploads["edit a document"] = f"/admin/documents/edit/{document.pk}/"
    revision = lesson.revisions.order_by("pk").first()
    if revision is not None:
        uploads["a previous version"] = f"/admin/pages/{lesson.pk}/revisions/{revision.pk}/view/"
        uploads["revert"] = f"/admin/pages/{lesson.pk}/revisions/{revision.pk}/revert/"
    return {
        **uploads,
        "dashboard": "/admin/",
        "explorer of a course": f"/admin/pages/{course.pk}/",
        "explorer of the home page": f"/admin/pages/{home.pk}/",
        "add a subpage": f"/admin/pages/{course.pk}/add_subpage/",
        "add a lesson": f"/admin/pages/add/courses/lessonpage/{course.pk}/",
        "add a quiz": f"/admin/pages/add/courses/quizpage/{course.pk}/",
        "add a course": f"/admin/pages/add/courses/coursepage/{home.pk}/",
        "edit the course": f"/admin/pages/{course.pk}/edit/",
        "edit a lesson": f"/admin/pages/{lesson.pk}/edit/",
        "edit the quiz": f"/admin/pages/{quiz.pk}/edit/",
        "history": f"/admin/pages/{lesson.pk}/history/",
        "revisions": f"/admin/pages/{lesson.pk}/revisions/compare/earliest...latest/",
        "delete": f"/admin/pages/{lesson.pk}/delete/",
        "unpublish": f"/admin/pages/{quiz.pk}/unpublish/",
        "move": f"/admin/pages/{lesson.pk}/move/",
        "copy": f"/admin/pages/{lesson.pk}/copy/",
        "search": "/admin/pages/search/?q=bai",
        "images": "/admin/images/",
        "add images": "/admin/images/multiple/add/",
        "documents": "/admin/documents/",
        "add documents": "/admin/documents/multiple/add/",
        "image chooser": "/admin/images/chooser/",
        "document chooser": "/admin/documents/chooser/",
        "page chooser": f"/admin/choose-page/{course.pk}/",
        "account": "/admin/account/",
        "workflow history": f"/admin/pages/{lesson.pk}/workflow_history/",
        "privacy": f"/admin/pages/{lesson.pk}/privacy/",
        "listing search": f"/admin/pages/{course.pk}/?q=bai",
        "ordering lessons": f"/admin/pages/{course.pk}/?ordering=ord",
        "usage": f"/admin/pages/{lesson.pk}/usage/",
        "preview panel": f"/admin/pages/{lesson.pk}/edit/preview/",
        "aging pages": "/admin/reports/aging-pages/",
        "site history": "/admin/reports/site-history/",
        "page types usage": "/admin/reports/page-types-usage/",
    }


def test_admin_strings_left_in_english_are_found():
    """Positive control: English msgids are caught in text, attributes, split markup and JSON."""
    plain = next(m.text for m in untranslated_msgids() if m.pattern is None and " " in m.text)
    templated = next(m for m in untranslated_msgids() if m.pattern is not None)
    filled = PLACEHOLDER.sub("Nguyễn Văn An", templated.text)
    for html in (
        f"<p>{plain}</p>",
        f'<button aria-label="{plain}">x</button>',
        f"<p><b>{filled[:3]}</b>{filled[3:]}</p>",
        f'<script type="application/json">{json.dumps({"label": plain})}</script>',
    ):
        assert english_left(html), html
    with translation.override("vi"):
        vietnamese = translation.gettext("Save draft")
    assert vietnamese != "Save draft"
    assert english_left(f"<button>{vietnamese}</button><p>{plain} đã lưu</p>") == set()


def test_trainer_screens_in_english_are_caught(client, admin_world):
    """The walk can fail: the same dashboard with the trainer's admin language set to English."""
    _course, user = admin_world
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    html = client.get(trainer_screens(_course)["edit the course"]).content.decode()
    assert {"Save draft", "Preview"} <= english_left(html, untranslated_msgids(translated_too=True))


def default_workflow() -> Workflow:
    """Wagtail's default workflow as its migration and ours leave it (rebuilt after a flush)."""
    workflow = Workflow.objects.filter(name=renaming.WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=renaming.WORKFLOW_NAME)
        task = GroupApprovalTask.objects.create(name=renaming.TASK_NAME)
        task.groups.add(Group.objects.get_or_create(name="Ban biên tập")[0])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.get_or_create(page=Page.get_first_root_node(), workflow=workflow)
    return workflow


def test_trainer_screens_are_vietnamese(client, admin_world):
    course, user = admin_world
    lesson = course.lessons().first()
    lesson.save_revision(user=user).publish()
    # The lesson in review: the status panel, history and dashboard show the workflow.
    default_workflow().start(lesson, user)
    image = Image.objects.create(title="Sơ đồ chữ ký số", file=get_test_image_file())
    document = Document.objects.create(
        title="Quy chế", file=ContentFile(b"%PDF-1.4 quy che", name="quy-che.pdf")
    )
    pages = {}
    for name, path in trainer_screens(course, image=image, document=document).items():
        response = client.get(path)
        # 200 itself: a redirect would be Wagtail refusing and showing the dashboard instead.
        assert response.status_code == 200, (name, path, response.status_code)
        html = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            html = response.json()["html"]  # a chooser or dialog, shown inside the page
        pages[name] = html
    # What a trainer meets after a save: validation errors, the message after an action.
    pages["validation errors"] = client.post(f"/admin/pages/{course.pk}/edit/", {}).content.decode()
    quiz = course.quizzes().get()
    pages["after unpublishing"] = client.post(
        f"/admin/pages/{quiz.pk}/unpublish/", follow=True
    ).content.decode()
    assert "Ban biên tập duyệt" in pages["edit a lesson"]
    assert "Trường này là bắt buộc." in pages["validation errors"]
    assert "Đã thu hồi xuất bản trang" in pages["after unpublishing"]
    left = {}
    for name, html in pages.items():
        # Wagtail's default groups and workflow are data: our migration renames them.
        shown = " ".join(visible_texts(html))
        left[name] = [data for data in ("Moderators", "Editors") if data in shown]
        left[name].extend(sorted(english_left(html)))
        if not left[name]:
            del left[name]
    assert left == {}, json.dumps(left, ensure_ascii=False, indent=1)


def test_login_page_is_vietnamese(client):
    html = client.get("/admin/login/").content.decode()
    assert english_left(html) == set()
    assert "Đăng nhập trang quản trị" in html
    # Wagtail's own vi read "Nhập Tên đăng nhậpcủa bạn".
    assert 'placeholder="Nhập tên đăng nhập của bạn"' in html
    # Wagtail leaves the password unlabelled: Django showed its field name, "Password".
    label = BeautifulSoup(html, "html.parser").find("label", attrs={"for": "id_password"})
    assert label.get_text(" ", strip=True).startswith("Mật khẩu")


def test_admin_login_refusal_is_vietnamese(client):
    trainer = factories.trainer()
    response = client.post(
        "/admin/login/", {"username": trainer.username, "password": "sai mật khẩu"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert english_left(html) == set()
    # Wagtail's own vi read "Tên người dùng tên đăng nhậpkhông trùng với mật khẩu."
    assert "Sai tên đăng nhập hoặc mật khẩu. Vui lòng thử lại." in html


def test_wagtail_defaults_are_renamed_in_vietnamese():
    Workflow.objects.all().delete()
    Task.objects.all().delete()
    Group.objects.filter(name__in=["Ban biên tập", "Biên tập viên"]).delete()
    Group.objects.get_or_create(name="Moderators")
    Group.objects.get_or_create(name="Editors")
    Group.objects.create(name="Giảng viên Sở")
    Workflow.objects.create(name=renaming.DEFAULT_NAME)
    GroupApprovalTask.objects.create(name=renaming.DEFAULT_NAME)
    Workflow.objects.create(name="Quy trình của Sở")
    renaming.wagtail_defaults_vietnamese(django_apps, None)
    assert set(Workflow.objects.values_list("name", flat=True)) == {
        "Phê duyệt của ban biên tập",
        "Quy trình của Sở",
    }
    assert Task.objects.get().name == "Ban biên tập duyệt"
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Ban biên tập", "Biên tập viên", "Giảng viên Sở"} <= names
    assert not names & {"Moderators", "Editors"}


def test_admin_page_language_and_dates_are_vietnamese(client, admin_world):
    course, user = admin_world
    course.save_revision(user=user).publish()
    html = client.get(f"/admin/pages/{course.pk}/history/").content.decode()
    assert '<html lang="vi"' in html
    # Django's vi DATETIME_FORMAT, in Asia/Ho_Chi_Minh time.
    assert re.search(r"\d\d:\d\d Ngày \d\d tháng \d\d? năm \d{4}", html)
    assert not re.search(r"\b(January|February|March|April|May|June|July|August)\b", html)
    assert not re.search(r"\b(September|October|November|December|a\.m\.|p\.m\.)\b", html)


JS_SOURCE = (
    Path(wagtail.__file__).parent / "admin" / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"
)


def served_js_catalogue(client) -> dict:
    """The strings Wagtail's admin scripts receive from its /admin/jsi18n/ catalogue."""
    script = client.get("/admin/jsi18n/").content.decode()
    found = re.search(r"const newcatalog = (\{.*?\});\n", script, re.DOTALL)
    return json.loads(found[1]) if found else {}  # Django leaves out an empty catalogue


def _js_msgids() -> set[str]:
    with JS_SOURCE.open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}


def test_admin_javascript_strings_are_vietnamese(client, admin_world):
    """The editor's own scripts (StreamField, comments, sidebar) read Vietnamese too."""
    catalogue = served_js_catalogue(client)
    assert sorted(_js_msgids() - catalogue.keys()) == []
    assert catalogue["Move up"] == "Chuyển lên"


def test_admin_javascript_strings_in_english_are_caught(client, admin_world):
    _course, user = admin_world
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    assert "Move up" in _js_msgids() - served_js_catalogue(client).keys()


# A placeholder run into a word, as Wagtail's own vi had it: "Nhập %(username_field_name)scủa bạn".
GLUED = re.compile(r"(%\(\w+\)[sd]|\{\w+\})[^\W\d_]|[^\W\d_](%\(\w+\)[sd]|\{\w+\})", re.UNICODE)


def test_no_vietnamese_runs_a_placeholder_into_a_word():
    glued = sorted({shown for _english, shown in shown_in_vietnamese() if GLUED.search(shown)})
    assert glued == []
    assert GLUED.search("Nhập %(username_field_name)scủa bạn")
    assert not GLUED.search("Nhập %(username_field_name)s của bạn")
