//go:build !unix

package store_test

func cpuTime() int64 { return -1 }
