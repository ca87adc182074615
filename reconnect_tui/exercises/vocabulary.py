"""The exercise format's fixed words and bounds, in one place.

The model, both ways of checking a file and the list kept for Home
(``catalogue.py``) all read these. They live apart from ``model.py`` so that
Home can check a kept card without importing the model (and attrs).
"""

from __future__ import annotations

import re
from typing import Literal, TypeAlias

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z")  # \Z: no "\n" at the end

Depth: TypeAlias = Literal["light", "medium", "deep"]
Audience: TypeAlias = Literal["solo", "together", "either"]

DEPTHS: tuple[Depth, ...] = ("light", "medium", "deep")
AUDIENCES: tuple[Audience, ...] = ("solo", "together", "either")
MINUTES = range(1, 241)  # an exercise's rough length, 1 to 240
