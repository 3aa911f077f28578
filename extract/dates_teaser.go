package extract

import (
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// teaserDate reports a date that belongs to a link to another story: in
// the link with its headline (<li><a><span class="date">01. Mai
// 2020</span> Lockerungen in der Corona-Krise: Was ist bald
// möglich?</a></li>), or beside a heading that is such a link
// (<li><h5><a>Other story</a></h5><div class="meta">date</div></li>).
// The date is that story's, not this page's. A blog's date linking to
// its archive holds no headline. Only dated texts get here, a few a page.
func (d *dateFinder) teaserDate(n *html.Node, text string) bool {
	if d.datedStoryLink(n) {
		return true
	}
	if len(text) > 48 {
		return false
	}
	for i, p := 0, n; i < 2 && p.Parent != nil && p != d.article; i, p = i+1, p.Parent {
		for s := p.Parent.FirstChild; s != nil; s = s.NextSibling {
			if s != p && s.Type == html.ElementNode && isHeading(s.DataAtom) && s != d.h1 && d.linkedHeading(s) {
				return true
			}
		}
	}
	return false
}

// linkedHeading reports a heading whose text is all one link to another
// page: a teaser's title.
func (d *dateFinder) linkedHeading(h *html.Node) bool {
	var link *html.Node
	n := 0
	each(h, func(c *html.Node) bool {
		if c.DataAtom == atom.A {
			link = c
			n++
			return false
		}
		return true
	})
	if n != 1 || attr(link, "href") == "" || d.selfLink(link) {
		return false
	}
	lt := textOf(link)
	return lt != "" && len(lt) >= len(textOf(h))*9/10
}

// datedStoryLink reports a link under n to another page whose text is a
// date and a headline.
func (d *dateFinder) datedStoryLink(n *html.Node) bool {
	found := false
	each(n, func(c *html.Node) bool {
		if found {
			return false
		}
		if c.DataAtom != atom.A {
			return true
		}
		if t := textOf(c); hasYear(t) && utf8.RuneCountInString(t) >= 50 && attr(c, "href") != "" && !d.selfLink(c) && parseLooseDate(t) != "" {
			found = true
		}
		return false
	})
	return found
}

// shortYearDay reads the one day.month.two-digit-year date in a short
// byline ("Von Ann Smith | 31.10.23", "23.09.22 – 4 min."), as German,
// Swiss and other European sites print it; the century is 2000. Text
// with a second such number, or with digits glued to it, is not read.
func shortYearDay(t string) string {
	found := ""
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' || i > 0 && (isDigitByte(t[i-1]) || t[i-1] == '.' || t[i-1] == ':' || t[i-1]|0x20 >= 'a' && t[i-1]|0x20 <= 'z') {
			continue
		}
		day, j := readNum(t, i, 2)
		if j >= len(t) || t[j] != '.' {
			continue
		}
		mon, k := readNum(t, j+1, 2)
		if k == j+1 || k >= len(t) || t[k] != '.' {
			continue
		}
		yr, l := readNum(t, k+1, 3)
		if l-(k+1) != 2 || l < len(t) && (t[l] == '.' && l+1 < len(t) && isDigitByte(t[l+1]) || t[l] == ':') {
			continue
		}
		if mon < 1 || mon > 12 || day < 1 || day > 31 {
			continue
		}
		tm := time.Date(2000+yr, time.Month(mon), day, 0, 0, 0, 0, time.UTC)
		if tm.Day() != day || found != "" {
			return ""
		}
		found = tm.Format("2006-01-02")
		i = l
	}
	return found
}

// readNum reads up to max digits from t at i.
func readNum(t string, i, max int) (int, int) {
	n, j := 0, i
	for j < len(t) && j-i < max && isDigitByte(t[j]) {
		n = n*10 + int(t[j]-'0')
		j++
	}
	return n, j
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// leadingInlineText is the text of n's children before its first block
// child: the line an element opens with when it mixes text and blocks.
func leadingInlineText(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (isBlockTag(c.DataAtom) || containsBlock(c)) {
			break
		}
		appendText(&b, c)
		if b.Len() > 400 {
			break
		}
	}
	return collapse(b.String())
}
