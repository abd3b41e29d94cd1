"""Load generators and timings for developers, kept out of the product: nothing under ``market``
imports them, and the production ``flask`` CLI does not offer them. Each runs from the Makefile
(``make bench-search``)."""
