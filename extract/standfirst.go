package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// visibleStandfirst finds the dek: the first text leaf after the headline
// that reads like a summary sentence and lies outside the body container.
func visibleStandfirst(root, h1 *html.Node, body *containerSet) *html.Node {
	if h1 == nil {
		return nil
	}
	var found *html.Node
	seen, leaves, done := false, 0, false
	each(root, func(n *html.Node) bool {
		if found != nil || done {
			return false
		}
		if n == h1 {
			seen = true
			return false
		}
		if !seen {
			return true
		}
		if body != nil && (n == body.top || body.siblings[n]) {
			// The dek may open the body container in its own element, but
			// only if it is marked apart from the paragraphs after it.
			done = true
			return false
		}
		switch n.DataAtom {
		case atom.Ul, atom.Ol, atom.Table:
			if body != nil && body.core(n) {
				if _, short := shortText(n, 300); !short {
					// The text opens with a list or a table (a corrections
					// column, a list of key facts): what follows it is the
					// text too, not a dek.
					done = true
				}
			}
			return false
		case atom.Nav, atom.Aside, atom.Footer, atom.Form, atom.Figure, atom.Figcaption, atom.Button, atom.Time, atom.A:
			return false
		}
		if isChrome(n) && n.DataAtom != atom.Header {
			return false
		}
		if containsBlock(n) {
			return true
		}
		leaves++
		if leaves > 8 {
			done = true
			return false
		}
		t := textOf(n)
		c := utf8.RuneCountInString(t)
		if c < 30 || c > 600 || linkDensity(n, t) > 0.3 || looksLikeByline(t) {
			return false
		}
		if boilerplateText.MatchString(t) || isWidgetText(t) || c < 80 && parseLooseDate(t) != "" {
			return false
		}
		if countWords(t) < 5 {
			return false
		}
		// A paragraph shaped like the body's is its lead, not a dek.
		if body != nil && (body.lead[n] || body.core(n) && leadsSiblings(n)) {
			done = true
			return false
		}
		found = n
		return false
	})
	return found
}

// metaDescription is the page's own summary from its metadata.
func metaDescription(m *pageMeta) (string, string) {
	if v := m.first("og:description"); v != "" {
		return v, "opengraph"
	}
	if v := m.first("description"); v != "" {
		return v, "meta"
	}
	if v := m.first("twitter:description"); v != "" {
		return v, "meta"
	}
	if m.ld != nil && m.ld.Description != "" {
		return m.ld.Description, "json-ld"
	}
	return "", ""
}

// cleanDek drops what follows an HTML tag in a meta description: an
// excerpt with its "Read More" link pasted in as markup.
func cleanDek(dek string) string {
	if i := strings.Index(dek, "<"); i >= 0 && i+1 < len(dek) && (dek[i+1] == '/' || unicode.IsLetter(rune(dek[i+1]))) {
		return strings.TrimSpace(dek[:i])
	}
	return dek
}

// dekWords are class and id words publishers give the dek itself, in the
// trade's own vocabulary (English, and the French "chapo").
var dekWords = map[string]bool{
	"dek": true, "deck": true, "standfirst": true, "subheadline": true, "subheading": true, "subhead": true,
	"subtitle": true, "lead": true, "lede": true, "excerpt": true, "strapline": true, "chapo": true,
}

// dekNamed reports an element whose class or id names it the dek
// ("article-dek", "post__excerpt", "c-header__subtitle", "sub-title").
func dekNamed(n *html.Node) bool {
	found := false
	var prev [48]byte
	pk := 0
	var pair [96]byte
	eachNameToken(n, func(tok []byte) {
		if found {
			return
		}
		if dekWords[string(tok)] {
			found = true
			return
		}
		if pk > 0 {
			j := copy(pair[:], prev[:pk])
			j += copy(pair[j:], tok)
			found = dekWords[string(pair[:j])]
		}
		pk = copy(prev[:], tok)
	})
	return found
}

// boldLead is the body's opening paragraph when it is set in bold as a
// whole: the dek many publishers put at the head of the text instead of
// in an element of its own. It stays in the body too. A description that
// holds the whole paragraph and more is the fuller summary: then it is "".
func boldLead(kept []*block, metaDek string) string {
	if len(kept) == 0 {
		return ""
	}
	b := kept[0]
	if b.heading || b.density() > 0.3 {
		return ""
	}
	c := utf8.RuneCountInString(b.text)
	if c < 30 || c > 600 || countWords(b.text) < 5 || looksLikeByline(b.text) {
		return ""
	}
	if !allBold(b.node) || holdsRun(metaDek, b.text) {
		return ""
	}
	// A salutation ("Dear readers,"), an editor's note ("Update:"), a
	// notice or a widget's label is no dek.
	if r, _ := utf8.DecodeLastRuneInString(b.text); r == ',' || r == ';' {
		return ""
	}
	if noteText.MatchString(b.text) || boilerplateText.MatchString(b.text) || isWidgetText(b.text) {
		return ""
	}
	return b.text
}

// noteText matches the editor's notes and warnings set in bold at the
// head of a text, in several languages.
var noteText = regexp.MustCompile(`(?i)^\W*(warning|note|editor'?s note|editor’s note|update[ds]?|correction|clarification|disclosure|disclaimer|spoiler|content warning|trigger warning|anzeige|werbung|hinweis|achtung|anmerkung( der redaktion)?|nachtrag|korrektur|nota|avertissement|mise à jour|précision|aviso|actualización|aggiornamento|avviso)\b[^.:]{0,30}:`)

// holdsRun reports whether the words of part occur in s in a row.
func holdsRun(s, part string) bool {
	ws, wp := words(s), words(part)
	if len(wp) == 0 || len(wp) > len(ws) {
		return false
	}
	for i := 0; i+len(wp) <= len(ws); i++ {
		if slices.Equal(ws[i:i+len(wp)], wp) {
			return true
		}
	}
	return false
}

// allBold reports whether every letter or digit under n lies inside a
// <strong> or <b>.
func allBold(n *html.Node) bool {
	bold, plain := 0, 0
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, in bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				for _, r := range c.Data {
					if unicode.IsLetter(r) || unicode.IsDigit(r) {
						if in {
							bold++
						} else {
							plain++
						}
					}
				}
			case html.ElementNode:
				walk(c, in || c.DataAtom == atom.Strong || c.DataAtom == atom.B)
			}
		}
	}
	walk(n, n.DataAtom == atom.Strong || n.DataAtom == atom.B)
	return bold > 0 && plain == 0
}

// leadsSiblings reports a paragraph followed, in the same parent, by a
// paragraph of its own tag and class: the first of the text's paragraphs
// ("<p><i>Place</i> – …</p><p>…</p>"), not a dek set apart from them.
func leadsSiblings(n *html.Node) bool {
	if n.DataAtom != atom.P {
		return false
	}
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if s.Type != html.ElementNode {
			continue
		}
		if s.DataAtom == atom.P {
			return attr(s, "class") == attr(n, "class") && utf8.RuneCountInString(textOf(s)) >= 80
		}
	}
	return false
}
