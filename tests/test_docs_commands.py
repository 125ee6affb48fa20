"""Every `kiosk ...` command line in the README's and docs' code blocks parses: the docs
name only commands and options that exist (a renamed flag breaks this test, not a user)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from kiosk.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def command_lines(path: Path) -> list[str]:
    lines: list[str] = []
    in_code = False
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if not in_code:
            continue
        line = pending + raw.strip()
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        pending = ""
        line = re.sub(r"^(sudo( -u \S+)? )", "", line)
        if line.startswith(("kiosk ", ".venv/bin/kiosk ")) and "$" not in line:
            lines.append(line)
    return lines


CASES = [(p.name, line) for p in DOCS for line in command_lines(p)]


def test_the_docs_do_show_commands() -> None:
    assert len(CASES) >= 5, CASES


@pytest.mark.parametrize(("doc", "line"), CASES)
def test_documented_command_parses(doc: str, line: str) -> None:
    words = shlex.split(line, comments=True)
    words = words[1:]
    for stop in (">", "|", "&&", ";", "&"):
        if stop in words:
            words = words[: words.index(stop)]
    try:
        build_parser().parse_args(words)
    except SystemExit as exc:
        pytest.fail(f"{doc}: `{line}` does not parse (exit {exc.code})")
