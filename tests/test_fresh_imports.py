"""Every module of every app imports when it is the first thing imported after Django starts.

An import cycle between two modules only shows when one of them is imported first (importing
a report module before `reports.sections` once failed with ImportError). One interpreter
starts Django, notes the modules loaded by then (models, AppConfig.ready()'s registrations),
and then imports each other module of the `scrutiny` package on its own: before each, every
`scrutiny` module loaded since Django started is forgotten, so the module and whatever it
imports load afresh, in the order that module asks for them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.test_layers import KNOWN_EXCEPTIONS

ROOT = Path(__file__).resolve().parent.parent

# Not importable as a library module: they run something when imported.
SKIPPED = {"scrutiny.__main__", "scrutiny.wsgi"}

SCRIPT = r"""
import importlib, json, sys, traceback
import django

django.setup()
loaded_by_setup = set(sys.modules)


def forget_since_setup():
    for name in [n for n in sys.modules if n.startswith("scrutiny.") and n not in loaded_by_setup]:
        module = sys.modules.pop(name)
        parent_name, _, child = name.rpartition(".")
        parent = sys.modules.get(parent_name)
        if parent is not None and getattr(parent, child, None) is module:
            delattr(parent, child)  # else `from package import child` would reuse it


failures = {}
for name in json.loads(sys.argv[1]):
    forget_since_setup()
    try:
        importlib.import_module(name)
    except Exception:
        failures[name] = traceback.format_exc(limit=-3)
print(json.dumps({"failures": failures, "loaded_by_setup": len(loaded_by_setup)}))
"""


def library_modules() -> list[str]:
    names = []
    for path in sorted((ROOT / "scrutiny").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name not in SKIPPED:
            names.append(name)
    return names


def test_each_module_imports_first(tmp_path):
    modules = library_modules()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "scrutiny.test_settings",
        "SCRUTINY_VAR_DIR": str(tmp_path),
        "PYTHONWARNINGS": "error",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(modules)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    failures = json.loads(done.stdout.strip().splitlines()[-1])["failures"]
    # The cycles being removed (tests/test_layers.py, KNOWN_EXCEPTIONS) fail here too.
    known = {module for module, _ in KNOWN_EXCEPTIONS}
    assert sorted(set(failures) - known) == [], "\n".join(
        f"{name}:\n{trace}" for name, trace in failures.items() if name not in known
    )


def test_the_check_sees_an_import_cycle(tmp_path):
    """The script reports a module whose import cycle shows only when it is imported first."""
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclic.b import B\nA = 1\n")
    (package / "b.py").write_text("from cyclic.a import A\nB = 2\n")
    script = SCRIPT.replace('n.startswith("scrutiny.")', 'n.startswith("cyclic.")')
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "scrutiny.test_settings",
        "SCRUTINY_VAR_DIR": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
    }
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(["cyclic.a", "cyclic.b"])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    failures = json.loads(done.stdout.strip().splitlines()[-1])["failures"]
    assert sorted(failures) == ["cyclic.a", "cyclic.b"]
    assert "ImportError" in failures["cyclic.a"]
