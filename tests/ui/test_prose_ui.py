"""Exercise prose on screen: our parser's spans as Content, never markup."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reconnect_tui.common.safetext import clean
from reconnect_tui.exercises.prose import parse, plain
from reconnect_tui.ui.text import show_prose

TRICKY = st.text(alphabet=st.sampled_from("ab *-[]/=@$:\n\u200b"), max_size=60)


def test_styles_and_bullets() -> None:
    content = show_prose("Be *gentle* and **slow**.\n- [b]one[/b]")
    assert content.plain == "Be gentle and slow.\n• [b]one[/b]"
    styles = {content.plain[s.start : s.end]: str(s.style) for s in content.spans}
    assert styles == {"gentle": "italic", "slow": "bold"}


@given(TRICKY | st.text())
def test_brackets_never_become_styles(text: str) -> None:
    content = show_prose(text)
    assert content.plain == plain(clean(text))
    assert all(str(span.style) in ("italic", "bold") for span in content.spans)
    assert len(parse(clean(text))) == content.plain.count("\n") + 1
