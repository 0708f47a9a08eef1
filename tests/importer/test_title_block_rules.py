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
