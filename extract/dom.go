package extract

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// collapse folds runs of white space into one space and trims the ends.
func collapse(s string) string {
	if isCollapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		// ASCII without a decode call per byte, a run of it in one
		// write: this loop runs over every character of every text the
		// extractor reads.
		if c := s[i]; c < utf8.RuneSelf {
			if asciiSpace(c) {
				space = true
				i++
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			j := i + 1
			for j < len(s) && s[j] < utf8.RuneSelf && !asciiSpace(s[j]) {
				j++
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(c) || c == '\u00a0' || c == '\u200b' {
			space = true
		} else {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if c == utf8.RuneError && size == 1 {
				b.WriteRune(c) // an invalid byte reads as U+FFFD
			} else {
				b.WriteString(s[i : i+size])
			}
		}
		i += size
	}
	return b.String()
}

// asciiSpace is unicode.IsSpace for bytes below 0x80.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// textOf returns the visible text under n with white space collapsed,
// skipping subtrees that never render as text.
func textOf(n *html.Node) string {
	// The collapser builds the collapsed text in one pass, as collapse
	// would fold appendText's: text nodes of a parsed page are valid
	// UTF-8 each, so reading them one by one decodes as reading them
	// joined does.
	c := collapserPool.Get().(*collapser)
	c.b, c.space, c.max, c.maxRunes = c.b[:0], false, math.MaxInt, 0
	c.node(n)
	s := string(c.b)
	putCollapser(c)
	return s
}

// putCollapser returns c to the pool unless a long text grew its buffer.
func putCollapser(c *collapser) {
	if cap(c.b) <= 1<<16 {
		collapserPool.Put(c)
	}
}

// collapserPool holds textOf's buffers.
var collapserPool = sync.Pool{New: func() any { return new(collapser) }}

func appendText(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		if invisibleTag(n.DataAtom) {
			return
		}
		if n.DataAtom == atom.Br {
			b.WriteByte(' ')
			return
		}
		if isBlockTag(n.DataAtom) {
			b.WriteByte(' ')
			defer b.WriteByte(' ')
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		appendText(b, c)
	}
}

// shortText returns textOf(n) when it is at most max bytes long, and
// false as soon as it is longer: checks that only want short texts
// (headings, bylines) run over every element, and collapsing each one's
// whole subtree was a tenth of the extraction's time.
func shortText(n *html.Node, max int) (string, bool) {
	c := collapserPool.Get().(*collapser)
	defer putCollapser(c)
	if !c.fits(n, max) {
		return "", false
	}
	return string(c.b), true
}

// collapser builds collapsed text as textOf does, stopping past max bytes.
type collapser struct {
	b     []byte
	space bool
	max   int
	// maxRunes, when set, stops past that many runes too; runes counts them.
	maxRunes, runes int
	// brComma writes a line break inside the text as a comma: on a
	// byline, "By Jane Doe<br>Staff Writer" is two lines, name and role.
	brComma bool
}

func (c *collapser) node(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		return c.text(n.Data)
	case html.ElementNode:
		if invisibleTag(n.DataAtom) {
			return true
		}
		if n.DataAtom == atom.Br {
			if c.brComma && len(c.b) > 0 && !strings.ContainsRune(",;:|", rune(c.b[len(c.b)-1])) {
				c.b = append(c.b, ',')
				c.runes++
			}
			c.space = true
			return true
		}
		if isBlockTag(n.DataAtom) {
			c.space = true
			defer func() { c.space = true }()
		}
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if !c.node(ch) {
			return false
		}
	}
	return true
}

func (c *collapser) text(s string) bool {
	for i := 0; i < len(s); {
		var r rune
		if s[i] < utf8.RuneSelf {
			if asciiSpace(s[i]) {
				c.space = true
				i++
				continue
			}
			// A run of ASCII in one append; the limits are checked after
			// it (what c.b holds past a limit is never read as text).
			if c.space && len(c.b) > 0 {
				c.b = append(c.b, ' ')
				c.runes++
			}
			c.space = false
			end := len(s)
			if room := c.max - len(c.b); room < end-i-1 {
				end = i + room + 1 // one byte past the limit is enough
			}
			j := i + 1
			for j < end && s[j] < utf8.RuneSelf && !asciiSpace(s[j]) {
				j++
			}
			c.b = append(c.b, s[i:j]...)
			c.runes += j - i
			i = j
			if len(c.b) > c.max || c.maxRunes > 0 && c.runes > c.maxRunes {
				return false
			}
			continue
		} else {
			var size int
			r, size = utf8.DecodeRuneInString(s[i:])
			i += size
			if unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' {
				c.space = true
				continue
			}
		}
		if c.space && len(c.b) > 0 {
			c.b = append(c.b, ' ')
			c.runes++
		}
		c.space = false
		c.b = utf8.AppendRune(c.b, r)
		c.runes++
		if len(c.b) > c.max || c.maxRunes > 0 && c.runes > c.maxRunes {
			return false
		}
	}
	return true
}

