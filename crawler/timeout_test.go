package crawler

import (
	"bytes"
	"fmt"
	"net/http"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// Config.Timeout bounds a request, body included, and costs no goroutine
// of its own: set on the http.Client, as before, it made net/http start a
// watchdog goroutine per request, since colly's RoundTripper (rawGzip) is
// not an *http.Transport.
func TestRequestTimeout(t *testing.T) {
	s := newTestSite(t)
	var watchdog atomic.Bool
	s.handle("/", func(w http.ResponseWriter, r *http.Request) {
		// This request is in flight: look for net/http's watchdog.
		buf := make([]byte, 4<<20)
		if bytes.Contains(buf[:runtime.Stack(buf, true)], []byte("net/http.setRequestCancel")) {
			watchdog.Store(true)
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><body><p><a href="/stall">stall</a></p></body></html>`)
	})
	s.handle("/stall", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><p>")
		w.(http.Flusher).Flush()
		// Far past the timeout; the client gives up first.
		select {
		case <-time.After(10 * time.Second):
		case <-r.Context().Done():
		}
	})
	cfg := testConfig(s.URL + "/")
	cfg.Timeout = 200 * time.Millisecond
	cfg.MaxAttempts = 1
	sink := &memSink{}
	mustRun(t, cfg, sink)
	got := sink.byURL()
	if r := got[s.URL+"/"]; r == nil || r.Err != nil {
		t.Fatalf("start page: %+v", r)
	}
	if r := got[s.URL+"/stall"]; r == nil || r.Err == nil || !transportError(r.Err) {
		t.Errorf("stalled body: got %+v, want a timeout", r)
	}
	if watchdog.Load() {
		t.Error("a watchdog goroutine (net/http.setRequestCancel) ran beside the request")
	}
}
