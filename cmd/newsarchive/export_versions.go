package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/parquet-go/parquet-go"

	"github.com/newsarchive/newsarchive/store"
)

// versionWriter writes exported versions in one format (export --versions).
type versionWriter interface {
	write(*store.ExportedVersion) error
	close() error
}

var versionFormats = map[string]func(io.Writer) versionWriter{
	"jsonl": func(w io.Writer) versionWriter {
		e := json.NewEncoder(w)
		e.SetEscapeHTML(false)
		return &jsonlVersions{e}
	},
	"csv":     func(w io.Writer) versionWriter { return &csvVersions{cw: csv.NewWriter(w)} },
	"parquet": newParquetVersions,
}

type jsonlVersions struct{ enc *json.Encoder }

func (w *jsonlVersions) write(v *store.ExportedVersion) error {
	if err := w.enc.Encode(v); err != nil {
		return fmt.Errorf("write jsonl: %w", err)
	}
	return nil
}
func (w *jsonlVersions) close() error { return nil }

type csvVersions struct {
	cw     *csv.Writer
	header bool
}

func (w *csvVersions) write(v *store.ExportedVersion) error {
	if !w.header {
		w.cw.Write(store.VersionColumns)
		w.header = true
	}
	fetch := ""
	if v.FetchID != nil {
		fetch = strconv.FormatInt(*v.FetchID, 10)
	}
	i := func(n int64) string { return strconv.FormatInt(n, 10) }
	if err := w.cw.Write([]string{i(v.ArticleID), i(v.Version), v.CapturedAt, fetch, v.Origin,
		v.Headline, v.Standfirst, v.Body, string(v.Authors), deref(v.PublishedAt), deref(v.ModifiedAt),
		string(v.Changed), i(v.ParagraphsAdded), i(v.ParagraphsRemoved), i(v.ParagraphsChanged),
		v.ExtractorVersion, string(v.Sources), v.ContentHash, v.Site, v.CanonicalURL}); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func (w *csvVersions) close() error {
	if !w.header {
		w.cw.Write(store.VersionColumns)
	}
	w.cw.Flush()
	if err := w.cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// parquetVersion is the Parquet schema of export --versions; the JSON
// object column sources stays JSON text.
type parquetVersion struct {
	ArticleID         int64    `parquet:"article_id"`
	Version           int64    `parquet:"version"`
	CapturedAt        string   `parquet:"captured_at"`
	FetchID           *int64   `parquet:"fetch_id,optional"`
	Origin            string   `parquet:"origin,dict"`
	Headline          string   `parquet:"headline"`
	Standfirst        string   `parquet:"standfirst"`
	Body              string   `parquet:"body"`
	Authors           []string `parquet:"authors,list"`
	PublishedAt       *string  `parquet:"published_at,optional"`
	ModifiedAt        *string  `parquet:"modified_at,optional"`
	Changed           []string `parquet:"changed,list"`
	ParagraphsAdded   int64    `parquet:"paragraphs_added"`
	ParagraphsRemoved int64    `parquet:"paragraphs_removed"`
	ParagraphsChanged int64    `parquet:"paragraphs_changed"`
	ExtractorVersion  string   `parquet:"extractor_version,dict"`
	Sources           string   `parquet:"sources"`
	ContentHash       string   `parquet:"content_hash"`
	Site              string   `parquet:"site,dict"`
	CanonicalURL      string   `parquet:"canonical_url"`
}

type parquetVersions struct {
	pw   *parquet.GenericWriter[parquetVersion]
	rows int
}

func newParquetVersions(w io.Writer) versionWriter {
	return &parquetVersions{pw: parquet.NewGenericWriter[parquetVersion](w, parquet.Compression(&parquet.Zstd), parquet.CreatedBy("newsarchive", "", ""))}
}

func (w *parquetVersions) write(v *store.ExportedVersion) error {
	p := parquetVersion{ArticleID: v.ArticleID, Version: v.Version, CapturedAt: v.CapturedAt, FetchID: v.FetchID,
		Origin: v.Origin, Headline: v.Headline, Standfirst: v.Standfirst, Body: v.Body,
		PublishedAt: v.PublishedAt, ModifiedAt: v.ModifiedAt,
		ParagraphsAdded: v.ParagraphsAdded, ParagraphsRemoved: v.ParagraphsRemoved, ParagraphsChanged: v.ParagraphsChanged,
		ExtractorVersion: v.ExtractorVersion, Sources: string(v.Sources), ContentHash: v.ContentHash,
		Site: v.Site, CanonicalURL: v.CanonicalURL}
	if err := json.Unmarshal(v.Authors, &p.Authors); err != nil {
		return fmt.Errorf("write parquet: authors: %w", err)
	}
	if err := json.Unmarshal(v.Changed, &p.Changed); err != nil {
		return fmt.Errorf("write parquet: changed: %w", err)
	}
	if _, err := w.pw.Write([]parquetVersion{p}); err != nil {
		return fmt.Errorf("write parquet: %w", err)
	}
	// A row group per parquetGroupRows keeps memory constant.
	if w.rows++; w.rows%parquetGroupRows == 0 {
		if err := w.pw.Flush(); err != nil {
			return fmt.Errorf("write parquet: %w", err)
		}
	}
	return nil
}

func (w *parquetVersions) close() error {
	if err := w.pw.Close(); err != nil {
		return fmt.Errorf("write parquet: %w", err)
	}
	return nil
}
