"""Spider per CMS family. `scrapy crawl <family> -a site=<id> -a run_id=… -a raw_dir=…`."""
