"""The `reconnect` command line: every command, its output and exit codes.

Most tests call ``main([...])`` in the test process with temporary config and
data folders; a few run ``python -m reconnect_tui`` in a subprocess to check
what a real start-up imports.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import types
import urllib.parse
from pathlib import Path

import pytest

from reconnect_tui import __version__
from reconnect_tui.cli import opening as cli_opening
from reconnect_tui.cli.main import main
from reconnect_tui.common.atomic import ensure_private_dir
from reconnect_tui.common.paths import Paths
from reconnect_tui.exercises import worksheet
from reconnect_tui.exercises.library import load_file, load_library
from reconnect_tui.exercises.model import (
    Branch,
    ChoiceStep,
    ComposeStep,
    Condition,
    Exercise,
    OptionGroup,
    ReadStep,
    ScaleStep,
    Slot,
    TextStep,
)

REPO = Path(__file__).resolve().parent.parent

TINY = """\
format = 1
id = "{id}"
title = "{title}"
summary = "A tiny exercise for tests."

[[steps]]
id = "hello"
kind = "read"
text = "Hello."
"""

# The misspelt kind is on line 9, the unknown key on line 10.
BROKEN = """\
format = 1
id = "broken"
title = "Broken"
summary = "Has mistakes on purpose."

[[steps]]
id = "pick"
text = "Pick one."
kind = "choise"
optoins = ["a", "b"]
"""
LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+)$"
)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Keep every test away from the real home folder and from outside settings."""
    monkeypatch.delenv("RECONNECT_CONFIG_DIR", raising=False)
    monkeypatch.delenv("RECONNECT_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def where(tmp_path) -> list[str]:
    return ["--config-dir", str(tmp_path / "config"), "--data-dir", str(tmp_path / "data")]


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def tiny(folder: Path, exercise_id: str = "tiny", title: str = "Tiny") -> Path:
    return write(folder, f"{exercise_id}.toml", TINY.format(id=exercise_id, title=title))


def run(*args: str, cwd: Path = REPO, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


# --- --version, --help, usage errors -----------------------------------------


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"reconnect {__version__}"


def test_help_lists_commands_and_examples(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("start", "resume", "list", "validate", "show", "new", "paths"):
        assert command in out
    assert "examples:" in out
    assert "reconnect validate" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["validate"],
        ["show"],
        ["show", "x", "--format", "pdf"],
        ["start", "x", "--solo", "--together", "a", "b"],
        ["--no-such-option"],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_usage_messages_are_cleaned(capsys):
    assert main(["list", "\x1b]0;title\x07", "\x1b[2J"]) == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments" in err
    assert "\x1b" not in err and "\x07" not in err


# --- paths ---------------------------------------------------------------------


def test_paths_follow_the_options_and_create_nothing(tmp_path, where, capsys):
    assert main([*where, "paths"]) == 0
    out = capsys.readouterr().out
    config, data = tmp_path / "config", tmp_path / "data"
    assert "exercises:" in out and str(config / "exercises") in out
    assert str(config / "config.toml") in out
    assert str(data / "sessions") in out
    assert "(not there yet)" in out
    assert not config.exists() and not data.exists()


def test_paths_env_variables_and_option_precedence(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("RECONNECT_CONFIG_DIR", str(tmp_path / "env-config"))
    monkeypatch.setenv("RECONNECT_DATA_DIR", str(tmp_path / "env-data"))
    assert main(["paths", "--json"]) == 0
    places = json.loads(capsys.readouterr().out)
    assert places["config"] == str(tmp_path / "env-config")
    assert places["progress"] == str(tmp_path / "env-data" / "sessions")
    assert "home list" not in places  # no list is kept between starts
    # The option wins over the variable, given before or after the command.
    assert main(["paths", "--json", "--config-dir", str(tmp_path / "opt")]) == 0
    assert json.loads(capsys.readouterr().out)["config"] == str(tmp_path / "opt")
    assert main(["--data-dir", str(tmp_path / "opt-data"), "paths", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["data"] == str(tmp_path / "opt-data")


def test_paths_default_to_xdg_folders(tmp_path):
    paths = Paths.resolve(environ={})
    if sys.platform.startswith("linux"):
        assert paths.config_dir == tmp_path / "xdg-config" / "reconnect"
        assert paths.data_dir == tmp_path / "xdg-data" / "reconnect"
    assert paths.exercises_dir == paths.config_dir / "exercises"
    assert paths.themes_dir == paths.config_dir / "themes"
    assert paths.config_file == paths.config_dir / "config.toml"
    assert paths.sessions_dir == paths.data_dir / "sessions"
    assert paths.quarantine_dir == paths.data_dir / "quarantine"


def test_empty_env_variable_counts_as_unset(tmp_path):
    paths = Paths.resolve(environ={"RECONNECT_CONFIG_DIR": ""})
    assert paths.config_dir != Path("")


def test_ensure_private_dir_makes_0700_despite_umask_and_spares_existing(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    old = os.umask(0o022)
    try:
        made = ensure_private_dir(shared / "a" / "b")
    finally:
        os.umask(old)
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
    assert stat.S_IMODE((shared / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert ensure_private_dir(made) == made  # a second call is fine


# --- validate ------------------------------------------------------------------


def test_validate_a_good_file(tmp_path, capsys):
    path = tiny(tmp_path)
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == "1 file checked, all valid"


def test_validate_reports_path_line_col_and_hints(tmp_path, capsys):
    path = write(tmp_path, "broken.toml", BROKEN)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    problems = [LINE.match(line) for line in out if LINE.match(line)]
    assert problems, out
    assert all(match["path"] == str(path) for match in problems)
    lines = {int(match["line"]) for match in problems}
    assert 9 in lines and 10 in lines  # the kind and the unknown key, each where it is
    hints = [line for line in out if line.startswith("    hint: ")]
    assert any("choice" in hint for hint in hints)
    assert out[-1] == "1 file checked, 1 with problems"


def test_validate_a_folder_checks_every_toml(tmp_path, capsys):
    folder = tmp_path / "mine"
    tiny(folder, "one")
    tiny(folder, "two")
    write(folder, "broken.toml", BROKEN)
    write(folder, "notes.txt", "not an exercise")
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == "3 files checked, 1 with problems"
    assert "notes.txt" not in out


def test_validate_missing_path_is_a_problem_not_a_usage_error(tmp_path, capsys):
    good = tiny(tmp_path)
    missing = tmp_path / "nowhere.toml"
    assert main(["validate", str(good), str(missing)]) == 1
    out = capsys.readouterr().out
    assert f"{missing}: error: there is no file or folder here" in out
    assert out.strip().splitlines()[-1] == "2 files checked, 1 with problems"


def test_validate_warnings_alone_still_pass(tmp_path, capsys):
    first = tiny(tmp_path / "a", "same")
    second = tiny(tmp_path / "b", "same")
    assert main(["validate", str(first), str(second)]) == 0
    out = capsys.readouterr().out
    assert f"{second}: warning: the id 'same' is also used by {first}" in out
    assert out.strip().splitlines()[-1] == "2 files checked, all valid (1 warning)"


def test_validate_json(tmp_path, capsys):
    path = write(tmp_path, "broken.toml", BROKEN)
    good = tiny(tmp_path)
    assert main(["validate", "--json", str(path), str(good)]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert isinstance(problems, list) and problems
    for problem in problems:
        assert set(problem) == {"path", "line", "column", "severity", "message", "hint", "key"}
        assert problem["path"] == str(path)
    assert {p["severity"] for p in problems} <= {"error", "warning"}
    assert main(["validate", "--json", str(good)]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_validate_output_has_no_escape_sequences(tmp_path, capsys):
    path = write(tmp_path, "evil\x1b[31m.toml", BROKEN)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out


# --- list --------------------------------------------------------------------------


def test_list_shows_builtin_user_and_extra_with_override(tmp_path, where, capsys):
    builtins = load_library().entries
    assert builtins, "the built-in exercises should load"
    taken = builtins[0].exercise.id
    tiny(tmp_path / "config" / "exercises", taken, "My own version")
    tiny(tmp_path / "config" / "exercises", "mine", "Mine")
    extra = tiny(tmp_path / "extra", "borrowed", "Borrowed")
    assert main([*where, "--exercises", str(extra), "list"]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line for line in out.splitlines()[1:] if line.strip()}
    assert rows[taken].endswith("user, replaces built-in")
    assert "My own version" in rows[taken]
    assert rows["mine"].endswith("user")
    assert rows["borrowed"].endswith("extra")
    assert any(line.endswith("built-in") for line in rows.values())

    assert main(["list", "--json", *where, "--exercises", str(extra)]) == 0
    data = json.loads(capsys.readouterr().out)
    by_id = {item["id"]: item for item in data["exercises"]}
    assert by_id[taken]["source"] == "user" and by_id[taken]["replaces"]
    assert by_id["borrowed"]["source"] == "extra"
    assert {"id", "title", "mode", "minutes", "depth", "source", "path"} <= set(by_id["mine"])
    assert data["problems"] == []


def test_list_reports_unreadable_files_after_the_table(tmp_path, where, capsys):
    write(tmp_path / "config" / "exercises", "broken.toml", BROKEN)
    tiny(tmp_path / "config" / "exercises", "fine", "Title \\u001b]0;owned\\u0007with escape")
    assert main([*where, "list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    table, _, after = out.partition("Some exercise files need a look:")
    assert "fine" in table
    assert any(LINE.match(line) for line in after.splitlines())


# --- show --------------------------------------------------------------------------


def test_show_a_builtin_and_a_file(tmp_path, where, capsys):
    entry = load_library().entries[0]
    assert main([*where, "show", entry.exercise.id]) == 0
    out = capsys.readouterr().out
    assert entry.exercise.title.split()[0] in out
    assert "1. " in out
    path = tiny(tmp_path, "from-file", "From a file")
    assert main(["show", str(path), "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# From a file\n")


def test_show_a_missing_file(tmp_path, capsys):
    assert main(["show", str(tmp_path / "gone.toml")]) == 1
    assert "There is no exercise file at" in capsys.readouterr().err


def test_show_unknown_id_suggests(tmp_path, where, capsys):
    tiny(tmp_path / "config" / "exercises", "check-in")
    assert main([*where, "show", "check-inn"]) == 1
    assert "did you mean 'check-in'?" in capsys.readouterr().err


def test_show_broken_file_lists_its_problems(tmp_path, capsys):
    path = write(tmp_path, "broken.toml", BROKEN)
    assert main(["show", str(path)]) == 1
    assert any(LINE.match(line) for line in capsys.readouterr().err.splitlines())


# --- new -----------------------------------------------------------------------------


def test_new_writes_a_private_valid_starter_and_never_overwrites(tmp_path, where, capsys):
    assert main([*where, "new", "my-check-in"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == tmp_path / "config" / "exercises" / "my-check-in.toml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text(encoding="utf-8")
    schema_line = text.splitlines()[0]
    assert schema_line.startswith("#:schema file:///")
    assert schema_line.endswith("reconnect_tui/exercises/schema/exercise-v1.schema.json")
    uri = schema_line.removeprefix("#:schema ")
    assert Path(urllib.parse.unquote(urllib.parse.urlparse(uri).path)).is_file()
    loaded = load_file(path)
    assert loaded.exercise is not None, [p.format() for p in loaded.problems]
    assert not [p for p in loaded.problems if p.severity == "error"]
    kinds = {step.kind for step in loaded.exercise.steps}
    assert {"read", "text", "choice", "scale"} <= kinds
    assert any(step.branches for step in loaded.exercise.steps)
    assert main(["validate", str(path)]) == 0
    capsys.readouterr()

    path.write_text(text + "# my own edit\n", encoding="utf-8")
    assert main([*where, "new", "my-check-in"]) == 1
    assert "already a file" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8").endswith("# my own edit\n")


def test_new_refuses_a_bad_id(where, capsys):
    assert main([*where, "new", "Not An Id"]) == 1
    assert "cannot be an id" in capsys.readouterr().err


def test_new_with_a_builtin_id_says_it_takes_its_place(where, capsys):
    taken = load_library().entries[0].exercise.id
    assert main([*where, "new", taken]) == 0
    assert "takes the place of the built-in" in capsys.readouterr().err
    assert main([*where, "list"]) == 0
    assert "replaces built-in" in capsys.readouterr().out


# --- opening the app (with a stand-in for the UI) -----------------------------------


@pytest.fixture
def fake_app(monkeypatch):
    calls: list[dict] = []

    def run_app(**kwargs):
        calls.append(kwargs)
        return 0

    module = types.ModuleType("reconnect_tui.ui.app")
    module.run_app = run_app
    monkeypatch.setitem(sys.modules, "reconnect_tui.ui.app", module)
    monkeypatch.setattr(cli_opening, "in_terminal", lambda: True)
    return calls


def test_no_command_opens_the_app(where, fake_app):
    assert main([*where, "--theme", "dusk"]) == 0
    (call,) = fake_app
    assert call["theme"] == "dusk"
    assert call["paths"].config_dir.name == "config"
    assert call["library"].get("nope") is None


def test_start_passes_the_exercise_mode_and_names(tmp_path, where, fake_app, capsys):
    tiny(tmp_path / "config" / "exercises", "pair")
    assert main([*where, "start", "pair", "--together", "Sam", "Alex"]) == 0
    assert main([*where, "start", "pair", "--solo"]) == 0
    assert main(["start", "pair", "--solo", "Sam", *where]) == 0
    assert main([*where, "start", "pair"]) == 0
    assert main([*where, "start", "--solo", "pair"]) == 0  # the id, not a name
    assert main([*where, "start"]) == 2
    starts = [(c["start"], c["mode"], c["names"]) for c in fake_app]
    assert starts == [
        ("pair", "together", ("Sam", "Alex")),
        ("pair", "solo", ()),
        ("pair", "solo", ("Sam",)),
        ("pair", None, ()),
        ("pair", "solo", ()),
    ]


def test_start_refusals(tmp_path, where, fake_app, capsys):
    folder = tmp_path / "config" / "exercises"
    write(
        folder,
        "duo.toml",
        TINY.format(id="duo", title="Duo").replace("summary =", 'audience = "together"\nsummary ='),
    )
    assert main([*where, "start", "nope"]) == 1
    assert main([*where, "start", "duo", "--solo"]) == 1
    assert "--together" in capsys.readouterr().err
    assert main([*where, "start", "duo", "--together", "Sam", "sam"]) == 2
    assert fake_app == []


def test_resume_with_nothing_to_resume(where, fake_app, capsys):
    assert main([*where, "resume"]) == 1
    assert "no unfinished session" in capsys.readouterr().err
    assert fake_app == []


def test_resume_opens_exactly_the_latest_unfinished_session(tmp_path, where, fake_app, capsys):
    from reconnect_tui.progress.store import Store

    tiny(tmp_path / "config" / "exercises", "pair")
    paths = Paths(config_dir=tmp_path / "config", data_dir=tmp_path / "data")
    store = Store(paths.sessions_dir, paths.quarantine_dir)
    store.open()
    record = store.new_session(
        exercise_id="pair", title="Pair", revision=1, digest="", mode="solo", people=["Sam"]
    )
    saved = store.save(record)
    assert main([*where, "resume"]) == 0
    assert main([*where, "resume", saved.id]) == 0
    assert [call["resume"] for call in fake_app] == [saved.id, saved.id]
    assert main([*where, "resume", "20000101-000000-nope-abcdef"]) == 1
    assert "no unfinished session" in capsys.readouterr().err
    gone = store.new_session(
        exercise_id="gone", title="Gone", revision=1, digest="", mode="solo", people=[]
    )
    gone = store.save(gone)
    assert main([*where, "resume", gone.id]) == 1
    assert f"reconnect export {gone.id}" in capsys.readouterr().err


# --- start-up imports, in a real process ------------------------------------------


@pytest.mark.slow
def test_commands_that_need_no_ui_never_import_textual(tmp_path):
    exercise = tiny(tmp_path, "probe")
    env = {
        **os.environ,
        "RECONNECT_CONFIG_DIR": str(tmp_path / "c"),
        "RECONNECT_DATA_DIR": str(tmp_path / "d"),
        "PYTHONPATH": str(REPO),
    }
    from reconnect_tui.progress.store import Store

    store = Store(tmp_path / "d" / "sessions", tmp_path / "d" / "quarantine")
    store.open()
    store.save(
        store.new_session(
            exercise_id="probe", title="Probe", revision=1, digest="", mode="solo", people=[]
        )
    )
    commands = [
        ["validate", str(exercise)],
        ["list"],
        ["show", str(exercise)],
        ["show", "probe", "--exercises", str(exercise)],
        ["--version"],
        ["paths"],
        ["history"],
        ["history", "--json"],
        ["export", "latest"],
        ["forget", "--all", "--yes"],
        ["new", "probe-two"],
    ]
    # -X importtime names every module the whole run imported, first to last.
    for argv in commands:
        result = run("-X", "importtime", "-m", "reconnect_tui", *argv, env=env)
        assert result.returncode == 0, (argv, result.stderr[-2000:])
        imported = [
            line.rsplit("|", 1)[-1].strip()
            for line in result.stderr.splitlines()
            if line.startswith("import time:")
        ]
        assert "reconnect_tui.cli.main" in imported or argv == ["--version"]
        ui = [
            name
            for name in imported
            if name.split(".")[0] in ("textual", "rich") or name.startswith("reconnect_tui.ui")
        ]
        assert ui == [], argv


def test_python_dash_m_version():
    result = run("-m", "reconnect_tui", "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"reconnect {__version__}"


# --- the worksheet ---------------------------------------------------------------------


def _sample() -> Exercise:
    return Exercise(
        id="sample",
        title="Sample <b>bold</b>",
        summary="Try *this* [link](http://x) & more.",
        minutes=10,
        audience="either",
        roles=("speaker", "listener"),
        steps=[
            ReadStep(
                id="start",
                text="Hi {name}, this is for {partner}.",
                solo_text="Hi, on your own today.",
            ),
            TextStep(id="say", title="Say it", who="speaker", text="Tell {listener} one thing."),
            ScaleStep(
                id="rate",
                who="speaker",
                text="How close was that?",
                min_label="not at all",
                max_label="very",
                private=True,
                branches=[
                    Branch(
                        when=Condition(step="rate", op="below", value=4),
                        goto="say",
                        limit=3,
                        swap_roles=False,
                    ),
                    Branch(goto="pick"),
                ],
            ),
            ChoiceStep(
                id="pick",
                who="each",
                multiple=True,
                other=True,
                groups=[
                    OptionGroup(label="Hurt", options=["left out", "unseen"]),
                    OptionGroup(label="Hope", options=["closer"]),
                ],
            ),
            ComposeStep(
                id="i",
                template="I feel {feeling} when {when}.",
                slots=[
                    Slot(
                        name="feeling",
                        kind="choice",
                        groups=[OptionGroup(options=["sad", "tired"])],
                    ),
                    Slot(name="when", kind="text", prompt="What happened?"),
                ],
            ),
        ],
    )


def test_worksheet_text_describes_every_part():
    text = worksheet.render(_sample(), "text")
    assert text.startswith("Sample <b>bold</b>\n")
    assert "About 10 minutes · for the two of you, or on your own" in text
    assert "Hi [your name], this is for [your partner's name]." in text
    assert "When alone: Hi, on your own today." in text
    assert "For the speaker." in text and "For each of you, one at a time." in text
    assert "Tell [the listener] one thing." in text
    assert "1 (not at all)   2   3   4   5 (very)" in text
    assert "Kept private until a later step shares it." in text
    assert "If the answer here is below 4, go back to step 2 “Say it” (at most 3 times)." in text
    assert "Otherwise, go on to step 4." in text
    assert "[ ] left out" in text and "Hurt" in text and "[ ] Something else:" in text
    assert "I feel ____________________________ (feeling) when" in text
    assert "when: What happened?" in text and "feeling: Pick one." in text


def test_worksheet_markdown_escapes_user_text():
    md = worksheet.render(_sample(), "markdown")
    assert md.startswith("# Sample &lt;b&gt;bold&lt;/b&gt;\n")
    assert "<b>" not in md
    assert r"Try \*this\* \[link\](http://x) &amp; more." in md
    assert "## 3. Rate" in md
    assert "- [ ] left out" in md
    lines = worksheet.render(
        Exercise(
            id="x",
            title="T",
            summary="1. first\n- second\n+ third\n> quote",
            steps=[ReadStep(id="a", text="ok")],
        ),
        "markdown",
    ).splitlines()
    assert lines[2:6] == ["1\\. first \\", "\\- second \\", "\\+ third \\", "&gt; quote"]


def test_worksheet_cleans_control_characters():
    exercise = Exercise(
        id="x",
        title="A\x1b[2Jtitle",
        summary="s\x07",
        steps=[ReadStep(id="a", text="line\x1b]8;;http://x\x07one")],
    )
    for fmt in worksheet.FORMATS:
        out = worksheet.render(exercise, fmt)
        assert "\x1b" not in out and "\x07" not in out


# --- the docs stay true ------------------------------------------------------------------


def test_the_worked_example_in_the_authoring_guide_is_valid(tmp_path, capsys):
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", guide, flags=re.DOTALL)
    example = next(block for block in blocks if 'id = "heard-and-thanked"' in block)
    path = write(tmp_path, "example.toml", example)
    assert main(["validate", str(path)]) == 0, capsys.readouterr().out
    loaded = load_file(path)
    kinds = {step.kind for step in loaded.exercise.steps}
    assert {"pause", "text", "compose", "scale", "summary"} <= kinds
    assert loaded.exercise.roles and loaded.exercise.nudges


def test_the_readme_quick_start_is_the_ci_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pip install . && reconnect\npip install -e '.[test]' && pytest\n" in readme
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "\npip install -e '.[test]' && pytest\n" in ci
    assert os.access(REPO / ".ci" / "run", os.X_OK)


def test_starter_and_worked_example_match_the_json_schema(tmp_path, where, capsys):
    jsonschema = pytest.importorskip("jsonschema")
    import tomllib

    schema = json.loads(
        (REPO / "reconnect_tui" / "exercises" / "schema" / "exercise-v1.schema.json").read_text(
            "utf-8"
        )
    )
    assert main([*where, "new", "checked"]) == 0
    starter = Path(capsys.readouterr().out.strip()).read_text(encoding="utf-8")
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    example = next(
        block
        for block in re.findall(r"```toml\n(.*?)```", guide, flags=re.DOTALL)
        if 'id = "heard-and-thanked"' in block
    )
    validator = jsonschema.validators.validator_for(schema)(schema)
    for text in (starter, example):
        assert [error.message for error in validator.iter_errors(tomllib.loads(text))] == []


def test_plain_reconnect_is_read_as_the_parser_reads_an_empty_line() -> None:
    from reconnect_tui.cli.parser import bare_args, read_command_line

    assert vars(read_command_line([])) == vars(bare_args())


def test_plain_reconnect_opens_the_app_without_building_the_parser(monkeypatch) -> None:
    from reconnect_tui.cli import main as cli

    opened = []
    monkeypatch.setitem(cli_opening.COMMANDS, "open", lambda args, paths: opened.append(args) or 0)
    monkeypatch.setattr(sys, "argv", ["reconnect"])

    def no_parser(argv: list[str]) -> None:
        raise AssertionError(f"the parser was built for {argv}")

    monkeypatch.setattr(cli, "read_command_line", no_parser)
    assert main() == 0
    assert opened and opened[0].command is None and opened[0].exercises == []


def test_validate_neither_hangs_on_a_named_pipe_nor_crashes_on_a_symlink_loop(tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    os.mkfifo(folder / "pipe.toml")
    (folder / "loop.toml").symlink_to(folder / "loop.toml")
    for given in (folder / "pipe.toml", folder, folder / "loop.toml"):
        ran = subprocess.run(
            [sys.executable, "-m", "reconnect_tui", "validate", str(given)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert ran.returncode == 1, ran.stderr
        assert "Traceback" not in ran.stderr
    assert (
        "named pipe"
        in subprocess.run(
            [sys.executable, "-m", "reconnect_tui", "validate", str(folder)],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
    )


# --- reconnect preview ---------------------------------------------------------

DRAFT = (
    TINY.format(id="draft", title="Draft")
    + """
[[steps]]
id = "write"
kind = "text"
text = "Write a line."
"""
)


def test_preview_opens_the_file_at_a_step_and_keeps_nothing(tmp_path, where, fake_app):
    path = write(tmp_path / "drafts", "draft.toml", DRAFT)
    assert main([*where, "preview", str(path), "--at", "write", "--together", "Sam", "Alex"]) == 0
    (call,) = fake_app
    assert call["preview"] == path
    assert call["preview_at"] == "write"
    assert (call["mode"], call["names"]) == ("together", ("Sam", "Alex"))
    assert call["library"].entries == ()  # only the file previewed
    assert not (tmp_path / "data").exists()


def test_preview_of_an_unknown_step_lists_the_step_ids(tmp_path, where, fake_app, capsys):
    path = write(tmp_path / "drafts", "draft.toml", DRAFT)
    assert main([*where, "preview", str(path), "--at", "wrtie"]) == 1
    err = capsys.readouterr().err
    assert "There is no step 'wrtie'" in err
    assert "did you mean 'write'?" in err
    assert "its steps: hello, write" in err
    assert fake_app == []


def test_preview_of_a_broken_file_still_opens_to_show_its_problems(tmp_path, where, fake_app):
    path = write(tmp_path, "broken.toml", 'format = 1\nid = "x"\n')
    assert main([*where, "preview", str(path), "--at", "anything"]) == 0
    (call,) = fake_app
    assert call["preview"] == path


def test_preview_of_a_missing_file(tmp_path, where, fake_app, capsys):
    assert main([*where, "preview", str(tmp_path / "nope.toml")]) == 1
    assert "There is no exercise file" in capsys.readouterr().err


def test_schema_prints_the_line_new_writes(tmp_path, where, capsys):
    assert main(["schema"]) == 0
    line = capsys.readouterr().out.strip()
    assert main([*where, "new", "mine"]) == 0
    written = Path(capsys.readouterr().out.strip()).read_text(encoding="utf-8")
    assert written.splitlines()[0] == line
    assert main(["schema", "--path"]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.is_file() and path.as_uri() == line.removeprefix("#:schema ")


def test_the_worked_example_has_no_schema_path_that_breaks_when_copied():
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", guide, flags=re.DOTALL)
    example = next(block for block in blocks if 'id = "heard-and-thanked"' in block)
    assert "#:schema" not in example
    assert "reconnect schema" in example


def test_every_command_has_a_module_that_runs_it(capsys) -> None:
    from reconnect_tui.cli import main as cli
    from reconnect_tui.cli.parser import read_command_line

    for name in cli.COMMANDS:
        assert callable(cli.command(name)), name
    # The parser's own list of commands, as it gives it for one it does not know.
    assert read_command_line(["no-such-command"]) == 2
    offered = re.findall(r"'([a-z-]+)'", capsys.readouterr().err.split("choose from", 1)[1])
    assert set(offered) == set(cli.COMMANDS) - {"open"}  # plain `reconnect` is "open"
