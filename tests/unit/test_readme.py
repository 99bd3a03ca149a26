"""README's Python example runs, and every ``expression  # result`` line in it is true."""

from __future__ import annotations

import ast
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_readme_rules_example_holds():
    blocks = _python_blocks()
    assert blocks, "README lost its rules example"
    checked = 0
    for block in blocks:
        namespace: dict[str, object] = {}
        exec(compile(block, str(README), "exec"), namespace)
        lines = block.splitlines()
        for i, line in enumerate(lines):
            # "expr  # result" on one line, or "expr" followed by a "# result" line.
            if "  # " in line and not line.lstrip().startswith("#"):
                expr, _, result = line.partition("  # ")
            elif line.startswith("# ") and i and not lines[i - 1].lstrip().startswith("#"):
                expr, result = lines[i - 1], line[2:]
            else:
                continue
            try:
                expected = ast.literal_eval(result.strip())
            except (ValueError, SyntaxError):
                continue  # a prose comment, not a result
            got = eval(expr, namespace)
            if isinstance(expected, tuple) and isinstance(got, tuple):
                got = tuple(list(g) if isinstance(g, list) else g for g in got)
            assert got == expected, f"README says {expr.strip()} gives {result.strip()}"
            checked += 1
    assert checked >= 2


def test_readme_links_and_pictures_exist():
    # Relative links and images, e.g. [docs/sync.md](docs/sync.md) or ![..](docs/x.png).
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#:]+)\)", text)
    assert any(t.endswith(".png") for t in targets), "README shows no screenshot"
    missing = [t for t in targets if not (README.parent / t).exists()]
    assert missing == [], f"README points at files that do not exist: {missing}"
