package crawltest

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"
)

// HostileNet wraps a site (usually a [GenSite]) in a misbehaving network
// and server, for torture tests: a share of responses are throttled (429
// or 503 with Retry-After), reset mid-body (TCP RST), stalled past the
// client's timeout, or truncated (a Content-Length larger than the body
// sent before the connection closes).
//
// Which fault a request meets is a function of Seed, its path and how many
// times that path was requested before, so two runs of the same crawl meet
// the same faults. After MaxFaults requests of a path its next ones are
// served clean, so a crawler that retries gets every page in the end.
//
// Retry-After is host-wide, as servers mean it: HostileNet records every
// request that arrives before the pause it asked for has passed (see
// [HostileNet.Violations]), whatever its path.
//
// Set the fields, then use it as an http.Handler or call Start.
type HostileNet struct {
	Next http.Handler

	// Percentages of requests meeting each fault; their sum must be at
	// most 100.
	ThrottlePercent int
	ResetPercent    int
	StallPercent    int
	TruncatePercent int

	// RetryAfter is the pause asked for by a throttled response, in
	// seconds (sent as delay-seconds or as an HTTP date, alternately).
	// 0 means 1.
	RetryAfter int
	// TimeScale is the crawler's: a Retry-After of N seconds allows the
	// next request after N×TimeScale. 0 means 1.
	TimeScale float64
	// StallFor is how long a stalled response hangs before giving up;
	// it ends earlier when the client goes away. 0 means 5s.
	StallFor time.Duration
	// MaxFaults is how many requests of one path may meet a fault; later
	// ones are served clean. 0 means 6.
	MaxFaults int
	// Seed varies the fault pattern.
	Seed uint64
	// Exempt lists paths never faulted. nil means robots.txt only (a
	// robots.txt answering 5xx disallows the whole host, by RFC 9309).
	Exempt map[string]bool

	mu           sync.Mutex
	requests     map[string]int
	blockedUntil time.Time
	violations   []string
	faults       FaultCounts
	srv          *httptest.Server
}

// FaultCounts counts the faults a HostileNet injected.
type FaultCounts struct {
	Requests  int // every request, faulted or not
	Throttled int // 429/503 with Retry-After
	Reset     int // connection reset mid-body
	Stalled   int // no answer (or half an answer) until the client gave up
	Truncated int // Content-Length larger than the body sent
}

// Total is the number of faulted requests.
func (c FaultCounts) Total() int { return c.Throttled + c.Reset + c.Stalled + c.Truncated }

func (c FaultCounts) String() string {
	return fmt.Sprintf("%d throttled, %d reset, %d stalled, %d truncated of %d requests",
		c.Throttled, c.Reset, c.Stalled, c.Truncated, c.Requests)
}

// Start serves h on a new 127.0.0.1 port and returns its base URL.
func (h *HostileNet) Start() string {
	h.srv = httptest.NewServer(h)
	return h.srv.URL
}

// Close stops the server started by Start.
func (h *HostileNet) Close() {
	if h.srv != nil {
		h.srv.Close()
	}
}

// Faults returns the faults injected so far.
func (h *HostileNet) Faults() FaultCounts {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.faults
}

// Violations lists the requests that arrived before a Retry-After allowed.
func (h *HostileNet) Violations() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.violations...)
}

// fault kinds
const (
	faultNone = iota
	faultThrottle
	faultReset
	faultStall
	faultTruncate
)

func (h *HostileNet) pick(key string, n int) int {
	max := h.MaxFaults
	if max <= 0 {
		max = 6
	}
	if n > max {
		return faultNone
	}
	f := fnv.New64a()
	fmt.Fprintf(f, "%d\x00%s\x00%d", h.Seed, key, n)
	p := int(f.Sum64() % 100)
	for _, b := range []struct{ pct, kind int }{
		{h.ThrottlePercent, faultThrottle}, {h.ResetPercent, faultReset},
		{h.StallPercent, faultStall}, {h.TruncatePercent, faultTruncate},
	} {
		if p < b.pct {
			return b.kind
		}
		p -= b.pct
	}
	return faultNone
}

