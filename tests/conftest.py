"""Fixtures shared by the tests: small exercise files (see :mod:`tests.builders`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.builders import exercise_text


@pytest.fixture(name="exercise_text")
def exercise_text_fixture() -> Callable[..., str]:
    """:func:`exercise_text`, for tests to build small files."""
    return exercise_text


@pytest.fixture
def write_exercise(tmp_path: Path) -> Callable[..., Path]:
    """Write a minimal exercise file: ``write_exercise("dir/name.toml", id=..., title=...)``."""

    def write(relative: str, text: str | None = None, **fields: str) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if text is not None else exercise_text(**fields), encoding="utf-8")
        return path

    return write
