"""Our apps import one way (docs/DESIGN: demo → certificates/compliance → learning →
courses/agencies): a test, so a shortcut across the boundary fails here, not in review."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"agencies", "courses", "learning", "certificates", "compliance", "demo", "config"}
# What each app may import of ours (itself always).
ALLOWED = {
    "agencies": set(),
    "courses": set(),
    "learning": {"agencies", "courses"},
    "certificates": {"agencies", "courses", "learning"},
    "compliance": {"agencies", "courses", "learning"},
}


def imported_apps(app: str) -> dict[str, set[str]]:
    """Our top-level packages each module of `app` imports, by file."""
    found = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.partition(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.partition(".")[0])
        found[str(path.relative_to(ROOT))] = (names & OURS) - {app}
    return found


@pytest.mark.parametrize("app", [app for app in ALLOWED if (ROOT / app).is_dir()])
def test_app_imports_only_what_it_may(app):
    crossings = {
        path: sorted(names - ALLOWED[app])
        for path, names in imported_apps(app).items()
        if names - ALLOWED[app]
    }
    assert crossings == {}, f"{app} may import only {sorted(ALLOWED[app]) or 'none of ours'}"


def test_the_check_sees_imports():
    """The scan itself: learning's models do import courses."""
    assert "courses" in imported_apps("learning")["learning/models.py"]
