"""Fault-tolerance attestations on a verifiable log (DESIGN.md, "Fault-tolerance attestations
and the verifiable log"; issue 15). Built in slices: first the log's Merkle tree
(``merkle``), which the offline verifier shares, so it needs nothing but the standard library.
"""
