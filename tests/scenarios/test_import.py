"""Importing scenarios: all or nothing, idempotent, and every change kept as a new version."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from scenarios.loader import LIBRARY_DIR, read_scenario_files
from scenarios.models import ScenarioVersion
from tests.factories import scenario_document, scenario_yaml
from tests.servers import ROOT

pytestmark = pytest.mark.django_db


def write(folder: Path, **overrides) -> Path:
    document = scenario_document(**overrides)
    path = folder / f"{document['id']}.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def load(*paths: Path) -> str:
    out = StringIO()
    call_command("load_scenarios", *map(str, paths), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_loading_the_same_files_again_changes_nothing(tmp_path):
    path = write(tmp_path)
    load(path)

    output = load(path)

    assert ScenarioVersion.objects.count() == 1
    assert "0 new version(s), 1 unchanged" in output


def test_a_comment_or_layout_change_is_not_a_new_version(tmp_path):
    path = write(tmp_path)
    load(path)
    path.write_text("# reviewed by the training team\n" + path.read_text())

    load(path)

    assert ScenarioVersion.objects.count() == 1


def test_a_changed_file_becomes_a_new_version_and_the_old_one_is_kept(tmp_path):
    path = write(tmp_path)
    load(path)
    first = ScenarioVersion.objects.get()
    write(tmp_path, title="The short shipment, revised", version="1.1")

    load(path)

    versions = ScenarioVersion.objects.filter(scenario__slug="short-shipment").order_by("number")
    assert [(v.number, v.label, v.title) for v in versions] == [
        (1, "1.0", "The short shipment"),
        (2, "1.1", "The short shipment, revised"),
    ]
    first.refresh_from_db()
    assert first.spec().title == "The short shipment"


def test_one_bad_file_and_nothing_is_imported(tmp_path):
    write(tmp_path, id="good-one")
    (tmp_path / "bad-one.yaml").write_bytes(scenario_yaml(id="bad-one", difficulty="brutal"))
    stderr = StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("load_scenarios", str(tmp_path), stdout=StringIO(), stderr=stderr)

    assert ScenarioVersion.objects.count() == 0
    assert "bad-one.yaml" in stderr.getvalue()
    assert (
        "difficulty: Input should be 'introductory', 'intermediate' or 'hard'" in stderr.getvalue()
    )


def test_two_files_with_the_same_id_are_refused(tmp_path):
    write(tmp_path)
    other = tmp_path / "sub"
    other.mkdir()
    write(other)

    _, problems = read_scenario_files([tmp_path, other])

    assert [problem.message for problem in problems] == [
        f"'short-shipment' is also the id of {tmp_path / 'short-shipment.yaml'}"
    ]


def test_the_command_line_reports_errors_without_a_traceback_and_fails(tmp_path):
    (tmp_path / "empty.yaml").write_text("")

    result = subprocess.run(
        [sys.executable, "manage.py", "validate_scenarios", str(tmp_path / "empty.yaml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert f"{tmp_path / 'empty.yaml'}: the file is empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_scenarios_imports_nothing(tmp_path):
    call_command("validate_scenarios", str(write(tmp_path)), stdout=StringIO())

    assert ScenarioVersion.objects.count() == 0


def test_the_builtin_library_loads_by_default():
    output = load()

    library_files = sorted(LIBRARY_DIR.glob("*.yaml"))
    assert ScenarioVersion.objects.count() == len(library_files) >= 10
    assert f"{len(library_files)} new version(s)" in output
