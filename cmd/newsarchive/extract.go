package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/extract"
)

func init() {
	register(&command{name: "extract", summary: "print what the extractor makes of one page (file or URL), as JSON", run: runExtract})
}

// maxExtractBytes bounds what extract reads from a file or URL.
const maxExtractBytes = 64 << 20

func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("extract", "[flags] FILE|URL|-", stderr)
	pageURL := fs.String("url", "", "the page's URL, to resolve links in a FILE (default: file:// path)")
	contentType := fs.String("content-type", "", "HTTP Content-Type of a FILE, for its charset")
	links := fs.Bool("links", false, "also print every link on the page")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want exactly one FILE, URL or -, got %d arguments", fs.NArg())
	}
	src := fs.Arg(0)
	opts := extract.Options{URL: *pageURL, ContentType: *contentType, FetchedAt: time.Now()}
	var body []byte
	var err error
	switch {
	case strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://"):
		body, opts, err = fetchPage(ctx, src, opts)
	case src == "-":
		body, err = io.ReadAll(io.LimitReader(os.Stdin, maxExtractBytes+1))
	default:
		body, err = readLimited(src)
		if opts.URL == "" {
			opts.URL = fileURL(src)
		}
	}
	if err != nil {
		return err
	}
	if len(body) > maxExtractBytes {
		return fmt.Errorf("read %s: larger than %d bytes", src, maxExtractBytes)
	}
	a, err := extract.Parse(body, opts)
	if err != nil {
		return fmt.Errorf("extract %s: %w", src, err)
	}
	out := struct {
		*extract.Article
		Links []string `json:"links,omitempty"`
	}{Article: a}
	if *links {
		out.Links = a.Links
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read page: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxExtractBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return b, nil
}

// fetchPage gets one page the user named explicitly, as a browser would.
func fetchPage(ctx context.Context, u string, opts extract.Options) ([]byte, extract.Options, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, opts, fmt.Errorf("fetch %s: %w", u, err)
	}
	req.Header.Set("User-Agent", crawler.DefaultUserAgent)
	client := &http.Client{Timeout: crawler.DefaultTimeout}
	resp, err := client.Do(req)
	if err != nil {
		return nil, opts, fmt.Errorf("fetch %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return nil, opts, fmt.Errorf("fetch %s: HTTP %s", u, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxExtractBytes+1))
	if err != nil {
		return nil, opts, fmt.Errorf("fetch %s: %w", u, err)
	}
	opts.URL = resp.Request.URL.String()
	if opts.ContentType == "" {
		opts.ContentType = resp.Header.Get("Content-Type")
	}
	return body, opts, nil
}

// fileURL is the file:// URL of path, made absolute ("file://page.html"
// would name a host called page.html).
func fileURL(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
