"""Signed tree heads: the log's size, Merkle root and last chain hash at a moment, signed with Ed25519.

The signing key lives in a file (SOFADESK_AUDIT_KEY_FILE, else `audit-signing-key.pem` in the data directory),
made on first use and readable by its owner only.  Several API nodes must share that file (or be given the
same one), or each would sign with its own key.  A State trusts heads by the public key it received out of
band (`sofadesk audit key`), never by the key a heads file names about itself.

No database here: the offline verifier imports this module.
"""

from __future__ import annotations

import base64
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

KEY_FILE_ENV = "SOFADESK_AUDIT_KEY_FILE"
KEY_FILE_NAME = "audit-signing-key.pem"


@dataclass(frozen=True)
class TreeHead:
    tree_size: int
    root_hash: str  # hex
    chain_hash: str  # hex: the chain hash of event `tree_size` (the genesis value for an empty log)
    signed_at: str  # ISO 8601, UTC
    public_key: str  # hex of the 32 raw bytes
    signature: str  # base64

    def message(self) -> bytes:
        """The bytes signed: a fixed text layout, so a verifier in any language can rebuild them."""
        return (
            "sofadesk-tree-head-v1\n"
            f"size {self.tree_size}\nroot {self.root_hash}\nchain {self.chain_hash}\nat {self.signed_at}\n"
        ).encode()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> TreeHead:
        """Read a head from JSON, saying which field is wrong (a corrupt file must not raise a traceback)."""
        if not isinstance(data, dict):
            raise ValueError("a tree head must be a JSON object")
        fields = {
            "tree_size": int,
            "root_hash": str,
            "chain_hash": str,
            "signed_at": str,
            "public_key": str,
            "signature": str,
        }
        for name, kind in fields.items():
            if not isinstance(data.get(name), kind) or isinstance(data.get(name), bool):
                raise ValueError(f"tree head: {name} is missing or not a {kind.__name__}")
        for name in ("root_hash", "chain_hash", "public_key"):
            if not _is_hex(data[name], 64):
                raise ValueError(f"tree head: {name} must be 64 hexadecimal digits")
        if data["tree_size"] < 0:
            raise ValueError("tree head: tree_size must not be negative")
        return cls(**{name: data[name] for name in fields})


def _is_hex(text: str, length: int) -> bool:
    return len(text) == length and all(c in "0123456789abcdef" for c in text)


def key_path() -> Path:
    override = os.environ.get(KEY_FILE_ENV, "").strip()
    if override:
        return Path(override)
    from sofadesk.config import default_data_dir

    return default_data_dir() / KEY_FILE_NAME


def signing_key(path: Path | None = None) -> Ed25519PrivateKey:
    """The log's key, made on first use.  The file is created exclusively, so two processes starting at once
    end up with the same key: the loser of the race reads the winner's."""
    path = path or key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as sink:
                sink.write(pem)
            return key
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return loaded


def public_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def sign(key: Ed25519PrivateKey, tree_size: int, root_hash: str, chain_hash: str, signed_at: str) -> TreeHead:
    unsigned = TreeHead(tree_size, root_hash, chain_hash, signed_at, public_hex(key), "")
    signature = base64.b64encode(key.sign(unsigned.message())).decode()
    return TreeHead(tree_size, root_hash, chain_hash, signed_at, unsigned.public_key, signature)


def signature_valid(head: TreeHead, trusted_key: str | None = None) -> bool:
    """True when the head is signed by `trusted_key` (hex), or by the key it names when none is trusted."""
    key_hex = trusted_key or head.public_key
    if trusted_key is not None and head.public_key != trusted_key:
        return False
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(key_hex))
        key.verify(base64.b64decode(head.signature, validate=True), head.message())
    except (InvalidSignature, ValueError):
        return False
    return True


def read_public_key(text: str) -> str:
    """A public key given as 64 hex digits or as a PEM block; returned as hex."""
    text = text.strip()
    if _is_hex(text.lower(), 64):
        return text.lower()
    try:
        loaded = serialization.load_pem_public_key(text.encode())
    except ValueError:
        raise ValueError("the key is neither 64 hexadecimal digits nor a PEM public key") from None
    if not isinstance(loaded, Ed25519PublicKey):
        raise ValueError("the key is not an Ed25519 public key")
    return loaded.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
