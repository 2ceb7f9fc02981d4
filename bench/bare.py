"""The bare endpoint `bench/load.py` measures beside `serve`: a minimal Starlette app that reads the
body and returns 200, under the uvicorn settings `madoguchi serve` uses (`bot.cli.cmd_serve`:
`uvicorn.run(app, host, port, log_level="info")`, with the same logging set-up). Run as
`python -m bench.bare --port P`."""

from __future__ import annotations

import argparse

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.cli.serve_cmd import log_setup


async def webhook(request: Request) -> JSONResponse:
    await request.body()
    return JSONResponse({"accepted": 1})


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"ok": True})


def create_app() -> Starlette:
    return Starlette(
        routes=[
            Route("/webhooks/line", webhook, methods=["POST"]),
            Route("/webhooks/telegram", webhook, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    log_setup()
    uvicorn.run(create_app(), host="127.0.0.1", port=args.port, log_level="info")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
