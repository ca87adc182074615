"""Fixtures shared by the library, text and writer tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


def exercise_text(id: str = "hello", title: str = "Hello", depth: str = "light") -> str:
    """The smallest valid exercise: one read step."""
    return (
        f'format = 1\nid = "{id}"\ntitle = "{title}"\nsummary = "A first step."\n'
        f'depth = "{depth}"\n\n[[steps]]\nid = "welcome"\nkind = "read"\ntext = "Welcome."\n'
    )


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
