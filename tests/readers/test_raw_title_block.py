"""Title-block line kinds: bylines against headline lines, datelines."""
from __future__ import annotations

import pytest

from publish.readers.raw import _is_dateline
from publish.text.chars import BYLINE_RE


@pytest.mark.parametrize("line, byline", [
    ("习近平", True),
    ("自治区主席 王莉霞", True),
    ("本报记者 张三 李四", True),
    ("新华社记者：张三、李四", True),
    ("阿不都·热合曼", True),
    ("坚持稳中求进 推动高质量发展", False),
    ("李强 王沪宁 出席", False),
    ("李强作出批示", False),
    ("赵乐际王沪宁丁薛祥李希韩正出席 蔡奇主持", False),
])
def test_byline(line, byline):
    assert bool(BYLINE_RE.match(line)) is byline


@pytest.mark.parametrize("line, dateline", [
    ("(2024年1月10日中国共产党第二十届中央纪律检查委员会第三次全体会议通过)", True),
    ("（2024年2月2日）", True),
    ("——2024年1月30日在内蒙古自治区第十四届人民代表大会第", True),
    ("2024年2月2日", True),
    ("（二〇二四年二月八日）", True),
    ("（全文）", False),
    ("政府工作报告", False),
])
def test_dateline(line, dateline):
    assert _is_dateline(line) is dateline


@pytest.mark.parametrize("title, slug", [
    ("ABC项目2024年进展", "abc-xiang-mu-2024-nian-jin-zhan"),
    ("ChatGPT与AI的未来", "chatgpt-yu-ai-de-wei"),
    ("第5个中国农民丰收节", "di-5-ge-zhong-guo-nong-min-feng-shou-jie"),
    ("2024年政府工作报告", "nian-zheng-fu-gong-zuo-bao-gao"),      # an id begins with a letter
    ("习近平：在二〇二四年春节团拜会上的讲话", "zai-er-ling-er-si-nian-chun-jie-tuan-bai-hui-shang"),
    ("１２３", "article"),
])
def test_an_article_id_keeps_the_latin_words_and_digits_of_its_title(title, slug):
    """Latin words and digits were left out of the id (ChatGPT与AI的未来 → yu-de-wei)."""
    from publish.corpus import _SAFE_ARTICLE_ID
    from publish.readers.raw import _slug
    assert _slug(title, set()) == slug and _SAFE_ARTICLE_ID.fullmatch(slug)
