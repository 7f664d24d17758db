"""The Merkle tree of Certificate Transparency (RFC 9162, section 2.1), over the audit events.

Hashing follows the RFC exactly so that any CT-compatible tool computes the same roots: a leaf is
SHA-256(0x00 || data), an interior node SHA-256(0x01 || left || right), and a tree of n leaves splits at the
largest power of two below n (the left part is always a complete tree).  The leaf data of an audit event is
its 32-byte chain hash, which itself covers every field of the event.

Three shapes of the same tree serve three jobs:
  - `root`, `inclusion_path`, `consistency_path` are the RFC's recursive definitions, written for clarity and
    used by the tests as the reference;
  - `Frontier` keeps only the roots of the complete subtrees of the log so far (at most log2 n hashes): the
    root is folded from it, it grows by one leaf at a time, and a signed tree head stores it, so that a later
    head or a resumed verification costs the new events only;
  - `Tree` keeps every complete aligned subtree in flat byte arrays (about 64 bytes per leaf), from which
    proofs for any leaf and between any two sizes are read in O(log n).
The verifiers (`verify_inclusion`, `verify_consistency`) are the RFC's iterative algorithms (2.1.3.2, 2.1.4.2)
and need nothing but the proof: they are what a State runs offline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly below n (n >= 2): the size of the left, complete, subtree."""
    return 1 << ((n - 1).bit_length() - 1)


# --- the RFC's definitions, over a list of leaf hashes --------------------------------------------------


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]), given the leaves' hashes."""
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = split_point(len(leaves))
    return node_hash(root(leaves[:k]), root(leaves[k:]))


def inclusion_path(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]): the siblings on the way from leaf `index` up to the root, nearest first."""
    if len(leaves) <= 1:
        return []
    k = split_point(len(leaves))
    if index < k:
        return [*inclusion_path(index, leaves[:k]), root(leaves[k:])]
    return [*inclusion_path(index - k, leaves[k:]), root(leaves[:k])]


def consistency_path(old_size: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) for 0 < m <= n: what shows the tree of the first m leaves is a prefix of this one."""

    def sub(m: int, part: Sequence[bytes], whole_old_tree_known: bool) -> list[bytes]:
        if m == len(part):
            # The old tree's own root is known to the verifier only at the top of the recursion.
            return [] if whole_old_tree_known else [root(part)]
        k = split_point(len(part))
        if m <= k:
            return [*sub(m, part[:k], whole_old_tree_known), root(part[k:])]
        return [*sub(m - k, part[k:], False), root(part[:k])]

    if not 0 < old_size <= len(leaves):
        raise ValueError(f"no consistency proof from size {old_size} to size {len(leaves)}")
    return sub(old_size, leaves, True)


# --- the verifiers (RFC 9162, 2.1.3.2 and 2.1.4.2) --------------------------------------------------------


def _drop_trailing_zero_bits(fn: int, sn: int) -> tuple[int, int]:
    """Shift both indices right until fn's lowest bit is set or fn is 0 (a right edge is climbed at once)."""
    while fn and not fn & 1:
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


def verify_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes], expected_root: bytes) -> bool:
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for sibling in path:
        if sn == 0:
            return False  # the path is longer than the tree is tall
        if fn & 1 or fn == sn:
            r = node_hash(sibling, r)
            if not fn & 1:
                fn, sn = _drop_trailing_zero_bits(fn, sn)
        else:
            r = node_hash(r, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == expected_root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, path: Sequence[bytes]
) -> bool:
    if old_size < 0 or new_size < old_size:
        return False
    if old_size == new_size:
        return not path and old_root == new_root
    if old_size == 0:
        return not path  # the empty tree is a prefix of every tree
    if not path:
        return False
    proof = list(path)
    if old_size & (old_size - 1) == 0:
        proof.insert(0, old_root)  # a complete old tree is itself a node of the new one
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                fn, sn = _drop_trailing_zero_bits(fn, sn)
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


# --- the compact range: roots of the complete subtrees so far -----------------------------------------


