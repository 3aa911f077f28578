package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/newsarchive/newsarchive/store"
)

func init() {
	register(&command{name: "export", summary: "write articles as JSON Lines, CSV or Parquet", run: runExport})
}

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f filterFlags
	fs := newFlags("export", "--format jsonl|csv|parquet [flags]", stderr)
	f.register(fs)
	format := fs.String("format", "", "output format: jsonl, csv or parquet (required)")
	out := fs.String("out", "", "file to write (replaced only when the export succeeds); default standard output")
	versions := fs.Bool("versions", false, "export every stored version of each article (one row per version) instead")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("export takes no arguments, got %q", fs.Arg(0))
	}
	newWriter, ok := exportFormats[*format]
	switch {
	case *format == "":
		return usagef("-format is required: jsonl, csv or parquet")
	case !ok:
		return usagef("unknown -format %q: use jsonl, csv or parquet", *format)
	}
	filter, err := f.filter()
	if err != nil {
		return err
	}
	db, err := openArchive(ctx, f.db)
	if err != nil {
		return err
	}
	defer db.Close()

	start := time.Now()
	var n int
	what := "article"
	write := func(w io.Writer) error {
		if *versions {
			vw := versionFormats[*format](w)
			if err := db.ExportVersions(ctx, filter, func(v *store.ExportedVersion) error {
				n++
				return vw.write(v)
			}); err != nil {
				return err
			}
			return vw.close()
		}
		ew := newWriter(w)
		err := db.ExportArticles(ctx, filter, func(a *store.ExportedArticle) error {
			n++
			return ew.write(a)
		})
		if err != nil {
			return err
		}
		return ew.close()
	}
	if *out == "" {
		bw := bufio.NewWriterSize(stdout, 64<<10)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	size, err := writeFileAtomic(*out, write)
	if err != nil {
		return err
	}
	if *versions {
		what = "version"
	}
	fmt.Fprintf(stdout, "exported %d %s to %s (%s, %s)\n", n, plural(n, what, what+"s"), *out,
		humanBytes(size), time.Since(start).Round(time.Millisecond))
	return nil
}

