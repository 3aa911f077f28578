package warc_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/newsarchive/newsarchive/store/warc"
)

func capture(u, body string) *warc.Capture {
	return &warc.Capture{
		URL:            u,
		Date:           time.Date(2026, 11, 25, 18, 51, 0, 0, time.UTC),
		RequestHeader:  http.Header{"User-Agent": {"newsarchive-test"}},
		Status:         200,
		ResponseHeader: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Content-Encoding": {"gzip"}},
		Body:           []byte(body),
	}
}

func newWriter(t *testing.T, opts warc.Options) (*warc.Writer, string) {
	t.Helper()
	base := t.TempDir()
	w, err := warc.NewWriter(filepath.Join(base, "news.warc"), base, opts)
	if err != nil {
		t.Fatal(err)
	}
	return w, base
}

func TestWriteReadRevisit(t *testing.T) {
	w, base := newWriter(t, warc.Options{})
	first, err := w.Write(capture("http://a.example/x", "<p>hello</p>"), nil)
	if err != nil {
		t.Fatal(err)
	}
	prev := &warc.Previous{RecordID: first.RecordID, URL: "http://a.example/x", Date: time.Now(), PayloadDigest: first.PayloadDigest}
	again, err := w.Write(capture("http://a.example/x", "<p>hello</p>"), prev)
	if err != nil {
		t.Fatal(err)
	}
	changed, err := w.Write(capture("http://a.example/x", "<p>hello again</p>"), prev)
	if err != nil {
		t.Fatal(err)
	}
	if first.Revisit || !again.Revisit || changed.Revisit {
		t.Errorf("revisit flags = %v %v %v, want false true false", first.Revisit, again.Revisit, changed.Revisit)
	}
	if again.PayloadDigest != first.PayloadDigest || changed.PayloadDigest == first.PayloadDigest {
		t.Errorf("digests %s %s %s", first.PayloadDigest, again.PayloadDigest, changed.PayloadDigest)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(base, filepath.FromSlash(first.File))
	rec, err := warc.ReadRecord(path, first.Offset, first.Length)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Type != "response" || string(rec.Payload) != "<p>hello</p>" || rec.Status != 200 || rec.URL != "http://a.example/x" {
		t.Errorf("read back %+v", rec)
	}
	if rec.Header.Get("Content-Encoding") != "" || rec.Header.Get("X-Archive-Orig-Content-Encoding") != "gzip" {
		t.Errorf("header %v", rec.Header)
	}
	rv, err := warc.ReadRecord(path, again.Offset, again.Length)
	if err != nil {
		t.Fatal(err)
	}
	if rv.Type != "revisit" || rv.RefersTo != first.RecordID || rv.Payload != nil {
		t.Errorf("revisit %+v", rv)
	}

	// The library's own reader reads the whole file, digests verified.
	r, err := gowarc.NewWarcFileReader(path, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var types []string
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.Validation) > 0 {
			t.Errorf("validation: %v", rec.Validation)
		}
		types = append(types, rec.WarcRecord.Type().String())
		rec.Close()
	}
	if got := fmt.Sprint(types); got != "[warcinfo response request revisit request response request]" {
		t.Errorf("records %s", got)
	}
}

func TestScanTornTail(t *testing.T) {
	w, base := newWriter(t, warc.Options{})
	var last warc.Written
	for i := range 3 {
		var err error
		last, err = w.Write(capture(fmt.Sprintf("http://a.example/%d", i), "body "+fmt.Sprint(i)), nil)
		if err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	path := filepath.Join(base, filepath.FromSlash(last.File))
	res, err := warc.Scan(path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Torn || len(res.Corrupt) > 0 || len(res.Records) != 7 || res.Good != res.Size {
		t.Fatalf("clean file: %+v", res)
	}
	// Cut the last record (the request after the last response) in half.
	cut := res.Records[6].Offset + res.Records[6].Length/2
	if err := os.Truncate(path, cut); err != nil {
		t.Fatal(err)
	}
	res, err = warc.Scan(path)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Torn || len(res.Corrupt) > 0 || len(res.Records) != 6 {
		t.Errorf("torn file: torn %v corrupt %v records %d", res.Torn, res.Corrupt, len(res.Records))
	}
	// The pointer to the last response still reads.
	if _, err := warc.ReadRecord(path, last.Offset, last.Length); err != nil {
		t.Errorf("last response: %v", err)
	}
}

func TestScanCorrupt(t *testing.T) {
	w, base := newWriter(t, warc.Options{Prefix: "x"})
	a, _ := w.Write(capture("http://a.example/1", "one"), nil)
	b, _ := w.Write(capture("http://a.example/2", "two"), nil)
	w.Close()
	path := filepath.Join(base, filepath.FromSlash(a.File))
	data, _ := os.ReadFile(path)
	// Flip a byte inside the first response's compressed data.
	data[a.Offset+a.Length/2] ^= 0xff
	os.WriteFile(path, data, 0o644)
	if _, err := warc.ReadRecord(path, a.Offset, a.Length); err == nil {
		t.Error("corrupt record read without error")
	}
	if _, err := warc.ReadRecord(path, b.Offset, b.Length); err != nil {
		t.Errorf("intact record: %v", err)
	}
	res, err := warc.Scan(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Corrupt) == 0 || res.Torn {
		t.Errorf("scan of corrupt file: %+v", res)
	}
}

func TestDigestMismatch(t *testing.T) {
	w, base := newWriter(t, warc.Options{NoSync: true})
	// An uncompressed copy with one payload byte changed.
	a, _ := w.Write(capture("http://a.example/1", "payload bytes"), nil)
	w.Close()
	path := filepath.Join(base, filepath.FromSlash(a.File))
	rec, err := readGz(path, a.Offset, a.Length)
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(rec, []byte("payload bytes"), []byte("payload bytez"), 1)
	p2 := filepath.Join(base, "plain.warc")
	os.WriteFile(p2, bad, 0o644)
	if _, err := warc.ReadRecord(p2, 0, 0); !errors.Is(err, warc.ErrDigest) {
		t.Errorf("err = %v, want ErrDigest", err)
	}
}

func TestConcurrentWritesRotate(t *testing.T) {
	w, base := newWriter(t, warc.Options{MaxFileSize: 4 << 10})
	var wg sync.WaitGroup
	out := make([]warc.Written, 40)
	for i := range out {
		wg.Go(func() {
			var err error
			out[i], err = w.Write(capture(fmt.Sprintf("http://a.example/%d", i), fmt.Sprintf("%0500d", i)), nil)
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	files := w.Files()
	w.Close()
	if len(files) < 2 {
		t.Errorf("files = %v, want rotation", files)
	}
	for i, o := range out {
		rec, err := warc.ReadRecord(filepath.Join(base, filepath.FromSlash(o.File)), o.Offset, o.Length)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("%0500d", i); string(rec.Payload) != want {
			t.Errorf("capture %d payload %q", i, rec.Payload[:10])
		}
	}
}

// Append writes the records as Write does; Sync makes them durable, and
// fails once the writer is closed.
func TestAppendSync(t *testing.T) {
	w, base := newWriter(t, warc.Options{})
	a, err := w.Append(capture("http://a.example/x", "<p>hello</p>"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Sync(); err != nil {
		t.Fatal(err)
	}
	rec, err := warc.ReadRecord(filepath.Join(base, filepath.FromSlash(a.File)), a.Offset, a.Length)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Type != "response" || string(rec.Payload) != "<p>hello</p>" {
		t.Errorf("read back %+v", rec)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Sync(); err == nil {
		t.Error("Sync after Close succeeded")
	}
}
