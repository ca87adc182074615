"""reconnect-tui: paced exercises for two people to notice withdrawal and reconnect."""

__version__ = "0.1.0"
