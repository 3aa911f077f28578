package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"
)

// Record is one WARC record as read back.
type Record struct {
	Type          string // response, revisit, request, warcinfo, ...
	RecordID      string
	URL           string // WARC-Target-URI
	Date          time.Time
	PayloadDigest string
	Truncated     string // WARC-Truncated, "" when whole
	// For revisit records: the record that holds the payload.
	RefersTo, RefersToURL, Profile string
	// For HTTP responses and revisits: the status line's code and the
	// headers; Payload is the body (nil for a revisit).
	Status  int
	Header  http.Header
	Payload []byte
}

// ErrDigest is wrapped by errors for a record whose content does not match
// its WARC-Block-Digest or WARC-Payload-Digest.
var ErrDigest = errors.New("digest mismatch")

// readOptions check digests and syntax, failing on any violation: a
// record we wrote must read back clean.
func readOptions() []gowarc.WarcRecordOption {
	return []gowarc.WarcRecordOption{
		gowarc.WithSpecViolationPolicy(gowarc.ErrWarn),
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrWarn),
	}
}

// ReadRecord reads the record at offset in the file at path, verifying
// its digests. length, when positive, is the record's size in the file
// (one gzip member): the read does not go past it, so a pointer into a
// file being written never reads a later, unfinished record.
func ReadRecord(path string, offset, length int64) (*Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("warc: %w", err)
	}
	defer f.Close()
	var r io.Reader = io.NewSectionReader(f, offset, 1<<62)
	if length > 0 {
		r = io.NewSectionReader(f, offset, length)
	}
	rec, _, err := readOne(bufio.NewReader(r))
	if err != nil {
		return nil, fmt.Errorf("warc: %s at %d: %w", path, offset, err)
	}
	return rec, nil
}

// readOne parses one record, returning it and the validation findings
// that are not fatal; a digest mismatch is an error wrapping ErrDigest.
func readOne(br *bufio.Reader) (*Record, []error, error) {
	u := newUnmarshaler()
	wr, skipped, validation, err := u.Unmarshal(br)
	if err != nil {
		return nil, nil, err
	}
	defer wr.Close()
	if skipped != 0 {
		return nil, nil, fmt.Errorf("no record at the offset (found one %d bytes later)", skipped)
	}
	var other []error
	for _, v := range validation {
		if isDigestError(v) {
			return nil, nil, fmt.Errorf("%w: %v", ErrDigest, v)
		}
		other = append(other, v)
	}
	h := wr.WarcHeader()
	rec := &Record{
		Type:          wr.Type().String(),
		RecordID:      wr.RecordId(),
		URL:           h.Get(gowarc.WarcTargetURI),
		PayloadDigest: h.Get(gowarc.WarcPayloadDigest),
		Truncated:     h.Get(gowarc.WarcTruncated),
		RefersTo:      h.GetId(gowarc.WarcRefersTo),
		RefersToURL:   h.Get(gowarc.WarcRefersToTargetURI),
		Profile:       h.Get(gowarc.WarcProfile),
	}
	rec.Date, _ = wr.Date()
	switch b := wr.Block().(type) {
	case gowarc.HttpResponseBlock:
		rec.Status = b.HttpStatusCode()
		if hh := b.HttpHeader(); hh != nil {
			rec.Header = *hh
		}
		pr, err := b.PayloadBytes()
		if err != nil {
			return nil, nil, fmt.Errorf("payload: %w", err)
		}
		if rec.Payload, err = io.ReadAll(pr); err != nil {
			return nil, nil, fmt.Errorf("payload: %w", err)
		}
	case gowarc.ProtocolHeaderBlock: // revisit: the response's headers only
		rec.Status, rec.Header = parseStatusHeader(b.ProtocolHeaderBytes())
	}
	return rec, other, nil
}

func isDigestError(err error) bool {
	var de *gowarc.DigestError
	var le *gowarc.ContentLengthError
	return errors.As(err, &de) || errors.As(err, &le) || strings.Contains(err.Error(), "wrong digest")
}

// parseStatusHeader reads "HTTP/1.1 200 OK\r\nName: value..." loosely.
func parseStatusHeader(b []byte) (int, http.Header) {
	lines := strings.Split(string(bytes.TrimSpace(b)), "\n")
	if len(lines) == 0 {
		return 0, nil
	}
	var status int
	if f := strings.Fields(lines[0]); len(f) >= 2 {
		fmt.Sscan(f[1], &status)
	}
	h := http.Header{}
	for _, l := range lines[1:] {
		if k, v, ok := strings.Cut(strings.TrimSpace(l), ":"); ok {
			h.Add(strings.TrimSpace(k), strings.TrimSpace(v))
		}
	}
	return status, h
}

// Entry is one record found by [Scan].
type Entry struct {
	Offset, Length int64
	Type, RecordID string
	URL            string
}

// ScanResult is what [Scan] found in one file.
type ScanResult struct {
	Records []Entry
	// Size is the file's size; Good is where its last readable record
	// ends. Torn is set when the bytes after Good are an incomplete record
	// at the end of the file (a write cut short by a crash); Corrupt when
	// a record could not be read (bad gzip, bad digest, syntax) and
	// something followed it.
	Size, Good int64
	Torn       bool
	Corrupt    []string
}

// Scan reads every record of the WARC file at path, verifying digests.
func Scan(path string) (*ScanResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("warc: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("warc: %w", err)
	}
	res := &ScanResult{Size: info.Size()}
	cr := &countReader{r: f}
	br := bufio.NewReaderSize(cr, 1<<20)
	pos := func() int64 { return cr.n - int64(br.Buffered()) }
	for {
		start := pos()
		if start >= res.Size {
			break
		}
		rec, _, err := readOne(br)
		end := pos()
		if err != nil {
			if errors.Is(err, io.EOF) && start == res.Size {
				break
			}
			// A bad record followed by a good one is corrupt; one that
			// nothing readable follows is a torn tail (a cut write).
			next := nextGoodRecord(f, start+1, res.Size)
			if next < 0 && !errors.Is(err, ErrDigest) {
				res.Torn = true
				break
			}
			res.Corrupt = append(res.Corrupt, fmt.Sprintf("offset %d: %v", start, err))
			if next < 0 {
				break
			}
			if _, err := f.Seek(next, io.SeekStart); err != nil {
				return nil, fmt.Errorf("warc: %w", err)
			}
			cr.n = next
			br.Reset(cr)
			continue
		}
		res.Records = append(res.Records, Entry{Offset: start, Length: end - start, Type: rec.Type, RecordID: rec.RecordID, URL: rec.URL})
		res.Good = end
	}
	return res, nil
}

// nextGoodRecord returns the offset of the first readable record after
// from, or -1.
func nextGoodRecord(f *os.File, from, size int64) int64 {
	for off := findGzipMember(f, from, size); off >= 0; off = findGzipMember(f, off+1, size) {
		if _, _, err := readOne(bufio.NewReader(io.NewSectionReader(f, off, size-off))); err == nil {
			return off
		}
	}
	return -1
}

// findGzipMember returns the offset of the next gzip header (1f 8b 08)
// at or after from, or -1.
func findGzipMember(f *os.File, from, size int64) int64 {
	buf := make([]byte, 64<<10)
	for off := from; off < size; {
		n, err := f.ReadAt(buf, off)
		if n <= 0 {
			return -1
		}
		if i := bytes.Index(buf[:n], []byte{0x1f, 0x8b, 0x08}); i >= 0 {
			return off + int64(i)
		}
		if err != nil {
			return -1
		}
		off += int64(n) - 2
	}
	return -1
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
