"""Decoding the bytes of a file: UTF-8 first and fast, byte order marks, legacy Western
encodings read right, bad bytes replaced and counted, binary files skipped, never an exception."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from textclean.decode import Decoded, decode_bytes

NEWS = [
    "“We will make all efforts to meet possible requests,” Lavrov told reporters on Thursday.",
    "Café owners in Zürich say the franc’s rise has cost them £5m — and €10m more.",
    "Le ministre a déclaré qu’il était « très inquiet » de la situation à Genève.",
    "Die Bürger in München zahlen 10 € mehr für Grüße, sagte der Bürgermeister.",
    "El presidente afirmó que «la economía española crecerá» según el Banco de España.",
]
LATIN_1_NEWS = [
    "Les élèves de l'école ont reçu 5 £ pour le déjeuner à Zürich; Müller était là.",
    "Café owners in Zürich say the franc's rise has cost them £5m, señor.",
    "Straße in Köln: Ärzte überprüfen die Gebäude, sagte die Behörde am Montag.",
]


@pytest.mark.parametrize("text", ["", "plain ASCII news", *NEWS, "中国外交部发言人表示。"])
def test_utf8_decodes_without_warnings(text):
    assert decode_bytes(text.encode("utf-8")) == Decoded(text, "utf-8")


def test_empty_bytes_are_empty_text_not_skipped():
    assert decode_bytes(b"") == Decoded("", "utf-8", (), None)


@pytest.mark.parametrize(("codec", "bom", "encoding"), [
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
    ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32-le"),
    ("utf-32-be", codecs.BOM_UTF32_BE, "utf-32-be"),
])
@pytest.mark.parametrize("text", [NEWS[0], "Ω\x00 NUL inside is fine in UTF-16/32", ""])
def test_a_byte_order_mark_decides_and_is_removed(codec, bom, encoding, text):
    decoded = decode_bytes(bom + text.encode(codec))
    if "\x00" in text and codec == "utf-8":
        assert decoded.skipped == "binary file: contains NUL bytes"
    else:
        assert decoded == Decoded(text, encoding)


def test_utf16_from_python_with_its_bom():
    assert decode_bytes(NEWS[1].encode("utf-16")).text == NEWS[1]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_is_recognised_by_where_its_nul_bytes_are(codec):
    decoded = decode_bytes(NEWS[1].encode(codec))
    assert decoded.text == NEWS[1]
    assert decoded.encoding == codec
    assert "no byte order mark" in decoded.warnings[0]


@pytest.mark.parametrize("text", [*NEWS, "\n".join(NEWS) * 50])
def test_windows_1252_news_comes_out_right(text):
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text
    assert decoded.encoding == "cp1252"
    assert decoded.warnings == ("not UTF-8: read as cp1252",)


@pytest.mark.parametrize("text", [*LATIN_1_NEWS, "\n".join(LATIN_1_NEWS) * 50])
def test_latin_1_news_comes_out_right(text):
    decoded = decode_bytes(text.encode("latin-1"))
    assert decoded.text == text
    assert decoded.skipped is None


@pytest.mark.parametrize(("text", "codec"), [
    ("Президент заявил, что Россия готова помочь Ираку в борьбе с терроризмом.", "cp1251"),
    ("中国外交部发言人在例行记者会上表示，中方对此表示关切。", "gb18030"),
])
def test_other_scripts_are_left_to_charset_normalizer(text, codec):
    decoded = decode_bytes(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == codec
    assert decoded.warnings == (f"not UTF-8: read as {codec} (guessed)",)


@pytest.mark.parametrize(("data", "text", "warning"), [
    ("é".encode() * 40 + b" \xe9\xff\xfe", "é" * 40 + " \ufffd\ufffd\ufffd",
     "3 undecodable bytes replaced with U+FFFD (utf-8)"),
    ("’Quoted’ ".encode() * 5 + b"caf\xe9 ", "’Quoted’ " * 5 + "caf\ufffd ",
     "1 undecodable byte replaced with U+FFFD (utf-8)"),
    ("Zürich café".encode()[:-1], "Zürich caf\ufffd",
     "1 undecodable byte replaced with U+FFFD (utf-8)"),
    ("plain café".encode()[:-1], "plain caf\ufffd",
     "1 undecodable byte replaced with U+FFFD (utf-8)"),
    (codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"x", "ab\ufffd",
     "1 undecodable byte replaced with U+FFFD (utf-16-le)"),
])
def test_mostly_valid_files_keep_their_encoding_and_count_bad_bytes(data, text, warning):
    decoded = decode_bytes(data)
    assert decoded.text == text
    assert warning in decoded.warnings


def test_a_stray_legacy_byte_in_ascii_is_read_as_windows_1252_not_replaced():
    decoded = decode_bytes(b"The caf\xe9 opened on Monday.")
    assert decoded.text == "The café opened on Monday."
    assert decoded.encoding == "cp1252"


@pytest.mark.parametrize(("data", "reason"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file: contains NUL bytes"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "binary file: contains NUL bytes"),
    (b"Plain text with one NUL\x00 byte", "binary file: contains NUL bytes"),
    (bytes(range(1, 32)) * 40 + b"\xe9\xfe\x81", "binary file: no plausible text encoding"),
])
def test_binary_files_are_skipped_with_a_reason(data, reason):
    assert decode_bytes(data) == Decoded(None, None, (), reason)


PIECES = st.one_of(
    st.binary(max_size=24),
    st.text(max_size=24).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
                     codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, b"\x00", b"\xe9", b"\xc3",
                     b"\x93\x94", b"\x81\x8d", b"\xed\xa0\x80"]),
    st.tuples(st.text(max_size=24), st.sampled_from(
        ["utf-16-le", "utf-16-be", "cp1252", "latin-1", "cp1251", "gb18030", "shift_jis"]
    )).map(lambda pair: pair[0].encode(pair[1], "ignore")),
)


@given(st.lists(PIECES, max_size=8).map(b"".join))
def test_never_raises_on_any_bytes(data):
    decoded = decode_bytes(data)
    assert (decoded.text is None) == (decoded.skipped is not None)
    assert (decoded.text is None) == (decoded.encoding is None)
    assert all(isinstance(w, str) for w in decoded.warnings)


#: Found by hypothesis: a one-byte file "\x1f" was once skipped as "mostly control characters".
@pytest.mark.parametrize("text", ["\x1f", "\x01\x02\x03 control characters are still text"])
def test_valid_utf8_without_nul_is_always_text(text):
    assert decode_bytes(text.encode()) == Decoded(text, "utf-8")


@given(st.text())
@example("\ufeff")  # found by hypothesis: a leading U+FEFF is the UTF-8 byte order mark
def test_any_text_saved_as_utf8_reads_back_unless_it_holds_nul(text):
    data = text.encode("utf-8", "replace")
    decoded = decode_bytes(data)
    if "\x00" not in text:
        # A file that starts with the bytes of U+FEFF starts with a byte order mark, which
        # says how to read the file and is not part of its text.
        assert decoded.text == data.decode("utf-8").removeprefix("\ufeff")
    elif decoded.skipped is None:  # NUL in every other byte reads as UTF-16
        assert decoded.encoding in ("utf-16-le", "utf-16-be")
        assert data[0::2].count(0) == 0 or data[1::2].count(0) == 0
    else:
        assert decoded.skipped == "binary file: contains NUL bytes"


#: Found by hypothesis: b"0\x00\xc2\x80" (UTF-8 "0", NUL, U+0080) was once read as UTF-16-LE.
@pytest.mark.parametrize("data", [b"0\x00\xc2\x80", b"a\x00b\x00", "x\x00é\x00".encode()])
def test_a_few_nul_bytes_in_every_other_place_are_not_utf16(data):
    assert decode_bytes(data).skipped == "binary file: contains NUL bytes"
