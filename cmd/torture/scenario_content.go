package main

import (
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/crawltest"
	"github.com/newsarchive/newsarchive/extract"
)

const maxContentRSSKB = 256 << 10 // 256 MiB

// runHostileContent crawls a site of hostile pages with the real binary:
// each page must be stored or refused with a recorded reason, the crawl
// must not panic, peak RSS must stay under 256 MiB, and everything stored
// must be valid UTF-8 without NUL bytes, with injection strings kept
// verbatim.
func runHostileContent(ctx context.Context, e *env, r *result) {
	hc := crawltest.NewHostileContent(crawltest.HostileOptions{BigPage: e.p.bigPage, BombSize: e.p.bomb, Elements: e.p.elements})
	srv := hc.Start()
	defer srv.Close()
	pages := hc.Pages()
	r.Load = fmt.Sprintf("%d hostile pages (%s page, %s bombs, %dk elements)", len(pages), mib(e.p.bigPage), mib(e.p.bomb), e.p.elements/1000)
	r.Faults = "bombs, 600-deep, 5 MiB attr, bad bytes, injection"
	dir := e.scratch("hostile-content")
	path := filepath.Join(dir, "content.db")
	p, err := e.run(ctx, 5*time.Minute, crawlArgs(path, srv.URL+"/"))
	if err != nil {
		r.fail("%v", err)
		return
	}
	r.rss(p.maxRSS)
	stderr := p.stderr.String()
	r.expect(p.code == 0 && !strings.Contains(stderr, "panic") && !strings.Contains(stderr, "goroutine "), "no panic", "%s", p.describe())
	r.expect(p.maxRSS < maxContentRSSKB, "peak RSS", "%d MiB (limit 256 MiB)", p.maxRSS/1024)

	db, err := openArchive(path)
	if err != nil {
		r.fail("open archive: %v", err)
		return
	}
	defer db.Close()
	ok, detail := integrity(ctx, path)
	r.expect(ok, "integrity", "%s", detail)
	n, err := count(ctx, db, "SELECT count(*) FROM articles")
	r.expect(err == nil, "articles table survives", "SELECT count(*) FROM articles: %d rows, err %v", n, err)
	fetched, _ := count(ctx, db, "SELECT count(*) FROM fetches")
	cpuPerPage := p.cpu / time.Duration(max(fetched, 1))
	r.expect(cpuPerPage < 2*time.Second, "CPU per page", "%s CPU for %d fetches: %s per page", p.cpu.Round(time.Millisecond), fetched, cpuPerPage.Round(time.Millisecond))
	var maxMS int
	db.QueryRowContext(ctx, "SELECT coalesce(max(duration_ms), 0) FROM fetches").Scan(&maxMS)
	r.figure("slowest fetch %d ms; wall %s", maxMS, p.wall.Round(time.Millisecond))

	// Each page: stored, or refused with a reason.
	rows, err := fetchOutcomes(ctx, db)
	if err != nil {
		r.fail("read fetches: %v", err)
		return
	}
	stored, refused, logged := 0, 0, 0
	for _, pg := range pages {
		want, _ := url.PathUnescape(pg.Path)
		o, found := rows[want]
		switch {
		case !found:
			r.expect(false, pg.Name, "never fetched or not logged (%s)", pg.Path)
			continue
		case o.stored:
			stored++
		case o.err != "" || o.truncated:
			refused++
		default:
			logged++
		}
		reason := o.describe()
		if pg.Oversized {
			r.expect(!o.stored && (o.truncated || o.err != ""), pg.Name, "%s", reason)
			continue
		}
		if pg.Article {
			good := o.stored
			if good && pg.Headline != "" {
				good = strings.Join(strings.Fields(o.headline), " ") == strings.Join(strings.Fields(pg.Headline), " ")
				reason += fmt.Sprintf(", headline %q", o.headline)
			} else if o.stored {
				reason += fmt.Sprintf(", headline %q", o.headline)
			}
			// Refusing invalid bytes, or a page over the node budget, with
			// that reason recorded is as good as storing it.
			if !good && pg.RefuseReason != "" && strings.Contains(o.err, pg.RefuseReason) {
				good = true
			}
			r.expect(good, pg.Name, "%s", reason)
			continue
		}
		r.expect(true, pg.Name, "%s", reason)
	}
	// "archived" counts pages with a recorded outcome: stored, refused
	// with a reason, or logged as not an article.
	r.Expected, r.Archived = len(pages), stored+refused+logged
	r.Lost = len(pages) - r.Archived
	r.figure("%d stored as articles, %d refused with a reason, %d logged as not articles", stored, refused, logged)
	r.Errors, _ = count(ctx, db, "SELECT count(*) FROM fetches WHERE error IS NOT NULL")

	// CPU per page, in-process: the extractor on each page's body as the
	// crawler would keep it (at most the 10 MiB cap, inflated).
	worst, worstName, total := extractCPU(ctx, srv.URL, pages)
	r.expect(worst < 2*time.Second, "CPU per page (extraction)", "worst %s (%s); all %d pages %s", worst.Round(time.Millisecond), worstName, len(pages), total.Round(time.Millisecond))

	// Everything stored is valid UTF-8 without NUL bytes.
	bad, err := badText(ctx, db)
	if err != nil {
		r.fail("read text: %v", err)
		return
	}
	r.expect(len(bad) == 0, "valid UTF-8, no NUL", "%d stored values are not valid UTF-8 or hold NUL bytes %s", len(bad), firstN(bad, 3))
}

