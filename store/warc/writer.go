// Package warc keeps the raw pages of an archive in standard WARC files
// (WARC/1.1, one gzip member per record) written and read with
// [github.com/nlnwa/gowarc/v3], so that replay tools and other
// archivists' software read them as they are.
//
// Each fetch is a response record (or a revisit record when its payload
// is the same as the URL's previous capture) followed by the request
// record that asked for it. A [Writer] writes into a folder beside the
// database, a new file per run and every MaxFileSize bytes, and flushes
// each record pair to disk (fsync) before returning its location, so the
// database row that points to it can only commit after the bytes are
// safe. A crash can leave a torn record at the end of the last file;
// [ReadRecord] never reaches it through a pointer, and [Scan] reports it.
//
// The package knows nothing of SQLite or crawling: store keeps the
// pointers, cmd/newsarchive wires the two.
package warc

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
	gowarc "github.com/nlnwa/gowarc/v3"
)

// DefaultMaxFileSize is when a Writer starts a new file.
const DefaultMaxFileSize = 1 << 30

// optionsMu serialises the library's option constructors: each one calls
// uuid.EnableRandPool, which writes a global without a lock (a data race
// between concurrent record builders, found by go test -race).
var optionsMu sync.Mutex

func newRecordBuilder(t gowarc.RecordType) gowarc.WarcRecordBuilder {
	optionsMu.Lock()
	defer optionsMu.Unlock()
	return gowarc.NewRecordBuilder(t, recordOptions()...)
}

func newUnmarshaler() gowarc.Unmarshaler {
	optionsMu.Lock()
	defer optionsMu.Unlock()
	return gowarc.NewUnmarshaler(readOptions()...)
}

// gzLevel is the records' compression level. On the scrapinghub pages
// (157 KB average) level 2 takes 0.65 ms a page and keeps 24.0% of the
// bytes, the default (6) 1.05 ms and 21.4%: raw pages are written on
// every fetch and read rarely, so the crawl's CPU wins over 12% of disk.
const gzLevel = 2

// newRecordID returns a random (version 4) UUID URN. Ours rather than
// the library's default, which reads the global that EnableRandPool writes.
func newRecordID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return "urn:uuid:" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

// recordOptions are the library's options for the records we build: WARC
// 1.1, SHA-1 digests in base32 (what CDX indexes and deduplicating
// crawlers use) computed by the library, and strict checking of what we
// build.
func recordOptions() []gowarc.WarcRecordOption {
	return []gowarc.WarcRecordOption{
		gowarc.WithVersion(gowarc.V1_1),
		gowarc.WithDefaultDigestAlgorithm("sha1"),
		gowarc.WithAddMissingDigest(true),
		gowarc.WithRecordIdFunc(newRecordID),
		gowarc.WithSpecViolationPolicy(gowarc.ErrFail),
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail),
	}
}

// Capture is one HTTP exchange to archive.
type Capture struct {
	URL            string // the URL the response came from (after redirects)
	Date           time.Time
	Method         string      // "" is GET
	RequestHeader  http.Header // as sent; Host and Accept-Encoding are added if missing
	Status         int
	ResponseHeader http.Header
	// Body is the payload as received, after the transport removed any
	// Content-Encoding; the archived header says Content-Length of it.
	Body []byte
	// Truncated says Body was cut at the crawler's size cap.
	Truncated bool
}

// Previous is the last archived capture of the same URL with a body, the
// target of a revisit record.
type Previous struct {
	RecordID      string // WARC-Record-ID of its response record
	URL           string // its WARC-Target-URI
	Date          time.Time
	PayloadDigest string
}

// Written says where a capture's response or revisit record went.
type Written struct {
	File          string // path relative to the Writer's base folder
	Offset        int64
	Length        int64
	RecordID      string
	PayloadDigest string
	Revisit       bool // written as a revisit of Previous
}

// Options configure a Writer; the zero value works.
type Options struct {
	Prefix      string // file name prefix; default "newsarchive"
	MaxFileSize int64  // default DefaultMaxFileSize
	// Software names the writer in each file's warcinfo record.
	Software string
	// NoSync skips fsync (tests, benchmarks): crash consistency is lost.
	NoSync bool
}

