package extract

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"slices"
	"strings"
)

// Version identifies the extractor's rules. It is stored beside every
// extracted row so an archive can tell which rules produced it: the
// release, then a digest of this package's source. Rules change in many
// small commits, and a number someone must remember to raise stayed at
// its first value through all of them; the digest moves with every
// change (a comment too, which costs an analyst nothing: re-extraction
// records a new version of an article only when its text or dates
// change).
var Version = release + "+" + sourceDigest(source)

const release = "0.2"

//go:embed *.go
var source embed.FS

// sourceDigest hashes the package's Go files but its tests, in name order, with line
// ends made alike so a checkout with CRLF gives the same version.
func sourceDigest(fsys fs.FS) string {
	names, err := fs.Glob(fsys, "*.go")
	if err != nil {
		panic(err) // a malformed pattern: a programming error
	}
	slices.Sort(names)
	h := sha256.New()
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue // tests are not rules
		}
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			panic(err) // embedded at build time: cannot fail
		}
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:10]
}
