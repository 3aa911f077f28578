package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/store"
	"github.com/newsarchive/newsarchive/store/warc"
)

func init() {
	register(&command{name: "show", summary: "print one archived article with its sources and versions, or its raw page", run: runShow})
}

func runShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("show", "[flags] ID|URL", stderr)
	dbPath := fs.String("db", "news.db", "SQLite archive to read")
	raw := fs.Bool("raw", false, "print the stored raw page (the latest capture's body, from the WARC files) instead")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("show takes one article id or URL")
	}
	db, err := openArchive(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()

	id, err := resolveArticle(ctx, db, fs.Arg(0))
	if *raw {
		var c *store.Capture
		switch {
		case err == nil:
			c, err = db.LatestArticleCapture(ctx, id)
		case errors.Is(err, store.ErrNotFound) && strings.Contains(fs.Arg(0), "/"):
			c, err = db.LastCapture(ctx, fs.Arg(0)) // a page that is not an article
		}
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no raw page archived for %s (crawled with --no-warc, or before raw archiving)", fs.Arg(0))
		}
		if err != nil {
			return err
		}
		rec, err := readCapture(ctx, db, *dbPath, c)
		if err != nil {
			return err
		}
		_, err = stdout.Write(rec.Payload)
		return err
	}
	if err != nil {
		return err
	}
	a, err := db.ArticleByID(ctx, id)
	if err != nil {
		return err
	}
	lc, err := db.ArticleLifecycle(ctx, id)
	if err != nil {
		return err
	}
	vs, err := db.ArticleVersions(ctx, id)
	if err != nil {
		return err
	}

	w := &fieldWriter{w: stdout, src: lc.Sources}
	fmt.Fprintf(stdout, "Article %d · %s\n\n", a.ID, a.Site)
	w.field("url", "URL", a.URL)
	w.field("canonical_url", "Canonical URL", a.CanonicalURL)
	w.field("headline", "Headline", a.Headline)
	w.field("standfirst", "Standfirst", a.Standfirst)
	w.field("authors", "Authors", strings.Join(a.Authors, ", "))
	w.field("published_at", "Published", a.PublishedAt)
	w.field("modified_at", "Modified", a.ModifiedAt)
	w.field("section", "Section", a.Section)
	w.field("tags", "Tags", strings.Join(a.Tags, ", "))
	w.field("language", "Language", a.Language)
	w.field("image_url", "Image", a.ImageURL)
	w.field("word_count", "Words", strconv.Itoa(a.WordCount))
	if a.Paywalled {
		w.field("paywalled", "Paywalled", "yes")
	}
	w.field("", "First seen", a.FirstSeenAt.Format(time.RFC3339))
	w.field("", "Last seen", a.LastSeenAt.Format(time.RFC3339))
	if lc.DiscoveredVia != "" {
		d := lc.DiscoveredVia
		if lc.DiscoveredFrom != "" {
			d += " from " + lc.DiscoveredFrom
		}
		w.field("", "Discovered", d)
	}
	if !lc.GoneAt.IsZero() {
		w.field("", "Gone", lc.GoneAt.Format(time.RFC3339)+" ("+lc.GoneReason+")")
	}
	w.field("", "Extractor", a.ExtractorVersion)
	// Sources of fields not printed above (e.g. body).
	var rest []string
	for k, v := range lc.Sources {
		if !w.shown[k] {
			rest = append(rest, k+": "+v)
		}
	}
	sort.Strings(rest)
	if len(rest) > 0 {
		w.field("", "Other sources", strings.Join(rest, ", "))
	}
	if len(a.Related) > 0 {
		fmt.Fprintf(stdout, "\nRelated (%d):\n", len(a.Related))
		for _, l := range a.Related {
			fmt.Fprintf(stdout, "  %s\n    %s\n", l.Title, l.URL)
		}
	}
	fmt.Fprintf(stdout, "\nBody:\n\n%s\n", indent(a.Body, "  "))
	fmt.Fprintf(stdout, "\nVersions (%d):\n", len(vs))
	for _, v := range vs {
		fmt.Fprintf(stdout, "  v%-3d %s  %-9s extractor %-7s %s\n", v.Version, v.CapturedAt.Format(time.RFC3339),
			v.Origin, v.ExtractorVersion, versionSummary(&v))
	}
	if len(vs) > 1 {
		fmt.Fprintf(stdout, "\n'newsarchive diff %d' shows what changed in the last version.\n", a.ID)
	}
	return nil
}

// versionSummary says in a few words what a version changed.
func versionSummary(v *store.Version) string {
	if v.Version == 1 {
		return "first version"
	}
	if len(v.Changed) == 0 {
		return "no content change"
	}
	s := strings.Join(v.Changed, ", ")
	if v.ParagraphsAdded+v.ParagraphsRemoved+v.ParagraphsChanged > 0 {
		s += fmt.Sprintf(" (paragraphs: +%d −%d ~%d)", v.ParagraphsAdded, v.ParagraphsRemoved, v.ParagraphsChanged)
	}
	return s
}

type fieldWriter struct {
	w     io.Writer
	src   map[string]string
	shown map[string]bool
}

func (f *fieldWriter) field(key, label, val string) {
	if f.shown == nil {
		f.shown = map[string]bool{}
	}
	f.shown[key] = true
	if val == "" {
		val = "–"
	}
	if s := f.src[key]; s != "" && key != "" {
		val += "  [" + s + "]"
	}
	fmt.Fprintf(f.w, "%-14s %s\n", label, val)
}

func indent(s, pre string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = pre + l
		}
	}
	return strings.Join(lines, "\n")
}

// resolveArticle takes an article id or its canonical URL or URL.
func resolveArticle(ctx context.Context, db *store.DB, arg string) (int64, error) {
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
		if _, err := db.ArticleByID(ctx, id); err != nil {
			return 0, err
		}
		return id, nil
	}
	return db.ArticleIDByURL(ctx, arg)
}

// readCapture reads a capture's payload from the WARC files beside the
// database, following a revisit record to the capture that holds it.
func readCapture(ctx context.Context, db *store.DB, dbPath string, c *store.Capture) (*warc.Record, error) {
	if c.RevisitOf != 0 {
		orig, err := db.CaptureByFetch(ctx, c.RevisitOf)
		if err != nil {
			return nil, err
		}
		c = orig
	}
	rec, err := warc.ReadRecord(filepath.Join(filepath.Dir(dbPath), filepath.FromSlash(c.File)), c.Offset, c.Length)
	if err != nil {
		return nil, err
	}
	if rec.Type != "response" {
		return nil, fmt.Errorf("warc: %s at %d is a %s record, not a response", c.File, c.Offset, rec.Type)
	}
	return rec, nil
}