// Writer appends captures to WARC files in one folder. It is safe for
// concurrent use: records are written one capture at a time, and writers
// waiting for fsync share one call (group commit).
type Writer struct {
	dir  string // folder of the WARC files
	base string // folder paths are relative to
	opts Options
	gz   *gzip.Writer  // reused per record, under mu
	bw   *bufio.Writer // likewise

	mu       sync.Mutex
	f        *os.File
	name     string // relative to base
	size     int64
	seq      int
	gen      int   // file generation, bumped at each rotation
	syncedTo int64 // bytes of the current file known to be on disk
	old      []*os.File
	closed   bool

	syncMu sync.Mutex // one fsync at a time; later waiters reuse its result
	stamp  string     // run timestamp in file names
	nonce  string
}

// NewWriter returns a Writer that creates its files in dir (made if
// missing) on the first capture, naming them relative to base in
// [Written.File].
func NewWriter(dir, base string, opts Options) (*Writer, error) {
	if opts.Prefix == "" {
		opts.Prefix = "newsarchive"
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.Software == "" {
		opts.Software = "newsarchive"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("warc: %w", err)
	}
	var b [3]byte
	_, _ = rand.Read(b[:])
	return &Writer{
		dir: dir, base: base, opts: opts,
		stamp: time.Now().UTC().Format("20060102150405"),
		nonce: hex.EncodeToString(b[:]),
	}, nil
}

// Files returns the files this Writer created, relative to base.
func (w *Writer) Files() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, f := range append(append([]*os.File{}, w.old...), w.f) {
		if f != nil {
			if rel, err := filepath.Rel(w.base, f.Name()); err == nil {
				out = append(out, filepath.ToSlash(rel))
			}
		}
	}
	return out
}

// Write archives c: a response record, or a revisit record when prev is
// not nil and has the same payload digest (or c is a 304 answer to a
// conditional request for prev), followed by the request record. It
// returns once both are on disk.
func (w *Writer) Write(c *Capture, prev *Previous) (Written, error) {
	out, gen, end, err := w.write(c, prev)
	if err != nil {
		return Written{}, err
	}
	if err := w.sync(gen, end); err != nil {
		return Written{}, fmt.Errorf("warc: sync %s: %w", out.File, err)
	}
	return out, nil
}

// Append is Write without waiting for the disk: the records are written
// to the file but may still be in the operating system's cache (they
// survive the process being killed, not a power cut). Call Sync before
// anything that must not outlive them is made durable, such as the
// archive row that points to them (store.SyncFirst).
func (w *Writer) Append(c *Capture, prev *Previous) (Written, error) {
	out, _, _, err := w.write(c, prev)
	return out, err
}

// Sync makes every record appended so far durable. Calls that arrive
// while another's fsync runs share the next one.
func (w *Writer) Sync() error {
	w.mu.Lock()
	gen, end, closed := w.gen, w.size, w.closed
	w.mu.Unlock()
	if closed {
		// Close synced what it could, and reported any failure.
		return errors.New("warc: writer closed")
	}
	if err := w.sync(gen, end); err != nil {
		return fmt.Errorf("warc: sync: %w", err)
	}
	return nil
}

