"""The corpus tree by hashes: what a test compares before and after a command."""
from __future__ import annotations

import hashlib
from pathlib import Path


def hashes(root: Path) -> dict[str, str]:
    """Every file under ``root`` (relative POSIX path → SHA-256 of its bytes)."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """Paths added, removed or rewritten with other bytes."""
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
