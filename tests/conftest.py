"""Shared fixtures.  The spaCy model is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the clone (CI provides it); missing data fails loudly."""
    if not SHARED.is_dir():
        pytest.fail(f"shared material missing: {SHARED} (clone next to ../shared)")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return ROOT / "data" / "corpus"


@pytest.fixture(scope="session")
def nlp():
    """The project's spaCy pipeline (model + registry patterns), built once."""
    from geo.nlp import get_nlp

    return get_nlp()
