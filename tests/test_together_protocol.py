"""The two-screen protocol: every message checked, versioned, bounded, in order."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconnect_tui.together import invites, protocol
from reconnect_tui.together.protocol import Refused, read_hello, read_intent
from tests.test_engine_duo import duo_for


def line(**message: object) -> bytes:
    return json.dumps({"v": 1, **message}).encode() + b"\n"


def test_an_answer_is_read_with_its_step_and_value() -> None:
    intent = read_intent(line(n=3, t="answer", step="mood", value=4), 2)
    assert (intent.kind, intent.seq, intent.step, intent.value) == ("answer", 3, "mood", 4)


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b"{not json\n", protocol.NOT_READABLE),
        (b"[1, 2]\n", protocol.NOT_READABLE),
        (b'{"v": 2, "n": 1, "t": "back"}\n', protocol.WRONG_VERSION),
        (b'{"n": 1, "t": "back"}\n', protocol.WRONG_VERSION),
        (b'{"v": 1, "n": 1, "t": "shout"}\n', protocol.NOT_READABLE),
        (b'{"v": 1, "n": 1, "t": "back", "as": "a"}\n', protocol.NOT_READABLE),
        (b'{"v": 1, "n": 1, "t": "answer", "step": "x", "value": 1, "person": "a"}\n', None),
        (b'{"v": 1, "n": 1, "t": "answer", "value": 1}\n', protocol.NOT_READABLE),
        (b'{"v": 1, "n": 1, "t": "answer", "step": "x", "value": {"a": [1]}}\n', None),
        (b'{"v": 1, "n": 1, "t": "answer", "step": "x", "value": NaN}\n', None),
        (b'{"v": 1, "n": true, "t": "back"}\n', None),
        (b'{"v": 1, "n": 0, "t": "back"}\n', protocol.OUT_OF_ORDER),
        (b"\xff\xfe\n", protocol.NOT_READABLE),
        (b"[" * 5000 + b"\n", protocol.NOT_READABLE),
    ],
)
def test_anything_else_is_refused_plainly(raw: bytes, why: str | None) -> None:
    with pytest.raises(Refused) as refused:
        read_intent(raw, 0)
    assert str(refused.value) == (why or protocol.NOT_READABLE)


def test_an_oversized_line_is_refused_before_it_is_parsed() -> None:
    raw = line(n=1, t="draft", step="x", value="x" * protocol.GUEST_LIMIT)
    with pytest.raises(Refused, match="too long"):
        read_intent(raw, 0)


def test_replayed_and_out_of_order_messages_are_refused() -> None:
    first = line(n=5, t="back")
    assert read_intent(first, 4).seq == 5
    with pytest.raises(Refused, match="out of order"):
        read_intent(first, 5)


def test_a_hello_carries_a_code_in_its_shown_form() -> None:
    assert read_hello(line(n=0, t="hello", code="k7m p2q", person=None)).code == "K7M-P2Q"
    with pytest.raises(Refused):
        read_hello(line(n=0, t="hello", code="ZZZ-0O1", person=None))
    with pytest.raises(Refused):
        read_hello(line(n=0, t="back"))


def test_a_hello_names_the_person_or_null_and_nothing_else() -> None:
    assert read_hello(line(n=0, t="hello", code="K7M-P2Q", person="Alex")).person == "Alex"
    assert read_hello(line(n=0, t="hello", code="K7M-P2Q", person=None)).person is None
    for person in ("", 7, ["Alex"], "x" * 41):
        with pytest.raises(Refused):
            read_hello(line(n=0, t="hello", code="K7M-P2Q", person=person))
    with pytest.raises(Refused):  # the field is always there (null for the whole account)
        read_hello(line(n=0, t="hello", code="K7M-P2Q"))


def test_codes_are_short_readable_and_differ() -> None:
    codes = {invites.new_code() for _ in range(50)}
    assert len(codes) == 50
    assert all(invites.tidy_code(code) == code for code in codes)


def test_a_seat_goes_there_and_back_unchanged() -> None:
    duo = duo_for("shared-meaning")
    for person in "ab":
        seat = duo.seat(person)
        message = protocol.read_host(
            protocol.encode("seat", 1, seat=protocol.seat_to_data(seat), partner_here=True), 0
        )
        assert message.fields["seat"] == seat


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(), st.lists, max_leaves=8))
def test_plain_values_are_only_the_shapes_steps_take(value: object) -> None:
    taken = protocol.plain_value(value)
    if isinstance(value, bool):
        assert not taken
    if isinstance(value, list) and any(not isinstance(item, str) for item in value):
        assert not taken


@given(st.binary(max_size=300))
def test_no_bytes_make_the_reader_fail_other_than_plainly(raw: bytes) -> None:
    with contextlib.suppress(Refused):
        read_intent(raw, -1)
