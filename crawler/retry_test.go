package crawler

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/extract"
)

// TestTransientBodyErrors: a body that breaks after a 200 was never
// received and is retried; what the page itself said is final.
func TestTransientBodyErrors(t *testing.T) {
	cases := []struct {
		status int
		err    error
		want   bool
	}{
		{200, io.ErrUnexpectedEOF, true},
		{200, fmt.Errorf("read body: %w", syscall.ECONNRESET), true},
		{200, errors.New(`net/http: request canceled (Client.Timeout exceeded while reading body)`), true},
		{200, fmt.Errorf("extract: %w", extract.ErrNoDOM), false},
		{200, fmt.Errorf("extract: %w", extract.ErrTooLarge), false},
		{404, io.ErrUnexpectedEOF, false},
		{0, ErrForbiddenAddress, false},
		{503, nil, true},
	}
	for _, c := range cases {
		if got := transient(c.status, c.err); got != c.want {
			t.Errorf("transient(%d, %v) = %v, want %v", c.status, c.err, got, c.want)
		}
	}
}

// A URL whose last attempt is answered 429 still pauses its host for the
// Retry-After: the host's next URL must wait (torture's hostile-network
// scenario found it going at once).
func TestRetryAfterOnLastAttemptPausesHost(t *testing.T) {
	const window = 2 * time.Second // Retry-After: 2, at scale 1/100: 20 ms
	var (
		mu      sync.Mutex
		blocked time.Time
		early   []string
		hits    int
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		mu.Lock()
		if now.Before(blocked) {
			early = append(early, fmt.Sprintf("%s %v early", r.URL.Path, blocked.Sub(now)))
		}
		if r.URL.Path == "/busy" {
			hits++
			blocked = now.Add(time.Duration(float64(window) * scale))
		}
		mu.Unlock()
		switch {
		case r.URL.Path == "/":
			fmt.Fprint(w, `<html><body><a href="/busy">Busy page here</a>`)
			for i := range 5 {
				fmt.Fprintf(w, `<a href="/story/%d">Story number %d</a>`, i, i)
			}
			fmt.Fprint(w, `</body></html>`)
		case r.URL.Path == "/busy":
			w.Header().Set("Retry-After", "2")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		default:
			fmt.Fprintf(w, `<html><head><title>%s</title></head><body><article><h1>%s</h1><p>Text.</p></article></body></html>`, r.URL.Path, r.URL.Path)
		}
	}))
	defer srv.Close()
	cfg := Config{
		Seeds: []string{srv.URL + "/"}, AllowPrivate: true, NoDelay: true, IgnoreRobots: true,
		TimeScale: scale, MaxAttempts: 1, Parallel: 4, MaxDepth: 1,
	}
	mustRun(t, cfg, &memSink{})
	mu.Lock()
	defer mu.Unlock()
	if hits != 1 {
		t.Fatalf("/busy fetched %d times, want 1 (MaxAttempts 1)", hits)
	}
	if len(early) > 0 {
		t.Errorf("requests inside the Retry-After window: %v", early)
	}
}
