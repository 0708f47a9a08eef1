"""The one front-matter split, shared by loading an article and writing edits back."""
from pathlib import Path

import pytest

from publish.corpus import split_front_matter
from publish.corpus.update import update_article
from publish.errors import UserError


def test_split_gives_yaml_body_and_the_body_line():
    text = "---\nid: a\ntitle: T\n---\n\nbody\n"
    assert split_front_matter(text, Path("a.md")) == ("id: a\ntitle: T\n", "\nbody\n", 5)


@pytest.mark.parametrize("text, message", [
    ("id: a\n", "missing YAML front matter"),
    ("---\nid: a\ntitle: T\n\nbody\n", "not closed"),
])
def test_loading_and_updating_refuse_the_same_way(text, message):
    with pytest.raises(UserError, match=message):
        split_front_matter(text, Path("a.md"))
    with pytest.raises(UserError, match=message):
        update_article(text, None, None, Path("a.md"))
