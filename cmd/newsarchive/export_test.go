package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/newsarchive/newsarchive/store"
)

// readJSONL decodes an export file line by line, checking each object's
// keys are the export columns in order.
func readJSONL(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		var keys []string
		dec.Token() // {
		for dec.More() {
			k, _ := dec.Token()
			keys = append(keys, k.(string))
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				t.Fatal(err)
			}
		}
		if strings.Join(keys, ",") != strings.Join(store.ExportColumns, ",") {
			t.Fatalf("jsonl keys %v, want %v", keys, store.ExportColumns)
		}
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestExportFormats(t *testing.T) {
	path := demoArchive(t)
	dir := t.TempDir()
	db := openDB(t, path)
	total := count(t, db, `SELECT count(*) FROM articles`)

	for _, format := range []string{"jsonl", "csv", "parquet"} {
		out := filepath.Join(dir, "all."+format)
		code, stdout, errs := runMain(t, "export", "--db", path, "--format", format, "--out", out)
		if code != 0 || !strings.Contains(stdout, fmt.Sprintf("exported %d articles to %s", total, out)) {
			t.Fatalf("%s: exit %d\n%s%s", format, code, stdout, errs)
		}
	}

	// JSON Lines: lists are arrays, NULL is null, related links in order.
	rows := readJSONL(t, filepath.Join(dir, "all.jsonl"))
	if len(rows) != total {
		t.Fatalf("jsonl has %d rows, want %d", len(rows), total)
	}
	byURL := map[string]map[string]any{}
	for _, r := range rows {
		byURL[r["canonical_url"].(string)] = r
		if _, ok := r["authors"].([]any); !ok {
			t.Errorf("jsonl authors is %T", r["authors"])
		}
		if _, ok := r["related"].([]any); !ok {
			t.Errorf("jsonl related is %T", r["related"])
		}
	}
	var canonical, relURL string
	if err := db.QueryRow(`SELECT a.canonical_url, r.url FROM related_links r JOIN articles a ON a.id = r.article_id
		WHERE r.position = 1 ORDER BY a.id LIMIT 1`).Scan(&canonical, &relURL); err != nil {
		t.Fatal(err)
	}
	if rel := byURL[canonical]["related"].([]any); len(rel) < 2 || rel[1].(map[string]any)["url"] != relURL {
		t.Errorf("related of %s = %v, want %s second", canonical, rel, relURL)
	}

	// CSV: header of column names, lists as JSON text, same rows.
	f, err := os.Open(filepath.Join(dir, "all.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(recs[0], store.ExportColumns) || len(recs) != total+1 {
		t.Fatalf("csv header %v, %d rows", recs[0], len(recs)-1)
	}
	col := map[string]int{}
	for i, c := range recs[0] {
		col[c] = i
	}
	for _, rec := range recs[1:] {
		j := byURL[rec[col["canonical_url"]]]
		if j == nil || rec[col["body"]] != j["body"] || rec[col["headline"]] != j["headline"] {
			t.Fatalf("csv row %s differs from jsonl", rec[col["canonical_url"]])
		}
		var authors []string
		if err := json.Unmarshal([]byte(rec[col["authors"]]), &authors); err != nil || len(authors) != len(j["authors"].([]any)) {
			t.Errorf("csv authors %q", rec[col["authors"]])
		}
		if rec[col["paywalled"]] != "0" && rec[col["paywalled"]] != "1" {
			t.Errorf("csv paywalled %q", rec[col["paywalled"]])
		}
		if (j["published_at"] == nil) != (rec[col["published_at"]] == "") {
			t.Errorf("csv published_at %q vs jsonl %v", rec[col["published_at"]], j["published_at"])
		}
	}

	// Parquet, read with the same library.
	prows, err := parquet.ReadFile[parquetArticle](filepath.Join(dir, "all.parquet"))
	if err != nil {
		t.Fatal(err)
	}
	if len(prows) != total {
		t.Fatalf("parquet has %d rows, want %d", len(prows), total)
	}
	for _, p := range prows {
		j := byURL[p.CanonicalURL]
		if j == nil || p.Body != j["body"] || p.Headline != j["headline"] || float64(p.ID) != j["id"].(float64) ||
			len(p.Authors) != len(j["authors"].([]any)) || len(p.Related) != len(j["related"].([]any)) ||
			(p.PublishedAt == nil) != (j["published_at"] == nil) {
			t.Fatalf("parquet row %s differs from jsonl", p.CanonicalURL)
		}
		if p.PublishedAt != nil && *p.PublishedAt != j["published_at"] {
			t.Errorf("parquet published_at %s vs %v", *p.PublishedAt, j["published_at"])
		}
		for i, l := range p.Related {
			jl := j["related"].([]any)[i].(map[string]any)
			if l.URL != jl["url"] || l.Title != jl["title"] {
				t.Errorf("parquet related %d of %s: %+v vs %v", i, p.CanonicalURL, l, jl)
			}
		}
	}

	// Standard output gives the same bytes as --out.
	code, stdout, errs := runMain(t, "export", "--db", path, "--format", "jsonl")
	if code != 0 {
		t.Fatalf("stdout export: exit %d %s", code, errs)
	}
	if file, _ := os.ReadFile(filepath.Join(dir, "all.jsonl")); stdout != string(file) {
		t.Error("export to stdout differs from export to a file")
	}

	// Filters.
	want := count(t, db, `SELECT count(*) FROM articles WHERE substr(published_at, 1, 10) BETWEEN '2026-01-01' AND '2026-01-31'`)
	code, stdout, _ = runMain(t, "export", "--db", path, "--format", "jsonl", "--since", "2026-01-01", "--until", "2026-01-31", "--site", "londondaily.example")
	if n := strings.Count(stdout, "\n"); code != 0 || n != want || want == 0 {
		t.Errorf("filtered export: exit %d, %d rows, want %d", code, n, want)
	}
	code, stdout, _ = runMain(t, "export", "--db", path, "--format", "csv", "--site", "nowhere.example")
	if code != 0 || stdout != strings.Join(store.ExportColumns, ",")+"\n" {
		t.Errorf("empty csv export: exit %d %q", code, stdout)
	}
}

func TestExportUsage(t *testing.T) {
	path := demoArchive(t)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{}, 2, "-format is required"},
		{[]string{"--format", "xml"}, 2, `unknown -format "xml"`},
		{[]string{"--format", "csv", "--since", "yesterday"}, 2, `since "yesterday" is not a day`},
		{[]string{"--format", "csv", "extra"}, 2, "takes no arguments"},
		{[]string{"--format", "csv", "--out", filepath.Join(t.TempDir(), "no", "such", "dir", "x.csv")}, 1, "create"},
	}
	for _, tt := range tests {
		args := append([]string{"export", "--db", path}, tt.args...)
		code, _, errs := runMain(t, args...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("%q: exit %d, %q; want exit %d mentioning %q", tt.args, code, errs, tt.code, tt.want)
		}
	}
}

