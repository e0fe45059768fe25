"""Every project setting, with its default and one line on what it does.

The README's settings table documents each one (type, default, effect, stat it moves).
Override any of them on the command line: ``scrapy crawl news -s ARCHIVE_DIR=/srv/archive``.
"""
from __future__ import annotations

BOT_NAME = "fraudnews"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"  # scrapy crawlall

# -- where everything goes ------------------------------------------------------
ARCHIVE_DIR = "./data"  # WARC files in ARCHIVE_DIR/warc/, the database at ARCHIVE_DIR/archive.db
ARCHIVE_COMMIT_INTERVAL = 1.0  # seconds of database writes per transaction (0: commit every write)

# -- politeness ----------------------------------------------------------------
CONTACT_URL = "https://github.com/fraudnews/fraudnews"  # named in the User-Agent: who runs this crawler
USER_AGENT = f"fraudnews/0.1 (news archive for anti-fraud research; +{CONTACT_URL})"  # honest, with contact
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 5.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_DELAY = 1.0  # the floor AutoThrottle never goes below
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# outputs of one response handled at once (Scrapy's default, 100, starts 100 asyncio tasks for every
# response; an article page yields one item and a few links)
CONCURRENT_ITEMS = 8
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
}

# -- discovery (crawler.spiders.base.NewsSpider) ---------------------------------
PORTALS_MIRROR = None  # a base URL serving every portal's paths under /<spider>/ (the sample portal in tests)
NEWS_MAX_HOPS = 3  # non-article links followed away from a start URL (pagination not counted)
NEWS_MAX_LISTING_PAGES = 20  # pagination pages ("下一页") followed per listing
DEPTH_LIMIT = 40  # Scrapy's own hard stop on link depth (pagination and articles included)
NEWS_MAX_ARTICLES = 0  # stop scheduling article pages after this many (0: no cap)
NEWS_BUILTIN_PATTERNS = True  # the article URL shapes of known portals (False: recognise articles by content only)
NEWS_CLASSIFY_BY_CONTENT = True  # a page whose URL no pattern knows is read: an article by its markup is archived
NEWS_TEMPLATE_MIN_PAGES = 3  # articles by content under one URL shape before it becomes a learnt template

# -- incremental crawls (crawler.middlewares) --------------------------------------
INCREMENTAL_ENABLED = True  # skip archived articles; ask for listings with If-None-Match/If-Modified-Since
DOWNLOADER_MIDDLEWARES = {"crawler.middlewares.IncrementalMiddleware": 450}

# -- raw capture (crawler.capture) ------------------------------------------------
DOWNLOAD_HANDLERS = {  # Scrapy's HTTP/1.1 handler, keeping Transfer-Encoding & co. for the WARC
    "http": "crawler.handlers.WireHeadersDownloadHandler",
    "https": "crawler.handlers.WireHeadersDownloadHandler",
}
WARC_ENABLED = True
WARC_PREFIX = "fraudnews"  # file names: PREFIX-TIMESTAMP-SERIAL-HOST.warc.gz
WARC_MAX_SIZE = 1_000_000_000  # rotate to a new file past this many bytes
WARC_GZIP_LEVEL = 6  # 3: half the CPU, files 10% larger; 9: 1.6x the CPU, 0.6% smaller (see README)
WARC_FSYNC = False  # fsync after every record (slower; the OS buffer is kept otherwise)
#: the WARC writer class: archive.warcprocess.WarcWriterProcess (records built and compressed in a child
#: process, off the reactor's thread) or archive.warcprocess.InlineWriter (in the reactor's thread), or
#: your own with the same interface (``open``, ``send``, ``note``, ``close``; ``registerProducer`` to pause the crawl)
WARC_WRITER = "archive.warcprocess.WarcWriterProcess"
WARC_WRITER_QUEUE = 64  # exchanges handed to the writer and not yet written before the engine is paused
WARC_MAX_BODY = 16 * 1024 * 1024  # a longer body is cut here, kept, and marked WARC-Truncated: length
DOWNLOAD_FAIL_ON_DATALOSS = False  # a broken transfer is captured (WARC-Truncated: disconnect), then retried

# -- extraction and storage (crawler.pipelines) -------------------------------------
EXTRACT_MIN_CHARS = 80  # a page whose cleaned body is shorter is not an article
EXTRACT_WORKERS = None  # extraction processes (None: one per core; 0: in the reactor's thread)
EXTRACT_TIMEOUT = 10.0  # CPU seconds a page may take in a worker (a normal page: 0.03 s); past it: extract/timeout
RELEVANCE_MIN_SCORE = 4.0  # articles scoring less against the lexicon are counted, not archived
RELEVANCE_LEXICON = None  # path of the weighted term list (None: archive/data/lexicon.tsv)
DEDUP_NEAR_THRESHOLD = 0.6  # share of a copy's 5-character shingles found in the article: a near duplicate
ITEM_PIPELINES = {
    "crawler.pipelines.AnalysePipeline": 300,  # extraction, relevance score, fingerprint (worker processes)
    "crawler.pipelines.RelevanceFilterPipeline": 400,  # off-topic articles dropped (their captures stay)
    "crawler.pipelines.DedupStorePipeline": 800,  # dedup against the archive, then stored
}
EXTENSIONS = {
    "crawler.archivelock.ArchiveLock": -10,  # one crawl process per ARCHIVE_DIR: a second stops at start
    "crawler.capture.WarcCapture": 100,
    "crawler.crawlstats.CrawlRecorder": 900,  # the run's row in the archive's crawls table
    "crawler.jobdir.JobdirGuard": 0,  # with JOBDIR: a killed crawl's job state is discarded; a live one's is refused
    "crawler.scaleout.WaitForSharedQueue": 500,  # with REDIS_URL: do not close while others may add work
}

# -- scale-out on scrapy-redis (crawler.scaleout) ---------------------------------------
REDIS_URL = None  # e.g. redis://127.0.0.1:6379/0: every process shares one queue and seen-set in Redis
REDIS_IDLE_BEFORE_CLOSE = 10  # seconds a process waits on an empty shared queue before closing
ADDONS = {"crawler.scaleout.RedisScaleOut": 0}

# -- Scrapy housekeeping --------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
