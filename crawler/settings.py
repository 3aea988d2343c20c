"""Scrapy settings: polite, bounded and safe by default (DESIGN.md "Defaults that matter").

The simulated web and the benchmarks turn politeness down through `-s` or the `nianbao`
command's options; nothing here assumes the local sites.
"""

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = (
    "nianbao/0.1 (+https://github.com/nianbao/nianbao; archive of 政府信息公开工作年度报告)"
)

# Politeness: government servers are fragile; parallelism comes from many hosts at once.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2
RANDOMIZE_DOWNLOAD_DELAY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 5
AUTOTHROTTLE_MAX_DELAY = 60
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Bounds: traps and huge files must not take the crawl down.
DEPTH_LIMIT = 8
REDIRECT_MAX_TIMES = 10
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 50 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True
URLLENGTH_LIMIT = 2083
CLOSESPIDER_TIMEOUT = 6 * 3600
MEMUSAGE_LIMIT_MB = 4096
MEMUSAGE_WARNING_MB = 3072

# Safety: only http(s); no cookies unless a site needs them; no listening consoles.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "s3": None, "ftp": None}
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Responses the archive must see even when they are errors (a 404 detail page is evidence
# that a report was removed).
HTTPERROR_ALLOWED_CODES = [404, 410]

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.PrivateAddressGuard": 50,
    "crawler.middlewares.ConditionalRequests": 100,  # only when NIANBAO_INCREMENTAL
    # after decompression (590), before RetryMiddleware (550) sees the status
    "crawler.middlewares.ChallengeGuard": 560,
}
ITEM_PIPELINES = {
    "crawler.pipelines.ArchivePipeline": 300,
}

# Where the archive lives (overridden by `nianbao --db`).
NIANBAO_DB = "data/nianbao.db"
NIANBAO_BLOBS = None  # default: <db dir>/blobs
NIANBAO_RUN_ID = None
# Loopback and private addresses are refused unless the operator allows them (the
# simulated web on 127.0.0.1 needs this; nothing else should).
NIANBAO_ALLOW_PRIVATE = False
# Incremental (nightly) runs: conditional requests, and known items fetched only when their
# list entry changed; items gone from a completely swept list are fetched once to see how.
NIANBAO_INCREMENTAL = False

FEED_EXPORT_ENCODING = "utf-8"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
# Twin URLs of one page (index.html and its folder, VSB jsp/static, gkmlpt post/mpost, session
# ids) share a fingerprint, so the duplicate filter fetches one of them (crawler/twins.py).
REQUEST_FINGERPRINTER_CLASS = "crawler.twins.TwinFingerprinter"
LOG_LEVEL = "INFO"

# Distributed crawling (nianbao worker / --redis; crawler/distributed.py). A worker renews
# the lease of each request it works on every tick; a lease not renewed for this long is the
# request of a dead worker, which the coordinator puts back in the queue.
NIANBAO_REDIS_LEASE = True  # False: stock scrapy-redis pop (loses what a killed worker held)
NIANBAO_REDIS_LEASE_SECONDS = 60
NIANBAO_REDIS_TICK_SECONDS = 0.2
