package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/newsarchive/newsarchive/store"
)

func init() {
	register(&command{name: "search", summary: "full-text search of the archive, best matches first", run: runSearch})
}

// filterFlags are the article selection shared by search and export.
type filterFlags struct {
	db, site, since, until string
}

func (f *filterFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.db, "db", "news.db", "SQLite archive to read")
	fs.StringVar(&f.site, "site", "", "only this site, as in the site column (e.g. londondaily.example)")
	fs.StringVar(&f.since, "since", "", "only articles published on or after this day (YYYY-MM-DD, the publisher's day)")
	fs.StringVar(&f.until, "until", "", "only articles published on or before this day (YYYY-MM-DD)")
}

// filter returns the selection, or a usage error for a malformed day.
func (f *filterFlags) filter() (store.Filter, error) {
	sf := store.Filter{Site: f.site, Since: f.since, Until: f.until}
	if err := sf.Check(); err != nil {
		return sf, usagef("%s", strings.TrimSuffix(err.Error(), ": "+store.ErrInvalid.Error()))
	}
	return sf, nil
}

// openArchive opens an existing archive. Reading commands must not create
// an empty archive under a mistyped name, as store.Open would.
func openArchive(ctx context.Context, path string) (*store.DB, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no archive at %s (run 'newsarchive crawl' or 'newsarchive demo' first, or give --db)", path)
	} else if err != nil {
		return nil, err
	}
	return store.Open(ctx, path)
}

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f filterFlags
	fs := newFlags("search", "[flags] QUERY", stderr)
	f.register(fs)
	limit := fs.Int("limit", store.DefaultSearchLimit, "show at most this many hits")
	asJSON := fs.Bool("json", false, "print the hits as one JSON object")
	plain := fs.Bool("plain", false, "search for the words as typed, punctuation included, instead of FTS5 query syntax")
	fs.Usage = searchUsage(fs, stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if query == "" {
		return usagef("no query given")
	}
	if *limit <= 0 {
		return usagef("-limit must be positive, got %d", *limit)
	}
	filter, err := f.filter()
	if err != nil {
		return err
	}
	if *plain {
		query = store.PlainQuery(query)
	}

	db, err := openArchive(ctx, f.db)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Search(ctx, query, store.SearchOptions{Filter: filter, Limit: *limit})
	if errors.Is(err, store.ErrBadQuery) {
		return usagef("%s\n(FTS5 query syntax: put words with punctuation in double quotes, as in '\"covid-19\"', or use -plain)",
			strings.TrimPrefix(err.Error(), "search: "))
	}
	if err != nil {
		return err
	}

	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Query string      `json:"query"`
			Total int         `json:"total"`
			Hits  []store.Hit `json:"hits"`
		}{query, res.Total, res.Hits})
	}
	if res.Total == 0 {
		fmt.Fprintf(stdout, "No articles match %s.\n", query)
		return nil
	}
	fmt.Fprintf(stdout, "%d %s %s", res.Total, plural(res.Total, "article matches", "articles match"), query)
	if len(res.Hits) < res.Total {
		fmt.Fprintf(stdout, " (best %d shown; -limit for more)", len(res.Hits))
	}
	fmt.Fprintln(stdout, ":")
	for i, h := range res.Hits {
		day := "undated"
		if h.PublishedAt != "" {
			day = h.PublishedAt[:min(10, len(h.PublishedAt))]
		}
		fmt.Fprintf(stdout, "\n%d. %s\n   %s · %s · %s\n   %s\n", i+1, oneLine(h.Headline), h.Site, day, h.URL, oneLine(h.Snippet))
	}
	return nil
}

func searchUsage(fs *flag.FlagSet, stderr io.Writer) func() {
	return func() {
		fmt.Fprint(stderr, `Usage: newsarchive search [flags] QUERY

Prints the articles matching QUERY, best first, each with its headline,
site, publication day, URL and a snippet with the matched words in
[brackets]. A match in the headline counts most, then the standfirst,
then the body. QUERY is FTS5 query syntax (https://sqlite.org/fts5.html):

  flood barrier            both words, anywhere in the article
  "flood barrier"          the phrase
  flood OR storm           either word
  flood NOT barrier        the first without the second
  barr*                    words starting with barr
  headline:flood           flood in the headline (also standfirst:, body:)
  NEAR(flood barrier, 5)   within five words of each other

Case and accents are ignored (zurich finds Zürich). Words with
punctuation must be quoted ('"covid-19"'), or give -plain to search for
the words as typed.

Flags:
`)
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

// oneLine folds newlines (paragraph breaks in snippets) into spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
