package extract

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestVersionMovesWithTheRules(t *testing.T) {
	if !strings.HasPrefix(Version, release+"+") || len(Version) != len(release)+1+10 {
		t.Fatalf("Version = %q, want %s+ and a 10-digit digest", Version, release)
	}
	files := func(rule, test string) fstest.MapFS {
		return fstest.MapFS{
			"body.go":      {Data: []byte(rule)},
			"body_test.go": {Data: []byte(test)},
			"dates.go":     {Data: []byte("package extract\n")},
		}
	}
	base := sourceDigest(files("package extract\nconst minWords = 3\n", "package extract\n"))
	if got := sourceDigest(files("package extract\nconst minWords = 4\n", "package extract\n")); got == base {
		t.Error("a changed rule kept the version")
	}
	if got := sourceDigest(files("package extract\r\nconst minWords = 3\r\n", "package extract\n")); got != base {
		t.Error("CRLF line ends changed the version")
	}
	if got := sourceDigest(files("package extract\nconst minWords = 3\n", "package extract\n// more cases\n")); got != base {
		t.Error("a changed test changed the version")
	}
	// A file's content moving to another file is a change too.
	moved := fstest.MapFS{"body.go": {Data: []byte("package extract\n")}, "dates.go": {Data: []byte("package extract\nconst minWords = 3\n")}}
	if sourceDigest(moved) == sourceDigest(fstest.MapFS{"body.go": {Data: []byte("package extract\nconst minWords = 3\n")}, "dates.go": {Data: []byte("package extract\n")}}) {
		t.Error("the digest does not tell files apart")
	}
}
