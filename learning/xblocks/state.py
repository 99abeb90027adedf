"""Field data for HọcSố's XBlocks: authored fields from the lesson, learner fields from tables.

`Scope.content` and `Scope.settings` are what the trainer authored in the StreamField and are
read-only here. The learner scopes live one row per field in `learning.models`:
user_state (learner × exercise), user_state_summary (exercise), preferences (learner × type) and
user_info (learner). The learner's user_state for every exercise of a lesson is read in one query
the first time any exercise asks for a field; the other scopes are read when a block first asks
for one of them (none of the installed blocks does on render).
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Model
from xblock.field_data import FieldData
from xblock.fields import Scope

from ..models import XBlockPreference, XBlockUsageState, XBlockUserInfo, XBlockUserState

AUTHORED_SCOPES = (Scope.content, Scope.settings)


class ReadOnlyFieldError(Exception):
    """A learner request tried to change what the trainer authored (e.g. a studio handler)."""


@dataclass(frozen=True)
class Usage:
    """One exercise in one lesson: the page and the StreamField block's stable id."""

    page_id: int
    block_id: uuid.UUID
    tag: str

    @property
    def usage_id(self) -> str:
        return f"{self.page_id}/{self.block_id}"

    @classmethod
    def parse(cls, usage_id: str, tag: str) -> "Usage":
        page_id, _sep, block_id = usage_id.partition("/")
        return cls(page_id=int(page_id), block_id=uuid.UUID(block_id), tag=tag)


@dataclass
class LearnerState:
    """The learner-scoped fields of one learner on one lesson page.

    Writes are kept in memory until `flush()`; a read-only state (a trainer's preview, a page
    render) is never flushed.
    """

    user_id: int | None
    page_id: int
    writable: bool = False
    _user_state: dict | None = None
    _summary: dict | None = None
    _preferences: dict | None = None
    _user_info: dict | None = None
    _dirty: dict = field(default_factory=dict)
    _deleted: set = field(default_factory=set)
    # The scopes read since `reads_reset()`: the runtime caches a rendered view only if its block
    # read nothing but its own user_state (`LessonRuntime.view`).
    reads: set = field(default_factory=set)

    # --- reads -------------------------------------------------------------------------------

    def reads_reset(self) -> None:
        self.reads = set()

    def _load(self, scope: Scope) -> dict:
        self.reads.add(scope)
        if scope == Scope.user_state:
            if self._user_state is None:
                self._user_state = (
                    {
                        (str(row.usage_id), row.field_name): row.value
                        for row in XBlockUserState.objects.filter(
                            user_id=self.user_id, page_id=self.page_id
                        ).only("usage_id", "field_name", "value")
                    }
                    if self.user_id
                    else {}
                )
            return self._user_state
        if scope == Scope.user_state_summary:
            if self._summary is None:
                self._summary = {
                    (str(row.usage_id), row.field_name): row.value
                    for row in XBlockUsageState.objects.filter(page_id=self.page_id)
                }
            return self._summary
        if scope == Scope.preferences:
            if self._preferences is None:
                self._preferences = (
                    {
                        (row.block_type, row.field_name): row.value
                        for row in XBlockPreference.objects.filter(user_id=self.user_id)
                    }
                    if self.user_id
                    else {}
                )
            return self._preferences
        if scope == Scope.user_info:
            if self._user_info is None:
                self._user_info = (
                    {
                        ("", row.field_name): row.value
                        for row in XBlockUserInfo.objects.filter(user_id=self.user_id)
                    }
                    if self.user_id
                    else {}
                )
            return self._user_info
        raise KeyError(scope)

    @staticmethod
    def key(scope: Scope, usage: Usage, name: str) -> tuple:
        if scope in (Scope.user_state, Scope.user_state_summary):
            return (str(usage.block_id), name)
        if scope == Scope.preferences:
            return (usage.tag, name)
        return ("", name)

    def get(self, scope: Scope, usage: Usage, name: str):
        return self._load(scope)[self.key(scope, usage, name)]

    def has(self, scope: Scope, usage: Usage, name: str) -> bool:
        return self.key(scope, usage, name) in self._load(scope)

    # --- writes ------------------------------------------------------------------------------

    def set(self, scope: Scope, usage: Usage, name: str, value) -> None:
        key = self.key(scope, usage, name)
        self._load(scope)[key] = value
        self._dirty[(scope, key)] = value
        self._deleted.discard((scope, key))

    def delete(self, scope: Scope, usage: Usage, name: str) -> None:
        key = self.key(scope, usage, name)
        self._load(scope).pop(key, None)
        self._dirty.pop((scope, key), None)
        self._deleted.add((scope, key))

    def flush(self) -> None:
        """Write the changed fields, one statement per scope; call inside the handler's atomic."""
        if not self.writable or not self.user_id:
            return
        by_scope: dict[Scope, list[tuple]] = {}
        for (scope, key), value in self._dirty.items():
            by_scope.setdefault(scope, []).append((key, value))
        for scope, items in by_scope.items():
            model, unique = self._table(scope)
            rows = [self._row(scope, key, value) for key, value in items]
            model.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=unique,
                update_fields=["value", "modified_at"],
            )
        for scope, key in self._deleted:
            model, _unique = self._table(scope)
            self._filter(model, scope, [key]).delete()
        self._dirty.clear()
        self._deleted.clear()

    def _table(self, scope: Scope) -> tuple[type[Model], list[str]]:
        return {
            Scope.user_state: (XBlockUserState, ["user", "page", "usage_id", "field_name"]),
            Scope.user_state_summary: (XBlockUsageState, ["page", "usage_id", "field_name"]),
            Scope.preferences: (XBlockPreference, ["user", "block_type", "field_name"]),
            Scope.user_info: (XBlockUserInfo, ["user", "field_name"]),
        }[scope]

    def _row(self, scope: Scope, key: tuple, value) -> Model:
        first, name = key
        if scope == Scope.user_state:
            return XBlockUserState(
                user_id=self.user_id,
                page_id=self.page_id,
                usage_id=first,
                field_name=name,
                value=value,
            )
        if scope == Scope.user_state_summary:
            return XBlockUsageState(
                page_id=self.page_id, usage_id=first, field_name=name, value=value
            )
        if scope == Scope.preferences:
            return XBlockPreference(
                user_id=self.user_id, block_type=first, field_name=name, value=value
            )
        return XBlockUserInfo(user_id=self.user_id, field_name=name, value=value)

    def _filter(self, model: type[Model], scope: Scope, keys: Iterable[tuple]):
        (first, name) = next(iter(keys))
        if scope == Scope.user_state:
            return model.objects.filter(
                user_id=self.user_id, page_id=self.page_id, usage_id=first, field_name=name
            )
        if scope == Scope.user_state_summary:
            return model.objects.filter(page_id=self.page_id, usage_id=first, field_name=name)
        if scope == Scope.preferences:
            return model.objects.filter(user_id=self.user_id, block_type=first, field_name=name)
        return model.objects.filter(user_id=self.user_id, field_name=name)


