package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// StatsOptions choose what [DB.Stats] reports on. The zero value reports
// every site over the last DefaultStatsDays days up to now.
type StatsOptions struct {
	Site string    // one site; "" for all
	Days int       // days in the window, today included; 0 means DefaultStatsDays
	Now  time.Time // end of the window; zero means time.Now()
}

// DefaultStatsDays is the window [DB.Stats] reports on by default.
const DefaultStatsDays = 14

// Fill counts articles and how many of them have each field the health
// check watches.
type Fill struct {
	N              int
	WithDate       int // published_at known
	WithAuthor     int // at least one author
	WithStandfirst int // non-empty standfirst
}

// Rate returns part/N as a fraction from 0 to 1, or -1 when N is 0.
func (f Fill) Rate(part int) float64 {
	if f.N == 0 {
		return -1
	}
	return float64(part) / float64(f.N)
}

func (f *Fill) add(g Fill) {
	f.N += g.N
	f.WithDate += g.WithDate
	f.WithAuthor += g.WithAuthor
	f.WithStandfirst += g.WithStandfirst
}

// DayStats are the articles first captured on one UTC day.
type DayStats struct {
	Day string // YYYY-MM-DD, UTC
	Fill
}

// Run is one row of crawl_runs.
type Run struct {
	ID             int64
	StartedAt      string
	FinishedAt     string // "" while running or after a kill
	Status         string
	PagesFetched   int
	ArticlesStored int
	Errors         int
}

// ErrorCount is how often one fetch error occurred.
type ErrorCount struct {
	Error string
	N     int
}

// SiteStats is the health of one outlet.
type SiteStats struct {
	Site string
	// All is over every article of the site in the archive.
	All Fill
	// Days has one entry per day of the window, oldest first, counting the
	// articles first captured that day (UTC). Capture day rather than
	// publication day, so that articles whose date the extractor missed
	// are counted too, and a template change shows as the day it began.
	Days []DayStats
	// Window is the sum of Days.
	Window Fill
	// LastCapturedAt is the newest last_seen_at of the site's articles.
	LastCapturedAt string
	// LastDoneRun is the newest crawl run that finished ("done") and
	// stored one of the site's articles; nil if none did.
	LastDoneRun *Run
	// Fetches and FetchErrors count fetches in the window from the hosts
	// the site's articles were fetched from (or, for a host that never
	// yielded an article, the host itself).
	Fetches     int
	FetchErrors int
	TopErrors   []ErrorCount // the most frequent errors, most frequent first
}

// Stats is the archive's health over a window of days.
type Stats struct {
	From, To string // first and last day of the window, UTC, YYYY-MM-DD
	LastRun  *Run   // newest crawl run of any status; nil if none
	LastDone *Run   // newest run with status "done"; nil if none
	Sites    []SiteStats
}

// hostOf is an SQL expression for the host (with port) of the URL in
// column u: the text between "://" and the next "/". SQLite has no URL
// functions, and the fetch log keeps whole URLs.
func hostOf(u string) string {
	rest := fmt.Sprintf("substr(%[1]s, instr(%[1]s, '://') + 3)", u)
	return fmt.Sprintf("lower(CASE WHEN instr(%[1]s, '/') > 0 THEN substr(%[1]s, 1, instr(%[1]s, '/') - 1) ELSE %[1]s END)", rest)
}

// maxTopErrors is how many distinct errors SiteStats.TopErrors keeps.
const maxTopErrors = 3

