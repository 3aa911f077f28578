package extract

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// normTitle folds the differences between two renderings of one title:
// Unicode forms, case, quotes, dashes and white space.
func normTitle(s string) string {
	if !asciiOnly(s) {
		s = norm.NFKC.String(s) // ASCII is in every normal form
	}
	return collapse(foldTitle(s))
}

// sameNormTitle reports normTitle(s) == want without building the
// folded string when s is in NFKC already (ASCII always is): the body's
// blocks are each compared with the standfirst's folded text.
func sameNormTitle(s, want string) bool {
	if !asciiOnly(s) && !(utf8.ValidString(s) && norm.NFKC.IsNormalString(s)) {
		return normTitle(s) == want
	}
	// collapse(foldTitle(s)) compared as it is produced: folding maps no
	// space to a non-space or back.
	k, space := 0, false
	var enc [utf8.UTFMax]byte
	for i := 0; i < len(s); {
		var out []byte
		if c := s[i]; c < utf8.RuneSelf {
			i++
			if asciiSpace(c) {
				space = true
				continue
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			} else if c == '`' {
				c = '\''
			}
			enc[0] = c
			out = enc[:1]
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			if unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' {
				space = true
				continue
			}
			out = enc[:utf8.EncodeRune(enc[:], foldTitleRune(r))]
		}
		if space && k > 0 {
			if k >= len(want) || want[k] != ' ' {
				return false
			}
			k++
		}
		space = false
		if len(want)-k < len(out) || want[k:k+len(out)] != string(out) {
			return false
		}
		k += len(out)
	}
	return k == len(want)
}

// foldTitleRune is normTitle's mapping of one rune.
func foldTitleRune(r rune) rune {
	switch r {
	case '‘', '’', '‚', '‛', '′', '`', '´':
		return '\''
	case '“', '”', '„', '‟', '″', '«', '»':
		return '"'
	case '–', '—', '‒', '―', '−', '‐':
		return '-'
	}
	return unicode.ToLower(r)
}

// foldTitle is strings.Map(foldTitleRune, s) with ASCII mapped inline:
// headings and block texts are folded for comparison by the thousand. An
// invalid byte becomes U+FFFD, as strings.Map makes it.
func foldTitle(s string) string {
	var b []byte // nil until a byte changes
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			m := c
			if 'A' <= c && c <= 'Z' {
				m = c + 'a' - 'A'
			} else if c == '`' {
				m = '\''
			}
			if b == nil && m != c {
				b = append(make([]byte, 0, len(s)+utf8.UTFMax), s[:i]...)
			}
			if b != nil {
				b = append(b, m)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		m := foldTitleRune(r)
		if b == nil && (m != r || size == 1) {
			b = append(make([]byte, 0, len(s)+utf8.UTFMax), s[:i]...)
		}
		if b != nil {
			b = utf8.AppendRune(b, m)
		}
		i += size
	}
	if b == nil {
		return s
	}
	return string(b)
}

