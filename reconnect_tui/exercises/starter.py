"""The commented starter exercise that ``reconnect new ID`` writes.

It is a small, complete exercise that runs as written, with comments that
walk an author through most of the format: a read step, a breathing pause,
a scale whose answer can lead back to the pause, a choice, and a text step
with a nudge. The ``#:schema`` line lets editors that use Taplo (such as
Even Better TOML in VS Code) complete keys and flag mistakes while typing.

The line names the installed schema by its ``file://`` URI: it works
wherever the file is written (a relative path breaks when the file moves,
and a bare path is not a URI to every editor), and needs no network.
``reconnect schema`` prints the same line for a file written by hand.
"""

from __future__ import annotations

from pathlib import Path

from reconnect_tui.common.safetext import one_line

SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "exercise-v1.schema.json"

_TEMPLATE = """\
@SCHEMA@
# A starter exercise written by `reconnect new`. Change anything you like.
# Check it as you go:     reconnect validate @FILE@
# See how it reads:       reconnect show @ID@
# Try it:                 reconnect start @ID@
# Every key is explained in docs/authoring.md. Lines starting with # are
# comments, ignored by the program.

format = 1                  # the file format; always 1 for now
id = "@ID@"    # a-z, 0-9 and "-"; a file with the id of a built-in replaces it
title = "A quiet check-in"
summary = "A few calm minutes to notice how you are, and to say one kind thing."
tags = ["check-in"]
minutes = 5                 # roughly how long it takes
depth = "light"             # light, medium or deep
audience = "either"         # solo, together or either
revision = 1                # raise this when you change the wording

# A nudge is a gentle hint shown when an answer contains one of these
# phrases. Phrases are plain words, matched without regard to case;
# a nudge never stops anyone from going on.
[[nudges]]
id = "absolutes"
phrases = ["you always", "you never"]
message = "'Always' and 'never' can land like a verdict. Could you describe one moment?"

# Steps run from top to bottom. Each needs an id (unique in this file) and a kind:
# read, pause, text, choice, scale, list, compose, compare or summary.

[[steps]]
id = "arrive"
kind = "read"
title = "Arrive"
# {name} is the person at the keyboard; {partner} is the other person.
text = "Welcome. Put your phones away and sit somewhere comfortable. There is no hurry."
# solo_text is used instead of text when someone does this on their own.
solo_text = "Welcome, {name}. Find a comfortable seat. There is no hurry."
min_seconds = 5             # Continue appears after this many seconds

[[steps]]
id = "breathe"
kind = "pause"
title = "Breathe"
text = "Breathe slowly with the guide. Let your shoulders drop."
seconds = 40                # how long the pause lasts
min_seconds = 10            # it may be ended after this many seconds
rhythm = { inhale = 4, exhale = 6 }   # seconds per breath in and out

[[steps]]
id = "settled"
kind = "scale"
title = "How settled are you?"
text = "How settled do you feel right now?"
min = 1
max = 5
min_label = "on edge"
max_label = "calm"
# After a step, its branches are tried in order; the first that fits is taken.
# This one goes back to the pause when the answer is below 3. Going back
# makes a loop, so it needs a limit: how often it may be taken.
[[steps.branches]]
when = { step = "settled", below = 3 }
goto = "breathe"
limit = 2

[[steps]]
id = "noticed"
kind = "choice"
title = "What you noticed"
text = "What has been on your mind about the two of you this week?"
solo_text = "What has been on your mind about you and your partner this week?"
who = "each"                # each of you answers in turn; "both" means one shared answer
multiple = true             # pick several; leave out to pick one
other = true                # adds "something else" with room to write
options = ["We've been busy", "I've missed you", "Something small went well", "I'm tired"]

[[steps]]
id = "appreciate"
kind = "text"
title = "One kind thing"
# {answer.noticed} shows the answer given earlier to the step "noticed".
text = "You noticed: {answer.noticed}. Write one thing you liked about {partner} lately."
solo_text = "You noticed: {answer.noticed}. Write one thing you liked about your partner lately."
who = "each"
multiline = true
placeholder = "I liked it when you..."
nudges = ["absolutes"]      # which nudges apply here; leave out for all of them
private = true              # hidden from the other person until a summary shows it

[[steps]]
id = "together"
kind = "summary"
title = "Together"
text = "Here is what you each wrote. Take a moment to read it to each other."
solo_text = "Here is what you wrote. You might say it to your partner soon."
steps = ["noticed", "appreciate"]   # reveals these answers, private ones too
"""


def schema_line(schema: Path = SCHEMA_FILE) -> str:
    """The ``#:schema`` line for an exercise file: the installed schema as a file URI."""
    return f"#:schema {one_line(schema.resolve().as_uri())}"


def starter_text(exercise_id: str, file_path: Path) -> str:
    """The starter file for *exercise_id*, to be written at *file_path*.

    *exercise_id* must already match the id pattern: it is put into the
    file as it is.
    """
    # Paths go into comments: a newline or control character in one would
    # end the comment and break the file, so they are put on one clean line.
    return (
        _TEMPLATE.replace("@SCHEMA@", schema_line())
        .replace("@FILE@", one_line(str(file_path)))
        .replace("@ID@", exercise_id)
    )
