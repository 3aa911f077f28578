// Package childproc runs one benchmark step in a child process of the same
// binary, so that the CPU time and peak RSS measured are that step's own.
// crawlbench and the peer module's crawlpeer both use it.
package childproc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
)

// ErrChild marks a child that failed or printed no usable report.
var ErrChild = errors.New("child crawl failed")

// Report is what a child prints as JSON; Failure is its own error, "" when
// it succeeded.
type Report interface{ Failure() string }

// Run re-runs self with env set to job as JSON, reads the JSON report the
// child prints on stdout, and returns it with the child's resource usage.
func Run[R Report](ctx context.Context, self, env string, job any, stderr io.Writer) (R, *syscall.Rusage, error) {
	var rep R
	spec, err := json.Marshal(job)
	if err != nil {
		return rep, &syscall.Rusage{}, err
	}
	cmd := exec.CommandContext(ctx, self)
	if IsTestBinary(self) {
		// A go test binary runs its tests unless told to run none (its
		// TestMain then turns it into the child).
		cmd.Args = append(cmd.Args, "-test.run=^$")
	}
	cmd.Env = append(os.Environ(), env+"="+string(spec))
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = stderr
	runErr := cmd.Run()
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if ru == nil {
		ru = &syscall.Rusage{}
	}
	if err := json.Unmarshal(bytes.TrimSpace(out.Bytes()), &rep); err != nil {
		if runErr != nil {
			return rep, ru, fmt.Errorf("%w: %v", ErrChild, runErr)
		}
		return rep, ru, fmt.Errorf("%w: bad report %q: %v", ErrChild, out.String(), err)
	}
	if f := rep.Failure(); f != "" {
		return rep, ru, fmt.Errorf("%w: %s", ErrChild, f)
	}
	if runErr != nil {
		return rep, ru, fmt.Errorf("%w: %v", ErrChild, runErr)
	}
	return rep, ru, nil
}

// IsTestBinary reports whether self is a go test binary.
func IsTestBinary(self string) bool { return strings.HasSuffix(self, ".test") }

// MaxRSSBytes is ru_maxrss in bytes: Linux reports kilobytes, macOS bytes.
func MaxRSSBytes(ru *syscall.Rusage) float64 {
	if runtime.GOOS == "darwin" {
		return float64(ru.Maxrss)
	}
	return float64(ru.Maxrss) * 1024
}

// HeapMB is the live heap now, in MB.
func HeapMB() float64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / 1e6
}

// Round rounds v to places decimals, for stable printed figures.
func Round(v float64, places int) float64 {
	p := 1.0
	for range places {
		p *= 10
	}
	return float64(int64(v*p+0.5)) / p
}
