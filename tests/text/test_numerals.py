import pytest

from publish.readers.rawtext import numeral_value
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
                                        ("abc", None), ("", None), ("两百", 200),
                                        ("一千零一", 1001), ("二〇二四", 2024), ("零", 0),
                                        ("二三十", None), ("十百", None), ("零十", None),
                                        ("一百二十三", 123), ("三千", 3000)])
def test_chinese_numeral(text, want):
    assert chinese_numeral(text) == want


@pytest.mark.parametrize("word, want", [("二十一", 21), ("一〇二", 102), ("xxi", 21),
                                        ("XIV", 14), ("零", None), ("二三", 23),
                                        ("二三十", None)])
def test_toc_page_words_read_by_the_same_parser(word, want):
    assert numeral_value(word) == want
