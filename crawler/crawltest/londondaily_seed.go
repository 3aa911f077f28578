package crawltest

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
)

// seedText is the text of one real London Daily article page as a reader
// saw it. It is parsed, never retyped, so the site's truth follows the file.
//
//go:embed seed/london-daily-article.txt
var seedText string

// seedPage is what the seed text says about its page.
type seedPage struct {
	siteName   string
	tagline    string
	dateBar    string // the day the page was viewed, not the article's date
	headline   string
	standfirst string
	paragraphs []string
	related    []string
}

// parseSeed reads the reader's-eye text of the seed page. Its layout:
// site name, tagline, date bar, the headline twice (hero title and h1), the
// standfirst, the body paragraphs, then the chrome that ends the page:
// "Newsletter", "Related Articles", the audio player ("0:00", "0:00",
// "Close"), the related titles, and the modal's "×".
func parseSeed(text string) (seedPage, error) {
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	var p seedPage
	if len(lines) < 7 {
		return p, errors.New("parse seed: too few lines")
	}
	p.siteName, p.tagline, p.dateBar = lines[0], lines[1], lines[2]
	p.headline = lines[3]
	if lines[4] != p.headline {
		return p, fmt.Errorf("parse seed: headline %q not repeated as h1", p.headline)
	}
	p.standfirst = lines[5]
	rest := lines[6:]
	nl := indexOf(rest, "Newsletter")
	if nl < 0 {
		return p, errors.New("parse seed: no Newsletter box after the body")
	}
	p.paragraphs = rest[:nl]
	chrome := []string{"Newsletter", "Related Articles", "0:00", "0:00", "Close"}
	if len(rest) < nl+len(chrome) {
		return p, errors.New("parse seed: page ends inside the chrome")
	}
	for i, want := range chrome {
		if got := rest[nl+i]; got != want {
			return p, fmt.Errorf("parse seed: chrome line %d is %q, want %q", i, got, want)
		}
	}
	titles := rest[nl+len(chrome):]
	if len(titles) == 0 || titles[len(titles)-1] != "×" {
		return p, errors.New("parse seed: no modal close button at the end")
	}
	p.related = titles[:len(titles)-1]
	if len(p.paragraphs) == 0 || len(p.related) == 0 {
		return p, errors.New("parse seed: empty body or related list")
	}
	return p, nil
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}