// writeFileAtomic writes name through a temporary file in the same folder
// and renames it into place only when write succeeds, so an interrupted
// or failed export never leaves a truncated file that looks complete.
func writeFileAtomic(name string, write func(io.Writer) error) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("create %s: %w", name, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, a no-op
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err := write(bw); err != nil {
		tmp.Close()
		return 0, err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return 0, fmt.Errorf("write %s: %w", name, err)
	}
	info, err := tmp.Stat()
	if err != nil {
		tmp.Close()
		return 0, fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return 0, fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil { // CreateTemp makes it 0600
		return 0, fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return 0, fmt.Errorf("write %s: %w", name, err)
	}
	return info.Size(), nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// articleWriter writes exported articles in one format, one at a time.
type articleWriter interface {
	write(*store.ExportedArticle) error
	close() error // writes what the format needs at the end; does not close the io.Writer
}

var exportFormats = map[string]func(io.Writer) articleWriter{
	"jsonl":   newJSONLWriter,
	"csv":     newCSVWriter,
	"parquet": newParquetWriter,
}

// jsonlWriter writes one JSON object per line, with the export's column
// names in column order; authors, tags and related are JSON arrays, NULL
// columns are null.
type jsonlWriter struct{ enc *json.Encoder }

func newJSONLWriter(w io.Writer) articleWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &jsonlWriter{enc: enc}
}

func (w *jsonlWriter) write(a *store.ExportedArticle) error {
	if err := w.enc.Encode(a); err != nil {
		return fmt.Errorf("write jsonl: %w", err)
	}
	return nil
}

func (w *jsonlWriter) close() error { return nil }

// csvWriter writes RFC 4180 CSV with a header row of the column names.
// NULL is the empty string, paywalled is 0 or 1 as in the table, and
// authors, tags and related are JSON text as in the table.
type csvWriter struct {
	cw     *csv.Writer
	header bool
	rec    []string
}

func newCSVWriter(w io.Writer) articleWriter {
	return &csvWriter{cw: csv.NewWriter(w), rec: make([]string, len(store.ExportColumns))}
}

func (w *csvWriter) write(a *store.ExportedArticle) error {
	if !w.header {
		if err := w.cw.Write(store.ExportColumns); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
		w.header = true
	}
	paywalled := "0"
	if a.Paywalled {
		paywalled = "1"
	}
	w.rec = append(w.rec[:0],
		strconv.FormatInt(a.ID, 10), a.URL, a.CanonicalURL, a.Site, deref(a.Kind),
		a.Headline, a.Standfirst, a.Body, string(a.Authors), deref(a.PublishedAt), deref(a.ModifiedAt),
		deref(a.PublishedSource), deref(a.ModifiedSource), deref(a.Language), deref(a.Section),
		string(a.Tags), deref(a.ImageURL), strconv.FormatInt(a.WordCount, 10), paywalled,
		a.ExtractorVersion, a.FirstSeenAt, a.LastSeenAt, a.ContentHash,
		string(a.Sources), deref(a.DiscoveredVia), deref(a.DiscoveredFrom), deref(a.GoneAt), deref(a.GoneReason),
		string(a.Related))
	if err := w.cw.Write(w.rec); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func (w *csvWriter) close() error {
	if !w.header { // an empty export still names its columns
		if err := w.cw.Write(store.ExportColumns); err != nil {
			return fmt.Errorf("write csv: %w", err)
		}
	}
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// parquetArticle is the Parquet schema of an export: the same columns as
// the other formats, NULL-able columns optional, lists as Parquet lists.
// Capture times stay RFC 3339 text, as in the table, so every format
// reads the same. Dictionary encoding for the few-valued columns.
type parquetArticle struct {
	ID               int64         `parquet:"id"`
	URL              string        `parquet:"url"`
	CanonicalURL     string        `parquet:"canonical_url"`
	Site             string        `parquet:"site,dict"`
	Kind             *string       `parquet:"kind,optional,dict"`
	Headline         string        `parquet:"headline"`
	Standfirst       string        `parquet:"standfirst"`
	Body             string        `parquet:"body"`
	Authors          []string      `parquet:"authors,list"`
	PublishedAt      *string       `parquet:"published_at,optional"`
	ModifiedAt       *string       `parquet:"modified_at,optional"`
	PublishedSource  *string       `parquet:"published_source,optional,dict"`
	ModifiedSource   *string       `parquet:"modified_source,optional,dict"`
	Language         *string       `parquet:"language,optional,dict"`
	Section          *string       `parquet:"section,optional,dict"`
	Tags             []string      `parquet:"tags,list"`
	ImageURL         *string       `parquet:"image_url,optional"`
	WordCount        int64         `parquet:"word_count"`
	Paywalled        bool          `parquet:"paywalled"`
	ExtractorVersion string        `parquet:"extractor_version,dict"`
	FirstSeenAt      string        `parquet:"first_seen_at"`
	LastSeenAt       string        `parquet:"last_seen_at"`
	ContentHash      string        `parquet:"content_hash"`
	Sources          string        `parquet:"sources"` // JSON object text
	DiscoveredVia    *string       `parquet:"discovered_via,optional,dict"`
	DiscoveredFrom   *string       `parquet:"discovered_from,optional"`
	GoneAt           *string       `parquet:"gone_at,optional"`
	GoneReason       *string       `parquet:"gone_reason,optional"`
	Related          []parquetLink `parquet:"related,list"`
}

type parquetLink struct {
	URL   string `parquet:"url"`
	Title string `parquet:"title"`
}

// Row groups are cut every parquetGroupRows rows or parquetGroupBytes of
// text, whichever comes first: a Parquet writer holds a whole row group in
// memory, so this is what keeps a large export in constant memory.
// Rows are handed to the library parquetBatch at a time.
const (
	parquetGroupRows  = 10000
	parquetGroupBytes = 32 << 20
	parquetBatch      = 64
)

type parquetWriter struct {
	pw        *parquet.GenericWriter[parquetArticle]
	batch     []parquetArticle
	groupRows int
	groupSize int
}

func newParquetWriter(w io.Writer) articleWriter {
	return &parquetWriter{
		pw:    parquet.NewGenericWriter[parquetArticle](w, parquet.Compression(&parquet.Zstd), parquet.CreatedBy("newsarchive", "", "")),
		batch: make([]parquetArticle, 0, parquetBatch),
	}
}

func (w *parquetWriter) write(a *store.ExportedArticle) error {
	p := parquetArticle{
		ID: a.ID, URL: a.URL, CanonicalURL: a.CanonicalURL, Site: a.Site, Kind: a.Kind,
		Headline: a.Headline, Standfirst: a.Standfirst, Body: a.Body,
		PublishedAt: a.PublishedAt, ModifiedAt: a.ModifiedAt,
		PublishedSource: a.PublishedSource, ModifiedSource: a.ModifiedSource,
		Language: a.Language, Section: a.Section, ImageURL: a.ImageURL,
		WordCount: a.WordCount, Paywalled: a.Paywalled, ExtractorVersion: a.ExtractorVersion,
		FirstSeenAt: a.FirstSeenAt, LastSeenAt: a.LastSeenAt, ContentHash: a.ContentHash,
		Sources: string(a.Sources), DiscoveredVia: a.DiscoveredVia, DiscoveredFrom: a.DiscoveredFrom,
		GoneAt: a.GoneAt, GoneReason: a.GoneReason,
	}
	if err := json.Unmarshal(a.Authors, &p.Authors); err != nil {
		return fmt.Errorf("write parquet: article %d authors: %w", a.ID, err)
	}
	if err := json.Unmarshal(a.Tags, &p.Tags); err != nil {
		return fmt.Errorf("write parquet: article %d tags: %w", a.ID, err)
	}
	if err := json.Unmarshal(a.Related, &p.Related); err != nil {
		return fmt.Errorf("write parquet: article %d related: %w", a.ID, err)
	}
	w.batch = append(w.batch, p)
	w.groupRows++
	w.groupSize += len(p.Headline) + len(p.Standfirst) + len(p.Body) + len(p.URL) + len(p.CanonicalURL)
	if len(w.batch) == cap(w.batch) {
		if err := w.flushBatch(); err != nil {
			return err
		}
	}
	if w.groupRows >= parquetGroupRows || w.groupSize >= parquetGroupBytes {
		if err := w.flushBatch(); err != nil {
			return err
		}
		if err := w.pw.Flush(); err != nil {
			return fmt.Errorf("write parquet: %w", err)
		}
		w.groupRows, w.groupSize = 0, 0
	}
	return nil
}

func (w *parquetWriter) flushBatch() error {
	if len(w.batch) == 0 {
		return nil
	}
	if _, err := w.pw.Write(w.batch); err != nil {
		return fmt.Errorf("write parquet: %w", err)
	}
	clear(w.batch) // drop the strings for the GC
	w.batch = w.batch[:0]
	return nil
}

func (w *parquetWriter) close() error {
	if err := w.flushBatch(); err != nil {
		return err
	}
	if err := w.pw.Close(); err != nil {
		return fmt.Errorf("write parquet: %w", err)
	}
	return nil
}
