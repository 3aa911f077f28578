// Package crawler fetches news sites politely and hands every fetch, with
// its extracted article, to a [Sink].
//
// [Run] starts from seed URLs and follows the links of every HTML page on
// the seeds' origins (scheme, host and port), up to a depth and a page
// budget. It is built on colly (github.com/gocolly/colly/v2) for the HTTP
// exchange and link discovery, and does itself what colly v2.3.0 gets wrong
// or leaves out for archiving:
//
//   - deduplication: URLs are normalised ([NormalizeURL]) and checked and
//     marked in one step, so each is fetched once under any concurrency;
//   - robots.txt per RFC 9309: 4xx allows all, 5xx or unreachable disallows
//     the host (those URLs get an error result), Crawl-delay is honoured;
//   - politeness per host: HostParallel requests at a time and Delay between
//     them, while up to Parallel requests run across hosts;
//   - bounded work: a fixed pool of Parallel workers fetches, extracts and
//     saves synchronously, so neither goroutines nor unprocessed pages grow
//     with the queue;
//   - safety: connections to loopback and private addresses are refused at
//     dial time unless Config.AllowPrivate is set; redirects keep a 10-hop
//     cap and stay in scope; bodies over the size limit are recorded as
//     errors instead of being extracted cut short.
//
// The package is split into files by concern: config.go (Config and its
// defaults), crawler.go (Run, workers, colly), frontier.go (seen set and
// per-host queues), scope.go (normalisation and scope), robots.go and
// dial.go (the address guard).
package crawler
