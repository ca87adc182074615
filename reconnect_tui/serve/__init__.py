"""``reconnect serve``: a small SSH server that runs the app, and nothing else, for each person.

``keys`` (who may come in, by key), ``limits`` (how much, how often),
``child`` (the app in its own pseudo-terminal), ``journal`` (the log) and
``server`` (asyncssh, imported only by the ``serve`` command). Nothing here
imports the UI: the app runs as a child process.
"""
