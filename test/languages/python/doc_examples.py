"""The examples of regcred's README and guides (```` ```python example=NAME ````), as test/docs/blocks.ts
reads them: a test takes one by name and runs it as printed."""

import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent.parent
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(\S*)(.*)$")


def doc_files():
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]


def doc_example(name):
    """The text of the one block named `name`, without the indentation of a list around it."""
    found = []
    for path in doc_files():
        lines = path.read_text(encoding="utf-8").split("\n")
        i = 0
        while i < len(lines):
            m = FENCE.match(lines[i])
            if m and re.search(rf"\bexample={re.escape(name)}(\s|$)", m.group(4)):
                indent, marker = m.group(1), m.group(2)
                body = []
                i += 1
                while not lines[i].strip().startswith(marker):
                    body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
                    i += 1
                found.append("\n".join(body) + "\n")
            i += 1
    if len(found) != 1:
        raise AssertionError(f"example={name}: {len(found)} blocks carry it, where one must")
    return textwrap.dedent(found[0])
