"""Where the bundled issue lives (shared by tests and fixtures)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "corpus" / "2024-02"


def bundled_source() -> Path:
    return next((BUNDLED / "source").glob("*.txt"))