// countWords counts what words would return, without building it.
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		if r >= firstSolo && soloRune(r) {
			n++
			in = false
			continue
		}
		w := unicode.IsLetter(r) || unicode.IsNumber(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// soloRune reports a character that is a word of its own: Chinese and
// Japanese write without spaces, so a run of ideographs and kana is a
// sentence, not a word, and a 600-character story would count as a
// dozen words (too short to be an article). One per character is the
// way those languages count text, too.
// Callers test r >= firstSolo first: the call is too big to inline, and
// most text is in scripts below it.
func soloRune(r rune) bool {
	return r >= firstSolo && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}

// firstSolo is hiragana's first code point: the Han radicals and marks
// below it (U+2E80–U+303F, "々" among them) are left to the letter rule.
const firstSolo = 0x3040

// words lower-cases s and splits it into words as countWords counts
// them: len(words(s)) == countWords(s).
func words(s string) []string {
	s = strings.ToLower(s)
	var out []string
	start := -1
	for i, r := range s {
		solo := r >= firstSolo && soloRune(r)
		if solo || !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			if solo {
				out = append(out, s[i:i+utf8.RuneLen(r)])
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// tokenF1 compares two strings as bags of lower-cased words.
func tokenF1(a, b string) float64 {
	wa, wb := words(a), words(b)
	if len(wa) == 0 || len(wb) == 0 {
		return 0
	}
	counts := map[string]int{}
	for _, w := range wa {
		counts[w]++
	}
	common := 0
	for _, w := range wb {
		if counts[w] > 0 {
			counts[w]--
			common++
		}
	}
	if common == 0 {
		return 0
	}
	p := float64(common) / float64(len(wb))
	r := float64(common) / float64(len(wa))
	return 2 * p * r / (p + r)
}

// titleSeparators split "Headline | Site" style titles.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " « ", " » ", " / ", " ~ ", " -- ", " : ", "|", "｜"}

// siteNames gathers what the site calls itself, to strip it from titles.
func siteNames(m *pageMeta, pageURL string) []string {
	var out []string
	for _, v := range []string{m.first("og:site_name"), m.first("application-name"), m.first("twitter:site"), m.first("publisher"), m.first("al:android:app_name"), m.first("al:iphone:app_name")} {
		v = strings.TrimPrefix(v, "@")
		if v != "" {
			out = append(out, v)
		}
	}
	if m.ld != nil && m.ld.Publisher != "" {
		out = append(out, m.ld.Publisher)
	}
	if u, err := url.Parse(pageURL); err == nil && u.Hostname() != "" {
		host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		out = append(out, host)
		if i := strings.IndexByte(host, '.'); i > 0 {
			out = append(out, host[:i])
		}
	}
	return out
}

func isSiteName(part string, names []string) bool {
	p := strings.ToLower(strings.Join(words(part), ""))
	if p == "" {
		return false
	}
	for _, n := range names {
		q := strings.ToLower(strings.Join(words(n), ""))
		if q == "" {
			continue
		}
		if p == q || strings.Contains(q, p) && len(p) >= 4 || strings.Contains(p, q) && len(q) >= 4 && len(p) <= len(q)+12 {
			return true
		}
	}
	return false
}

// stripSite removes site-name prefixes and suffixes from a title.
func stripSite(title string, names []string) string {
	title = collapse(title)
	for changed := true; changed; {
		changed = false
		for _, sep := range titleSeparators {
			i := strings.LastIndex(title, sep)
			if i > 0 {
				if head, tail := title[:i], title[i+len(sep):]; isSiteName(tail, names) && countWords(head) > 0 {
					title, changed = strings.TrimSpace(head), true
					continue
				}
			}
			j := strings.Index(title, sep)
			if j <= 0 && sep == " : " {
				// "Site: Headline" puts no space before the colon.
				if k := strings.Index(title, ": "); k > 0 && isSiteName(title[:k], names) {
					j = k
					sep = ": "
				}
			}
			if j > 0 {
				if head, tail := title[:j], title[j+len(sep):]; isSiteName(head, names) && countWords(tail) > 0 {
					title, changed = strings.TrimSpace(tail), true
				}
			}
		}
	}
	return title
}

// stripAnySuffix drops a trailing " | Whatever" when the short side is a
// few words: the common shape of a site name the metadata did not give.
func stripAnySuffix(title string) string {
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · "} {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		head, tail := title[:i], title[i+len(sep):]
		if countWords(tail) <= 4 && countWords(head) >= 3 {
			return strings.TrimSpace(head)
		}
	}
	return title
}

type headlineResult struct {
	text   string
	source string
	node   *html.Node // the visible element, when the headline is on the page
}

// findHeadline prefers the visible <h1> that agrees with the metadata;
// otherwise the metadata's own headline without site-name affixes. A
// format label after it ("(video)", "| Editorial") is dropped.
func findHeadline(root *html.Node, m *pageMeta, pageURL string) headlineResult {
	r := pickHeadline(root, m, pageURL)
	r.text = dropFormatLabel(r.text)
	return r
}

// formatLabels name what kind of piece a story is, not what it says: sites
// append them to headlines as "(video)", "[Watch]" or "| Editorial".
var formatLabels = map[string]bool{
	"video": true, "videos": true, "watch": true, "photo": true, "photos": true, "pics": true,
	"gallery": true, "audio": true, "podcast": true, "listen": true, "editorial": true,
	"opinion": true, "analysis": true, "commentary": true, "column": true,
	"vidéo": true, "vídeo": true, "fotos": true, "foto": true, "bildergalerie": true,
	"kommentar": true, "meinung": true, "éditorial": true, "opinión": true,
}

// dropFormatLabel removes a trailing format label from a headline of at
// least three words.
func dropFormatLabel(t string) string {
	if len(t) < 8 {
		return t
	}
	var head, label string
	switch last := t[len(t)-1]; {
	case last == ')' || last == ']':
		open := "("
		if last == ']' {
			open = "["
		}
		i := strings.LastIndex(t, " "+open)
		if i < 0 {
			return t
		}
		head, label = t[:i], t[i+2:len(t)-1]
	default:
		i := strings.LastIndex(t, " | ")
		if i < 0 {
			return t
		}
		head, label = t[:i], t[i+3:]
	}
	if formatLabels[strings.ToLower(strings.TrimSpace(label))] && countWords(head) >= 3 {
		return strings.TrimSpace(head)
	}
	return t
}

func pickHeadline(root *html.Node, m *pageMeta, pageURL string) headlineResult {
	names := siteNames(m, pageURL)
	// Visible candidates: <h1>s first, then h2s when no h1 matches.
	var h1s, h2s []*html.Node
	each(root, func(n *html.Node) bool {
		if hidden(n) {
			return false
		}
		switch n.DataAtom {
		case atom.H1:
			h1s = append(h1s, n)
			return false
		case atom.H2:
			if len(h2s) < 30 {
				h2s = append(h2s, n)
			}
			return false
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head:
			return false
		}
		return true
	})
	// An <h1> that is one link to the front page is the site's logo, as
	// blog themes and older sites set it: its text names the site, and a
	// title that only repeats it (or a part of it) is no headline.
	var logos []string
	kept := h1s[:0]
	for _, n := range h1s {
		if homeLink(n, pageURL) {
			if t := textOf(n); t != "" {
				names = append(names, t)
				logos = append(logos, t)
			}
			continue
		}
		kept = append(kept, n)
	}
	h1s = kept
	var metas []struct{ text, src string }
	add := func(t, src string) {
		if t = collapse(t); t != "" && (logos == nil || !isSiteName(t, logos)) {
			metas = append(metas, struct{ text, src string }{t, src})
		}
	}
	if m.ld != nil {
		add(m.ld.Headline, "json-ld")
	}
	add(stripSite(m.first("og:title"), names), "opengraph")
	add(stripSite(m.first("twitter:title"), names), "meta")
	add(stripSite(m.title, names), "title")
	add(m.first("headline", "title", "dc.title", "sailthru.title", "parsely-title"), "meta")

	bestScore, bestMeta := 0.0, -1
	var best headlineResult
	// Each metadata title folded once, whole and after a kicker's colon
	// ("Kicker: Title" in the metadata, "Title" on the page).
	norms, afterColon := make([]string, len(metas)), make([]string, len(metas))
	firstPart := make([]string, len(metas)) // "Title" of "Title » More | Site"
	for i, mt := range metas {
		norms[i] = normTitle(mt.text)
		if j := strings.Index(mt.text, ": "); j > 0 {
			afterColon[i] = normTitle(mt.text[j+2:])
		}
		if p := firstTitlePart(mt.text); p != "" {
			firstPart[i] = normTitle(p)
		}
	}
	consider := func(nodes []*html.Node, bonus float64) {
		for _, n := range nodes {
			for _, t := range headingReadings(n) {
				if t == "" || isSiteName(t, names) || len(t) > 400 || commentsTitle.MatchString(t) {
					continue
				}
				nt, long := normTitle(t), countWords(t) >= 3
				// The heading's parts, folded once for every metadata title.
				var hParts, hNorms []string
				if ps := titleParts(t); len(ps) > 0 {
					hParts, hNorms = ps, make([]string, len(ps))
					for j, p := range ps {
						hNorms[j] = normTitle(p)
					}
				}
				for i, mt := range metas {
					f, text := tokenF1(t, mt.text), t
					if nt == norms[i] {
						f = 1.1
					} else if long && (nt == afterColon[i] || nt == firstPart[i] && !wholeLink(n)) {
						f = 1.0 // below an exact match
					} else if j := slices.Index(hNorms, norms[i]); j >= 0 && countWords(norms[i]) >= 3 {
						// "Kicker / Title" on the page, "Title" in the metadata.
						f, text = 1.0, hParts[j]
					}
					if f+bonus > bestScore && f >= 0.6 {
						bestScore, bestMeta = f+bonus, i
						best = headlineResult{text: text, source: "h1", node: n}
					}
				}
			}
			// A kicker above the title ("Dachzeile") is not part of the
			// headline, even when the metadata runs the two together.
			if best.node == n {
				if rest := kickerRest(n, metas); rest != "" {
					best.text = rest
				}
			}
		}
	}
	consider(h1s, 0.2)
	if best.node != nil && metas[bestMeta].src == "title" {
		// The h1 repeats the <title>, written for search engines, while
		// the headline the publisher gives for sharing (og:title,
		// JSON-LD) stands word for word in an <h2>: that is the story's
		// displayed headline, the h1 a short label above it.
		var h2Texts, h2Norms []string // folded once, on first need
		for i, mt := range metas {
			if mt.src != "json-ld" && mt.src != "opengraph" || norms[i] == norms[bestMeta] || countWords(mt.text) < 3 {
				continue
			}
			if h2Norms == nil {
				h2Texts, h2Norms = make([]string, len(h2s)), make([]string, len(h2s))
				for j, n := range h2s {
					h2Texts[j] = textOf(n)
					h2Norms[j] = normTitle(h2Texts[j])
				}
			}
			if j := slices.Index(h2Norms, norms[i]); j >= 0 {
				return headlineResult{text: h2Texts[j], source: "h2", node: h2s[j]}
			}
		}
	}
	if best.node == nil {
		if r, ok := ownH1(h1s, metas, names); ok {
			return r
		}
		consider(h2s, 0)
	}
	if best.node != nil {
		return best
	}
	// Metadata of one or two words that the page's one <h1> contains is a
	// section label ("Arbeit - Site" over "Wir kämpfen für gute Arbeit"):
	// the heading is the title.
	if len(h1s) == 1 && len(metas) > 0 {
		t := textOf(h1s[0])
		short := true
		for _, mt := range metas {
			if countWords(mt.text) > 2 || !containsWords(t, mt.text) {
				short = false
				break
			}
		}
		if short && countWords(t) >= 3 && !isSiteName(t, names) && len(t) <= 400 {
			return headlineResult{text: t, source: "h1", node: h1s[0]}
		}
	}
	// No visible match: a lone h1 that is not the site's name, then metadata.
	if len(metas) == 0 {
		for _, n := range h1s {
			if t := textOf(n); t != "" && !isSiteName(t, names) && countWords(t) >= 2 {
				return headlineResult{text: t, source: "h1", node: n}
			}
		}
		if logos != nil {
			// The logo took the <h1>: the post's title is the first <h2>
			// over prose -- its box holds the post's text, where a
			// sidebar widget's holds a line or a list -- outside the
			// page's header, menus and sidebars, and not a day's date
			// (a blog's date header).
			for _, n := range h2s {
				t := textOf(n)
				if countWords(t) < 3 || len(t) > 400 || isSiteName(t, names) || commentsTitle.MatchString(t) || parseLooseDate(t) != "" || hasAncestor(n, atom.Header, atom.Nav, atom.Aside, atom.Footer) {
					continue
				}
				if n.Parent != nil && countWords(textOf(n.Parent))-countWords(t) >= 40 {
					return headlineResult{text: t, source: "h2", node: n}
				}
			}
		}
		return headlineResult{}
	}
	t := metas[0]
	if r, ok := shownTitle(root, t.text); ok {
		return r
	}
	if t.src == "title" || t.src == "opengraph" {
		t.text = stripAnySuffix(t.text)
	}
	return headlineResult{text: t.text, source: t.src}
}

// shownTitle finds the metadata title, or one of its parts ("Site -
// Title", "Title | Section | Site"), standing on the page as a text of its
// own outside links: a page without headings (one written before CSS, a
// <b> or <font size> over the text) still shows its headline, while the
// site's name is a logo or a link home. Of the parts shown, the one of
// most words is the headline; a part of fewer than three words is a
// section or site name, never taken.
func shownTitle(root *html.Node, title string) (headlineResult, bool) {
	parts := append(titleParts(title), title)
	norms := make([]string, 0, len(parts))
	lo, hi := len(title), 0
	for _, p := range parts {
		norms = append(norms, normTitle(p))
		lo, hi = min(lo, len(p)), max(hi, len(p))
	}
	best, bestWords := -1, 2
	var node *html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				// Cheap length test first: the text, trimmed, is about
				// as long as a part (folding may change it by a little).
				t := strings.TrimSpace(c.Data)
				if len(t) < lo/2 || len(t) > 2*hi+8 {
					continue
				}
				nt := normTitle(t)
				for i, p := range norms {
					if nt == p {
						if w := countWords(parts[i]); w > bestWords {
							best, bestWords, node = i, w, n
						}
					}
				}
			case html.ElementNode:
				if c.DataAtom == atom.A || invisibleTag(c.DataAtom) || hidden(c) {
					continue
				}
				walk(c)
			}
		}
	}
	walk(root)
	if best < 0 || node.Type != html.ElementNode {
		return headlineResult{}, false
	}
	return headlineResult{text: collapse(parts[best]), source: "text", node: node}, true
}

