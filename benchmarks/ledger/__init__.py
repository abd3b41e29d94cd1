"""``make bench-ledger``: appends to the attestation log beside bare committed inserts, and the
verifier on a 100,000-entry log beside the bare cryptography it has to do."""
