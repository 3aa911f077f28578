package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/crawltest"
	"github.com/newsarchive/newsarchive/store"
)

func init() {
	register(&command{name: "demo", summary: "serve the built-in London Daily sample site on 127.0.0.1 and archive it", run: runDemo})
}

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f crawlFlags
	fs := newFlags("demo", "[flags]", stderr)
	f.register(fs, false)
	edition := fs.Int("edition", 1, "edition of the site to serve: 2 is the next day's, with one article corrected and one headline changed (run after edition 1, then try diff)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("demo takes no arguments, got %q", fs.Arg(0))
	}
	site := crawltest.LondonDaily()
	switch *edition {
	case 1:
	case 2:
		site = crawltest.LondonDailyEdited()
	default:
		return usagef("-edition must be 1 or 2, got %d", *edition)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("listen on 127.0.0.1: %w", err)
	}
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	seed := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdout, "Serving the London Daily sample site at %s\n", seed)

	// The same code path as crawl; only the politeness delay is off, since
	// the server is our own, and loopback is allowed for the same reason.
	cfg := crawler.Config{
		Seeds:        []string{seed},
		MaxDepth:     f.maxDepth,
		MaxPages:     f.maxPages,
		Parallel:     f.parallel,
		NoDelay:      true,
		AllowPrivate: true,
		// A demo run archives the whole site every time (conditionally:
		// unchanged pages answer 304), not only what is due.
		Revisit: crawler.RevisitPolicy{All: true},
	}
	sum, err := archive(ctx, f, cfg, stderr)
	if sum != nil {
		sum.print(stdout)
		if f.noWARC {
			fmt.Fprintf(stdout, "\nArchive written to %s. Try:\n", f.db)
		} else {
			fmt.Fprintf(stdout, "\nArchive written to %s, raw pages to %s/ (%d WARC records, %d revisits). Try:\n",
				f.db, store.WARCDir(f.db), sum.warcRecords, sum.warcRevisits)
		}
		fmt.Fprintf(stdout, "  sqlite3 %s \"SELECT published_at, headline FROM articles ORDER BY published_at DESC LIMIT 10\"\n", f.db)
		fmt.Fprintf(stdout, "  sqlite3 %s \"SELECT a.headline, count(*) FROM articles a JOIN related_links r ON r.article_id = a.id GROUP BY a.id ORDER BY 2 DESC LIMIT 5\"\n", f.db)
		fmt.Fprintf(stdout, "  sqlite3 %s \"SELECT status, count(*) FROM fetches GROUP BY status\"\n", f.db)
		if *edition == 1 {
			fmt.Fprintf(stdout, "  newsarchive demo --edition 2 --db %s   # the next day's site: then 'newsarchive diff --db %s %s'\n",
				f.db, f.db, crawltest.LondonDailyHost+crawltest.SeedPath)
		} else {
			fmt.Fprintf(stdout, "  newsarchive diff --db %s %s\n", f.db, crawltest.LondonDailyHost+crawltest.SeedPath)
		}
	}
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted: %w", err)
	}
	return err
}
