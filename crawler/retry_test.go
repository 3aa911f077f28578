package crawler

import (
	"errors"
	"fmt"
	"io"
	"syscall"
	"testing"

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
