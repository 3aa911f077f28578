package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The crawl frontier: the crawler's queue and seen set, kept in the
// archive so that a crawl resumes after a kill and a nightly run knows
// what earlier runs fetched. The crawler reaches it through its own
// Frontier interface (cmd/newsarchive adapts); the store knows nothing of
// crawling beyond these rows.

// Frontier states stored in frontier.state.
const (
	FrontierQueued = "queued"
	FrontierDone   = "done"
	FrontierFailed = "failed"
)

// FrontierEntry is one URL of the frontier.
type FrontierEntry struct {
	URL      string
	Host     string // host[:port]
	Resource string // page, feed, sitemap
	Depth    int
	// PublishedAt is a date hint (from a feed or sitemap, or the page).
	PublishedAt time.Time
	// DiscoveredVia (link, feed, sitemap, robots) and Referrer (the page
	// that named the URL) say how it was found; "" for seeds. Kept by
	// FrontierAdd, copied to the article stored from the URL.
	DiscoveredVia, Referrer string
	// Read back by FrontierNext; ignored by FrontierAdd.
	ETag, LastModified string
	PageKind           string
	FetchedAt, AddedAt time.Time
}

// FrontierVisit is the new state of a URL after a fetch. Pass it in
// [Fetch.Frontier] to commit it with the fetch, or to [DB.FrontierSettle].
type FrontierVisit struct {
	URL  string
	Also []string // further URLs settled the same way (redirect targets)
	// State is done, failed or queued (a transient failure retried in
	// this run: the URL stays due if the crawl dies).
	State              string
	ETag, LastModified string // "" keeps the stored ones
	PageKind           string // "" keeps the stored one
	PublishedAt        time.Time
	FetchedAt          time.Time
	RevisitAt          time.Time // zero: never due again
	Attempts           int
	Err                string
	// NotModified: a 304 answer. An article stored from the URL was seen
	// again unchanged, so its last_seen_at moves to FetchedAt.
	NotModified bool
}

