"""Property tests: no input gets a 5xx from either webhook, nothing stored fails later, and the
YAML loaders report problems rather than raise."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.casework.roster import load_workers
from bot.config.faq_files import load_faq_dir
from bot.config.rules_file import load_rules
from bot.config.services_files import load_services_dir
from bot.config.yamlsrc import load_yaml
from tests.channel_harness import TG_SECRET, make_settings, running
from tests.fakes import FakePlatform

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
field_names = st.sampled_from(
    [
        "type",
        "source",
        "message",
        "text",
        "userId",
        "groupId",
        "replyToken",
        "webhookEventId",
        "postback",
        "data",
        "from",
        "chat",
        "id",
        "update_id",
        "callback_query",
        "latitude",
        "longitude",
        "reply_to_message",
        "is_bot",
    ]
)
shaped = st.recursive(
    scalars, lambda inner: st.dictionaries(field_names, inner, max_size=5) | st.lists(inner, max_size=3), max_leaves=25
)
line_like = st.fixed_dictionaries(
    {
        "destination": scalars,
        "events": st.one_of(
            scalars,
            st.lists(shaped, max_size=3),
            st.lists(
                st.fixed_dictionaries(
                    {
                        "type": st.sampled_from(["message", "postback", "follow", "x"]),
                        "source": shaped,
                        "message": shaped,
                        "replyToken": scalars,
                        "webhookEventId": st.text(max_size=30),
                    }
                ),
                max_size=3,
            ),
        ),
    }
)
telegram_like = st.fixed_dictionaries(
    {"update_id": st.integers(min_value=-3, max_value=2**70)},
    optional={"message": shaped, "callback_query": shaped, "edited_message": shaped},
)


@st.composite
def encoded(draw: Any, documents: Any) -> bytes:
    text = json.dumps(draw(documents), ensure_ascii=draw(st.booleans()))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-le"]))
    return text.encode(encoding, errors="surrogatepass")


specials = st.one_of(
    st.integers(1, 3000).map(lambda n: b"[" * n + b"]" * n),
    st.integers(1, 3000).map(lambda n: b'{"events": ' + b"[" * n + b"]" * n + b"}"),
    st.integers(15, 6000).map(lambda n: b'{"update_id": ' + b"9" * n + b"}"),
    st.integers(15, 6000).map(lambda n: b'{"events": [{"type": "message", "timestamp": ' + b"1" * n + b"}]}"),
    st.sampled_from(
        [
            b'{"events": "\\ud800"}',
            b'{"update_id": 1, "message": {"text": "\\udfff"}}',
            b'{"events": NaN}',
            b'{"update_id": 1e999}',
            b"\xef\xbb\xbf{}",
            b'"\xed\xa0\x80"',
        ]
    ),
)
bodies = st.one_of(st.binary(max_size=200), encoded(values), encoded(line_like), encoded(telegram_like), specials)


def test_no_server_error_on_any_body_and_nothing_stored_fails(
    tmp_path: Path, line_fake: FakePlatform, tg_fake: FakePlatform
) -> None:
    with running(make_settings(tmp_path, line_fake, tg_fake)) as app:

        @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
        @given(body=bodies)
        def webhooks_answer(body: bytes) -> None:
            line = app.post_line_raw(body)  # correctly signed: the signature is no shield here
            assert line.status_code < 500, (line.status_code, body[:200])
            telegram = app.client.post(
                "/webhooks/telegram", content=body, headers={"x-telegram-bot-api-secret-token": TG_SECRET}
            )
            assert telegram.status_code < 500, (telegram.status_code, body[:200])

        webhooks_answer()
        app.drain()
        assert app.client.get("/healthz").status_code == 200  # still answering
        stuck = [row for row in app.runtime.storage.db["events"].rows if row["status"] != "done"]
        assert stuck == []  # whatever was stored could be processed


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(max_size=300)
    | st.from_regex(r"(entries|services|rules|notify|workers):\n  - \{.{0,40}\}\n", fullmatch=True)
)
def test_yaml_loaders_report_problems_and_never_raise(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        for sub in ("faq", "services"):
            (base / sub).mkdir()
            (base / sub / "x.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        for name in ("handoff_rules.yaml", "workers.yaml"):
            (base / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        load_yaml(base / "workers.yaml")
        load_faq_dir(base / "faq")
        load_services_dir(base / "services")
        load_rules(base / "handoff_rules.yaml")
        load_workers(base / "workers.yaml")
