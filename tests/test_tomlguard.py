"""The guarded TOML reader: bounds on keys, never on what strings or comments say."""

from __future__ import annotations

import time
import tomllib

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from reconnect_tui.common import tomlguard
from reconnect_tui.common.problems import Problem

DEEP = "b" + ".b" * 40  # 41 dotted parts: over the bound of 32
DEEP_PROBLEM = "a key here has more than 32 dotted parts"

WORDS_IN_STRINGS = {
    "a long word": 'a = "' + "x" * 300 + '"\n',
    "one-word sentences": 'a = "' + "sorry. " * 50 + '"\n',
    "a multi-line string": 'a = """\n' + "x." * 40 + "\nand " + "y" * 300 + '\n"""\n',
    "a literal string": "a = '" + "x." * 40 + "'\n",
    "a multi-line literal": "a = '''\n" + "x." * 40 + "\n'''\n",
    "a comment": "# " + "x." * 40 + " " + "z" * 300 + "\na = 1\n",
    "quotes and escapes": 'a = "say \\"' + "x." * 40 + '\\" " # "\nb = 1\n',
}


@pytest.mark.parametrize("text", WORDS_IN_STRINGS.values(), ids=WORDS_IN_STRINGS)
def test_words_inside_strings_and_comments_are_not_keys(text: str) -> None:
    assert tomlguard.parse(text, "x.toml") == tomllib.loads(text)


# Places where a careless reading of strings would hide the key that follows,
# each a valid TOML file that tomllib would read for seconds.
HIDDEN_KEYS = {
    "an escaped quote run in a multi-line one": f'x = """ \\""" """\n{DEEP} = 1\ny = """ z """\n',
    "a multi-line string ending with a quote": f'x = {{ a = """a"""", {DEEP} = "v" }}\n',
    "a multi-line string ending with two quotes": f'x = {{ a = """a""""", {DEEP} = "v" }}\n',
    "a multi-line literal ending with a quote": f"x = {{ a = '''a'''', {DEEP} = 'v' }}\n",
    "an escaped quote in a string": f'x = {{ a = "\\"", {DEEP} = "v" }}\n',
    "a quoted key": '"a"' + '."a"' * 40 + " = 1\n",
    "long quoted parts": ".".join((["a"] * 31 + ["'" + "q" * 257 + "'"]) * 2) + " = 1\n",
    "long quoted parts with spaces": '"' + " q" * 200 + '".' + "a." * 40 + "a = 1\n",
    "after empty strings": f'x = ""\ny = \'\'\nz = """"""\n{DEEP} = 1\n',
}


@pytest.mark.parametrize("text", HIDDEN_KEYS.values(), ids=HIDDEN_KEYS)
def test_a_deep_key_after_tricky_strings_is_still_found(text: str) -> None:
    tomllib.loads(text.replace(DEEP, "b.b"))  # valid TOML with a shallow key
    problem = tomlguard.parse(text, "x.toml")
    assert isinstance(problem, Problem) and problem.message == DEEP_PROBLEM


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=4), st.booleans())
def test_any_strings_tomli_w_writes_pass_and_a_deep_key_after_them_does_not(
    values: list[str], multiline: bool
) -> None:
    # Session files are written by tomli-w: any answer must read back; a planted key must not.
    text = tomli_w.dumps(
        {f"k{i}": value for i, value in enumerate(values)}, multiline_strings=multiline
    )
    assert tomlguard.parse(text, "s.toml") == tomllib.loads(text)
    planted = tomlguard.parse(f"{text}{DEEP} = 1\n", "s.toml")
    assert isinstance(planted, Problem) and planted.message == DEEP_PROBLEM


def test_looking_past_strings_stays_quick() -> None:
    texts = [
        'a = """' + "x." * 100_000,  # a multi-line string never closed
        '"' * 200_000,
        "'''" + "'" * 100_000 + "x." * 50,
        ('x = "' + "y." * 40 + '"\n') * 2_000,
    ]
    for text in texts:
        started = time.perf_counter()
        tomlguard.parse(text, "x.toml")
        assert time.perf_counter() - started < 0.5
