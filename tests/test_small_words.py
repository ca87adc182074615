"""Issue 12 item 21, outside the screens: words a person reads, and folders made too soon."""

from __future__ import annotations

from pathlib import Path

from reconnect_tui.cli.main import main
from reconnect_tui.engine import Session
from reconnect_tui.engine.answers import display
from reconnect_tui.exercises.model import ComposeStep, Exercise, OptionGroup, ScaleStep, Slot
from reconnect_tui.progress.store import Store


def at(step) -> Session:
    exercise = Exercise(id="one", title="One", summary="One step.", steps=[step])
    return Session.start(exercise, mode="solo", names=["Sam"], clock=lambda: 0.0)


def test_a_missing_blank_is_named_by_its_prompt() -> None:
    step = ComposeStep(
        id="i",
        template="Lately {shift}, and {x}.",
        slots=[
            Slot(name="shift", kind="text", prompt="What has changed"),
            Slot(name="x", kind="choice", groups=[OptionGroup(options=["a"])]),
        ],
    )
    assert at(step).check({}) == (
        "Please fill in the 'What has changed' blank.",
        "Please fill in the 'x' blank.",  # no prompt: the name is all there is
    )


def test_a_scale_answer_reads_with_its_scale() -> None:
    step = ScaleStep(id="s", min=1, max=5, min_label="far apart", max_label="very close")
    session = at(step)
    assert display(session.exercise.step("s"), 4) == "4 of 5"
    assert display(session.exercise.step("s"), 5) == "5 of 5 (very close)"
    assert display(session.exercise.step("s"), 1) == "1 of 5 (far apart)"


def test_opening_the_store_makes_no_finished_folder(tmp_path: Path) -> None:
    store = Store(tmp_path / "sessions", tmp_path / "quarantine")
    store.open()
    assert store.sessions_dir.is_dir()
    assert not store.finished_dir.exists()
    record = store.new_session(
        exercise_id="one", title="One", revision=1, digest="ab", mode="solo", people=["Sam"]
    )
    record.finished = True
    saved = store.save(record)
    assert store.path_of(saved.id).parent == store.finished_dir


def test_new_with_a_bad_id_exits_1_as_the_readme_says(tmp_path: Path, capsys) -> None:
    where = ["--config-dir", str(tmp_path / "c"), "--data-dir", str(tmp_path / "d")]
    assert main([*where, "new", "Bad_Id"]) == 1
    assert "cannot be an id" in capsys.readouterr().err
