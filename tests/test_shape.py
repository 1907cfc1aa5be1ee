"""The suite's shape: a test module imports set-ups from helper modules, never from another test
module or a conftest (pytest collects those itself, and a test module imported elsewhere runs
its set-up under two names and couples unrelated tests)."""

import ast
import itertools
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _is_test_module(dotted: str) -> bool:
    last = dotted.rsplit(".", 1)[-1]
    return dotted.split(".")[0] == "tests" and (last.startswith("test_") or last == "conftest")


def imported_test_modules(source: str) -> list[str]:
    """The test modules (and conftests) under tests/ that `source` imports."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_test_module(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if _is_test_module(node.module):
                found.append(node.module)
            found += [
                f"{node.module}.{alias.name}"
                for alias in node.names
                if _is_test_module(f"{node.module}.{alias.name}")
            ]
    return found


def test_the_check_finds_each_way_of_importing_a_test_module():
    source = (
        "import tests.games.test_end_to_end\n"
        "from tests.games.realtime.test_consumer import seated_players\n"
        "from tests.frontend import test_xss\n"
        "from tests.frontend.conftest import screenshot\n"
        "from tests.games.realtime.tables import seated_players\n"
        "from tests import factories\n"
    )

    assert imported_test_modules(source) == [
        "tests.games.test_end_to_end",
        "tests.games.realtime.test_consumer",
        "tests.frontend.test_xss",
        "tests.frontend.conftest",
    ]


def test_no_module_of_the_suite_imports_a_test_module_or_a_conftest():
    offenders = {
        str(path.relative_to(TESTS.parent)): imported
        for path in sorted(TESTS.rglob("*.py"))
        if path != Path(__file__).resolve()
        and (imported := imported_test_modules(path.read_text(encoding="utf-8")))
    }

    assert offenders == {}, "move the shared set-up into a helper module beside the tests"


def test_a_test_sleeps_only_where_the_pause_is_the_behaviour_and_says_so():
    """Waiting for something is `tests/waiting.py`'s or a signal's job; any other sleep (a rate
    under test, a client's own back-off) has a comment on the line before it saying why."""
    unexplained = [
        f"{path.relative_to(TESTS.parent)}:{number}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != "waiting.py" and path != Path(__file__).resolve()
        for number, (before, line) in enumerate(
            itertools.pairwise(["", *path.read_text(encoding="utf-8").splitlines()]), start=1
        )
        if "sleep(" in line and not before.strip().startswith("#")
    ]

    assert unexplained == [], "await the signal, or poll with tests/waiting.py"
