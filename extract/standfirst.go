package extract

import (
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
		case atom.Nav, atom.Aside, atom.Footer, atom.Form, atom.Figure, atom.Figcaption, atom.Button, atom.Time, atom.A, atom.Ul, atom.Ol, atom.Table:
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
		if boilerplateText.MatchString(t) || mayBeWidgetText(t) && widgetText.MatchString(t) || c < 80 && parseLooseDate(t) != "" {
			return false
		}
		if countWords(t) < 5 {
			return false
		}
		// A paragraph shaped like the body's is its lead, not a dek.
		if body != nil && body.lead[n] {
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
