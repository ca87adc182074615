"""The support page's words, support.toml (good and broken), and `reconnect support`."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from reconnect_tui import support
from reconnect_tui.cli.main import main
from reconnect_tui.exercises.library import load_file

REPO = Path(__file__).resolve().parent.parent


def page_words() -> str:
    return support.page_text(support.LocalSupport(path="")).casefold()


def test_the_page_names_each_kind_of_help_in_order_of_urgency() -> None:
    words = page_words()
    order = ["emergency", "crisis line", "abuse", "confidential", "depression", "grief"]
    places = [words.index(word) for word in order]
    assert places == sorted(places), places
    assert "trauma" in words and "couples counsellor" in words
    # Fear, control, watching, put-downs and harm are named as abuse; joint work is not first.
    assert "afraid, controlled, watched" in words and "put down" in words and "hurt" in words
    assert "exercises for two and couples counselling are not where to begin" in words
    # No promise about every counsellor.
    assert "counsellors differ" in words
    assert support.KEPT.casefold() in words


def test_no_numbers_or_links_are_baked_in() -> None:
    words = page_words()
    assert not re.search(r"\d{3}", words)
    assert "http" not in words and "www." not in words


def test_the_finding_support_exercise_points_to_the_page_and_holds_no_copy() -> None:
    loaded = load_file(REPO / "exercises" / f"{support.EXERCISE_ID}.toml")
    assert loaded.exercise is not None and not loaded.problems
    text = " ".join(step.text for step in loaded.exercise.steps)
    assert support.KEY_WORDS in text and "reconnect support" in text
    for section in support.SECTIONS:  # the words live in one place only
        assert section.text[:40] not in text


# --- support.toml --------------------------------------------------------------


def test_the_shipped_example_is_the_one_printed_and_reads_cleanly() -> None:
    assert (REPO / "docs" / "support.example.toml").read_text() == support.EXAMPLE
    local = support.check_local(support.EXAMPLE, "support.toml")
    assert local.problems == ()
    assert local.heading == "Near us"
    assert local.contacts[0].name == "Emergency services"


def test_no_file_is_not_a_problem(tmp_path: Path) -> None:
    local = support.load_local(tmp_path / "support.toml")
    assert (local.found, local.contacts, local.problems) == (False, (), ())


BROKEN = """\
format = 1
heading = "Near \\u001b[31mus"
colour = "blue"

[[contacts]]
name = "Town clinic"
phone = 12345
fax = "none"
address = "1 High Street\\nSpringfield"

[[contacts]]
phone = "no name here"

