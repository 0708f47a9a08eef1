"""Hypothesis strategies shared by the importer and writer property tests."""
from __future__ import annotations

from hypothesis import strategies as st

# CJK, Extension B, emoji, right-to-left scripts, combining marks, controls and markup-ish
# punctuation: what a careless paste can put into a corpus.
HOSTILE_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),          # CJK
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),        # Extension B
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),        # emoji
    st.characters(min_codepoint=0x0590, max_codepoint=0x06FF),          # Hebrew, Arabic
    st.characters(min_codepoint=0x0300, max_codepoint=0x036F),          # combining marks
    st.sampled_from(list("\x00\x07\x1b\x7f\u200b\u202e\ufeff，。！？“”（）《》—…*#{}<>&%\\ ")),
)


def hostile_text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=HOSTILE_ALPHABET, min_size=1, max_size=max_size)