// linkTextLen counts the characters of text under n that sit inside links.
func linkTextLen(n *html.Node) int {
	total := 0
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, inLink bool) {
		if n.Type == html.TextNode {
			if inLink {
				total += len(strings.TrimSpace(n.Data))
			}
			return
		}
		if n.Type == html.ElementNode && invisibleTag(n.DataAtom) {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.A && hasAttr(n, "href") {
			inLink = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	walk(n, false)
	return total
}

func linkDensity(n *html.Node, text string) float64 {
	if len(text) == 0 {
		return 0
	}
	d := float64(linkTextLen(n)) / float64(len(text))
	if d > 1 {
		d = 1
	}
	return d
}

// invisibleTag reports elements whose text is no part of what a reader
// reads: scripts, media, form options, and ruby annotations (<rt>, <rp>:
// the reading of a word printed above it, as Japanese easy-news pages
// give every kanji; kept, they would write each word twice).
func invisibleTag(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Math,
		atom.Iframe, atom.Object, atom.Embed, atom.Canvas, atom.Head, atom.Title,
		atom.Select, atom.Textarea, atom.Option, atom.Audio, atom.Video, atom.Source, atom.Track, atom.Picture, atom.Img,
		atom.Rt, atom.Rp:
		return true
	}
	return false
}

func isBlockTag(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Aside, atom.Header, atom.Footer, atom.Nav,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Ul, atom.Ol, atom.Li, atom.Dl, atom.Dt, atom.Dd,
		atom.Blockquote, atom.Pre, atom.Table, atom.Tr, atom.Td, atom.Th, atom.Thead, atom.Tbody, atom.Tfoot,
		atom.Figure, atom.Figcaption, atom.Form, atom.Fieldset, atom.Address, atom.Hr, atom.Details, atom.Summary,
		atom.Caption, atom.Dialog, atom.Center, atom.Body, atom.Html, atom.Menu:
		return true
	}
	return false
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// hidden reports markup that keeps an element from rendering.
func hidden(n *html.Node) bool {
	if n.Type != html.ElementNode || len(n.Attr) == 0 {
		return false
	}
	// One pass over the attributes, reading the first of each name as
	// attr does: most walks ask this of every element.
	var seenAria, seenClass, seenType, seenStyle bool
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if !seenAria && a.Val == "true" {
				return true
			}
			seenAria = true
		case "class":
			if !seenClass && hiddenClassList(a.Val) {
				return true
			}
			seenClass = true
		case "type":
			if !seenType && n.DataAtom == atom.Input && strings.EqualFold(a.Val, "hidden") {
				return true
			}
			seenType = true
		case "style":
			if !seenStyle && a.Val != "" && hiddenStyle(a.Val) {
				return true
			}
			seenStyle = true
		}
	}
	return false
}

// hiddenStyle reports an inline style that hides the element, spaces
// and case aside.
func hiddenStyle(st string) bool {
	if !asciiOnly(st) {
		st = strings.ToLower(strings.ReplaceAll(st, " ", ""))
		return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
	}
	return containsFoldSpaced(st, "display:none") || containsFoldSpaced(st, "visibility:hidden")
}

// containsFoldSpaced reports whether ASCII s, lower-cased and without its
// spaces, contains the lower-case word w.
func containsFoldSpaced(s, w string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i]|0x20 != w[0] {
			continue
		}
		j, k := i, 0
		for ; j < len(s) && k < len(w); j++ {
			c := s[j]
			if c == ' ' {
				continue
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != w[k] {
				break
			}
			k++
		}
		if k == len(w) {
			return true
		}
	}
	return false
}

// hiddenClass reports whether n carries one of the utility classes that
// hide an element from sighted readers (Bootstrap, Tailwind, WordPress
// and common CSS conventions). What they hide is for screen readers or
// for scripts to show later: a section name in a hidden <h1>, donation
// and citation boxes, dialogs. Only whole class names count: "hidden-xs"
// hides on small screens only. The price, measured: inactive tab panels
// classed "hidden" are left out too.
func hiddenClass(n *html.Node) bool { return hiddenClassList(attr(n, "class")) }