[[contacts]]
name = "Helpline"
note = "{long}"
"""


def test_a_broken_file_keeps_the_good_contacts_and_says_where_each_problem_is() -> None:
    local = support.check_local(BROKEN.format(long="word " * 100), "support.toml")
    names = [contact.name for contact in local.contacts]
    assert names == ["Town clinic", "Helpline"]
    clinic, helpline = local.contacts
    assert clinic.phone == "" and clinic.address == "1 High Street\nSpringfield"
    assert local.heading == "Near us"  # the escape sequence is stripped
    assert len(helpline.note) == support.FIELDS["note"]
    found = {
        (problem.line, problem.severity, problem.message.split(" ")[0])
        for problem in local.problems
    }
    assert found == {
        (3, "warning", "'colour'"),
        (7, "error", "phone"),
        (8, "warning", "'fax'"),
        (11, "error", "this"),  # the contact with no name
        (16, "warning", "contacts[2].note"),
    }
    fax = next(problem for problem in local.problems if "'fax'" in problem.message)
    assert fax.format().startswith("support.toml:8:1: warning:")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('format = 1\n[[contacts]]\nname = "unclosed\n', 3, "not valid TOML"),
        ('format = 2\n[[contacts]]\nname = "A"\n', 1, "not one this version reads"),
        ('format = 1\ncontacts = "A"\n', 2, "should be a list"),
        ('[[contacts]]\nname = "A"\n', None, "format = 1 is missing"),
    ],
)
def test_each_broken_shape_is_reported_by_line(text: str, line: int | None, words: str) -> None:
    local = support.check_local(text, "support.toml")
    (problem,) = local.problems
    assert problem.line == line and words in problem.message
    if words.startswith("format = 1 is missing"):
        assert [contact.name for contact in local.contacts] == ["A"]


def test_odd_and_oversized_files_are_refused_without_a_traceback(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("format = 1\n# " + "x" * support.MAX_BYTES + "\n")
    assert "larger than 64 KiB" in support.load_local(big).problems[0].message
    nul = tmp_path / "nul.toml"
    nul.write_bytes(b'format = 1\nheading = "a\x00b"\n')
    assert support.load_local(nul).problems[0].line == 2
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert support.load_local(folder).found and support.load_local(folder).problems
    many = "format = 1\n" + '[[contacts]]\nname = "A"\n' * (support.MAX_CONTACTS + 5)
    assert len(support.check_local(many, "many").contacts) == support.MAX_CONTACTS


# --- reconnect support ---------------------------------------------------------


def tree(*folders: Path) -> dict[str, tuple[bool, int]]:
    """Every path under *folders* with whether it is a folder and its mtime, to compare."""
    found = {}
    for folder in folders:
        if not folder.exists():
            continue
        for place in [folder, *folder.rglob("*")]:
            info = place.stat()
            found[str(place)] = (place.is_dir(), info.st_mtime_ns)
    return found


def run(tmp_path: Path, *args: str) -> list[str]:
    return ["--config-dir", str(tmp_path / "config"), "--data-dir", str(tmp_path / "data"), *args]


def test_reconnect_support_prints_the_page_and_writes_nothing(tmp_path: Path, capsys) -> None:
    (tmp_path / "data" / "sessions").mkdir(parents=True)
    (tmp_path / "config").mkdir()
    before = tree(tmp_path)
    assert main(run(tmp_path, "support")) == 0
    printed = capsys.readouterr()
    assert support.SECTIONS[0].text.split(".")[0] in " ".join(printed.out.split())
    assert support.KEPT in " ".join(printed.out.split())
    assert "reconnect support --example" in " ".join(printed.out.split())
    assert printed.err == ""
    assert tree(tmp_path) == before
    # With no folders at all, none is made.
    bare = tmp_path / "bare"
    assert main(run(bare, "support")) == 0
    assert not bare.exists()


def test_reconnect_support_shows_contacts_and_reports_problems_on_stderr(
    tmp_path: Path, capsys
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "support.toml").write_text(BROKEN.format(long="short note"))
    before = tree(tmp_path)
    assert main(run(tmp_path, "support")) == 0
    printed = capsys.readouterr()
    assert "Town clinic" in printed.out and "Helpline" in printed.out
    assert "address: 1 High Street" in printed.out and "Springfield" in printed.out
    assert "\x1b" not in printed.out
    shown = str(config / "support.toml")
    assert f"{shown}:8:1: warning: 'fax' is not a contact key" in printed.err
    assert f"{shown}:7:1: error: phone should be text" in printed.err
    assert tree(tmp_path) == before


def test_reconnect_support_example_and_help(tmp_path: Path, capsys) -> None:
    assert main(run(tmp_path, "support", "--example")) == 0
    assert capsys.readouterr().out == support.EXAMPLE
    assert main(["--help"]) == 0
    epilog = " ".join(capsys.readouterr().out.split())
    assert "`reconnect support` says where to turn" in epilog
    assert "Ctrl+G or F3" in epilog
    assert not os.path.exists(tmp_path / "config") and not os.path.exists(tmp_path / "data")


# The moments in the built-ins that call for the page: (exercise, step).
MOMENTS = [
    ("noticing-shifts", "settle"),  # after naming how long the shift has lasted
    ("daily-check-in", "low-day"),  # the lowest mood
    ("calm-check-in", "postpone-promise"),  # "not yet, I'd like another time"
    ("the-loop", "close"),
    ("pause-and-return", "close"),
    ("presence-without-pressure", "their-pace"),
]


@pytest.mark.parametrize(("exercise_id", "step_id"), MOMENTS)
def test_exercises_point_to_the_page_and_its_key(exercise_id: str, step_id: str) -> None:
    loaded = load_file(REPO / "exercises" / f"{exercise_id}.toml")
    assert loaded.exercise is not None
    step = loaded.exercise.step(step_id)
    for text in (step.text, step.solo_text or step.text):
        assert "support page" in text and support.KEY_WORDS in text, (exercise_id, step_id)


def test_no_built_in_sends_people_to_the_old_exercise() -> None:
    for path in (REPO / "exercises").glob("*.toml"):
        text = path.read_text()
        assert '"Finding support" in the list' not in text, path.name
        if "support page" in text:
            assert support.KEY_WORDS in text, path.name


def test_the_docs_example_reads_cleanly_and_the_limits_are_the_real_ones() -> None:
    text = (REPO / "docs" / "support.md").read_text()
    blocks = re.findall(r"```toml\n(.*?)```", text, re.DOTALL)
    assert blocks
    for block in blocks:
        assert support.check_local(block, "docs").problems == ()
    for field, limit in support.FIELDS.items():
        (row,) = [line for line in text.splitlines() if line.startswith(f"| `{field}` |")]
        assert row.rstrip(" |").endswith(str(limit)), row
    assert f"Up to {support.MAX_CONTACTS} contacts" in " ".join(text.split())
