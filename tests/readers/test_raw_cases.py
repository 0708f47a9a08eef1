"""Importer rules, one small case file each: raw_cases/NAME.txt → raw_cases/NAME.expected.

Regenerate an expected file only after reading the difference:
    .venv/bin/python -m tests.readers.test_raw_cases NAME
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from publish.readers.raw import import_raw

from tests.readers.compact import compact

CASES = Path(__file__).parent / "raw_cases"


@pytest.mark.parametrize("name", sorted(p.stem for p in CASES.glob("*.txt")))
def test_case(name):
    result = import_raw(CASES / f"{name}.txt", name)
    expected = (CASES / f"{name}.expected").read_text(encoding="utf-8")
    assert compact(result) == expected


if __name__ == "__main__":
    for name in sys.argv[1:]:
        text = compact(import_raw(CASES / f"{name}.txt", name))
        (CASES / f"{name}.expected").write_text(text, encoding="utf-8")
        print(text)
