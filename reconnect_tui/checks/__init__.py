"""The checks an exercise file's data goes through before it becomes the model.

- :mod:`~reconnect_tui.checks.keys`: which keys each table may hold.
- :mod:`~reconnect_tui.checks.values`: single values, and recording problems.
- :mod:`~reconnect_tui.checks.exercise`: the top level, nudges, each step's common keys.
- :mod:`~reconnect_tui.checks.kinds`: the keys only one kind of step has.
- :mod:`~reconnect_tui.checks.flow`: what ties steps together (references, loops, reachability).
- :mod:`~reconnect_tui.checks.build`: turning checked values into the model.
- :mod:`~reconnect_tui.checks.quick`: all of the above in one pass, only to say yes;
  tried first, the rest run only when it gives up (a file with a problem).
"""
