"""Item pipeline: every raw record goes to data/raw/<run_id>/<site_id>.jsonl.gz.

Append-only: the file is opened in append mode (gzip members concatenate) and
flushed after each record, so a killed crawl leaves every finished record readable.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any


class RawZonePipeline:
    def open_spider(self, spider: Any) -> None:
        out_dir = Path(spider.raw_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        self.path = out_dir / f"{spider.site['id']}.jsonl.gz"
        self._file = gzip.open(self.path, "at", encoding="utf-8")
        self.count = 0

    def process_item(self, item: dict[str, Any], spider: Any = None) -> dict[str, Any]:
        self._file.write(json.dumps(item, ensure_ascii=False) + "\n")
        self._file.flush()
        self.count += 1
        return item

    def close_spider(self, spider: Any = None) -> None:
        self._file.close()
