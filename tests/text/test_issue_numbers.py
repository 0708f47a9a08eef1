import pytest

from publish.text.numerals import chinese_numeral, number_in_year


@pytest.mark.parametrize("number, want", [
    ("2024年第2期", 2), ("2023年第12期", 12), ("第十二期", 12), ("2024年第二十三期", 23),
    ("２０２４年第３期", 3), ("2024年第 4 期", 4), ("2024年3期", 3),
    ("2024年第2期（总第120期）", 2), ("总第120期", None), ("创刊号", None), ("", None),
    (None, None), ("2024年第0期", None),
])
def test_number_in_year(number, want):
    assert number_in_year(number) == want


@pytest.mark.parametrize("text, want", [("一", 1), ("十", 10), ("十二", 12), ("二十", 20),
                                        ("二十三", 23), ("一〇二", 102), ("一百零五", 105),
                                        ("abc", None), ("", None)])
def test_chinese_numeral(text, want):
    assert chinese_numeral(text) == want
