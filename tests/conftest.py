"""Fixtures shared by the tests: small exercise files (see :mod:`tests.builders`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


@pytest.fixture
def refuse_to_delete(monkeypatch: pytest.MonkeyPatch) -> Callable[[str, int], None]:
    """``refuse_to_delete(ending, errno)``: ``os.unlink`` fails so for paths that end so."""
    real_unlink = os.unlink

    def refuse(ending: str, number: int) -> None:
        def unlink(path: Any, *args: Any, **kwargs: Any) -> None:
            if str(path).endswith(ending):
                raise OSError(number, os.strerror(number))
            real_unlink(path, *args, **kwargs)

        monkeypatch.setattr(os, "unlink", unlink)

    return refuse
