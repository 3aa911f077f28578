package extract

import (
	"bytes"
	"errors"
	"fmt"
	"golang.org/x/net/html/atom"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// DefaultMaxNodes bounds the elements a page may have before Parse refuses
// it: x/net/html needs about 216 MiB for a page of one million elements.
const DefaultMaxNodes = 300_000

// MaxBytes is the largest page Parse accepts.
const MaxBytes = 32 << 20

// Parse extracts an Article from the bytes of one page. The page is decoded
// to UTF-8 (see [Decode]) and parsed once; every field is read from that tree.
// A page over budget returns [ErrTooLarge]; one the HTML parser rejects
// returns [ErrNoDOM]. A page that is not an article still returns an Article,
// with its Kind and Links set, so crawlers can follow index pages.
func Parse(body []byte, opts Options) (*Article, error) {
	if len(body) > MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(body), MaxBytes)
	}
	maxNodes := opts.MaxNodes
	if maxNodes <= 0 {
		maxNodes = DefaultMaxNodes
	}
	// Every element needs a '<': counting them bounds the tree before it is built.
	if n := bytes.Count(body, []byte("<")); n > maxNodes*2 {
		return nil, fmt.Errorf("%w: %d tags, limit %d", ErrTooLarge, n/2, maxNodes)
	}
	text, err := Decode(body, opts.ContentType)
	if err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	root, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoDOM, err)
	}
	if n := countNodes(root, maxNodes+1); n > maxNodes {
		return nil, fmt.Errorf("%w: more than %d elements", ErrTooLarge, maxNodes)
	}
	fetched := opts.FetchedAt
	if fetched.IsZero() {
		fetched = time.Now()
	}
	return extractFrom(root, opts.URL, fetched), nil
}

func countNodes(n *html.Node, limit int) int {
	count := 0
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				count++
				if count >= limit {
					return false
				}
			}
			if !walk(c) {
				return false
			}
		}
		return true
	}
	walk(n)
	return count
}

