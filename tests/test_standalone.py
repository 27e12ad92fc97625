"""The repository stands alone: no test, script or module reads a file outside it.

Tests used to read expected figures and the 360Giving schema from a sibling folder that a clone of the
repository does not have. Their copies live in tests/fixtures/ (sources in its README). This module
scans the sources for paths that climb out of the repository, so such a read cannot come back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = REPO_ROOT / "tests" / "fixtures"
SCANNED = ("tests", "opcc", "grants", "complaints", "volunteers", "engagement", "scripts")
FIXTURE_FILES = [
    "published_figures.json",
    "360giving/360-giving-package-schema.json",
    "360giving/360-giving-schema.json",
]

# Text that names a place outside the repository, on any line.
ESCAPES = [
    (re.compile(r"""["'/]shared["'/]"""), "the sibling 'shared' folder"),
    (re.compile(r"BASE_DIR\)?\s*\.\s*parent"), "the parent of BASE_DIR"),
    (re.compile(r"""["']/work/"""), "an absolute path of this machine"),
]
# Text that climbs out only when the line builds or opens a path: "../../etc/passwd" as hostile
# test data for a file-name sanitiser is not a read. Shell scripts are always a path context.
CLIMBS = [
    (re.compile(r"""["'/]\.\.(/|["'])"""), "a '..' path"),
    (re.compile(r"""["'](/tmp|/home|/root)/"""), "an absolute path of a machine"),
]
PATH_CONTEXT = re.compile(r"Path\(|open\(|os\.path|read_text|read_bytes|BASE_DIR|__file__|/\s*[\"']\.\.")
PARENTS_INDEX = re.compile(r"parents\[(\d+)\]")
PARENT_CHAIN = re.compile(r"__file__\)(?:\.resolve\(\))?((?:\.parent)+)")
# A shell script's own folder, then up: legitimate while it stays within the repository.
SCRIPT_CLIMB = re.compile(r'dirname "\$\{BASH_SOURCE\[0\]\}"\)((?:/\.\.)+)')
ALLOWED = "standalone: not a path"  # a comment that exempts its line, for data that only looks like one


def escapes(path: Path, text: str) -> list[str]:
    """What in `text` (the source of `path`, inside the repository) points outside the repository."""
    depth = len(path.relative_to(REPO_ROOT).parts)  # parents[depth - 1] of the file is the root
    shell = path.suffix != ".py"
    found: list[str] = []
    for line in text.splitlines():
        if ALLOWED in line:
            continue
        for m in SCRIPT_CLIMB.finditer(line):
            if m.group(1).count("/..") > depth - 1:
                found.append(f"{m.group(0)!r} climbs above the root")
        line = SCRIPT_CLIMB.sub("", line)
        rules = ESCAPES + CLIMBS if shell or PATH_CONTEXT.search(line) else ESCAPES
        found += [f"{what}: {m.group(0)!r}" for pattern, what in rules for m in pattern.finditer(line)]
        found += [
            f"parents[{m.group(1)}] climbs above the root"
            for m in PARENTS_INDEX.finditer(line)
            if int(m.group(1)) >= depth
        ]
        found += [
            f"{m.group(0)!r} climbs above the root"
            for m in PARENT_CHAIN.finditer(line)
            if m.group(1).count(".parent") > depth
        ]
    return found


def sources() -> list[Path]:
    this = Path(__file__).resolve()
    found = []
    for top in SCANNED:
        for path in sorted((REPO_ROOT / top).rglob("*")):
            script = path.suffix in {".py", ".sh"} or (path.parent.name == "scripts" and not path.suffix)
            if script and path.is_file() and path.resolve() != this and "__pycache__" not in path.parts:
                found.append(path)
    return found


def test_no_source_refers_to_a_path_outside_the_repository():
    offenders = {
        str(path.relative_to(REPO_ROOT)): hits
        for path in sources()
        if (hits := escapes(path, path.read_text(encoding="utf-8", errors="replace")))
    }
    assert offenders == {}


# The sibling folder name is assembled, so that this file's own examples are not a read outside.
SIBLING = "sh" + "ared"


@pytest.mark.parametrize(
    ("relative", "line"),
    [
        ("tests/grants/test_x.py", 'p = Path(settings.BASE_DIR).parent / "' + SIBLING + '" / "reference"'),
        ("tests/grants/test_x.py", 'p = Path(settings.BASE_DIR.parent) / "x.json"'),
        ("tests/grants/test_x.py", "p = Path(__file__).resolve().parents[3] / 'x.json'"),
        ("tests/grants/test_x.py", "p = Path(__file__).resolve().parent.parent.parent.parent / 'x'"),
        ("tests/test_x.py", "p = Path(__file__).resolve().parents[2]"),
        ("tests/test_x.py", "p = open('../reference/x.json')"),
        ("tests/test_x.py", 'p = Path("../' + SIBLING + '/reference/x.json").read_text()'),
        ("tests/test_x.py", 'p = REPO_ROOT / ".." / "reference"'),
        ("tests/test_x.py", 'p = Path("/tmp/reference/x.json")'),
        ("tests/test_x.py", 'SCHEMAS = "/work/shared/reference"'),
        ("scripts/lib/x.sh", 'cat "$ROOT/../' + SIBLING + '/design.md"'),
        ("scripts/x", 'cd "$(dirname "${BASH_SOURCE[0]}")/../.."'),
    ],
)
def test_the_scan_catches_the_ways_out(relative, line):
    assert escapes(REPO_ROOT / relative, line)


@pytest.mark.parametrize(
    ("relative", "line"),
    [
        ("tests/grants/test_x.py", 'p = Path(__file__).resolve().parents[1] / "fixtures" / "x.json"'),
        ("tests/e2e/helpers.py", "REPO_ROOT = Path(__file__).resolve().parents[2]"),
        ("tests/worker.py", "REPO_ROOT = Path(__file__).resolve().parent.parent"),
        ("tests/grants/test_x.py", "# one user and one organisation are shared to keep the test quick"),
        ("scripts/lib/common.sh", 'ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)'),
        ("scripts/build-assets", 'cd "$(dirname "${BASH_SOURCE[0]}")/.."'),
        ("tests/core/test_x.py", '("../../etc/passwd", "etc-passwd.csv"),'),  # hostile data, not a read
        ("tests/core/test_x.py", "make(filename='x\"/../evil')"),
        ("tests/core/test_x.py", 'open(name)  # "../x" standalone: not a path'),
    ],
)
def test_the_scan_lets_paths_inside_the_repository_through(relative, line):
    assert escapes(REPO_ROOT / relative, line) == []


@pytest.mark.parametrize("relative", FIXTURE_FILES)
def test_fixture_files_exist_and_have_their_source_noted(relative):
    assert (FIXTURES / relative).is_file()
    assert Path(relative).name in (FIXTURES / "README.md").read_text(encoding="utf-8")


def test_every_fixture_file_is_listed():
    on_disk = {
        str(path.relative_to(FIXTURES))
        for path in FIXTURES.rglob("*")
        if path.is_file() and path.name != "README.md"
    }
    assert on_disk == set(FIXTURE_FILES)