func (h *HostileNet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.RequestURI()
	now := time.Now()
	exempt := h.Exempt
	if exempt == nil {
		exempt = map[string]bool{"/robots.txt": true}
	}
	h.mu.Lock()
	if h.requests == nil {
		h.requests = map[string]int{}
	}
	h.requests[key]++
	n := h.requests[key]
	h.faults.Requests++
	if now.Before(h.blockedUntil) {
		h.violations = append(h.violations, fmt.Sprintf("%s at %s, %s before Retry-After allowed",
			key, now.Format("15:04:05.000"), h.blockedUntil.Sub(now).Round(time.Microsecond)))
	}
	kind := faultNone
	if !exempt[r.URL.Path] {
		kind = h.pick(key, n)
	}
	ra := h.RetryAfter
	if ra <= 0 {
		ra = 1
	}
	scale := h.TimeScale
	if scale <= 0 {
		scale = 1
	}
	switch kind {
	case faultThrottle:
		h.faults.Throttled++
		if until := now.Add(time.Duration(float64(ra) * float64(time.Second) * scale)); until.After(h.blockedUntil) {
			h.blockedUntil = until
		}
	case faultReset:
		h.faults.Reset++
	case faultStall:
		h.faults.Stalled++
	case faultTruncate:
		h.faults.Truncated++
	}
	h.mu.Unlock()

	switch kind {
	case faultNone:
		h.Next.ServeHTTP(w, r)
	case faultThrottle:
		status := http.StatusTooManyRequests
		if n%2 == 0 {
			status = http.StatusServiceUnavailable
		}
		if pctOf(key, n) < 50 {
			// An HTTP date, measured from the response's own Date header.
			date := now.UTC().Truncate(time.Second)
			w.Header().Set("Date", date.Format(http.TimeFormat))
			w.Header().Set("Retry-After", date.Add(time.Duration(ra)*time.Second).Format(http.TimeFormat))
		} else {
			w.Header().Set("Retry-After", strconv.Itoa(ra))
		}
		http.Error(w, "slow down", status)
	case faultStall:
		stall := h.StallFor
		if stall <= 0 {
			stall = 5 * time.Second
		}
		if pctOf(key, n) < 50 {
			// Half a page, then nothing.
			body, hdr := h.render(r)
			copyHeader(w.Header(), hdr)
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(http.StatusOK)
			w.Write(body[:len(body)/2])
			if f, ok := w.(http.Flusher); ok {
				f.Flush()
			}
		}
		t := time.NewTimer(stall)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
		}
	case faultReset, faultTruncate:
		body, hdr := h.render(r)
		copyHeader(w.Header(), hdr)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		w.Write(body[:len(body)/2])
		hj, ok := w.(http.Hijacker)
		if !ok {
			return // the server closes a short response itself
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			return
		}
		buf.Flush()
		if tc, ok := conn.(*net.TCPConn); ok && kind == faultReset {
			tc.SetLinger(0) // close sends RST instead of FIN
		}
		conn.Close()
	}
}

// render runs the wrapped handler into a buffer.
func (h *HostileNet) render(r *http.Request) ([]byte, http.Header) {
	rec := httptest.NewRecorder()
	h.Next.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	if len(body) < 2 {
		body = bytes.Repeat([]byte(" "), 64)
	}
	return body, rec.Header()
}

func copyHeader(dst, src http.Header) {
	for k, vs := range src {
		if k == "Content-Length" {
			continue
		}
		dst[k] = append([]string(nil), vs...)
	}
}

func pctOf(key string, n int) int {
	f := fnv.New32a()
	fmt.Fprintf(f, "%s#%d", key, n)
	return int(f.Sum32() % 100)
}