func extractFrom(root *html.Node, pageURL string, fetched time.Time) *Article {
	base, _ := url.Parse(pageURL)
	base = documentBase(root, base)
	m := readMeta(root, base)
	a := &Article{URL: pageURL, Sources: map[string]string{}}
	a.CanonicalURL = canonicalURL(m, base, pageURL)
	if u, err := url.Parse(a.CanonicalURL); err == nil {
		a.Site = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	a.Links = pageLinks(root, base)
	if to := absURL(base, refreshURL(m.first("refresh"))); to != "" && !slices.Contains(a.Links, to) {
		// A page that moves by <meta http-equiv="refresh"> names where
		// to: a link, as archiving crawlers follow it.
		a.Links = append(a.Links, to)
	}
	a.Language = normLang(m.lang, m.first("og:locale", "content-language", "language", "dc.language"))

	names := siteNames(m, pageURL)
	hl := findHeadline(root, m, pageURL)
	if hl.text != "" && slices.ContainsFunc(names, func(n string) bool { return sameText(n, hl.text) }) {
		hl = headlineResult{}
	}
	a.Headline = hl.text
	if hl.text != "" {
		a.Sources["headline"] = hl.source
	}

	// Related blocks are read before the body so their teasers can be kept out of it.
	var relatedBoxes, teaserBoxes map[*html.Node]bool
	a.Related, relatedBoxes, teaserBoxes = findRelated(root, base, a.CanonicalURL)
	for box := range relatedBoxes {
		// A box that holds the headline, or text more than links, is the
		// article itself with a "Related:" line inside: keep it.
		if t := textOf(box); hl.node != nil && ancestorOrSelf(box, hl.node) || len(t) > 2500 || linkDensity(box, t) < 0.3 || proseParagraphs(box) >= 2 {
			delete(relatedBoxes, box)
		}
	}

	for box := range teaserBoxes {
		if hl.node == nil || !ancestorOrSelf(box, hl.node) {
			relatedBoxes[box] = true
		}
	}
	seg := &segmenter{skip: func(n *html.Node) bool { return n == hl.node || relatedBoxes[n] || skipForScore(n) }}
	seg.run(root)
	container := pickContainer(seg.blocks)
	if story := ampStory(root); story != nil {
		// A Web Story is a deck of pages of a line or two each: the text
		// is the whole deck, not the page that scores best.
		container = &containerSet{top: story}
	}

	if container != nil {
		container.findLead(seg.blocks, hl.node)
	}
	sf := visibleStandfirst(root, hl.node, container)
	metaDek, metaSrc := metaDescription(m)
	metaDek = cleanDek(metaDek)
	if sf != nil && metaDek != "" && tokenF1(textOf(sf), metaDek) < 0.9 && !dekNamed(sf) {
		// The publisher's own summary outranks a visible block that
		// disagrees with it: that block is more often a kicker, a notice
		// or a caption than the dek (measured on newsmeta: 0.60 → 0.75).
		sf = nil
	}
	if sf != nil {
		a.Standfirst = textOf(sf)
		a.Sources["standfirst"] = "heuristic"
	}
	var kept, keptCore []*block
	var bodyRoot *html.Node
	particle := bylineParticle(m.lang)
	headNorm := ""
	if hl.text != "" {
		headNorm = normTitle(hl.text)
	}
	if container != nil {
		bodyRoot = container.top
		next := nextHeadline(root, hl.node, container)
		nextArt := nextArticle(root, hl.node)
		headInside := hl.node != nil && ancestorOrSelf(container.top, hl.node)
		sfNorm := ""
		if a.Standfirst != "" {
			sfNorm = normTitle(a.Standfirst)
		}
		for _, b := range seg.blocks {
			if !inContainer(container, b.node) || sf != nil && ancestorOrSelf(sf, b.node) {
				continue
			}
			if nextArt != nil && ancestorOrSelf(nextArt, b.node) {
				continue // another <article>, with its own headline
			}
			if next != nil && !container.core(b.node) && precedes(next, b.node) {
				// Past the next article's headline (an infinite-scroll page
				// appends whole articles): cousins there are not this text.
				continue
			}
			if sfNorm != "" && sameNormTitle(b.text, sfNorm) {
				continue
			}
			if headInside && !goodPara(b) && b.before(hl.node) {
				// A line above the headline in the text's own container:
				// a kicker, a section label, breadcrumbs. (Paragraphs
				// there stay: the headline found may be a later one.)
				continue
			}
			if particle != "" && particleByline(b.text, particle) {
				continue // "Na Juma Mwangi": a byline in the language's own words
			}
			if keepBlock(b, headNorm) {
				kept = append(kept, b)
				if container.core(b.node) {
					keptCore = append(keptCore, b)
				}
			}
		}
	}
	if pulled := pullQuotes(kept); pulled != nil {
		kept, keptCore = without(kept, pulled), without(keptCore, pulled)
	}
	paras, core := texts(trimTail(kept)), texts(trimTail(keptCore))
	a.Body = strings.Join(paras, "\n\n")
	if a.Body != "" {
		a.Sources["body"] = "heuristic"
	}
	// articleBody is judged against the chosen container alone: a lead or
	// cousin paragraphs found around it are no reason to distrust it.
	if m.ld != nil && ldBodyCompletes(m.ld.Body, strings.Join(core, "\n\n")) {
		// The page renders only part of the text (the rest by script, or
		// behind "read more"); the publisher's articleBody holds it all and
		// agrees with what is visible.
		a.Body = ldParagraphs(m.ld.Body)
		a.Sources["body"] = "json-ld"
	} else if m.ld != nil && ldBodyContinues(m.ld.Body, core) {
		// The page shows the opening and the script the rest, and the
		// articleBody holds only the rest.
		a.Body = strings.Join(paras, "\n\n") + "\n\n" + ldParagraphs(m.ld.Body)
		a.Sources["body"] = "heuristic+json-ld"
	}
	a.WordCount = countWords(a.Body)
	if a.Standfirst == "" {
		if lead := boldLead(kept, metaDek); lead != "" {
			a.Standfirst, a.Sources["standfirst"] = lead, "heuristic"
		} else if metaDek != "" && !sameText(metaDek, a.Headline) {
			a.Standfirst, a.Sources["standfirst"] = metaDek, metaSrc
		}
	}

	articleRoot := root
	if hl.node != nil && bodyRoot != nil {
		articleRoot = commonAncestor(hl.node, bodyRoot)
	} else if bodyRoot != nil {
		articleRoot = bodyRoot
	}
	df := &dateFinder{meta: m, doc: root, scope: mainScope(hl.node), h1: hl.node, article: articleRoot, fetched: fetched, pageURL: pageURL}
	if pub := df.published(); pub.value != "" {
		a.PublishedAt, a.Sources["published_at"] = pub.value, pub.source
	}
	if mod := df.modified(); mod.value != "" {
		a.ModifiedAt, a.Sources["modified_at"] = mod.value, mod.source
	}
	authorRoot := articleRoot
	if hl.node == nil && bodyRoot != nil {
		// No visible headline to anchor on: the byline is usually in a
		// header beside the text's container, a few levels up.
		for i := 0; i < 3 && authorRoot.Parent != nil && authorRoot.Parent.DataAtom != atom.Body && authorRoot.Parent.Type == html.ElementNode; i++ {
			authorRoot = authorRoot.Parent
		}
	}
	a.Authors, a.Sources["authors"] = findAuthors(m, root, authorRoot, hl.node, names)
	if !slices.ContainsFunc(a.Authors, func(n string) bool { return !looksOrg(n, names) && !newsAgencies[strings.ToLower(n)] }) {
		// No person named above the text: a wire story names its
		// reporters at the foot ("(Reporting by …; Editing by …)").
		if got := signoffAuthors(kept, names); len(got) > 0 {
			a.Authors, a.Sources["authors"] = got, "signoff"
		} else if bodyRoot != nil {
			if got := reporterLine(seg.blocks, bodyRoot); len(got) > 0 {
				a.Authors, a.Sources["authors"] = got, "signoff"
			}
		}
	}
	if len(a.Authors) == 0 {
		delete(a.Sources, "authors")
	}

	for _, b := range seg.blocks {
		if len(b.text) < 400 && mayBePaywall(b.text) && paywallText.MatchString(b.text) {
			a.Paywalled = true
			break
		}
	}
	if m.ld != nil {
		a.Section = m.ld.Section
		a.Tags = m.ld.Keywords
		a.ImageURL = m.ld.Image
		if m.ld.FreeAccess != nil && !*m.ld.FreeAccess {
			a.Paywalled = true
		}
	}
	if a.Section == "" {
		a.Section = m.first("article:section", "section", "parsely-section")
	}
	if len(a.Tags) == 0 {
		a.Tags = m.all("article:tag")
	}
	if a.ImageURL == "" {
		a.ImageURL = m.first("og:image", "twitter:image")
	}
	if a.ImageURL != "" {
		a.ImageURL = absURL(base, a.ImageURL)
	}

	teasersOnPage, teasersInBody := teaserLinksIn(root, bodyRoot)
	// A byline found without a visible headline to anchor it may be one
	// post's on a blog's front page: it names the author, but is no sign
	// that the page is one article.
	authored := len(a.Authors) > 0 && !(hl.node == nil && a.Sources["authors"] == "byline")
	a.Kind = classify(m, pageURL, a.Headline, a.WordCount, teasersInBody, teasersOnPage, a.PublishedAt != "", authored)
	sanitize(a)
	return a
}

// refreshURL reads the target of a <meta http-equiv="refresh"> content,
// "0; url=/next" or "5;URL='/next'" (HTML's rules, shortly): "" when it
// names none, a refresh of the page itself.
func refreshURL(content string) string {
	i := strings.IndexAny(content, ";,")
	if i < 0 {
		return ""
	}
	rest := strings.TrimSpace(content[i+1:])
	if len(rest) >= 3 && strings.EqualFold(rest[:3], "url") {
		if r := strings.TrimSpace(rest[3:]); strings.HasPrefix(r, "=") {
			rest = strings.TrimSpace(r[1:])
		}
	}
	if rest != "" && (rest[0] == '\'' || rest[0] == '"') {
		q := rest[0]
		rest = rest[1:]
		if j := strings.IndexByte(rest, q); j >= 0 {
			rest = rest[:j]
		}
	}
	return strings.TrimSpace(rest)
}

// documentBase is the URL the page's relative links resolve against: its
// first <base href>, resolved against the page's own URL, as a browser
// does; else the page's URL. A <base> that names no http(s) URL is
// ignored.
func documentBase(root *html.Node, page *url.URL) *url.URL {
	head := findFirst(root, atom.Head)
	if head == nil || page == nil {
		return page
	}
	for c := head.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom != atom.Base || !hasAttr(c, "href") {
			continue
		}
		b, err := page.Parse(strings.TrimSpace(attr(c, "href")))
		if err != nil || b.Scheme != "http" && b.Scheme != "https" || b.Host == "" {
			return page
		}
		return b
	}
	return page
}