// write appends c's records and returns the file generation and size
// that make them durable once synced.
func (w *Writer) write(c *Capture, prev *Previous) (_ Written, gen int, end int64, _ error) {
	resp, err := buildResponse(c)
	if err != nil {
		return Written{}, 0, 0, fmt.Errorf("warc: build response for %s: %w", c.URL, err)
	}
	digest := resp.WarcHeader().Get(gowarc.WarcPayloadDigest)
	var main gowarc.WarcRecord = resp
	revisit := false
	if prev != nil && prev.RecordID != "" {
		profile := ""
		switch {
		case c.Status == http.StatusNotModified:
			profile = gowarc.ProfileServerNotModifiedV1_1
		case c.Status/100 == 2 && !c.Truncated && digest == prev.PayloadDigest:
			profile = gowarc.ProfileIdenticalPayloadDigestV1_1
		}
		if profile != "" {
			rv, err := resp.ToRevisitRecord(&gowarc.RevisitRef{
				Profile: profile, TargetRecordId: prev.RecordID,
				TargetUri: prev.URL, TargetDate: prev.Date.UTC().Format(time.RFC3339),
			})
			if err != nil {
				resp.Close()
				return Written{}, 0, 0, fmt.Errorf("warc: revisit for %s: %w", c.URL, err)
			}
			defer resp.Close()
			main, revisit = rv, true
			if profile == gowarc.ProfileServerNotModifiedV1_1 {
				// The 304's own (empty) payload digest would mislead:
				// the payload is the previous capture's.
				rv.WarcHeader().Delete(gowarc.WarcPayloadDigest)
				digest = prev.PayloadDigest
			}
		}
	}
	req, err := buildRequest(c, main.RecordId())
	if err != nil {
		main.Close()
		return Written{}, 0, 0, fmt.Errorf("warc: build request for %s: %w", c.URL, err)
	}

	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		main.Close()
		req.Close()
		return Written{}, 0, 0, errors.New("warc: writer closed")
	}
	out := Written{RecordID: main.RecordId(), PayloadDigest: digest, Revisit: revisit}
	err = w.ensureFile()
	if err == nil {
		out.File, out.Offset = w.name, w.size
		out.Length, err = w.writeRecord(main)
	}
	if err == nil {
		_, err = w.writeRecord(req)
	}
	gen, end = w.gen, w.size
	w.mu.Unlock()
	main.Close()
	req.Close()
	if err != nil {
		return Written{}, 0, 0, fmt.Errorf("warc: write %s: %w", c.URL, err)
	}
	return out, gen, end, nil
}

// ensureFile opens a new file when there is none or the current one is
// full. Called with mu held.
func (w *Writer) ensureFile() error {
	if w.f != nil && w.size < w.opts.MaxFileSize {
		return nil
	}
	if w.f != nil {
		// The old file is synced whole now, so waiters on its generation
		// are done; it stays open (Sync on it must not fail) until Close.
		if !w.opts.NoSync {
			if err := w.f.Sync(); err != nil {
				return err
			}
		}
		w.old = append(w.old, w.f)
		w.f = nil
	}
	for {
		name := fmt.Sprintf("%s-%s-%s-%05d.warc.gz", w.opts.Prefix, w.stamp, w.nonce, w.seq)
		w.seq++
		path := filepath.Join(w.dir, name)
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(w.base, path)
		if err != nil {
			f.Close()
			return err
		}
		w.f, w.name, w.size, w.syncedTo = f, filepath.ToSlash(rel), 0, 0
		w.gen++
		info, err := w.warcinfo(name)
		if err != nil {
			return err
		}
		_, err = w.writeRecord(info)
		info.Close()
		return err
	}
}

func (w *Writer) warcinfo(name string) (gowarc.WarcRecord, error) {
	rb := newRecordBuilder(gowarc.Warcinfo)
	rb.AddWarcHeaderTime(gowarc.WarcDate, time.Now())
	rb.AddWarcHeader(gowarc.WarcFilename, name)
	rb.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	host, _ := os.Hostname()
	fmt.Fprintf(rb, "software: %s\r\nformat: WARC File Format 1.1\r\nconformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\nhostname: %s\r\n", w.opts.Software, host)
	rec, _, err := rb.Build()
	return rec, err
}

