"""The log's Merkle tree, as RFC 9162 (Certificate Transparency v2.0) section 2.1 defines it.

Only the standard library: the offline verifier an auditor runs shares this module, and may
rely on nothing but Python, ``cryptography`` and ``rfc8785``.

- A leaf hash is SHA-256(0x00 ‖ entry), a node SHA-256(0x01 ‖ left ‖ right); the root of no
  entries is SHA-256 of nothing.
- A tree of n leaves splits at k, the largest power of two below n: MTH(D[0:k]) and
  MTH(D[k:n]). Proofs (inclusion, consistency) are the RFC's PATH and PROOF, built from the
  hashes of such ranges; where they come from is the caller's ``RangeHash`` (a list in memory,
  or stored subtrees), so a proof for any of n entries reads O(log n) ranges.
- ``Frontier`` keeps the right edge of a growing tree (at most log2 n subtree roots), so an
  append, or the verifier's root at every checkpoint, costs O(log n) hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()

# (start, end) -> MTH of the leaves start..end-1; only ranges the RFC's recursion visits.
RangeHash = Callable[[int, int], bytes]


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def split(n: int) -> int:
    """k, the largest power of two smaller than n (n > 1)."""
    if n < 2:
        raise ValueError("only a tree of two or more leaves splits")
    return 1 << ((n - 1).bit_length() - 1)


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH of the leaves (their leaf hashes), iteratively: a Frontier fed them all."""
    frontier = Frontier()
    frontier.extend(leaf_hashes)
    return frontier.root()


def inclusion_path(index: int, size: int, subtree: RangeHash) -> list[bytes]:
    """PATH(m, D[n]): the audit path of leaf ``index`` in the tree of ``size`` leaves, from the
    leaf up (RFC 9162 2.1.3.1)."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    path: list[bytes] = []
    start, end = 0, size
    # Walk down from the root, noting the sibling range at each level; the path lists them
    # from the bottom, so it is reversed at the end.
    while end - start > 1:
        k = split(end - start)
        if index < start + k:
            path.append(subtree(start + k, end))
            end = start + k
        else:
            path.append(subtree(start, start + k))
            start = start + k
    path.reverse()
    return path


def consistency_proof(first: int, second: int, subtree: RangeHash) -> list[bytes]:
    """PROOF(m, D[n]): that the tree of ``first`` leaves is a prefix of the tree of ``second``
    (RFC 9162 2.1.4.1). Empty when the sizes are equal; undefined for an empty first tree."""
    if not 0 < first <= second:
        raise ValueError(f"no consistency proof from {first} to {second}")
    proof: list[bytes] = []
    start, end, whole = 0, second, True  # ``whole``: the RFC's b, "m is the whole first tree"
    m = first
    while m != end - start:
        k = split(end - start)
        if m <= k:
            proof.append(subtree(start + k, end))
            end = start + k
        else:
            proof.append(subtree(start, start + k))
            start, m, whole = start + k, m - k, False
    if not whole:
        proof.append(subtree(start, end))
    proof.reverse()
    return proof


def _lsb(number: int) -> bool:
    return bool(number & 1)


def root_from_inclusion(entry_hash: bytes, index: int, size: int, path: Sequence[bytes]) -> bytes:
    """The root the audit path leads to (RFC 9162 2.1.3.2); ValueError when it cannot lead to
    any root of that size."""
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is not in a tree of {size}")
    fn, sn, r = index, size - 1, entry_hash
    for p in path:
        if sn == 0:
            raise ValueError("the path is longer than the tree is deep")
        if _lsb(fn) or fn == sn:
            r = node_hash(p, r)
            if not _lsb(fn):
                while not _lsb(fn) and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("the path is shorter than the tree is deep")
    return r


def verify_inclusion(
    entry_hash: bytes, index: int, size: int, path: Sequence[bytes], expected_root: bytes
) -> bool:
    try:
        return root_from_inclusion(entry_hash, index, size, path) == expected_root
    except ValueError:
        return False


def verify_consistency(
    first: int,
    second: int,
    first_root: bytes,
    second_root: bytes,
    proof: Sequence[bytes],
) -> bool:
    """RFC 9162 2.1.4.2: whether ``proof`` shows the tree of ``first`` leaves with
    ``first_root`` is a prefix of the tree of ``second`` leaves with ``second_root``."""
    if not 0 < first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the first tree is a subtree of the second
        path.insert(0, first_root)
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while _lsb(fn):
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if _lsb(fn) or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not _lsb(fn):
                while not _lsb(fn) and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


class Frontier:
    """The right edge of a tree being appended to: the roots of its complete subtrees, largest
    first (at most one of each size, as the binary digits of the leaf count)."""

    def __init__(self, size: int = 0, stack: Sequence[tuple[int, bytes]] = ()) -> None:
        """An empty tree, or one restored from its ``size`` and ``stack`` (as stored)."""
        if sum(width for width, _digest in stack) != size:
            raise ValueError("the subtrees of a frontier add up to its size")
        self.size = size
        self._stack: list[tuple[int, bytes]] = list(stack)  # (subtree size, its root)

    @property
    def stack(self) -> list[tuple[int, bytes]]:
        return list(self._stack)

    def append(self, entry_hash: bytes) -> list[tuple[int, bytes]]:
        """Add a leaf; returns the complete subtrees of two or more leaves this completed
        (width, root), smallest first: each ends at the new leaf."""
        completed = []
        size, digest = 1, entry_hash
        while self._stack and self._stack[-1][0] == size:
            left_size, left = self._stack.pop()
            size, digest = left_size + size, node_hash(left, digest)
            completed.append((size, digest))
        self._stack.append((size, digest))
        self.size += 1
        return completed

    def extend(self, entry_hashes: Iterable[bytes]) -> None:
        for digest in entry_hashes:
            self.append(digest)

    def root(self) -> bytes:
        """MTH of the leaves so far: the complete subtrees folded from the right, which is the
        RFC's split (each left part a largest power of two)."""
        if not self._stack:
            return EMPTY_ROOT
        digest = self._stack[-1][1]
        for _size, left in reversed(self._stack[:-1]):
            digest = node_hash(left, digest)
        return digest


class MemoryTree:
    """A tree over leaf hashes held in memory, with every complete subtree's root kept once
    computed: what tests, exports and the verifier build proofs from."""

    def __init__(self, leaf_hashes: Iterable[bytes] = ()) -> None:
        self.leaves: list[bytes] = list(leaf_hashes)
        self._complete: dict[tuple[int, int], bytes] = {}

    def append(self, entry_hash: bytes) -> None:
        self.leaves.append(entry_hash)

    def subtree(self, start: int, end: int) -> bytes:
        """MTH of leaves start..end-1 (a range the RFC's recursion visits)."""
        if end - start == 1:
            return self.leaves[start]
        if end - start == 0:
            return EMPTY_ROOT
        width = end - start
        complete = width & (width - 1) == 0 and start % width == 0
        if complete and (start, end) in self._complete:
            return self._complete[(start, end)]
        k = split(width)
        digest = node_hash(self.subtree(start, start + k), self.subtree(start + k, end))
        if complete:
            self._complete[(start, end)] = digest
        return digest

    def root(self, size: int | None = None) -> bytes:
        return self.subtree(0, len(self.leaves) if size is None else size)

    def inclusion_path(self, index: int, size: int | None = None) -> list[bytes]:
        return inclusion_path(index, len(self.leaves) if size is None else size, self.subtree)

    def consistency_proof(self, first: int, second: int | None = None) -> list[bytes]:
        return consistency_proof(
            first, len(self.leaves) if second is None else second, self.subtree
        )
