"""python -m sitefarm serve [--port N] [--sites DIR] | truth [--sites DIR]"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m sitefarm")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve", help="run the farm in the foreground")
    s.add_argument("--port", type=int, default=0)
    s.add_argument(
        "--sites", type=Path, default=None, help="registry folder (default spiders/sites)"
    )
    t = sub.add_parser("truth", help="print the expected extraction of every article (JSON Lines)")
    t.add_argument("--sites", type=Path, default=None)
    args = p.parse_args(argv)

    if args.cmd == "truth":
        from .truth import expected_articles

        for row in expected_articles(args.sites):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0

    from .server import start_farm

    try:
        farm = start_farm(args.port, args.sites)
    except OSError as exc:
        print(f"farm: cannot listen on port {args.port}: {exc}", file=sys.stderr)
        return 1
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    print(f"farm listening on {farm.url} hosts={len(farm.hosts)}", flush=True)
    print(f"PROVNEWS_HOST_MAP={farm.host_map}", flush=True)
    stop.wait()
    farm.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
