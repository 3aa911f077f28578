package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// truth is one line of a dataset's truth.jsonl. Pointer and slice fields
// are nil when the line lacks that gold, so "has gold" is never confused
// with "gold is empty".
type truth struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	URL    string `json:"url"`
	News   bool   `json:"news"`
	// NewsKnown is set when the line states "news" at all: only then is
	// the page kind scored (scrapinghub's gold says nothing of it).
	NewsKnown   bool     `json:"-"`
	Title       *string  `json:"title"`
	Date        *string  `json:"date"`
	DateAlts    []string `json:"date_alts"`
	Authors     []string `json:"authors"`
	Description *string  `json:"description"`
	Body        *string  `json:"body"`
	With        []string `json:"with"`
	Without     []string `json:"without"`
}

// group names the origin of a case for per-source figures: the id's
// prefix before the first "-" (nk, pl, tr, hd in newsmeta), or "" for ids
// without one (the scrapinghub hashes).
func (t *truth) group() string {
	prefix, _, ok := strings.Cut(t.ID, "-")
	if !ok || prefix == "" || len(prefix) > 8 {
		return ""
	}
	return prefix
}

// dataset is one folder of the bench: pages/<id>.html.gz and truth.jsonl.
type dataset struct {
	Name  string
	Dir   string
	Cases []truth // sorted by id
}

// errNoData means the data folder is missing or holds no dataset.
var errNoData = errors.New("no benchmark data")

// findDatasets returns the sorted names of the folders under dir that hold
// a truth.jsonl and a pages folder.
func findDatasets(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errNoData
		}
		return nil, fmt.Errorf("read data folder: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		sub := filepath.Join(dir, e.Name())
		if !isFile(filepath.Join(sub, "truth.jsonl")) || !isDir(filepath.Join(sub, "pages")) {
			continue
		}
		names = append(names, e.Name())
	}
	if len(names) == 0 {
		return nil, errNoData
	}
	slices.Sort(names)
	return names, nil
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// loadDataset reads dir/name/truth.jsonl.
func loadDataset(dir, name string) (*dataset, error) {
	d := &dataset{Name: name, Dir: filepath.Join(dir, name)}
	cases, err := loadTruth(filepath.Join(d.Dir, "truth.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", name, err)
	}
	d.Cases = cases
	return d, nil
}

// loadTruth reads a truth.jsonl file and returns its cases sorted by id.
func loadTruth(path string) ([]truth, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []truth
	seen := make(map[string]bool)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var t truth
		if err := json.Unmarshal(b, &t); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", filepath.Base(path), line, err)
		}
		var keys map[string]json.RawMessage
		if json.Unmarshal(b, &keys) == nil {
			_, t.NewsKnown = keys["news"]
		}
		if t.ID == "" {
			return nil, fmt.Errorf("%s:%d: case without id", filepath.Base(path), line)
		}
		if seen[t.ID] {
			return nil, fmt.Errorf("%s:%d: duplicate id %s", filepath.Base(path), line, t.ID)
		}
		seen[t.ID] = true
		cases = append(cases, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", filepath.Base(path), err)
	}
	slices.SortFunc(cases, func(a, b truth) int { return strings.Compare(a.ID, b.ID) })
	return cases, nil
}

// readPage returns the raw, gunzipped bytes of one page.
func (d *dataset) readPage(id string) ([]byte, error) {
	f, err := os.Open(filepath.Join(d.Dir, "pages", id+".html.gz"))
	if err != nil {
		return nil, fmt.Errorf("read page %s: %w", id, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("gunzip page %s: %w", id, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("gunzip page %s: %w", id, err)
	}
	return b, nil
}
