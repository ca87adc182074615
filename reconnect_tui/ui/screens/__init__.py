"""Full screens: home, who's here, the runner, hand-off, break, end, help."""
