"""The pure parts of joining fonts: /W arrays and ToUnicode maps read back what is written."""
from __future__ import annotations

import pikepdf
from hypothesis import given
from hypothesis import strategies as st

from publish.render.fontmerge import cmap_bytes, unicode_of, w_array, widths_of

widths = st.dictionaries(st.integers(0, 65534), st.sampled_from([0, 250, 500, 1000, 333.5]),
                         max_size=300)


@given(widths)
def test_w_array_round_trip(ws):
    assert widths_of(w_array(ws)) == {k: float(v) for k, v in ws.items()}


@given(widths)
def test_a_pdf_array_is_read_as_its_values_are(ws):
    # a PDF's /W array is read from its written form: the same widths as from its items
    assert widths_of(pikepdf.Array(w_array(ws))) == {k: float(v) for k, v in ws.items()}


def test_w_array_reads_both_run_forms():
    # c [w1 w2] and c_first c_last w, as other producers write them
    for w in ([3, [500, 600], 10, 12, 1000], pikepdf.Array([3, [500, 600], 10, 12, 1000.5])):
        assert widths_of(w) == {3: 500.0, 4: 600.0, 10: float(w[4]), 11: float(w[4]),
                                12: float(w[4])}


def test_w_array_runs_break_at_gaps():
    assert w_array({1: 500, 2: 500, 7: 1000}) == [1, [500, 500], 7, [1000]]


@given(st.dictionaries(st.integers(0, 65535),
                       st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFFFF,
                                             exclude_categories=("Cs",)),
                               min_size=1, max_size=3), max_size=250))
def test_to_unicode_round_trip(mapping):
    encoded = {cid: "".join(f"{ord(ch):04x}" for ch in text).encode()
               for cid, text in mapping.items()}
    assert unicode_of(cmap_bytes(encoded)) == encoded


def test_to_unicode_batches_of_a_hundred():
    data = cmap_bytes({cid: b"4e00" for cid in range(250)})
    assert data.count(b"beginbfchar") == 3 and b"100 beginbfchar" in data


def test_a_w_array_with_references_is_read_through_them():
    """Another producer may make the /W array, or a run inside it, an indirect object."""
    pdf = pikepdf.new()
    run = pdf.make_indirect(pikepdf.Array([500, 600]))
    inner = pikepdf.Array([3, run, 10, 12, 1000])
    outer = pdf.make_indirect(pikepdf.Array([3, [500, 600], 10, 12, 1000]))
    want = {3: 500.0, 4: 600.0, 10: 1000.0, 11: 1000.0, 12: 1000.0}
    assert widths_of(inner) == want and widths_of(outer) == want
