"""One widget per step kind, plus the breathing guide and the progress line."""