// ownH1 picks the page's headline when no <h1> matches the metadata: the
// metadata then holds a title written for search engines or social
// sharing ("Best Whiskeys 2023 | Site" over "The Twelve Casks We Loved"),
// and the page shows its own. A heading about the same subject -- it
// shares a content word with the metadata -- and shaped like a headline
// is that title; a logo, a section name or a newsletter box shares none.
func ownH1(h1s []*html.Node, metas []struct{ text, src string }, names []string) (headlineResult, bool) {
	if len(metas) == 0 || errorTitle.MatchString(metas[0].text) {
		return headlineResult{}, false // "Page not found" over "Sorry, we lost that page"
	}
	meta := map[string]bool{}
	for _, mt := range metas {
		for _, w := range words(mt.text) {
			if utf8.RuneCountInString(w) >= 4 {
				meta[w] = true
			}
		}
	}
	for _, n := range h1s {
		t := textOf(n)
		if countWords(t) < 3 || len(t) > 400 || isSiteName(t, names) || wholeLink(n) || commentsTitle.MatchString(t) {
			continue
		}
		for _, w := range words(t) {
			if meta[w] {
				return headlineResult{text: t, source: "h1", node: n}, true
			}
		}
	}
	return headlineResult{}, false
}

// commentsTitle is the heading blogs put over their comments, which
// quotes the headline: "4 thoughts on “Title”", "12 Kommentare zu „Titel“".
var commentsTitle = regexp.MustCompile(`(?i)^(\d+|one|two|three|ein|eine|un|une|uno|una) (thoughts?|comments?|responses?|replies|reply|kommentare?|gedanken|commentaires?|réponses?|comentarios?|respuestas?|commenti|risposte|reacties) (on|to|zu|sur|à|en|a|su|op)\b`)

