package speed

import (
	"bytes"
	"errors"
	"time"

	"golang.org/x/net/html"

	"github.com/newsarchive/newsarchive/extract"
)

// Names of the two methods every speed table shows.
const (
	HTMLParseName = "html.Parse"
	OursName      = "newsarchive"
)

// HTMLParse is the floor: x/net/html building the tree from the raw bytes,
// nothing else. Every contender parses with x/net/html at least once.
func HTMLParse() Method {
	return Method{Name: HTMLParseName, Run: func(p *Page) error {
		_, err := html.Parse(bytes.NewReader(p.Body))
		return err
	}}
}

// fetchTime is passed to extract.Parse so that no run reads the clock.
var fetchTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Ours is newsarchive's full extraction as the crawler runs it: charset
// decoding, one parse, every field of extract.Article.
func Ours() Method {
	return Method{Name: OursName, Run: func(p *Page) error {
		a, err := extract.Parse(p.Body, extract.Options{URL: p.URL, FetchedAt: fetchTime})
		if err == nil && a == nil {
			err = errors.New("nil article")
		}
		return err
	}}
}