// FrontierAdd inserts the entries whose URL is not in the frontier yet,
// queued, and returns how many were new. now is their added_at.
func (db *DB) FrontierAdd(ctx context.Context, es []FrontierEntry, now time.Time) (int, error) {
	// One statement over a JSON array rather than one INSERT per URL: a
	// page brings tens of links, most already known, and the per-statement
	// cost is what the crawl's single writer spends its time on.
	type row struct {
		URL         string `json:"u"`
		Host        string `json:"h"`
		Resource    string `json:"r"`
		Depth       int    `json:"d"`
		PublishedAt any    `json:"p"`
		Via         any    `json:"v"`
		Referrer    any    `json:"f"`
	}
	rows := make([]row, len(es))
	for i, e := range es {
		if err := checkText("url", e.URL); err != nil {
			return 0, fmt.Errorf("frontier add %s: %w", e.URL, err)
		}
		rows[i] = row{URL: e.URL, Host: e.Host, Resource: resourceOr(e.Resource), Depth: e.Depth,
			PublishedAt: nullTime(e.PublishedAt), Via: nullStr(e.DiscoveredVia),
			Referrer: nullStr(strings.ToValidUTF8(e.Referrer, "\uFFFD"))}
	}
	batch, err := marshalJSON(rows)
	if err != nil {
		return 0, fmt.Errorf("frontier add: %w", err)
	}
	var n int64
	err = db.writeTx(ctx, func(tx *wtx) error {
		// json_each yields the array in order, so ids keep discovery order.
		res, err := tx.ExecContext(ctx, `INSERT INTO frontier (url, host, resource, depth, published_at, added_at,
				discovered_via, referrer)
			SELECT value->>'u', value->>'h', value->>'r', value->>'d', value->>'p', ?2, value->>'v', value->>'f'
			FROM json_each(?1) WHERE true
			ON CONFLICT (url) DO NOTHING`, string(batch), formatTime(now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("frontier add: %w", err)
	}
	return int(n), nil
}

// FrontierClaim inserts e as taken by run (not to be handed out by
// FrontierNext in that run) and reports whether it was new.
func (db *DB) FrontierClaim(ctx context.Context, e FrontierEntry, run int64, now time.Time) (bool, error) {
	var n int64
	err := db.writeTx(ctx, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO frontier (url, host, resource, depth, claim_run, added_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING`,
			e.URL, e.Host, resourceOr(e.Resource), e.Depth, run, formatTime(now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("frontier claim %s: %w", e.URL, err)
	}
	return n == 1, nil
}

// FrontierNext returns up to perHost entries for each host not in skip
// that are due for run (queued, or done/failed with revisit_at not after
// start, or any when all is set) and not yet taken by it, oldest first,
// and marks them taken.
func (db *DB) FrontierNext(ctx context.Context, run int64, start time.Time, all bool, perHost int, skip []string) ([]FrontierEntry, error) {
	if skip == nil {
		skip = []string{}
	}
	skipJSON, err := json.Marshal(skip)
	if err != nil {
		return nil, err
	}
	var out []FrontierEntry
	err = db.writeTx(ctx, func(tx *wtx) error {
		out = nil
		var ids []int64
		read := func(rows *sql.Rows, err error) error {
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var (
					id                                  int64
					e                                   FrontierEntry
					etag, lm, kind, pub, fetched, added sql.NullString
				)
				if err := rows.Scan(&id, &e.URL, &e.Host, &e.Resource, &e.Depth, &etag, &lm, &kind, &pub, &fetched, &added); err != nil {
					return err
				}
				e.ETag, e.LastModified, e.PageKind = etag.String, lm.String, kind.String
				e.PublishedAt, _ = parseTime(pub.String)
				e.FetchedAt, _ = parseTime(fetched.String)
				e.AddedAt, _ = parseTime(added.String)
				ids = append(ids, id)
				out = append(out, e)
			}
			return rows.Err()
		}
		if all {
			// --revisit-all: every row is due; a whole-table pass is
			// what such a run asks for anyway.
			if err := read(tx.QueryContext(ctx, `SELECT `+nextColumns+`
				FROM (
					SELECT *, row_number() OVER (PARTITION BY host ORDER BY id) AS rn
					FROM frontier
					WHERE (claim_run IS NULL OR claim_run <> ?1)
					  AND host NOT IN (SELECT value FROM json_each(?2))
				)
				WHERE rn <= ?3
				ORDER BY id`, run, string(skipJSON), perHost)); err != nil {
				return err
			}
		} else {
			// Host by host through the indexes on queued rows and on
			// revisit times: a pass over the whole frontier for every
			// refill made the crawl's cost per page grow with the site
			// (7.6% of its CPU at 20,000 articles).
			skipped := make(map[string]bool, len(skip))
			for _, h := range skip {
				skipped[h] = true
			}
			hosts, err := frontierHosts(ctx, tx, formatTime(start))
			if err != nil {
				return err
			}
			for _, h := range hosts {
				if skipped[h] {
					continue
				}
				if err := read(tx.QueryContext(ctx, `SELECT `+nextColumns+` FROM (
						SELECT * FROM (SELECT * FROM frontier
							WHERE host = ?1 AND state = 'queued' AND (claim_run IS NULL OR claim_run <> ?2)
							ORDER BY id LIMIT ?3)
						UNION ALL
						SELECT * FROM (SELECT * FROM frontier
							WHERE state <> 'queued' AND revisit_at <= ?4 AND host = ?1 AND (claim_run IS NULL OR claim_run <> ?2)
							ORDER BY id LIMIT ?3)
					) ORDER BY id LIMIT ?3`, h, run, perHost, formatTime(start))); err != nil {
					return err
				}
			}
			sortByID(ids, out)
		}
		if len(ids) == 0 {
			return nil
		}
		idsJSON, _ := json.Marshal(ids)
		_, err = tx.ExecContext(ctx, `UPDATE frontier SET claim_run = ? WHERE id IN (SELECT value FROM json_each(?))`, run, string(idsJSON))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("frontier next: %w", err)
	}
	return out, nil
}

const nextColumns = `id, url, host, resource, depth, etag, last_modified, page_kind, published_at, fetched_at, added_at`

// frontierHosts lists the hosts with queued URLs (a skip scan of the
// queued index: one seek per host) and those with revisits due.
func frontierHosts(ctx context.Context, tx *wtx, due string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `WITH RECURSIVE h(host) AS (
			SELECT (SELECT min(host) FROM frontier WHERE state = 'queued')
			UNION ALL
			SELECT (SELECT min(host) FROM frontier WHERE state = 'queued' AND host > h.host) FROM h WHERE h.host IS NOT NULL
		)
		SELECT host FROM h WHERE host IS NOT NULL
		UNION
		SELECT DISTINCT host FROM frontier WHERE state <> 'queued' AND revisit_at <= ?1`, due)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hosts []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		hosts = append(hosts, h)
	}
	return hosts, rows.Err()
}

// sortByID orders entries (and their ids) oldest first, across hosts.
func sortByID(ids []int64, es []FrontierEntry) {
	idx := make([]int, len(ids))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(ids[a], ids[b]) })
	sortedIDs := make([]int64, len(ids))
	sortedEs := make([]FrontierEntry, len(es))
	for i, j := range idx {
		sortedIDs[i], sortedEs[i] = ids[j], es[j]
	}
	copy(ids, sortedIDs)
	copy(es, sortedEs)
}

// FrontierSettle records a visit on its own (a URL refused by robots.txt,
// with no fetch to log).
func (db *DB) FrontierSettle(ctx context.Context, v FrontierVisit) error {
	err := db.writeTx(ctx, func(tx *wtx) error { return settleFrontier(ctx, tx, &v) })
	if err != nil {
		return fmt.Errorf("frontier settle %s: %w", v.URL, err)
	}
	return nil
}

// settleFrontier updates the visited rows inside the caller's
// transaction; SaveFetch calls it so that a page's done mark commits with
// its fetch and article.
func settleFrontier(ctx context.Context, tx *wtx, v *FrontierVisit) error {
	switch v.State {
	case FrontierQueued, FrontierDone, FrontierFailed:
	default:
		return fmt.Errorf("frontier state %q: %w", v.State, ErrInvalid)
	}
	for _, u := range append([]string{v.URL}, v.Also...) {
		var err error
		if v.State == FrontierDone && v.Err == "" {
			_, err = tx.ExecContext(ctx, `UPDATE frontier SET state = 'done', attempts = 0, error = NULL,
					etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),
					page_kind = coalesce(?, page_kind), published_at = coalesce(?, published_at),
					fetched_at = ?, revisit_at = ?
				WHERE url = ?`,
				nullStr(v.ETag), nullStr(v.LastModified), nullStr(v.PageKind), nullTime(v.PublishedAt),
				formatTime(v.FetchedAt), nullTime(v.RevisitAt), u)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE frontier SET state = ?, attempts = ?, error = ?,
					fetched_at = ?, revisit_at = ?
				WHERE url = ?`,
				v.State, v.Attempts, nullStr(strings.ToValidUTF8(v.Err, "\uFFFD")), formatTime(v.FetchedAt), nullTime(v.RevisitAt), u)
		}
		if err != nil {
			return fmt.Errorf("settle %s: %w", u, err)
		}
		if v.NotModified && v.PageKind == "article" {
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET last_seen_at = max(last_seen_at, ?) WHERE url = ?`,
				formatTime(v.FetchedAt), u); err != nil {
				return fmt.Errorf("settle %s: article last seen: %w", u, err)
			}
		}
	}
	return nil
}

// FrontierCounts returns how many URLs the frontier holds in each state.
func (db *DB) FrontierCounts(ctx context.Context) (map[string]int, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT state, count(*) FROM frontier GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("frontier counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("frontier counts: %w", err)
		}
		out[s] = n
	}
	return out, rows.Err()
}

func resourceOr(r string) string {
	if r == "" {
		return "page"
	}
	return r
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}