// kickerVocab names kicker elements in class and id attributes.
var kickerVocab = regexp.MustCompile(`(?i)kicker|dachzeile|spitzmarke|overline|eyebrow|roofline|surtitre|topic|subtitle|rubric|label`)

// kickerRest returns heading n without its kicker: a first part that is
// its own element, shown on its own line (a block, a <br> after it, a
// kicker class) or written before a separator in the metadata ("Kicker:
// Title", "Kicker | Title"), followed by a title of at least three words
// that the metadata also holds. "" when n has no such kicker.
func kickerRest(n *html.Node, metas []struct{ text, src string }) string {
	// Descend through a lone wrapper: <h1><span itemprop=headline><small>K</small><br>T</span></h1>.
	for {
		var only *html.Node
		count := 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode || c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
				only = c
				count++
			}
		}
		if count != 1 || only.Type != html.ElementNode || only.FirstChild == nil {
			break
		}
		n = only
	}
	var first *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			return "" // the heading starts with its own text
		}
		if c.Type == html.ElementNode && !invisibleTag(c.DataAtom) {
			first = c
			break
		}
	}
	if first == nil || first.DataAtom == atom.Br {
		return ""
	}
	kicker := textOf(first)
	if kicker == "" || countWords(kicker) > 8 || strings.HasSuffix(kicker, ":") {
		return "" // "Row at the plant: talks stall" is one headline
	}
	var b strings.Builder
	for c := first.NextSibling; c != nil; c = c.NextSibling {
		appendText(&b, c)
	}
	rest := strings.TrimLeft(collapse(b.String()), ":|–—- ")
	if countWords(rest) < 3 {
		return ""
	}
	next := first.NextSibling
	for next != nil && next.Type == html.TextNode && strings.TrimSpace(next.Data) == "" {
		next = next.NextSibling
	}
	ownLine := isBlockTag(first.DataAtom) || next != nil && next.DataAtom == atom.Br ||
		kickerVocab.MatchString(attr(first, "class")+" "+attr(first, "id"))
	held := false
	for _, mt := range metas {
		if !containsWords(mt.text, rest) {
			continue
		}
		held = true
		if i := strings.Index(mt.text, kicker); i >= 0 {
			// The first rune, not byte: "–" and "—" take three.
			if r, _ := utf8.DecodeRuneInString(strings.TrimLeft(mt.text[i+len(kicker):], " ")); strings.ContainsRune(":|–—-", r) {
				ownLine = true
			}
		}
	}
	if !held || !ownLine {
		return ""
	}
	return rest
}

