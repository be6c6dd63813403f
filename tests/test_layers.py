"""The code keeps one direction: a module imports only from its own layer or the layers below.

Every `import` and `from ... import` in the `scrutiny` package (at the top of a module or
inside a function alike; tests, migrations and `if TYPE_CHECKING:` blocks aside) is read
with `ast` and checked against `LAYERS`. Apps in one layer may import each other, but no two apps may import each
other both ways (`test_no_import_cycle_between_apps`). README "Working on Scrutiny"
explains the layers.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scrutiny"

# Bottom first. A module may import from its own layer and every layer before it.
LAYERS: list[tuple[str, set[str]]] = [
    # The foundation, one app per layer. `core` is the page toolkit (GOV.UK forms and the
    # date widget, the edit guard, exporters, uploads, charts, form_page) and imports no app.
    ("core", {"core"}),
    ("tenancy", {"tenancy"}),
    ("people", {"people"}),
    ("access", {"access"}),
    # The audit log: its models point at boards and regions; its page needs `access`. It
    # answers the edit guard's "who saved since" by registering with `core.concurrency`.
    ("audit", {"audit"}),
    # The foundation's pages: home, board home, navigation, tenancy and people pages.
    ("pages", {"pages"}),
    # Background jobs (branch "jobs"): a job record and runner that sources hand work to.
    ("jobs", {"jobs"}),
    ("frameworks", {"library", "questionnaires"}),
    # The records every source writes through (`findings.services.record_finding`,
    # `actions.services.raise_action`); they link back to a source by a generic relation
    # and import none.
    ("records", {"findings", "actions"}),
    # The board's priorities and objectives: what every source's work serves (audits,
    # training, engagement, challenges point at a priority), so below the sources.
    ("plan", {"plan"}),
    # Governance (meetings, attendance, membership) and challenges (the challenge log) are
    # sources: the board learns from them and they record findings and raise actions.
    (
        "sources",
        {
            "returns",
            "dataset",
            "audits",
            "reviews",
            "training",
            "voice",
            "governance",
            "challenges",
            "incidents",
            "scrutineer",
            "inspections",
            # The partnership: partners, relevant agencies (reading returns scheduled),
            # documents and budget; reports reads who signs the yearly report from it.
            "partnership",
        },
    ),  # fmt: skip
    # Gather from the sources. A peer review tests a board's self-assessment and its
    # evidence links (its models point at them), so it sits here, not among the sources.
    ("gather", {"reports", "selfassessment", "regional", "peerreview"}),
    # Builds or serves the whole site: the demo region, backup/restore and the server, the
    # URL map and settings (`(top)`: modules directly under `scrutiny/`).
    ("site", {"demo", "operations", "(top)"}),
]

# Registries: modules of a higher app that lower apps register with from their AppConfig,
# or whose shapes they fill. Each imports nothing above the layer named here and counts in
# that layer (test_registries_stay_low).
REGISTRIES: dict[str, str] = {
    "scrutiny.selfassessment.finders": "frameworks",  # evidence finders, regional resources
    "scrutiny.plan.links": "foundation",  # what a priority's page lists from other apps
    "scrutiny.reports.framework": "foundation",  # branch "report": section kinds
}

# KNOWN EXCEPTIONS (issue 15, "One direction"): imports that break the layers today, each
# with who is removing it. The lead empties this list as those branches merge; nothing new
# is added to it. Keys: (importing module, imported app).
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}

LAYER_OF = {app: index for index, (_, apps) in enumerate(LAYERS) for app in apps}
LAYER_NAMED = {name: index for index, (name, _) in enumerate(LAYERS)} | {
    "foundation": LAYER_OF["pages"]
}


def _registry_of(module: str) -> str | None:
    return next((r for r in REGISTRIES if module == r or module.startswith(r + ".")), None)


def _layer(module: str, app: str) -> int:
    registry = _registry_of(module)
    return LAYER_NAMED[REGISTRIES[registry]] if registry else LAYER_OF[app]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _app_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) < 2:
        return "(top)"
    return parts[1] if (PACKAGE / parts[1]).is_dir() else "(top)"


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but those under `if TYPE_CHECKING:`, which only the type checker reads (a
    record may name the type of a higher one it links to by a string foreign key)."""
    nodes, pending = [], [tree]
    while pending:
        node = pending.pop()
        nodes.append(node)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending += node.orelse
        else:
            pending += ast.iter_child_nodes(node)
    return nodes


