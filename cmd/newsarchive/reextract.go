package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/extract"
	"github.com/newsarchive/newsarchive/store"
)

func init() {
	register(&command{name: "reextract", summary: "re-run the current extractor over archived raw pages, recording new versions where results change", run: runReextract})
}

func runReextract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("reextract", "[flags]", stderr)
	dbPath := fs.String("db", "news.db", "SQLite archive to update")
	site := fs.String("site", "", "only this site, as in the site column")
	since := fs.String("since", "", "only articles last captured on or after this UTC day (YYYY-MM-DD)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("reextract takes no arguments, got %q", fs.Arg(0))
	}
	if *since != "" {
		if _, err := time.Parse(store.DayLayout, *since); err != nil {
			return usagef("-since %q is not a day like 2024-03-31", *since)
		}
	}
	db, err := openArchive(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	// A crawl writing at the same time would race for the same rows.
	release, err := lockArchive(*dbPath)
	if err != nil {
		return err
	}
	defer release()

	refs, err := db.ArticleRefs(ctx, *site, *since)
	if err != nil {
		return err
	}
	start := time.Now()
	var changed, same, noRaw, failed int
	for _, ref := range refs {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("interrupted after %d articles: %w", changed+same+noRaw+failed, err)
		}
		c, err := db.LatestArticleCapture(ctx, ref.ID)
		if errors.Is(err, store.ErrNotFound) {
			noRaw++
			continue
		}
		if err != nil {
			return err
		}
		rec, err := readCapture(ctx, db, *dbPath, c)
		if err != nil {
			fmt.Fprintf(stderr, "article %d: %v\n", ref.ID, err)
			failed++
			continue
		}
		a, err := extract.Parse(rec.Payload, extract.Options{URL: c.URL, ContentType: c.ContentType, FetchedAt: c.FetchedAt})
		if err == nil && a.Kind != extract.KindArticle {
			err = fmt.Errorf("the extractor now reads it as %s, not an article (kept as it was)", a.Kind)
		}
		if err != nil {
			fmt.Fprintf(stderr, "article %d (%s): %v\n", ref.ID, ref.CanonicalURL, err)
			failed++
			continue
		}
		res, err := db.SaveReextract(ctx, ref.ID, c.FetchID, c.FetchedAt, a)
		if errors.Is(err, store.ErrInvalid) {
			fmt.Fprintf(stderr, "article %d: %v\n", ref.ID, err)
			failed++
			continue
		}
		if err != nil {
			return err
		}
		if res == store.ReextractNewVersion {
			changed++
		} else {
			same++
		}
	}
	el := time.Since(start)
	rate := ""
	if n := changed + same + failed; n > 0 && el > 0 {
		rate = fmt.Sprintf(", %.0f pages/s", float64(n)/el.Seconds())
	}
	fmt.Fprintf(stdout, "reextract: %d articles, %d new versions, %d unchanged, %d without a raw page, %d failed (extractor %s, %s%s)\n",
		len(refs), changed, same, noRaw, failed, extract.Version, el.Round(time.Millisecond), rate)
	if failed > 0 {
		return fmt.Errorf("%d %s could not be re-extracted (listed above)", failed, strings.TrimSpace(plural(failed, "article", "articles")))
	}
	return nil
}