class LessonFieldData(FieldData):
    """XBlock field data over the lesson's authored values and a `LearnerState`."""

    def __init__(self, *, authored: dict[str, dict], state: LearnerState):
        super().__init__()
        self.authored = authored  # usage id → {field name: JSON value}
        self.state = state

    @staticmethod
    def _scope(block, name: str) -> Scope:
        return block.fields[name].scope

    @staticmethod
    def _usage(block) -> Usage:
        return Usage.parse(block.scope_ids.usage_id, block.scope_ids.block_type)

    def get(self, block, name):
        scope = self._scope(block, name)
        if scope in AUTHORED_SCOPES:
            value = self.authored.get(block.scope_ids.usage_id, {}).get(name)
            if value is None:
                # Left empty by the trainer: the field's own default applies.
                raise KeyError(name)
            return value
        try:
            return self.state.get(scope, self._usage(block), name)
        except KeyError:
            raise KeyError(name) from None

    def has(self, block, name):
        try:
            self.get(block, name)
        except KeyError:
            return False
        return True

    def set(self, block, name, value):
        self.set_many(block, {name: value})

    def set_many(self, block, update_dict):
        for name in update_dict:
            if self._scope(block, name) not in self._writable_scopes():
                raise ReadOnlyFieldError(name)
        for name, value in update_dict.items():
            self.state.set(self._scope(block, name), self._usage(block), name, value)

    def delete(self, block, name):
        if self._scope(block, name) not in self._writable_scopes():
            raise ReadOnlyFieldError(name)
        self.state.delete(self._scope(block, name), self._usage(block), name)

    def default(self, block, name):
        raise KeyError(name)

    @staticmethod
    def _writable_scopes():
        return (Scope.user_state, Scope.user_state_summary, Scope.preferences, Scope.user_info)