// Stats reports, per site, articles captured per day over the window,
// how many have a date, an author and a standfirst, fetch errors, and the
// last successful crawl: the nightly health check. All reads come from one
// read transaction, so the figures agree with each other.
func (db *DB) Stats(ctx context.Context, opts StatsOptions) (*Stats, error) {
	days := opts.Days
	if days <= 0 {
		days = DefaultStatsDays
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC()
	st := &Stats{
		From: now.AddDate(0, 0, -(days - 1)).Format(DayLayout),
		To:   now.Format(DayLayout),
	}

	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("stats: begin: %w", err)
	}
	defer tx.Rollback()

	if st.LastRun, err = readRun(ctx, tx, `SELECT id, started_at, finished_at, status, pages_fetched,
		articles_stored, errors FROM crawl_runs ORDER BY id DESC LIMIT 1`); err != nil {
		return nil, fmt.Errorf("stats: last run: %w", err)
	}
	if st.LastDone, err = readRun(ctx, tx, `SELECT id, started_at, finished_at, status, pages_fetched,
		articles_stored, errors FROM crawl_runs WHERE status = 'done' ORDER BY id DESC LIMIT 1`); err != nil {
		return nil, fmt.Errorf("stats: last successful run: %w", err)
	}

	sites := map[string]*SiteStats{}
	site := func(name string) *SiteStats {
		s := sites[name]
		if s == nil {
			s = &SiteStats{Site: name}
			sites[name] = s
		}
		return s
	}
	siteCond, siteArgs := "", []any(nil)
	if opts.Site != "" {
		siteCond, siteArgs = " AND site = ?", []any{opts.Site}
	}

	// Whole-archive fill rates and last capture per site.
	if err := eachRow(ctx, tx, `SELECT site, count(*), sum(published_at IS NOT NULL),
		sum(authors <> '[]'), sum(standfirst <> ''), max(last_seen_at)
		FROM articles WHERE 1`+siteCond+` GROUP BY site`, siteArgs, func(rows *sql.Rows) error {
		var name string
		var f Fill
		var last string
		if err := rows.Scan(&name, &f.N, &f.WithDate, &f.WithAuthor, &f.WithStandfirst, &last); err != nil {
			return err
		}
		s := site(name)
		s.All, s.LastCapturedAt = f, last
		return nil
	}); err != nil {
		return nil, fmt.Errorf("stats: articles: %w", err)
	}

	// Captures per day, from the view analysts see.
	perDay := map[string]map[string]Fill{}
	if err := eachRow(ctx, tx, `SELECT site, day, n, with_date, with_author, with_standfirst
		FROM daily_captures WHERE day >= ? AND day <= ?`+siteCond,
		append([]any{st.From, st.To}, siteArgs...), func(rows *sql.Rows) error {
			var name, day string
			var f Fill
			if err := rows.Scan(&name, &day, &f.N, &f.WithDate, &f.WithAuthor, &f.WithStandfirst); err != nil {
				return err
			}
			if perDay[name] == nil {
				perDay[name] = map[string]Fill{}
			}
			perDay[name][day] = f
			return nil
		}); err != nil {
		return nil, fmt.Errorf("stats: daily captures: %w", err)
	}

	// The last finished run that stored an article of each site.
	lastRun := map[string]int64{}
	if err := eachRow(ctx, tx, `SELECT a.site, max(f.run_id)
		FROM fetches AS f
		JOIN articles AS a ON a.id = f.article_id
		JOIN crawl_runs AS r ON r.id = f.run_id
		WHERE r.status = 'done'`+strings.ReplaceAll(siteCond, "site", "a.site")+`
		GROUP BY a.site`, siteArgs, func(rows *sql.Rows) error {
		var name string
		var id int64
		if err := rows.Scan(&name, &id); err != nil {
			return err
		}
		lastRun[name] = id
		return nil
	}); err != nil {
		return nil, fmt.Errorf("stats: last run per site: %w", err)
	}
	for name, id := range lastRun {
		r, err := readRun(ctx, tx, `SELECT id, started_at, finished_at, status, pages_fetched,
			articles_stored, errors FROM crawl_runs WHERE id = ?`, id)
		if err != nil {
			return nil, fmt.Errorf("stats: run %d: %w", id, err)
		}
		site(name).LastDoneRun = r
	}

	// Fetch errors are logged by URL, not site: a site's hosts are those
	// its articles were fetched from (a site's canonical host can differ
	// from the host crawled, as with the demo on 127.0.0.1).
	hostSite := map[string]string{}
	if err := eachRow(ctx, tx, `SELECT DISTINCT `+hostOf("f.url")+`, a.site
		FROM fetches AS f JOIN articles AS a ON a.id = f.article_id`, nil, func(rows *sql.Rows) error {
		var host, name string
		if err := rows.Scan(&host, &name); err != nil {
			return err
		}
		hostSite[host] = name
		return nil
	}); err != nil {
		return nil, fmt.Errorf("stats: fetch hosts: %w", err)
	}
	siteOfHost := func(host string) string {
		if s, ok := hostSite[host]; ok {
			return s
		}
		h := host
		if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.HasSuffix(h, "]") {
			h = h[:i]
		}
		return strings.TrimPrefix(h, "www.")
	}
	windowStart := st.From // fetched_at "2026-11-25T..." sorts after "2026-11-25"
	windowEnd := now.AddDate(0, 0, 1).Format(DayLayout)
	if err := eachRow(ctx, tx, `SELECT host, count(*), sum(error IS NOT NULL) FROM (
		SELECT `+hostOf("url")+` AS host, error FROM fetches WHERE fetched_at >= ? AND fetched_at < ?)
		GROUP BY host`, []any{windowStart, windowEnd}, func(rows *sql.Rows) error {
		var host string
		var n, errs int
		if err := rows.Scan(&host, &n, &errs); err != nil {
			return err
		}
		name := siteOfHost(host)
		if opts.Site != "" && name != opts.Site {
			return nil
		}
		s := site(name)
		s.Fetches += n
		s.FetchErrors += errs
		return nil
	}); err != nil {
		return nil, fmt.Errorf("stats: fetches: %w", err)
	}
	topErrors := map[string]map[string]int{}
	if err := eachRow(ctx, tx, `SELECT `+hostOf("url")+` AS host, error, count(*) FROM fetches
		WHERE fetched_at >= ? AND fetched_at < ? AND error IS NOT NULL
		GROUP BY host, error`, []any{windowStart, windowEnd}, func(rows *sql.Rows) error {
		var host, msg string
		var n int
		if err := rows.Scan(&host, &msg, &n); err != nil {
			return err
		}
		name := siteOfHost(host)
		if opts.Site != "" && name != opts.Site {
			return nil
		}
		if topErrors[name] == nil {
			topErrors[name] = map[string]int{}
		}
		topErrors[name][msg] += n
		return nil
	}); err != nil {
		return nil, fmt.Errorf("stats: fetch errors: %w", err)
	}

	for name, s := range sites {
		for d := 0; d < days; d++ {
			day := now.AddDate(0, 0, d-(days-1)).Format(DayLayout)
			ds := DayStats{Day: day, Fill: perDay[name][day]}
			s.Days = append(s.Days, ds)
			s.Window.add(ds.Fill)
		}
		for msg, n := range topErrors[name] {
			s.TopErrors = append(s.TopErrors, ErrorCount{Error: msg, N: n})
		}
		sort.Slice(s.TopErrors, func(i, j int) bool {
			a, b := s.TopErrors[i], s.TopErrors[j]
			return a.N > b.N || a.N == b.N && a.Error < b.Error
		})
		if len(s.TopErrors) > maxTopErrors {
			s.TopErrors = s.TopErrors[:maxTopErrors]
		}
		st.Sites = append(st.Sites, *s)
	}
	sort.Slice(st.Sites, func(i, j int) bool { return st.Sites[i].Site < st.Sites[j].Site })
	return st, nil
}

func readRun(ctx context.Context, tx *sql.Tx, query string, args ...any) (*Run, error) {
	var r Run
	var finished sql.NullString
	err := tx.QueryRowContext(ctx, query, args...).Scan(&r.ID, &r.StartedAt, &finished, &r.Status,
		&r.PagesFetched, &r.ArticlesStored, &r.Errors)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r.FinishedAt = finished.String
	return &r, nil
}

func eachRow(ctx context.Context, tx *sql.Tx, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
