"""What kind of smalltalk a message is (bot.core.smalltalk)."""

from __future__ import annotations

import pytest

from bot.core import smalltalk
from bot.core.knowledge import Knowledge
from bot.core.normalize import normalize


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("こんばんは", "greetings"),
        ("ありがとうございます", "thanks"),
        ("すみません", "openers"),
        ("相談したいことがあります", "openers"),
        ("夫のことで相談したい", "openers"),  # an opener about someone
        ("息子について相談したいです", "openers"),
        ("はい", "acknowledgements"),
        ("はいしゃに行きたい", None),  # はい only alone: 歯医者
        ("夫に殴られた", None),  # a person named, but no opener
        ("家賃が払えません", None),
    ],
)
def test_the_kind_of_smalltalk(knowledge: Knowledge, text: str, kind: str | None) -> None:
    assert smalltalk.kind(normalize(text).folded, knowledge) == kind
