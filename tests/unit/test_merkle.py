"""The Merkle tree against RFC 9162 (and the Certificate Transparency reference vectors), and property tests:
every proof of an honest log verifies, every change to a leaf, a proof, a size or a head is refused."""

from __future__ import annotations

import hashlib
import random

import pytest

from sofadesk.audit.merkle import (
    EMPTY_ROOT,
    Frontier,
    Tree,
    consistency_path,
    inclusion_path,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

# The inputs and tree heads published with Certificate Transparency's reference implementation (RFC 6962's
# tree is the same as RFC 9162's): the root of the first n entries, n = 0..8.
CT_ENTRIES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_LEAVES = [leaf_hash(bytes.fromhex(e)) for e in CT_ENTRIES]


def leaves(n: int, salt: str = "") -> list[bytes]:
    return [leaf_hash(hashlib.sha256(f"{salt}{i}".encode()).digest()) for i in range(n)]


def test_it_hashes_leaves_and_nodes_with_the_rfc_prefixes() -> None:
    assert leaf_hash(b"ab") == hashlib.sha256(b"\x00ab").digest()
    assert node_hash(b"l" * 32, b"r" * 32) == hashlib.sha256(b"\x01" + b"l" * 32 + b"r" * 32).digest()
    assert root([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()


@pytest.mark.parametrize("n", range(len(CT_ROOTS)))
def test_it_computes_the_reference_roots_every_way(n: int) -> None:
    assert root(CT_LEAVES[:n]).hex() == CT_ROOTS[n]
    assert Tree(CT_LEAVES[:n]).root().hex() == CT_ROOTS[n]
    frontier = Frontier()
    frontier.extend(CT_LEAVES[:n])
    assert frontier.root().hex() == CT_ROOTS[n]


def test_it_gives_the_reference_inclusion_proof_of_the_first_entry() -> None:
    expected = [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]
    assert [h.hex() for h in Tree(CT_LEAVES).inclusion(0)] == expected
    assert verify_inclusion(
        0, 8, CT_LEAVES[0], [bytes.fromhex(h) for h in expected], bytes.fromhex(CT_ROOTS[8])
    )


def test_it_follows_the_rfc_example_tree_of_seven_leaves() -> None:
    """RFC 9162 2.1.5: leaves d0..d6; a = H(d0,d1)... named nodes; the proofs the RFC lists, node by node."""
    d = leaves(7, "rfc")
    a, b, c, dd = d[0], d[1], d[2], d[3]
    g, h = node_hash(a, b), node_hash(c, dd)
    i, j, k = node_hash(d[4], d[5]), d[4], d[5]
    ll = node_hash(i, d[6])
    tree = Tree(d)
    assert tree.root() == node_hash(node_hash(g, h), ll)
    assert tree.inclusion(0) == [b, h, ll]  # the RFC's "audit path for d0 is [b, h, l]"
    assert tree.inclusion(3) == [c, g, ll]
    assert tree.inclusion(4) == [k, d[6], node_hash(g, h)]
    assert tree.consistency(3) == [c, dd, g, ll]  # hash0 (3 leaves) to hash (7): [c, d, g, l]
    assert tree.consistency(4) == [ll]  # hash1 (4 leaves) to hash: [l]
    assert tree.consistency(6) == [
        i,
        d[6],
        node_hash(g, h),
    ]  # hash2 (6 leaves) to hash: [i, j, k] in its names
    assert (j, k) == (d[4], d[5])


@pytest.mark.parametrize("n", range(1, 65))
def test_every_inclusion_proof_of_every_leaf_verifies(n: int) -> None:
    d = leaves(n)
    tree = Tree(d)
    top = root(d)
    assert tree.root() == top
    for index in range(n):
        path = tree.inclusion(index)
        assert path == inclusion_path(index, d)
        assert verify_inclusion(index, n, d[index], path, top)
        assert not verify_inclusion(index, n, leaf_hash(b"changed"), path, top)
        if n > 1:
            other = (index + 1) % n  # another leaf at this place: a reordered log
            assert not verify_inclusion(index, n, d[other], path, top)
            assert not verify_inclusion(index, n, d[index], path[:-1], top)  # a shortened path
        assert not verify_inclusion(index, n, d[index], [*path, top], top)  # a lengthened path


@pytest.mark.parametrize("n", range(1, 49))
def test_consistency_verifies_for_every_older_size_and_fails_for_a_fork(n: int) -> None:
    d = leaves(n)
    tree = Tree(d)
    for m in range(1, n + 1):
        proof = tree.consistency(m)
        assert proof == consistency_path(m, d)
        assert verify_consistency(m, n, root(d[:m]), root(d), proof)
        # A forked head: the old tree had another leaf somewhere.
        forked = list(d[:m])
        forked[random.Random(m * 1000 + n).randrange(m)] = leaf_hash(b"fork")
        assert not verify_consistency(m, n, root(forked), root(d), proof)
        # A rewritten new tree: one of its leaves changed after the old head.
        if m < n:
            rewritten = list(d)
            rewritten[m] = leaf_hash(b"rewritten")
            assert not verify_consistency(m, n, root(d[:m]), root(rewritten), proof)
            # A removed event: the new tree lacks one of the old ones.
            removed = d[: m - 1] + d[m:]
            assert not verify_consistency(m, n - 1, root(d[:m]), root(removed), tree.consistency(m))


def test_random_large_sizes_agree_with_the_definition() -> None:
    rng = random.Random(9162)
    for _ in range(30):
        n = rng.randrange(2, 3000)
        d = leaves(n, str(n))
        tree = Tree(d)
        assert tree.root() == root(d)
        for _ in range(10):
            index, m = rng.randrange(n), rng.randrange(1, n + 1)
            assert verify_inclusion(index, n, d[index], tree.inclusion(index), tree.root())
            assert verify_inclusion(index % m, m, d[index % m], tree.inclusion(index % m, m), tree.root(m))
            assert verify_consistency(m, n, tree.root(m), tree.root(), tree.consistency(m))
            mid = rng.randrange(m, n + 1)
            assert verify_consistency(m, mid, tree.root(m), tree.root(mid), tree.consistency(m, mid))


def test_a_frontier_resumes_where_it_was_saved() -> None:
    d = leaves(1000)
    frontier = Frontier()
    for n, leaf in enumerate(d, 1):
        frontier.append(leaf)
        if n % 97 == 0:
            saved = Frontier.decode(frontier.size, frontier.encode())
            assert saved.root() == root(d[:n])
            frontier = saved
    assert frontier.root() == root(d)
    with pytest.raises(ValueError, match="has 6 hashes"):
        Frontier(1000, frontier.hashes[:-1] + frontier.hashes[-1:] * 0)  # 1000 = 0b1111101000: six hashes


def test_degenerate_proofs_are_refused() -> None:
    d = leaves(5)
    assert not verify_inclusion(5, 5, d[0], [], root(d))
    assert not verify_inclusion(0, 0, d[0], [], EMPTY_ROOT)
    assert verify_consistency(5, 5, root(d), root(d), [])
    assert not verify_consistency(5, 5, root(d), root(d), [d[0]])
    assert not verify_consistency(3, 5, root(d[:3]), root(d), [])
    assert not verify_consistency(5, 3, root(d), root(d[:3]), [])
    with pytest.raises(ValueError):
        Tree(d).consistency(0)