func hiddenClassList(c string) bool {
	// The words are split at spaces after leading white space, as
	// strings.Cut and TrimLeft would, without a cutset built per call.
	for i := 0; i < len(c); {
		switch c[i] {
		case ' ', '\t', '\n', '\r', '\f':
			i++
			continue
		}
		j := i + 1
		for j < len(c) && c[j] != ' ' {
			j++
		}
		switch c[i:j] {
		case "hidden", "hide", "is-hidden", "u-hidden", "d-none", "invisible",
			"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screenreader-only", "element-invisible", "offscreen":
			return true
		}
		i = j
	}
	return false
}

// ancestorOrSelf reports whether a is n or one of n's ancestors.
func ancestorOrSelf(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

func depth(n *html.Node) int {
	d := 0
	for ; n != nil; n = n.Parent {
		d++
	}
	return d
}

// commonAncestor returns the deepest node containing both a and b.
func commonAncestor(a, b *html.Node) *html.Node {
	da, db := depth(a), depth(b)
	for da > db {
		a, da = a.Parent, da-1
	}
	for db > da {
		b, db = b.Parent, db-1
	}
	for a != b {
		a, b = a.Parent, b.Parent
	}
	return a
}

// each calls fn for every element under root in document order; fn returns
// false to skip an element's children.
func each(root *html.Node, fn func(*html.Node) bool) {
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if fn(c) {
			each(c, fn)
		}
	}
}

func findFirst(root *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	each(root, func(n *html.Node) bool {
		if found != nil {
			return false
		}
		if n.DataAtom == a {
			found = n
			return false
		}
		return true
	})
	return found
}

// isCollapsed reports ASCII text with single inner spaces and none at the
// ends: most text nodes, returned as they are without a copy.
func isCollapsed(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c < ' ' || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

// containsAny reports whether s holds one of needles: the cheap test the
// mayBe… functions run before a costly regexp.
func containsAny(s string, needles []string) bool {
	for _, n := range needles {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}

// countTags counts the elements of type a under n (not those nested in
// one), stopping the descent once it has found enough.
func countTags(n *html.Node, a atom.Atom, enough int) int {
	k := 0
	each(n, func(c *html.Node) bool {
		if c.DataAtom == a {
			k++
			return false
		}
		return k < enough
	})
	return k
}

// hasAncestor reports whether n or one of its ancestors is one of tags.
func hasAncestor(n *html.Node, tags ...atom.Atom) bool {
	for p := n; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && slices.Contains(tags, p.DataAtom) {
			return true
		}
	}
	return false
}

// hasWords reports countWords(textOf(n)) >= enough without building the
// text, stopping once it has counted enough: teaser and related-link
// checks ask it of every link of the page. White space and the spaces
// textOf adds around blocks only part words, as any other character
// that is neither a letter nor a digit does.
func hasWords(n *html.Node, enough int) bool {
	w := wordCounter{enough: enough}
	return !w.node(n)
}

// wordCounter counts words across the text nodes of a subtree.
type wordCounter struct {
	count, enough int
	in            bool
}

// node returns false once enough words are counted.
func (w *wordCounter) node(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		return w.text(n.Data)
	case html.ElementNode:
		if invisibleTag(n.DataAtom) {
			return true
		}
		if n.DataAtom == atom.Br || isBlockTag(n.DataAtom) {
			w.in = false
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !w.node(c) {
			return false
		}
	}
	if n.Type == html.ElementNode && isBlockTag(n.DataAtom) {
		w.in = false
	}
	return true
}

func (w *wordCounter) text(s string) bool {
	for i := 0; i < len(s); {
		var word bool
		if c := s[i]; c < utf8.RuneSelf {
			word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			if r >= firstSolo && soloRune(r) { // a word of its own
				w.in = false
				if w.count++; w.count >= w.enough {
					return false
				}
				continue
			}
			word = unicode.IsLetter(r) || unicode.IsNumber(r)
		}
		if word && !w.in {
			w.count++
			if w.count >= w.enough {
				return false
			}
		}
		w.in = word
	}
	return true
}

// firstElement returns n's first element child, or nil.
func firstElement(n *html.Node) *html.Node { return elementFrom(n.FirstChild) }

// nextElementSibling returns the element after n, or nil.
func nextElementSibling(n *html.Node) *html.Node { return elementFrom(n.NextSibling) }

// elementFrom is c or the first element among its following siblings.
func elementFrom(c *html.Node) *html.Node {
	for ; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}