type outcome struct {
	stored    bool
	truncated bool
	err       string
	kind      string
	status    int
	bytes     int
	headline  string
}

func (o outcome) describe() string {
	switch {
	case o.stored:
		return fmt.Sprintf("stored (status %d, %d bytes)", o.status, o.bytes)
	case o.truncated:
		return fmt.Sprintf("refused: cut at the size cap (%d bytes kept), kind %s", o.bytes, o.kind)
	case o.err != "":
		e := o.err
		if len(e) > 120 {
			e = e[:120] + "…"
		}
		return fmt.Sprintf("refused: %s", e)
	}
	return fmt.Sprintf("logged as kind %q (status %d, %d bytes), not an article", o.kind, o.status, o.bytes)
}

// fetchOutcomes returns the last fetch of every URL, keyed by its
// unescaped path.
func fetchOutcomes(ctx context.Context, db *sql.DB) (map[string]outcome, error) {
	rows, err := db.QueryContext(ctx, `SELECT f.url, f.article_id IS NOT NULL, f.truncated, coalesce(f.error, ''), coalesce(f.kind, ''),
		coalesce(f.status, 0), f.bytes, coalesce(a.headline, '')
		FROM fetches f LEFT JOIN articles a ON a.id = f.article_id ORDER BY f.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]outcome{}
	for rows.Next() {
		var u string
		var o outcome
		if err := rows.Scan(&u, &o.stored, &o.truncated, &o.err, &o.kind, &o.status, &o.bytes, &o.headline); err != nil {
			return nil, err
		}
		pu, err := url.Parse(u)
		if err != nil {
			continue
		}
		out[pu.Path] = o
	}
	return out, rows.Err()
}

// badText lists stored text values that are not valid UTF-8 or hold NUL.
func badText(ctx context.Context, db *sql.DB) ([]string, error) {
	var bad []string
	for _, q := range []struct {
		table string
		cols  []string
	}{
		{"articles", []string{"url", "canonical_url", "headline", "standfirst", "body", "authors", "tags", "coalesce(section, '')", "coalesce(image_url, '')"}},
		{"fetches", []string{"url", "coalesce(final_url, '')", "coalesce(error, '')", "coalesce(content_type, '')"}},
		{"related_links", []string{"url", "title"}},
	} {
		cols := q.cols
		casts := make([]string, len(cols))
		for i, c := range cols {
			casts[i] = "CAST(" + c + " AS BLOB)"
		}
		rows, err := db.QueryContext(ctx, "SELECT rowid, "+strings.Join(casts, ", ")+" FROM "+q.table)
		if err != nil {
			return nil, err
		}
		vals := make([][]byte, len(cols))
		ptrs := make([]any, len(cols)+1)
		var id int64
		ptrs[0] = &id
		for i := range vals {
			ptrs[i+1] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, err
			}
			for i, v := range vals {
				if !utf8.Valid(v) || strings.ContainsRune(string(v), 0) {
					bad = append(bad, fmt.Sprintf("%s.%s row %d: %q", q.table, cols[i], id, truncate(v, 60)))
				}
			}
		}
		rows.Close()
	}
	return bad, nil
}

// extractCPU fetches each page (inflating gzip, cut at the crawler's
// default body cap) and measures the extractor's CPU time on it.
func extractCPU(ctx context.Context, base string, pages []crawltest.HostilePage) (worst time.Duration, worstName string, total time.Duration) {
	for _, pg := range pages {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+pg.Path, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			continue
		}
		var rd io.Reader = res.Body
		if strings.HasSuffix(pg.Path, ".gz") {
			if zr, err := gzip.NewReader(res.Body); err == nil {
				rd = zr
			}
		}
		body, _ := io.ReadAll(io.LimitReader(rd, crawler.DefaultMaxBodySize))
		res.Body.Close()
		d := threadCPU(func() {
			extract.Parse(body, extract.Options{URL: base + pg.Path, ContentType: res.Header.Get("Content-Type")})
		})
		total += d
		if d > worst {
			worst, worstName = d, fmt.Sprintf("%s, %s", pg.Name, mib(int64(len(body))))
		}
	}
	return worst, worstName, total
}

func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}
