"""The session engine: pure Python, no Textual, no files, time from an injected clock.

``Session`` walks people through an exercise; the values it hands out
(``Turn``, ``Outcome``, ``Progress``, ``Pacing``, ``Comparison``,
``SummaryItem``) are frozen and plain.
"""

from .session import Session
from .state import DamagedData
from .values import (
    PACES,
    Clock,
    Comparison,
    Outcome,
    Pacing,
    Person,
    PersonKey,
    Progress,
    SummaryItem,
    Turn,
)

__all__ = [
    "PACES",
    "Clock",
    "Comparison",
    "DamagedData",
    "Outcome",
    "Pacing",
    "Person",
    "PersonKey",
    "Progress",
    "Session",
    "SummaryItem",
    "Turn",
]
