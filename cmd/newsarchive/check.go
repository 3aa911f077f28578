package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newsarchive/newsarchive/store"
	"github.com/newsarchive/newsarchive/store/warc"
)

func init() {
	register(&command{name: "check", summary: "verify the database, the full-text index and the raw-page WARC files", run: runCheck})
}

// errProblems makes check exit 1 after listing what it found.
var errProblems = errors.New("problems found")

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("check", "[flags]", stderr)
	dbPath := flags.String("db", "news.db", "SQLite archive to check")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return usagef("check takes no arguments, got %q", flags.Arg(0))
	}
	db, err := openArchive(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()

	var problems []string
	report := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }

	// 1. SQLite's own check of the file.
	rows, err := db.SQL().QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return fmt.Errorf("integrity check: %w", err)
		}
		if msg != "ok" {
			report("database: %s", msg)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	fmt.Fprintln(stdout, "database: integrity_check done")

	// 2. The full-text index against the articles table.
	if err := db.CheckFTS(ctx); err != nil {
		report("full-text index: %v (repair: INSERT INTO articles_fts(articles_fts) VALUES('rebuild'))", err)
	}
	fmt.Fprintln(stdout, "full-text index: checked")

	// 3. Every WARC file: readable, digests match, torn tails.
	base := filepath.Dir(*dbPath)
	dir := store.WARCDir(*dbPath)
	scans := map[string]*warc.ScanResult{} // relative path -> scan
	var names []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".warc.gz") && !strings.HasSuffix(p, ".warc") {
			return nil
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return fmt.Errorf("list %s: %w", dir, err)
	}
	sort.Strings(names)
	var records, torn int
	for _, p := range names {
		res, err := warc.Scan(p)
		rel, _ := filepath.Rel(base, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			report("%s: %v", rel, err)
			continue
		}
		scans[rel] = res
		records += len(res.Records)
		for _, c := range res.Corrupt {
			report("%s: corrupt record at %s", rel, c)
		}
		if res.Torn {
			torn++
			report("%s: torn record at the end (bytes %d to %d, an interrupted write; ignored by readers, pointed to by no fetch)", rel, res.Good, res.Size)
		}
	}
	fmt.Fprintf(stdout, "warc: %d %s, %d records scanned\n", len(names), plural(len(names), "file", "files"), records)

	// 4. Every pointer from the fetch log resolves to its record.
	var pointers, bad int
	err = db.Captures(ctx, func(c *store.Capture) error {
		pointers++
		path := filepath.Join(base, filepath.FromSlash(c.File))
		if _, err := os.Stat(path); err != nil {
			bad++
			report("fetch %d: %s: missing", c.FetchID, c.File)
			return nil
		}
		rec, err := warc.ReadRecord(path, c.Offset, c.Length)
		switch {
		case err != nil:
			bad++
			report("fetch %d: %s at %d: %v", c.FetchID, c.File, c.Offset, err)
		case rec.RecordID != c.RecordID:
			bad++
			report("fetch %d: %s at %d is record %s, the database says %s", c.FetchID, c.File, c.Offset, rec.RecordID, c.RecordID)
		case rec.PayloadDigest != c.PayloadDigest && !(rec.Type == "revisit" && rec.PayloadDigest == ""):
			bad++
			report("fetch %d: payload digest %s in the WARC record, %s in the database", c.FetchID, rec.PayloadDigest, c.PayloadDigest)
		case rec.Type == "revisit" && c.RevisitOf == 0:
			bad++
			report("fetch %d: a revisit record with no revisit_of", c.FetchID)
		}
		if s := scans[c.File]; s != nil && s.Torn && c.Offset+c.Length > s.Good {
			bad++
			report("fetch %d: points into the torn tail of %s", c.FetchID, c.File)
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "fetches: %d WARC pointers checked, %d bad\n", pointers, bad)

	if len(problems) > 0 {
		fmt.Fprintf(stdout, "\n%d %s:\n", len(problems), plural(len(problems), "problem", "problems"))
		for _, p := range problems {
			fmt.Fprintf(stdout, "  %s\n", p)
		}
		return errProblems
	}
	fmt.Fprintln(stdout, "ok: no problems found")
	return nil
}
