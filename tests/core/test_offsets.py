from hypothesis import given, settings
from hypothesis import strategies as st

from sourcemark.core.offsets import OffsetMap, quote, utf16_len
from sourcemark.core.segment import sentences

# Text with astral emoji, CJK, RTL, combining marks, punctuation and every kind of line break.
alphabet = st.sampled_from(list("ab XY.!?\"“”'’…\r\n\t,") + ["😀", "𝔘", "北", "京", "ש", "ל", "\u0301", "\u200d", "🇺"])
texts = st.lists(alphabet, max_size=200).map("".join)


@given(texts)
def test_utf16_round_trip(text):
    omap = OffsetMap(text)
    assert omap.length16 == utf16_len(text) == len(text.encode("utf-16-le")) // 2
    for cp in range(len(text) + 1):
        u16 = omap.to_utf16(cp)
        assert u16 == len(text[:cp].encode("utf-16-le")) // 2
        assert omap.to_codepoint(u16) == cp


@given(texts)
def test_surrogate_middle_is_rejected(text):
    omap = OffsetMap(text)
    for cp, ch in enumerate(text):
        if ord(ch) > 0xFFFF:
            try:
                omap.to_codepoint(omap.to_utf16(cp) + 1)
            except ValueError:
                continue
            raise AssertionError("an offset inside a surrogate pair was accepted")


@settings(max_examples=200)
@given(texts)
def test_sentence_spans_are_exact_disjoint_and_trimmed(text):
    spans = sentences(text)
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start
    for s in spans:
        piece = text[s.start:s.end]
        assert piece and piece == piece.strip()
        q = quote(text, s.start, s.end, 32)
        assert q["exact"] == piece and text[:s.start].endswith(q["prefix"]) and text[s.end:].startswith(q["suffix"])
