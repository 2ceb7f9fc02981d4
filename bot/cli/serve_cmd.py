"""`madoguchi serve`, `telegram-polling` and `set-webhook`: the commands that run the channels."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any, NoReturn

from bot.cli.common import EXIT_BAD_CONFIG, load_or_refuse, print_problems
from bot.config.settings import Settings, load_settings
from bot.config.yamlsrc import Problem


def _runtime(settings: Settings):  # type: ignore[no-untyped-def]
    """The knowledge and the workers file are checked before the channels' SDKs are imported (a second
    or more): an admin's broken file is refused at once."""
    from bot.casework.roster import load_workers

    store = load_or_refuse(settings)
    _, problems = load_workers(settings.workers_file)
    if problems:
        _refuse_workers(settings, problems)
    from bot.channels.web import BadWorkersFile, build_runtime
    from bot.store.storage import Storage

    try:
        return build_runtime(settings, store, Storage(settings.db_path))
    except BadWorkersFile as bad:  # edited between the check and the start
        _refuse_workers(settings, bad.problems)


def _refuse_workers(settings: Settings, problems: list[Problem]) -> NoReturn:
    print_problems(problems)
    sys.stderr.write(f"madoguchi: {settings.workers_file} is not valid; refusing to start.\n")
    raise SystemExit(EXIT_BAD_CONFIG)


def log_setup() -> None:
    """INFO for our own logs; httpx logs every request URL at INFO, and Telegram's URL holds the bot
    token, so it (and httpcore) speak only from WARNING."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def cmd_serve(args: argparse.Namespace) -> int:
    settings = load_settings()
    if not (settings.line_on or (settings.telegram_on and settings.telegram_secret)):
        sys.stderr.write(
            "madoguchi serve: no channel is configured. Set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN,"
            " and/or TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET (see README).\n"
        )
        return 1
    log_setup()
    runtime = _runtime(settings)
    import uvicorn  # the server and the SDKs only once the configuration is known to be good

    from bot.channels.web import create_app

    uvicorn.run(create_app(runtime), host=args.host, port=args.port, log_level="info")
    return 0


def cmd_telegram_polling(args: argparse.Namespace) -> int:
    from bot.channels.polling import run_polling

    settings = load_settings()
    if not settings.telegram_token:
        sys.stderr.write("madoguchi telegram-polling: set TELEGRAM_BOT_TOKEN first.\n")
        return 1
    log_setup()
    return run_polling(_runtime(settings))


def cmd_set_webhook(args: argparse.Namespace) -> int:
    import asyncio

    from bot.channels.telegram import TelegramChannel

    settings = load_settings()
    if not (settings.telegram_token and settings.telegram_secret):
        sys.stderr.write("madoguchi set-webhook: set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET first.\n")
        return 1

    async def register() -> bool:
        channel = TelegramChannel(settings.telegram_token, settings.telegram_api)
        await channel.start()
        try:
            return await channel.set_webhook(args.url, settings.telegram_secret)
        finally:
            await channel.close()

    done = asyncio.run(register())
    sys.stdout.write(("webhook set: " if done else "Telegram refused the webhook: ") + args.url + "\n")
    return 0 if done else 1


def add_commands(commands: Any) -> None:
    """serve, telegram-polling and set-webhook: running the channels."""
    serve = commands.add_parser("serve", help="run the LINE and Telegram webhooks (Starlette + uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.set_defaults(run=cmd_serve)
    polling = commands.add_parser("telegram-polling", help="Telegram without a public URL (long polling)")
    polling.set_defaults(run=cmd_telegram_polling)
    webhook = commands.add_parser("set-webhook", help="register the Telegram webhook URL with its secret")
    webhook.add_argument("url")
    webhook.set_defaults(run=cmd_set_webhook)