// TestParquetRowGroups: a large export is cut into row groups, which is
// what bounds the writer's memory, and reads back whole.
func TestParquetRowGroups(t *testing.T) {
	const n = 2*parquetGroupRows + 123
	path := filepath.Join(t.TempDir(), "big.parquet")
	_, err := writeFileAtomic(path, func(w io.Writer) error {
		pw := newParquetWriter(w)
		published := "2026-01-01"
		for i := range n {
			a := &store.ExportedArticle{
				ID: int64(i + 1), URL: fmt.Sprintf("https://x.example/%d", i), CanonicalURL: fmt.Sprintf("https://x.example/%d", i),
				Site: "x.example", Headline: fmt.Sprintf("Story %d", i), Body: "Text.",
				Authors: json.RawMessage(`["A"]`), Tags: json.RawMessage(`[]`), Related: json.RawMessage(`[{"url":"https://x.example/r","title":"R"}]`),
				FirstSeenAt: "2026-01-01T00:00:00Z", LastSeenAt: "2026-01-01T00:00:00Z",
			}
			if i%2 == 0 {
				a.PublishedAt = &published
			}
			if err := pw.write(a); err != nil {
				return err
			}
		}
		return pw.close()
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, _ := f.Stat()
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		t.Fatal(err)
	}
	if groups := len(pf.RowGroups()); groups != 3 || pf.NumRows() != n {
		t.Errorf("%d row groups, %d rows; want 3, %d", groups, pf.NumRows(), n)
	}
	rows, err := parquet.ReadFile[parquetArticle](path)
	if err != nil {
		t.Fatal(err)
	}
	last := rows[n-1]
	if len(rows) != n || last.ID != n || last.Headline != fmt.Sprintf("Story %d", n-1) || rows[0].PublishedAt == nil || rows[1].PublishedAt != nil ||
		len(last.Related) != 1 || last.Related[0].Title != "R" {
		t.Errorf("read back %d rows, last %+v", len(rows), last)
	}
}
