"""Together on two screens: the owner's line to a joining screen, and what they say.

Below the UI, beside progress: it uses the engine's per-person seats and the
leaves, never Textual.
"""
