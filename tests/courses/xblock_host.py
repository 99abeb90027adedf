"""A tiny XBlock host for testing our exercises without the learning runtime.

Field data is one dict shared by every learner's runtime (user_state is keyed by user id inside
it, as the real runtime keys it by learner × usage); `publish` records events instead of scoring.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from webob import Request
from xblock.fields import Scope, ScopeIds
from xblock.runtime import DictKeyValueStore, KvsFieldData
from xblock.test.tools import TestRuntime


class HostRuntime(TestRuntime):
    def __init__(self, *, field_data, user_id):
        super().__init__(services={"field-data": field_data})
        self.user = user_id
        self.events: list[tuple[str, dict]] = []

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        return f"/xblock/{block.scope_ids.usage_id}/{handler_name}/"

    def local_resource_url(self, block, uri):
        return f"/static/{uri}"

    def resource_url(self, resource):
        return f"/static/{resource}"

    def publish(self, block, event_type, event_data):
        self.events.append((event_type, event_data))


@dataclass
class Host:
    """One usage of one block class, seen by any number of learners."""

    block_class: type
    content: dict[str, Any]
    storage: dict = field(default_factory=dict)
    runtimes: dict[int, HostRuntime] = field(default_factory=dict)

    def block(self, user_id: int = 1):
        """The block as learner `user_id` sees it (a fresh instance, state read from storage)."""
        runtime = self.runtimes.setdefault(
            user_id,
            HostRuntime(field_data=KvsFieldData(DictKeyValueStore(self.storage)), user_id=user_id),
        )
        block = runtime.construct_xblock_from_class(
            self.block_class,
            ScopeIds(user_id, "exercise", "definition-1", "lesson-7-exercise-1"),
        )
        for name, value in self.content.items():
            setattr(block, name, value)
        block.save()
        return block

    def post(self, block, handler: str, body: Any, *, raw: bytes | None = None):
        """POST `body` as JSON to a handler; returns (status code, decoded JSON)."""
        request = Request.blank(
            "/", method="POST", body=raw if raw is not None else json.dumps(body).encode()
        )
        response = block.runtime.handle(block, handler, request)
        return response.status_code, json.loads(response.body)

    def events(self, user_id: int = 1) -> list[tuple[str, dict]]:
        return self.runtimes[user_id].events

    def user_state(self, user_id: int = 1) -> dict[str, Any]:
        """The learner's stored user_state fields, by name."""
        return {
            key.field_name: value
            for key, value in self.storage.items()
            if key.scope == Scope.user_state and key.user_id == user_id
        }
