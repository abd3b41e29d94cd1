"""``make bench-cases``: the case pages at 100 and at 10,000 cases, side by side."""
