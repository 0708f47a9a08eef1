"""Where a paragraph's run-in heading ends."""
from __future__ import annotations

import pytest

from publish.text.leads import MAX_LEAD_CHARS, run_in_lead


@pytest.mark.parametrize("text, expected", [
    ("（一）全力以赴抓政策落地。政策落地工程是头号工程。", (3, 13)),
    ("(二)坚定实施投资带动战略！这两年", (3, 14)),
    ("一、过去一年工作回顾。2023年是", (2, 11)),
    ("十二、坚守“北大门”。有效防范", (2, 11)),
    # a sentence mark inside quotes or brackets does not end the lead
    ("（三）落实“放管服。”改革，提高效率。其后的正文", (3, 19)),
    ("（四）办好实事（见附表。）。正文", (3, 14)),
])
def test_a_lead_ends_after_its_sentence_mark(text, expected):
    assert run_in_lead(text) == expected


@pytest.mark.parametrize("text", [
    "（一）全力以赴抓政策落地。",              # a lone lead: the block is a heading
    "（一）全力以赴抓政策落地。   ",
    "（一）。正文",                          # a label with no sentence
    "政策落地工程是头号工程。（一）不是标签。",  # no label at the start
    "1.加快构建体系。正文",                   # a list label is no heading
    "（一）" + "很" * MAX_LEAD_CHARS + "。正文",  # a first sentence too long for a heading
    "（一）主动交代问题的；正文",               # no sentence mark: an item of a list
])
def test_no_lead(text):
    assert run_in_lead(text) is None
