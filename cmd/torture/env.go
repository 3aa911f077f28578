package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"
)

// params sizes the scenarios.
type params struct {
	killPages, kills     int
	diskPages            int
	diskFS               string // tmpfs size for disk-full
	diskRoom             string // size after the remount
	netPages             int
	bigPage, bomb        int64
	elements             int
	trapArticles         int
	trapBudget           int
	analystPages         int
	readerProcs, readers int
	signalPages          int
	soakPages            int
	soakFor              time.Duration
	timeScale            string // NEWSARCHIVE_TIME_SCALE for subprocesses
}

var scales = map[string]params{
	"small": {
		killPages: 500, kills: 8,
		diskPages: 500, diskFS: "6m", diskRoom: "64m",
		netPages: 150,
		bigPage:  20 << 20, bomb: 256 << 20, elements: 200_000,
		trapArticles: 40, trapBudget: 60,
		analystPages: 1000, readerProcs: 2, readers: 5,
		signalPages: 3000,
		soakPages:   30000, soakFor: 30 * time.Second,
		timeScale: "0.01",
	},
	"full": {
		killPages: 5000, kills: 30,
		diskPages: 3000, diskFS: "24m", diskRoom: "512m",
		netPages: 1500,
		bigPage:  200 << 20, bomb: 1 << 30, elements: 1_000_000,
		trapArticles: 200, trapBudget: 400,
		analystPages: 6000, readerProcs: 5, readers: 10,
		signalPages: 10000,
		soakPages:   100_000, soakFor: 20 * time.Minute,
		timeScale: "0.01",
	},
}

// env is what scenarios share: the binary under test, a scratch
// directory, the sizes and a seeded random source.
type env struct {
	scale   string
	p       params
	bin     string
	dir     string
	keep    bool
	verbose bool
	log     io.Writer
	seed    uint64

	mu  sync.Mutex
	rng *rand.Rand
}

type envOptions struct {
	scale   string
	params  params
	bin     string
	keep    string
	seed    uint64
	verbose bool
	log     io.Writer
}

func newEnv(ctx context.Context, o envOptions) (*env, error) {
	e := &env{scale: o.scale, p: o.params, verbose: o.verbose, log: o.log, seed: o.seed,
		rng: rand.New(rand.NewPCG(o.seed, 0x70727475))}
	if o.keep != "" {
		if err := os.MkdirAll(o.keep, 0o755); err != nil {
			return nil, err
		}
		e.dir, e.keep = o.keep, true
	} else {
		d, err := os.MkdirTemp("", "torture-")
		if err != nil {
			return nil, err
		}
		e.dir = d
	}
	e.bin = o.bin
	if e.bin == "" {
		e.bin = filepath.Join(e.dir, "newsarchive")
		start := time.Now()
		if err := buildBinary(ctx, e.bin); err != nil {
			e.close()
			return nil, err
		}
		e.logf("built newsarchive in %s", time.Since(start).Round(time.Millisecond))
	}
	return e, nil
}

// buildBinary builds the product into out.
func buildBinary(ctx context.Context, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "github.com/newsarchive/newsarchive/cmd/newsarchive")
	b, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go build newsarchive: %v\n%s", err, b)
	}
	return nil
}

func (e *env) close() {
	if !e.keep {
		os.RemoveAll(e.dir)
	}
}

func (e *env) logf(format string, args ...any) {
	if e.verbose {
		fmt.Fprintf(e.log, "torture: "+format+"\n", args...)
	}
}

// scratch returns a fresh directory for one scenario.
func (e *env) scratch(name string) string {
	d := filepath.Join(e.dir, name)
	os.RemoveAll(d)
	os.MkdirAll(d, 0o755)
	return d
}

func (e *env) intn(n int) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	if n <= 0 {
		return 0
	}
	return e.rng.IntN(n)
}