func canonicalURL(m *pageMeta, base *url.URL, pageURL string) string {
	for _, c := range []string{m.canonical, absURL(base, m.first("og:url"))} {
		if c == "" {
			continue
		}
		if u, err := url.Parse(c); err == nil && u.Host != "" {
			return c
		}
	}
	return pageURL
}

func normLang(lang, fallback string) string {
	l := strings.TrimSpace(lang)
	if l == "" {
		l = strings.TrimSpace(fallback)
	}
	l = strings.ReplaceAll(l, "_", "-")
	if i := strings.IndexAny(l, ",; "); i >= 0 {
		l = l[:i]
	}
	return strings.ToLower(l)
}

// sanitize guarantees valid UTF-8 with no NUL bytes in every text field,
// so the archive never stores bytes an analyst's tools choke on.
func sanitize(a *Article) {
	fix := func(s string) string {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		return strings.ReplaceAll(s, "\x00", "")
	}
	a.Headline, a.Standfirst, a.Body = fix(a.Headline), fix(a.Standfirst), fix(a.Body)
	a.Section, a.Language, a.ImageURL = fix(a.Section), fix(a.Language), fix(a.ImageURL)
	for i := range a.Authors {
		a.Authors[i] = fix(a.Authors[i])
	}
	for i := range a.Tags {
		a.Tags[i] = fix(a.Tags[i])
	}
	for i := range a.Related {
		a.Related[i].Title = fix(a.Related[i].Title)
	}
}