// wholeLink reports a heading that is one link and nothing else, as a
// blog's name over its posts is (<h1><a href="/">Blog</a></h1>).
func wholeLink(n *html.Node) bool {
	var only *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" || c.Type == html.CommentNode {
			continue
		}
		if only != nil || c.Type != html.ElementNode {
			return false
		}
		only = c
	}
	return only != nil && only.DataAtom == atom.A
}

// homeLink reports a heading that is one link to the site's front page
// ("/", "https://host/"): the site's logo.
func homeLink(n *html.Node, pageURL string) bool {
	if !wholeLink(n) {
		return false
	}
	a := n.FirstChild
	for a != nil && a.Type != html.ElementNode {
		a = a.NextSibling
	}
	href := strings.TrimSpace(attr(a, "href"))
	if href == "" {
		return false
	}
	u, err := url.Parse(href)
	if err != nil || u.RawQuery != "" || u.Path != "" && u.Path != "/" {
		return false
	}
	if u.Host == "" {
		return u.Path == "/"
	}
	base, err := url.Parse(pageURL)
	return err == nil && strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.") == strings.TrimPrefix(strings.ToLower(base.Hostname()), "www.")
}

// partSeparators are the separators titleParts splits at.
var partSeparators = []string{" | ", " - ", " – ", " — ", " / ", " » ", " :: ", " · "}