// writeRecord appends rec as one gzip member and returns its length.
// Called with mu held.
func (w *Writer) writeRecord(rec gowarc.WarcRecord) (int64, error) {
	cw := &countWriter{w: w.f}
	if w.bw == nil {
		w.bw = bufio.NewWriterSize(cw, 64<<10)
	} else {
		w.bw.Reset(cw)
	}
	bw := w.bw
	// One compressor reused for every record: setting one up allocates
	// about a megabyte, which was a quarter of the cost of a record.
	if w.gz == nil {
		gz, err := gzip.NewWriterLevel(bw, gzLevel)
		if err != nil {
			return 0, err
		}
		w.gz = gz
	} else {
		w.gz.Reset(bw)
	}
	gz := w.gz
	if _, _, err := gowarc.NewMarshaler().Marshal(gz, rec, 0); err != nil {
		return cw.n, err
	}
	if err := gz.Close(); err != nil {
		return cw.n, err
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	w.size += cw.n
	return cw.n, nil
}

// sync makes the file of generation gen durable up to end. Writers that
// arrive while another fsync runs wait for it and usually find their bytes
// covered, so a burst of captures costs one fsync.
func (w *Writer) sync(gen int, end int64) error {
	if w.opts.NoSync {
		return nil
	}
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	w.mu.Lock()
	if gen != w.gen || w.syncedTo >= end {
		// Rotation synced older generations whole.
		w.mu.Unlock()
		return nil
	}
	f, target := w.f, w.size
	w.mu.Unlock()
	if err := f.Sync(); err != nil {
		return err
	}
	w.mu.Lock()
	if w.gen == gen && target > w.syncedTo {
		w.syncedTo = target
	}
	w.mu.Unlock()
	return nil
}

// Close syncs and closes the files. Writes after Close fail.
func (w *Writer) Close() error {
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	var errs []error
	if w.f != nil {
		if !w.opts.NoSync {
			errs = append(errs, w.f.Sync())
		}
		w.old = append(w.old, w.f)
		w.f = nil
	}
	for _, f := range w.old {
		errs = append(errs, f.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("warc: close: %w", err)
	}
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// hopHeaders are response headers that describe the transfer rather than
// the payload we archive: the body is stored whole and decoded, with its
// own Content-Length.
var hopHeaders = []string{"Content-Length", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive"}

func buildResponse(c *Capture) (gowarc.WarcRecord, error) {
	rb := newRecordBuilder(gowarc.Response)
	h := c.ResponseHeader.Clone()
	if h == nil {
		h = http.Header{}
	}
	for _, k := range hopHeaders {
		if v := h.Values(k); len(v) > 0 && k == "Content-Encoding" {
			// Say what the server sent, as pywb does, without claiming
			// the stored payload is still encoded.
			h["X-Archive-Orig-Content-Encoding"] = v
		}
		h.Del(k)
	}
	h.Set("Content-Length", fmt.Sprint(len(c.Body)))
	text := http.StatusText(c.Status)
	if text == "" {
		text = "Unknown"
	}
	var hb bytes.Buffer
	fmt.Fprintf(&hb, "HTTP/1.1 %d %s\r\n", c.Status, text)
	if err := h.Write(&hb); err != nil {
		return nil, err
	}
	hb.WriteString("\r\n")
	if _, err := rb.Write(hb.Bytes()); err != nil {
		return nil, err
	}
	if _, err := rb.Write(c.Body); err != nil {
		return nil, err
	}
	rb.AddWarcHeader(gowarc.WarcTargetURI, c.URL)
	rb.AddWarcHeaderTime(gowarc.WarcDate, c.Date)
	rb.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
	if c.Truncated {
		rb.AddWarcHeader(gowarc.WarcTruncated, "length")
	}
	rec, _, err := rb.Build()
	return rec, err
}

func buildRequest(c *Capture, concurrentTo string) (gowarc.WarcRecord, error) {
	u, err := url.Parse(c.URL)
	if err != nil {
		return nil, err
	}
	method := c.Method
	if method == "" {
		method = http.MethodGet
	}
	h := c.RequestHeader.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("Host") == "" {
		h.Set("Host", u.Host)
	}
	if h.Get("Accept-Encoding") == "" {
		h.Set("Accept-Encoding", "gzip") // added by Go's transport
	}
	var hb bytes.Buffer
	fmt.Fprintf(&hb, "%s %s HTTP/1.1\r\n", method, u.RequestURI())
	// Host first, as on the wire; the rest sorted.
	fmt.Fprintf(&hb, "Host: %s\r\n", h.Get("Host"))
	h.Del("Host")
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			fmt.Fprintf(&hb, "%s: %s\r\n", k, strings.NewReplacer("\r", " ", "\n", " ").Replace(v))
		}
	}
	hb.WriteString("\r\n")
	rb := newRecordBuilder(gowarc.Request)
	if _, err := rb.Write(hb.Bytes()); err != nil {
		return nil, err
	}
	rb.AddWarcHeader(gowarc.WarcTargetURI, c.URL)
	rb.AddWarcHeaderTime(gowarc.WarcDate, c.Date)
	rb.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=request")
	rb.AddWarcHeader(gowarc.WarcConcurrentTo, "<"+concurrentTo+">")
	rec, _, err := rb.Build()
	return rec, err
}
