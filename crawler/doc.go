// Package crawler fetches news sites politely and hands every fetch, with
// its extracted article, to a [Sink].
//
// [Run] starts from seed URLs and configured [Outlet]s (start pages, feeds,
// sitemaps) and follows the links of every HTML page in scope (the
// outlets' origins or hosts, their include and exclude patterns), up to a
// depth and a page budget. It is built on colly (github.com/gocolly/colly/v2)
// for the HTTP exchange, and does itself what colly v2.3.0 gets wrong or
// leaves out for archiving:
//
//   - a persistent frontier: the queue and seen set sit behind the
//     [Frontier] interface; the archive keeps it in SQLite and commits a
//     page's done mark with its article, so a crawl killed at any moment
//     resumes where it stopped. [MemoryFrontier] is the in-memory one;
//   - incremental runs: a [RevisitPolicy] decides when a fetched URL is due
//     again; feeds, sitemaps and index pages are re-read every run with
//     conditional requests (a 304 costs no parse);
//   - discovery: RSS/Atom/JSON feeds (gofeed), <link rel=alternate> feed
//     autodiscovery, sitemaps and sitemap indexes (gzipped too, Google News
//     dates), robots.txt Sitemap lines;
//   - robots.txt per RFC 9309: 4xx allows all, 5xx or unreachable disallows
//     the host for this run, Crawl-delay is honoured;
//   - politeness per host: HostParallel requests at a time and Delay between
//     them, while up to Parallel requests run across hosts;
//   - retries: 429 and 503 honour Retry-After (seconds or HTTP date), other
//     transient failures back off exponentially with jitter, up to
//     MaxAttempts; then the URL is recorded as failed for the next run;
//   - bounded work: a fixed pool of Parallel workers fetches, extracts and
//     saves synchronously, and the scheduler holds only a window of the
//     frontier per host, so memory does not grow with the site;
//   - safety: connections to loopback and private addresses are refused at
//     dial time unless Config.AllowPrivate is set; redirects keep a 10-hop
//     cap and stay in scope; bodies over the size limit (counted after
//     decompression, gzip bombs included) are cut and flagged Truncated,
//     never silently;
//   - shutdown: when ctx ends or MaxDuration passes, no new work starts and
//     requests in flight get Grace to finish.
//
// The package is split into files by concern: config.go (Config, Outlet,
// defaults), crawler.go (Run, the dispatch loop, Result and Stats),
// fetch.go (colly, redirects, reading responses), frontier.go (the
// Frontier interface and MemoryFrontier), schedule.go (per-host queues and
// politeness), retry.go (transient failures, Retry-After, backoff),
// revisit.go (RevisitPolicy), discover.go (feeds, sitemaps,
// autodiscovery), scope.go (normalisation and scope), robots.go and
// dial.go (the address guard).
package crawler