// titleParts splits a title at each of its separators ("Title | Section -
// Site", "Kicker / Title"): every part of every split, so a heading part
// can be found whatever separator sets it off.
func titleParts(t string) []string {
	var out []string
	for _, sep := range partSeparators {
		if !strings.Contains(t, sep) {
			continue
		}
		for _, p := range strings.Split(t, sep) {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// firstTitlePart is the title's text before its first separator ("Title"
// of "Title » More | Site"), "" when it has none.
func firstTitlePart(t string) string {
	cut := -1
	for _, sep := range partSeparators {
		if i := strings.Index(t, sep); i >= 0 && (cut < 0 || i < cut) {
			cut = i
		}
	}
	if cut < 0 {
		return ""
	}
	return strings.TrimSpace(t[:cut])
}

// containsWords reports whether every word of part occurs in s.
func containsWords(s, part string) bool {
	have := map[string]int{}
	for _, w := range words(s) {
		have[w]++
	}
	for _, w := range words(part) {
		if have[w] == 0 {
			return false
		}
		have[w]--
	}
	return true
}

// headingReadings lists the ways to read a heading: whole, and, when it
// is built of parts (a kicker or a date beside the title, as
// "<h1><span>Kicker</span><span>Title</span></h1>"), each part and the
// heading without its first part. The metadata decides which is the title.
func headingReadings(n *html.Node) []string {
	whole := textOf(n)
	out := []string{whole}

	var parts []string
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && !invisibleTag(c.DataAtom) && c.DataAtom != atom.Br {
			if t := textOf(c); t != "" {
				parts = append(parts, t)
			}
		} else if c.Type == html.TextNode {
			if t := collapse(c.Data); t != "" {
				parts = append(parts, t)
			}
		}
	}
	if len(parts) < 2 {
		return out
	}
	out = append(out, parts...)
	if rest := strings.TrimSpace(strings.TrimPrefix(whole, parts[0])); rest != "" {
		out = append(out, strings.TrimLeft(rest, ":|–—- "))
	}
	return out
}