class Frontier:
    """The roots of the complete subtrees that make up the first `size` leaves, largest (leftmost) first;
    one per set bit of `size`."""

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if len(hashes) != bin(size).count("1"):
            raise ValueError(
                f"a frontier of {size} leaves has {bin(size).count('1')} hashes, not {len(hashes)}"
            )
        self.size = size
        self.hashes = list(hashes)

    def append(self, leaf: bytes) -> None:
        # Each trailing set bit of the old size is a complete subtree of equal height to merge with.
        carry, size = leaf, self.size
        while size & 1:
            carry = node_hash(self.hashes.pop(), carry)
            size >>= 1
        self.hashes.append(carry)
        self.size += 1

    def extend(self, leaves: Iterable[bytes]) -> None:
        for leaf in leaves:
            self.append(leaf)

    def root(self) -> bytes:
        if not self.hashes:
            return EMPTY_ROOT
        r = self.hashes[-1]
        for left in reversed(self.hashes[:-1]):
            r = node_hash(left, r)
        return r

    def encode(self) -> str:
        return "".join(h.hex() for h in self.hashes)

    @classmethod
    def decode(cls, size: int, text: str) -> Frontier:
        raw = bytes.fromhex(text)
        return cls(size, [raw[i : i + HASH_SIZE] for i in range(0, len(raw), HASH_SIZE)])


# --- the whole tree, for proofs ---------------------------------------------------------------------------


class Tree:
    """Every complete, aligned subtree of the leaves, level by level, in flat byte arrays: level j holds the
    roots of the subtrees of 2**j leaves starting at multiples of 2**j."""

    def __init__(self, leaves: Iterable[bytes]) -> None:
        level = bytearray()
        for leaf in leaves:
            level += leaf
        self.size = len(level) // HASH_SIZE
        self.levels = [level]
        while len(level) >= 2 * HASH_SIZE:
            above = bytearray()
            for i in range(0, len(level) - HASH_SIZE, 2 * HASH_SIZE):
                above += node_hash(
                    bytes(level[i : i + HASH_SIZE]), bytes(level[i + HASH_SIZE : i + 2 * HASH_SIZE])
                )
            self.levels.append(above)
            level = above

    def leaf(self, index: int) -> bytes:
        return bytes(self.levels[0][index * HASH_SIZE : (index + 1) * HASH_SIZE])

    def subtree(self, lo: int, hi: int) -> bytes:
        """MTH(D[lo:hi]); in the RFC's recursion lo is always a multiple of every split below it, so each
        complete part is one stored node."""
        n = hi - lo
        if n == 0:
            return EMPTY_ROOT
        if n & (n - 1) == 0:
            height = n.bit_length() - 1
            at = (lo >> height) * HASH_SIZE
            return bytes(self.levels[height][at : at + HASH_SIZE])
        k = split_point(n)
        return node_hash(self.subtree(lo, lo + k), self.subtree(lo + k, hi))

    def root(self, size: int | None = None) -> bytes:
        return self.subtree(0, self.size if size is None else size)

    def inclusion(self, index: int, size: int | None = None) -> list[bytes]:
        size = self.size if size is None else size
        if not 0 <= index < size <= self.size:
            raise ValueError(f"no leaf {index} in a tree of {size}")
        return _path(index, 0, size, self.subtree)

    def consistency(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        new_size = self.size if new_size is None else new_size
        if not 0 < old_size <= new_size <= self.size:
            raise ValueError(f"no consistency proof from size {old_size} to size {new_size}")
        out: list[bytes] = []
        lo, hi, m, known = 0, new_size, old_size, True
        # The RFC's SUBPROOF recursion, unrolled: it only ever recurses into one side.
        while m != hi - lo:
            k = split_point(hi - lo)
            if m <= k:
                out.append(self.subtree(lo + k, hi))
                hi = lo + k
            else:
                out.append(self.subtree(lo, lo + k))
                lo, m, known = lo + k, m - k, False
        if not known:
            out.append(self.subtree(lo, hi))
        out.reverse()
        return out


def _path(index: int, lo: int, hi: int, subtree: Callable[[int, int], bytes]) -> list[bytes]:
    out: list[bytes] = []
    while hi - lo > 1:
        k = split_point(hi - lo)
        if index < lo + k:
            out.append(subtree(lo + k, hi))
            hi = lo + k
        else:
            out.append(subtree(lo, lo + k))
            lo += k
    out.reverse()
    return out