var _ = errors.New

// ldBodyCompletes reports a JSON-LD articleBody that is clearly longer than
// the visible body and contains nearly all of it: not stale, not truncated.
func ldBodyCompletes(ld, visible string) bool {
	// Counted before the word lists are built: most articleBodies are no
	// longer than the visible text, and the lists cost a pass and a
	// string per word. countWords(s) == len(words(s)): lower-casing never
	// turns a letter or digit into anything else.
	ln, vn := countWords(ld), countWords(visible)
	if ln < 50 || float64(ln) < 1.8*float64(vn)+20 {
		return false
	}
	if vn == 0 {
		return true
	}
	lw, vw := words(ld), words(visible)
	have := make(map[string]int, len(lw))
	for _, w := range lw {
		have[w]++
	}
	found := 0
	for _, w := range vw {
		if have[w] > 0 {
			have[w]--
			found++
		}
	}
	return float64(found) >= 0.9*float64(len(vw))
}

// ldBodyContinues reports an articleBody much longer than the visible
// text that shares none of its paragraphs: it starts after them.
func ldBodyContinues(ld string, visible []string) bool {
	if len(visible) == 0 || len(visible) > 3 {
		return false
	}
	ln, vn := countWords(ld), countWords(strings.Join(visible, " "))
	if ln < 150 || float64(ln) < 3*float64(vn) {
		return false
	}
	for _, v := range visible {
		if strings.Contains(ld, v) {
			return false
		}
	}
	return true
}

// ldParagraphs splits an articleBody into paragraphs on its line breaks.
func ldParagraphs(s string) string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n") {
		if p = collapse(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// proseParagraphs counts <p> elements under n that read as prose: long,
// ending a sentence, and not mostly link text.
func proseParagraphs(n *html.Node) int {
	count := 0
	each(n, func(c *html.Node) bool {
		if c.DataAtom != atom.P {
			return true
		}
		t := textOf(c)
		if utf8.RuneCountInString(t) >= 80 && endsSentence(t) && linkDensity(c, t) < 0.2 {
			count++
		}
		return false
	})
	return count
}

// nextArticle is the <article> element of the first <h1> after the
// headline that stands in an <article> of its own, apart from the one
// holding the headline: an infinite-scroll page appends the next story,
// headline and text, as a sibling of the first, and both may fall in the
// box chosen for the text. nil when the headline is in no <article>.
func nextArticle(root, h1 *html.Node) *html.Node {
	own := closestArticle(h1)
	if own == nil {
		return nil
	}
	var next *html.Node
	h1After(root, h1, func(n *html.Node) bool {
		art := closestArticle(n)
		if art != nil && !ancestorOrSelf(art, own) && !ancestorOrSelf(own, art) {
			next = art
		}
		return next != nil
	})
	return next
}

// h1After calls take with each <h1> after h1 in document order, whose
// title differs from h1's (a sticky header's copy of the title is no
// other story), until take returns true; it returns that <h1> or nil.
func h1After(root, h1 *html.Node, take func(*html.Node) bool) *html.Node {
	title := normTitle(textOf(h1))
	var found *html.Node
	seen := false
	each(root, func(n *html.Node) bool {
		if found != nil {
			return false
		}
		if n == h1 {
			seen = true
			return false
		}
		if seen && n.DataAtom == atom.H1 {
			if t := textOf(n); t != "" && normTitle(t) != title && take(n) {
				found = n
			}
			return false
		}
		return true
	})
	return found
}

func closestArticle(n *html.Node) *html.Node {
	for p := n; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.DataAtom == atom.Article {
			return p
		}
	}
	return nil
}

// nextHeadline is the first <h1> after the article's own headline that
// lies outside the chosen container: the start of another article.
func nextHeadline(root, h1 *html.Node, c *containerSet) *html.Node {
	if h1 == nil {
		return nil
	}
	return h1After(root, h1, func(n *html.Node) bool { return !c.core(n) })
}

// ampStory is the <amp-story> of a Web Story (an AMP page, <html ⚡> or
// <html amp>, whose body holds the deck), or nil.
func ampStory(root *html.Node) *html.Node {
	h := findFirst(root, atom.Html)
	if h == nil || !hasAttr(h, "⚡") && !hasAttr(h, "amp") {
		return nil
	}
	b := findFirst(h, atom.Body)
	if b == nil {
		return nil
	}
	for c := b.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "amp-story" {
			return c
		}
	}
	return nil
}
