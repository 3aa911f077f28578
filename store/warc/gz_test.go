package warc_test

import (
	"compress/gzip"
	"io"
	"os"
)

func readGz(path string, off, n int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(io.NewSectionReader(f, off, n))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
