"""The checks an exercise file's data goes through before it becomes the model.

- ``keys``: which keys each table may hold.
- ``values``: single values, and recording problems.
- ``exercise``: the top level, nudges, each step's common keys.
- ``kinds``: the keys only one kind of step has.
- ``flow``: what ties steps together (references, loops, reachability).
- ``build``: turning checked values into the model, through its constructors.
"""
