"""The log's Merkle tree against RFC 9162's own definitions (MTH, PATH, PROOF, written out
literally below) for every tree size from 1 to 300, its proofs against the RFC's verification
algorithms, and its roots against an independent implementation (pymerkle)."""

from __future__ import annotations

import hashlib

import pytest
from pymerkle import InmemoryTree

from market.attestations import merkle

SIZES = range(1, 301)
ENTRIES = [f"entry {n}".encode() for n in range(300)]
LEAVES = [merkle.leaf_hash(entry) for entry in ENTRIES]


# -- RFC 9162 2.1, literally ------------------------------------------------------------------


def rfc_mth(d: list[bytes]) -> bytes:
    n = len(d)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + d[0]).digest()
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + rfc_mth(d[:k]) + rfc_mth(d[k:])).digest()


def rfc_path(m: int, d: list[bytes]) -> list[bytes]:
    n = len(d)
    if n == 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return [*rfc_path(m, d[:k]), rfc_mth(d[k:])]
    return [*rfc_path(m - k, d[k:]), rfc_mth(d[:k])]


def rfc_subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if b else [rfc_mth(d)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*rfc_subproof(m, d[:k], b), rfc_mth(d[k:])]
    return [*rfc_subproof(m - k, d[k:], False), rfc_mth(d[:k])]


TREE = merkle.MemoryTree(LEAVES)


@pytest.mark.parametrize("size", SIZES)
def test_the_root_is_the_rfcs_for_every_size(size):
    expected = rfc_mth(ENTRIES[:size])
    assert merkle.root(LEAVES[:size]) == expected
    assert TREE.root(size) == expected
    frontier = merkle.Frontier()
    frontier.extend(LEAVES[:size])
    assert frontier.root() == expected


def test_the_empty_tree_and_the_prefixes():
    assert merkle.root([]) == hashlib.sha256(b"").digest()
    assert merkle.leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert merkle.node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()


@pytest.mark.parametrize("size", SIZES)
def test_every_inclusion_path_is_the_rfcs_and_verifies(size):
    root = TREE.root(size)
    # Every leaf for the small trees; a spread of leaves (the ends and between) for the rest.
    indexes = (
        range(size) if size <= 64 else sorted({0, 1, size // 3, size // 2, size - 2, size - 1})
    )
    for index in indexes:
        path = TREE.inclusion_path(index, size)
        assert path == rfc_path(index, ENTRIES[:size]), (index, size)
        assert merkle.verify_inclusion(LEAVES[index], index, size, path, root)
        # A wrong leaf, index or root, a changed step or a missing one is refused. (The size
        # only steers left and right: a signed checkpoint vouches for size and root together.)
        assert not merkle.verify_inclusion(merkle.leaf_hash(b"forged"), index, size, path, root)
        if size > 1:
            assert not merkle.verify_inclusion(LEAVES[index], (index + 1) % size, size, path, root)
            broken = [bytes(32), *path[1:]]
            assert not merkle.verify_inclusion(LEAVES[index], index, size, broken, root)
            assert not merkle.verify_inclusion(LEAVES[index], index, size, path[:-1], root)
        assert not merkle.verify_inclusion(LEAVES[index], index, size, path, bytes(32))


@pytest.mark.parametrize("second", SIZES)
def test_every_consistency_proof_is_the_rfcs_and_verifies(second):
    second_root = TREE.root(second)
    firsts = (
        range(1, second + 1) if second <= 64 else sorted({1, 2, second // 2, second - 1, second})
    )
    for first in firsts:
        proof = TREE.consistency_proof(first, second)
        assert proof == rfc_subproof(first, ENTRIES[:second], True), (first, second)
        first_root = TREE.root(first)
        assert merkle.verify_consistency(first, second, first_root, second_root, proof)
        assert not merkle.verify_consistency(first, second, bytes(32), second_root, proof)
        assert not merkle.verify_consistency(first, second, first_root, bytes(32), proof)
        if proof:
            assert not merkle.verify_consistency(
                first, second, first_root, second_root, [*proof[:-1], bytes(32)]
            )
            assert not merkle.verify_consistency(first, second, first_root, second_root, proof[1:])


def test_a_log_that_was_rewritten_is_not_consistent_with_its_old_root():
    old_root = TREE.root(100)
    rewritten = merkle.MemoryTree([*LEAVES[:50], merkle.leaf_hash(b"changed"), *LEAVES[51:200]])
    proof = rewritten.consistency_proof(100, 200)
    assert not merkle.verify_consistency(100, 200, old_root, rewritten.root(200), proof)


def test_the_roots_match_an_independent_implementation():
    other = InmemoryTree(algorithm="sha256")
    for size, entry in enumerate(ENTRIES, start=1):
        other.append_entry(entry)
        assert other.get_root(size) == TREE.root(size), size


def test_proof_sizes_grow_with_the_log_of_the_tree():
    big = merkle.MemoryTree(merkle.leaf_hash(n.to_bytes(4, "big")) for n in range(100_000))
    reads: list[tuple[int, int]] = []

    def counted(start: int, end: int) -> bytes:
        reads.append((start, end))
        return big.subtree(start, end)

    for index in (0, 4_321, 65_536, 99_999):
        reads.clear()
        path = merkle.inclusion_path(index, 100_000, counted)
        assert len(reads) == len(path) <= 17  # ceil(log2(100,000))
    reads.clear()
    merkle.consistency_proof(70_000, 100_000, counted)
    assert len(reads) <= 2 * 17
