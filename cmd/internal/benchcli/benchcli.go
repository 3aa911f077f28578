// Package benchcli is the command-line plumbing crawlbench and the peer
// module's crawlpeer share: usage errors, exit codes and the list of
// site sizes, so the two read their flags the same way.
package benchcli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// UsageError marks a bad command line (exit status 2).
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

// ExitCode reports err on stderr as name's and returns the exit status:
// 0 for none or -h, 2 for a usage error, else 1.
func ExitCode(name string, err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	var ue UsageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// Sizes reads a comma-separated list of positive site sizes (-pages).
func Sizes(list string) ([]int, error) {
	var sizes []int
	for _, p := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 {
			return nil, UsageError{fmt.Errorf("-pages: %q is not a positive number", p)}
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}
