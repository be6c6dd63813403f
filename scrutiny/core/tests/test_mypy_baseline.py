"""bin/mypy-baseline: mypy's error lines compared without line numbers, duplicates counted."""

import runpy
from collections import Counter
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "bin" / "mypy-baseline"


@pytest.fixture(scope="module")
def baseline():
    return runpy.run_path(str(SCRIPT), run_name="mypy_baseline")


@pytest.mark.parametrize(
    ("line", "key"),
    [
        (
            'scrutiny/a.py:12: error: "User" has no attribute "x"  [attr-defined]',
            'scrutiny/a.py: [attr-defined] "User" has no attribute "x"',
        ),
        (  # with a column number
            "scrutiny/a.py:12:5: error: Missing return  [return]",
            "scrutiny/a.py: [return] Missing return",
        ),
        (  # a whole-file error has no line number
            'scrutiny/b.py: error: Skipping analyzing "x"  [import-untyped]',
            'scrutiny/b.py: [import-untyped] Skipping analyzing "x"',
        ),
        (  # a line quoted inside the message moves with edits too
            'scrutiny/c.py:40: error: Name "f" already defined on line 12  [no-redef]',
            'scrutiny/c.py: [no-redef] Name "f" already defined on line N',
        ),
    ],
)
def test_error_lines_lose_their_line_numbers(baseline, line, key):
    match = baseline["ERROR"].match(line)
    assert match and baseline["normalise"](match) == key


def test_notes_are_not_errors(baseline):
    assert baseline["ERROR"].match("scrutiny/a.py:3: note: See docs") is None


@pytest.fixture
def check(baseline, tmp_path, monkeypatch, capsys):
    """Run the script's main() with mypy's answer `now` against a baseline listing `listed`."""
    names = baseline["main"].__globals__
    path = tmp_path / "mypy-baseline.txt"
    monkeypatch.setitem(names, "BASELINE", path)

    def run(listed: list[str], now: list[str], *args: str) -> tuple[int, str, list[str]]:
        names["write_baseline"](Counter(listed))
        errors = Counter(now)
        raw = {key: [f"{key} (line)"] * n for key, n in errors.items()}
        monkeypatch.setitem(names, "run_mypy", lambda: (errors, raw))
        monkeypatch.setattr("sys.argv", ["mypy-baseline", *args])
        code = names["main"]()
        kept = [line for line in path.read_text().splitlines() if not line.startswith("#")]
        return code, capsys.readouterr().out, kept

    return run


A, B = "a.py: [misc] one", "b.py: [misc] two"


def test_the_same_errors_pass(check):
    code, out, _ = check([A, A, B], [B, A, A])
    assert code == 0 and "no new errors (3 in the baseline" in out


def test_one_more_of_a_listed_error_fails(check):
    code, out, _ = check([A, B], [A, A, B])
    assert code == 1 and "1 error(s) not in mypy-baseline.txt" in out


def test_a_fixed_error_fails_asking_to_shrink_the_baseline(check):
    code, out, kept = check([A, B], [A])
    assert code == 1 and f"  {B}" in out and "bin/mypy-baseline --update" in out
    assert kept == [A, B]  # a check never rewrites the file


def test_update_shrinks_but_never_takes_in_new_errors(check):
    assert check([A, B], [A], "--update")[0::2] == (0, [A])
    code, out, kept = check([A], [A, B], "--update")
    assert code == 1 and kept == [A] and "the baseline only shrinks" in out
    assert check([A], [A, B], "--update", "--allow-new")[0::2] == (0, [A, B])
