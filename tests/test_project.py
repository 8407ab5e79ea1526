"""The README's set-up commands and CI stay in step (the README is the set-up on a fresh machine)."""
from __future__ import annotations

import re


def _code_blocks(readme: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```(?:bash)?\n(.*?)```", readme, flags=re.S)]


def test_readme_opens_with_the_app_and_the_test_commands(root):
    blocks = _code_blocks((root / "README.md").read_text(encoding="utf-8"))
    assert "streamlit run app.py" in blocks[0] and "pip install" in blocks[0]
    assert "pytest" in blocks[1] and '".[test]"' in blocks[1]


def test_ci_runs_exactly_the_readme_test_command(root):
    test_command = _code_blocks((root / "README.md").read_text(encoding="utf-8"))[1]
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == test_command
