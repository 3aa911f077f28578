//go:build !unix

package main

import "os"

// flock is a no-op where flock(2) does not exist: the lock file is still
// created, but two crawls are not kept apart.
func flock(*os.File) error { return nil }

func funlock(*os.File) {}
