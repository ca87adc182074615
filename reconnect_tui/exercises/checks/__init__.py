"""The checks an exercise file's data goes through before it becomes the model.

- ``keys``: the key table: which keys each table may hold, and what they mean.
- ``schema``: the JSON Schema and ``docs/keys.md``, made from the key table.
- ``values``: single values, and recording problems.
- ``exercise``: the top level, nudges, each step's common keys.
- ``kinds``: the keys only one kind of step has.
- ``flow``: what ties steps together (references, loops, reachability).
- ``build``: turning checked values into the model.
- ``quick``: all of the above in one pass, only to say yes;
  tried first, the rest run only when it gives up (a file with a problem).
"""
