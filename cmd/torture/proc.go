package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// proc is one newsarchive subprocess.
type proc struct {
	cmd    *exec.Cmd
	stdout bytes.Buffer
	stderr bytes.Buffer
	start  time.Time
	done   chan struct{}

	// Set when done is closed.
	code   int            // exit status; -1 when killed by a signal
	signal syscall.Signal // the signal that ended it, if any
	maxRSS int64          // KiB, from wait4's rusage
	cpu    time.Duration  // user + system
	wall   time.Duration
	err    error // from Wait, when not an exit status

	mu      sync.Mutex
	samples []sample
	hwm     int64 // highest VmHWM seen, KiB
}

// sample is one reading of a running process from /proc.
type sample struct {
	at      time.Duration
	rssKB   int64
	threads int
	fds     int
}

// startProc runs the newsarchive binary with args. env adds variables.
func (e *env) startProc(args []string, env ...string) (*proc, error) {
	return e.startProcAt(false, args, env...)
}

// startProcAt is startProc; low runs the process at the lowest CPU
// priority (see lowPriority).
func (e *env) startProcAt(low bool, args []string, env ...string) (*proc, error) {
	p := &proc{cmd: exec.Command(e.bin, args...), done: make(chan struct{})}
	if low {
		if err := lowPriority(p.cmd); err != nil {
			return nil, err
		}
	}
	p.cmd.Env = append(os.Environ(), "NEWSARCHIVE_TIME_SCALE="+e.p.timeScale)
	p.cmd.Env = append(p.cmd.Env, env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	p.start = time.Now()
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start newsarchive: %w", err)
	}
	// wait4's ru_maxrss is no use here: Go starts children with
	// CLONE_VM|CLONE_VFORK, and exec records the parent's high-water RSS
	// as the child's, so every child would report at least the harness's
	// own peak. VmHWM of the exec'd image, sampled until exit, is the
	// child's own peak (at most the last 20ms of growth unseen).
	go func() {
		tk := time.NewTicker(20 * time.Millisecond)
		defer tk.Stop()
		for {
			if kb := readHWM(p.cmd.Process.Pid); kb > 0 {
				p.mu.Lock()
				p.hwm = max(p.hwm, kb)
				p.mu.Unlock()
			}
			select {
			case <-p.done:
				return
			case <-tk.C:
			}
		}
	}()
	go func() {
		err := p.cmd.Wait()
		p.wall = time.Since(p.start)
		st := p.cmd.ProcessState
		p.code = st.ExitCode()
		if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			p.signal = ws.Signal()
		}
		p.mu.Lock()
		p.maxRSS = p.hwm
		p.mu.Unlock()
		p.cpu = st.UserTime() + st.SystemTime()
		if _, isExit := err.(*exec.ExitError); err != nil && !isExit {
			p.err = err
		}
		close(p.done)
	}()
	return p, nil
}

// run starts a process and waits for it at most limit.
func (e *env) run(ctx context.Context, limit time.Duration, args []string, env ...string) (*proc, error) {
	return e.runAt(ctx, false, limit, args, env...)
}

// runAt is run; low runs the process at the lowest CPU priority.
func (e *env) runAt(ctx context.Context, low bool, limit time.Duration, args []string, env ...string) (*proc, error) {
	p, err := e.startProcAt(low, args, env...)
	if err != nil {
		return nil, err
	}
	if !p.wait(ctx, limit) {
		return p, fmt.Errorf("newsarchive %s: still running after %s; killed", args[0], limit)
	}
	return p, nil
}

// lowPriority makes cmd start at the lowest CPU priority: the SCHED_IDLE
// policy through chrt(1), else niceness 19 through nice(1). Both exec the
// program in place, so the pid (and the /proc sampling) is the program's
// own, and every thread the Go runtime starts inherits the policy (set
// from inside a Go program it would reach one thread only). SCHED_IDLE
// rather than nice: a niced reader still delays the crawl's goroutines
// when they wake for a response, an idle-class one gives way at once.
func lowPriority(cmd *exec.Cmd) error {
	if chrt, err := exec.LookPath("chrt"); err == nil {
		cmd.Args = append([]string{chrt, "--idle", "0", cmd.Path}, cmd.Args[1:]...)
		cmd.Path = chrt
		return nil
	}
	nice, err := exec.LookPath("nice")
	if err != nil {
		return fmt.Errorf("run %s at low priority: neither chrt nor nice found", cmd.Path)
	}
	cmd.Args = append([]string{nice, "-n", "19", cmd.Path}, cmd.Args[1:]...)
	cmd.Path = nice
	return nil
}

// wait waits for the process to end, at most limit (or until ctx ends),
// killing it then. It reports whether the process ended by itself.
func (p *proc) wait(ctx context.Context, limit time.Duration) bool {
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-p.done:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	p.kill()
	<-p.done
	return false
}

// kill sends SIGKILL (no cleanup at all).
func (p *proc) kill() { p.cmd.Process.Signal(syscall.SIGKILL) }

func (p *proc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// sampleEvery reads /proc/PID every d until the process ends.
func (p *proc) sampleEvery(d time.Duration) {
	go func() {
		tk := time.NewTicker(d)
		defer tk.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-tk.C:
				if s, ok := readProc(p.cmd.Process.Pid); ok {
					s.at = time.Since(p.start)
					p.mu.Lock()
					p.samples = append(p.samples, s)
					p.mu.Unlock()
				}
			}
		}
	}()
}

func (p *proc) getSamples() []sample {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]sample(nil), p.samples...)
}

// readHWM reads VmHWM (peak RSS, KiB) from /proc/PID/status.
func readHWM(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	_, rest, ok := strings.Cut(string(b), "VmHWM:")
	if !ok {
		return 0
	}
	f := strings.Fields(rest)
	if len(f) == 0 {
		return 0
	}
	n, _ := strconv.ParseInt(f[0], 10, 64)
	return n
}

// readProc reads VmRSS and Threads from /proc/PID/status and counts the
// open file descriptors.
func readProc(pid int) (sample, bool) {
	var s sample
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return s, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		switch k {
		case "VmRSS":
			s.rssKB = n
		case "Threads":
			s.threads = int(n)
		}
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return s, false
	}
	s.fds = len(fds)
	return s, true
}

// summary is the one summary line the crawl printed.
func (p *proc) summary() string { return strings.TrimSpace(p.stdout.String()) }

// describe is a short account of how the process ended, for reports.
func (p *proc) describe() string {
	var b strings.Builder
	if p.signal != 0 {
		fmt.Fprintf(&b, "killed by %v", p.signal)
	} else {
		fmt.Fprintf(&b, "exit %d", p.code)
	}
	if s := p.summary(); s != "" {
		fmt.Fprintf(&b, ": %s", s)
	}
	if s := strings.TrimSpace(p.stderr.String()); s != "" {
		if len(s) > 400 {
			s = s[:400] + "…"
		}
		fmt.Fprintf(&b, " [stderr: %s]", s)
	}
	return b.String()
}
