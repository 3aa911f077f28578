package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/store"
)

func init() {
	register(&command{name: "diff", summary: "print what changed between two versions of an archived article", run: runDiff})
}

func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("diff", "[flags] ID|URL [V1 V2]", stderr)
	dbPath := fs.String("db", "news.db", "SQLite archive to read")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 && fs.NArg() != 3 {
		return usagef("diff takes an article id or URL, and optionally two version numbers")
	}
	var v1, v2 int
	if fs.NArg() == 3 {
		var err1, err2 error
		v1, err1 = strconv.Atoi(strings.TrimPrefix(fs.Arg(1), "v"))
		v2, err2 = strconv.Atoi(strings.TrimPrefix(fs.Arg(2), "v"))
		if err1 != nil || err2 != nil || v1 < 1 || v2 < 1 {
			return usagef("versions must be numbers like 1 2, got %q %q", fs.Arg(1), fs.Arg(2))
		}
	}
	db, err := openArchive(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := resolveArticle(ctx, db, fs.Arg(0))
	if err != nil {
		return err
	}
	vs, err := db.ArticleVersions(ctx, id)
	if err != nil {
		return err
	}
	if v1 == 0 {
		if len(vs) < 2 {
			fmt.Fprintf(stdout, "article %d has one version: nothing to compare\n", id)
			return nil
		}
		v1, v2 = len(vs)-1, len(vs)
	}
	find := func(n int) *store.Version {
		for i := range vs {
			if vs[i].Version == n {
				return &vs[i]
			}
		}
		return nil
	}
	a, b := find(v1), find(v2)
	if a == nil || b == nil {
		return fmt.Errorf("article %d has versions 1 to %d, not %d and %d", id, len(vs), v1, v2)
	}
	printDiff(stdout, id, a, b)
	return nil
}

func printDiff(w io.Writer, id int64, a, b *store.Version) {
	fmt.Fprintf(w, "--- article %d v%d  %s  (%s, extractor %s)\n", id, a.Version, a.CapturedAt.Format(time.RFC3339), a.Origin, a.ExtractorVersion)
	fmt.Fprintf(w, "+++ article %d v%d  %s  (%s, extractor %s)\n", id, b.Version, b.CapturedAt.Format(time.RFC3339), b.Origin, b.ExtractorVersion)
	same := true
	for _, f := range []struct{ name, old, new string }{
		{"headline", a.Headline, b.Headline},
		{"standfirst", a.Standfirst, b.Standfirst},
		{"authors", strings.Join(a.Authors, ", "), strings.Join(b.Authors, ", ")},
		{"published_at", a.PublishedAt, b.PublishedAt},
		{"modified_at", a.ModifiedAt, b.ModifiedAt},
	} {
		if f.old == f.new {
			continue
		}
		same = false
		fmt.Fprintf(w, "\n%s:\n- %s\n+ %s\n", f.name, f.old, f.new)
	}
	if a.Body != b.Body {
		same = false
		ops := store.DiffParagraphs(store.Paragraphs(a.Body), store.Paragraphs(b.Body))
		added, removed, changed := store.ParagraphChanges(ops)
		fmt.Fprintf(w, "\nbody: %d paragraphs added, %d removed, %d changed\n", added, removed, changed)
		printHunks(w, ops, 1)
	}
	if same {
		fmt.Fprintln(w, "\nno content difference")
	}
}

// printHunks prints the changed paragraphs with ctx unchanged paragraphs
// around each run of changes, like diff -U; skipped runs show as @@.
func printHunks(w io.Writer, ops []store.DiffOp, ctx int) {
	show := make([]bool, len(ops))
	for i, o := range ops {
		if o.Op != ' ' {
			for j := max(0, i-ctx); j <= min(len(ops)-1, i+ctx); j++ {
				show[j] = true
			}
		}
	}
	para := 0 // paragraph number in the old body
	skipped := false
	for i, o := range ops {
		if o.Op != '+' {
			para++
		}
		if !show[i] {
			skipped = true
			continue
		}
		if skipped || i == 0 {
			fmt.Fprintf(w, "@@ paragraph %d @@\n", para)
			skipped = false
		}
		fmt.Fprintf(w, "%c %s\n", o.Op, strings.ReplaceAll(o.Text, "\n", "\n  "))
	}
}
