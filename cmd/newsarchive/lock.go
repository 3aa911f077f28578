package main

import (
	"errors"
	"fmt"
	"os"
)

// errLocked is returned when another crawl holds the archive's lock.
var errLocked = errors.New("another crawl is running on this archive")

// lockArchive takes the crawl lock of the archive at dbPath: an exclusive
// flock(2) on the sidecar file dbPath+".lock", held until release. The
// kernel drops it when the process dies, kill -9 included, so a crashed
// crawl never leaves a stale lock behind. It is taken before the archive
// is opened, so a second crawl writes nothing at all.
func lockArchive(dbPath string) (release func(), err error) {
	name := dbPath + ".lock"
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	if err := flock(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("%w (%s is locked by pid %s); exiting without writing", errLocked, name, readPID(name))
		}
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	// The pid is for people; the lock is the flock.
	f.Truncate(0)
	fmt.Fprintf(f, "%d\n", os.Getpid())
	return func() {
		funlock(f)
		f.Close()
	}, nil
}

func readPID(name string) string {
	b, err := os.ReadFile(name)
	if err != nil || len(b) == 0 {
		return "?"
	}
	s := string(b)
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}