def _imported_modules(path: Path, module: str) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: list[tuple[int, str]] = []
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                if node.module:
                    found.append((node.lineno, ".".join([*base, node.module])))
                else:
                    found += [(node.lineno, ".".join([*base, a.name])) for a in node.names]
            elif node.module:
                found.append((node.lineno, node.module))
    return [(line, name) for line, name in found if name.split(".")[0] == "scrutiny"]


def app_imports() -> list[tuple[str, int, str, str, str]]:
    """(importing module, line, importing app, imported app, imported module) for every
    import across apps."""
    edges = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).parts
        if "tests" in relative or "migrations" in relative:
            continue
        module = _module_name(path)
        source = _app_of(module)
        for line, imported in _imported_modules(path, module):
            target = _app_of(imported)
            if target != source:
                edges.append((module, line, source, target, imported))
    return edges


def test_every_app_has_a_layer():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert apps - set(LAYER_OF) == set(), "add the new app to LAYERS in tests/test_layers.py"


def test_imports_run_downwards_only():
    upward = [
        f"{module}:{line} ({LAYERS[_layer(module, source)][0]}) imports {imported} "
        f"({LAYERS[_layer(imported, target)][0]})"
        for module, line, source, target, imported in app_imports()
        if _layer(imported, target) > _layer(module, source)
        and (module, target) not in KNOWN_EXCEPTIONS
    ]
    assert upward == [], "imports from a higher layer:\n" + "\n".join(upward)


def test_registries_stay_low():
    """A registry imports nothing above its layer, so registering never reaches up."""
    too_high = [
        f"{module}:{line} imports {imported}"
        for module, line, _, target, imported in app_imports()
        if _registry_of(module) and _layer(imported, target) > _layer(module, "")
    ]
    assert too_high == []


def test_known_exceptions_still_exist():
    """An exception that no longer happens is removed from the list, so it cannot hide a
    new one."""
    seen = {(module, target) for module, _, _, target, _ in app_imports()}
    assert set(KNOWN_EXCEPTIONS) - seen == set()


def test_no_import_cycle_between_apps():
    graph: dict[str, set[str]] = defaultdict(set)
    for module, _, source, target, imported in app_imports():
        # The URL map and settings name every app; a registry is counted in its own layer.
        counted = (module, target) not in KNOWN_EXCEPTIONS and "(top)" not in (source, target)
        if counted and not _registry_of(imported) and not _registry_of(module):
            graph[source].add(target)
    cycles = []
    state: dict[str, str] = {}

    def visit(app: str, trail: list[str]) -> None:
        state[app] = "open"
        for target in sorted(graph[app]):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[app] = "done"

    for app in sorted(graph):
        if app not in state:
            visit(app, [app])
    assert cycles == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from .models import X", ["scrutiny.pages.models"]),
        ("from . import views", ["scrutiny.pages.views"]),
        ("from ..tenancy.models import Board", ["scrutiny.tenancy.models"]),
        ("def f():\n    import scrutiny.access.views", ["scrutiny.access.views"]),
        ("import os\nfrom django.db import models", []),
        ("if TYPE_CHECKING:\n    from scrutiny.plan.models import Objective", []),
    ],
)
def test_reads_relative_and_nested_imports(tmp_path, source, expected):
    path = tmp_path / "module.py"
    path.write_text(source)
    assert [name for _, name in _imported_modules(path, "scrutiny.pages.module")] == expected
