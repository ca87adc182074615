"""The Textual interface: screens, one widget per step kind, and the app."""
