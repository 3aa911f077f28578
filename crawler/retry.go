package crawler

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A failed fetch is retried in the same run when the failure is likely to
// pass: a network error (timeout, reset, refused), 408, 429 or a 5xx.
// 429 and 503 say when with Retry-After (seconds or an HTTP date), which
// is honoured; the rest wait an exponential backoff with jitter. After
// Config.MaxAttempts the URL is recorded as failed and the next run tries
// it again. Other failures (4xx, refused addresses, robots.txt) are final.

// transient reports whether a fetch that ended with status and err is
// worth another attempt.
func transient(status int, err error) bool {
	switch {
	case errors.Is(err, ErrForbiddenAddress), errors.Is(err, ErrRobotsUnavailable):
		return false
	case status == http.StatusRequestTimeout, status == http.StatusTooManyRequests:
		return true
	case status >= 500:
		return status != http.StatusNotImplemented && status != http.StatusHTTPVersionNotSupported
	case status != 0 && status < 400 && transportError(err):
		// The headers said 200 but the body broke (reset, cut short,
		// stalled past the timeout): the page was never received, so it
		// is worth another try like a failed connection.
		return true
	case status != 0:
		return false
	}
	return err != nil && !errors.Is(err, errRedirectCap)
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
// A date is measured against the response's own Date header when it has
// one, so a server whose clock differs from ours still gets its pause.
// ok is false when the header is absent or unreadable.
func retryAfter(h http.Header, now time.Time) (d time.Duration, ok bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(min(n, 1<<30)) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	ref := now
	if dh, err := http.ParseTime(h.Get("Date")); err == nil {
		ref = dh
	}
	// HTTP dates have a one-second resolution, and both the date asked for
	// and the server's Date were cut down to it: wait that second more
	// rather than arrive before the server meant.
	return max(at.Sub(ref), 0) + time.Second, true
}

// backoff is the wait before attempt n+1 after n failed attempts:
// base·2^(n-1), with ±50% jitter so that many crawlers (or many URLs of
// one host) do not come back in lockstep, capped at maxBackoff.
func backoff(base time.Duration, n int, rnd func() float64) time.Duration {
	if n < 1 {
		n = 1
	}
	d := base << min(n-1, 20)
	if d <= 0 || d > maxBackoff {
		d = maxBackoff
	}
	if rnd == nil {
		rnd = rand.Float64
	}
	return time.Duration(float64(d) * (0.5 + rnd()))
}

const maxBackoff = 5 * time.Minute

// transportError reports failures of the connection itself, as opposed to
// what the page said (extraction errors, refusals) which a retry cannot fix.
func transportError(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne):
		return true
	}
	// net/http and colly do not always wrap their body-read errors.
	msg := err.Error()
	for _, s := range []string{"unexpected EOF", "connection reset", "Client.Timeout", "timeout awaiting", "broken pipe"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
