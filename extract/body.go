package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// block is one run of inline content: a paragraph, heading, list item, or
// the loose text of a container between its block children.
type block struct {
	node      *html.Node // element owning the inline content
	text      string
	linkChars int
	heading   bool
	// next is, for loose text cut from a container's inline run, the
	// element that ended the run: where in the container it stood.
	next *html.Node
}

func (b *block) density() float64 {
	if len(b.text) == 0 {
		return 0
	}
	d := float64(b.linkChars) / float64(len(b.text))
	if d > 1 {
		return 1
	}
	return d
}

// segmenter cuts a subtree into blocks, skipping what skip says to.
type segmenter struct {
	skip   func(*html.Node) bool
	blocks []*block
	// inLink counts the links wrapping the subtree being cut: a card
	// whose <a> wraps a heading and a summary is link text throughout.
	inLink int
}

func (s *segmenter) run(n *html.Node) {
	var buf strings.Builder
	link := 0
	flush := func(next *html.Node) {
		if n.DataAtom == atom.Pre && strings.IndexByte(buf.String(), '\n') >= 0 {
			// Preformatted text keeps its lines: a fact box, a poem,
			// a listing written as lines, not one run.
			lines := strings.Split(strings.Trim(buf.String(), "\n"), "\n")
			for _, l := range lines {
				if t := collapse(l); t != "" {
					lc := min(link, len(t))
					if s.inLink > 0 {
						lc = len(t)
					}
					s.blocks = append(s.blocks, &block{node: n, text: t, linkChars: lc, next: next})
				}
			}
			buf.Reset()
			link = 0
			return
		}
		t := collapse(buf.String())
		if t != "" {
			if s.inLink > 0 {
				link = len(t)
			}
			s.blocks = append(s.blocks, &block{node: n, text: t, linkChars: link, heading: isHeading(n.DataAtom), next: next})
		}
		buf.Reset()
		link = 0
	}
	brs := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				brs = 0
			}
			buf.WriteString(c.Data)
			continue
		case html.ElementNode:
		default:
			continue
		}
		if c.DataAtom == atom.Br {
			brs++
			if brs >= 2 {
				flush(nil)
			}
			buf.WriteByte(' ')
			continue
		}
		brs = 0
		if s.skip(c) {
			if isBlockTag(c.DataAtom) {
				flush(c)
			}
			continue
		}
		if isBlockTag(c.DataAtom) || containsBlock(c) || breaksParagraphs(c) {
			flush(c)
			wrap := c.DataAtom == atom.A && hasAttr(c, "href")
			if wrap {
				s.inLink++
			}
			s.run(c)
			if wrap {
				s.inLink--
			}
			continue
		}
		link += appendInline(&buf, c, s.skip, false)
	}
	flush(nil)
}

// before reports a block above h in document order: an element before
// it, or loose text of one of h's ancestors that ends at or before the
// branch holding h ("<article><span>Fact check</span><h1>…").
func (b *block) before(h *html.Node) bool {
	if b.next != nil && ancestorOrSelf(b.node, h) {
		return ancestorOrSelf(b.next, h) || precedes(b.next, h)
	}
	return precedes(b.node, h)
}

// linkCard reports an inline element that is a card of links tucked inside
// a sentence (a hover card of "more about this person" headlines, shown
// only by CSS): three or more links and mostly link text, and no smaller
// element inside it that is such a card itself.
func linkCard(n *html.Node) bool {
	if n.DataAtom == atom.A || !cardShaped(n) {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && cardShaped(c) {
			return false // the card is further down: keep this element's own text
		}
	}
	return true
}

func cardShaped(n *html.Node) bool {
	links := countTags(n, atom.A, 3)
	if links < 3 {
		return false
	}
	t := textOf(n)
	return len(t) > 0 && float64(linkTextLen(n)) > 0.7*float64(len(t))
}

// appendInline writes the visible text under n and returns how much of
// it sits inside links, counted on the same text (hidden parts of a link,
// such as a pop-up card, must not inflate the density).
func appendInline(b *strings.Builder, n *html.Node, skip func(*html.Node) bool, inLink bool) int {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		if inLink {
			return len(strings.TrimSpace(n.Data))
		}
		return 0
	case html.ElementNode:
		if n.DataAtom == atom.Br {
			b.WriteByte(' ')
			return 0
		}
		if skip(n) || linkCard(n) {
			return 0
		}
		if n.DataAtom == atom.Sup && footnoteMark(n) || n.DataAtom == atom.A && backLink(n) {
			return 0
		}
		if n.DataAtom == atom.A && hasAttr(n, "href") {
			inLink = true
		}
	default:
		return 0
	}
	link := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		link += appendInline(b, c, skip, inLink)
	}
	return link
}

// footnoteMark reports a footnote's number in the text: a superscript
// that is only a link to a note on the same page ("<sup><a
// href="#fn1">1</a></sup>", "[2]"), as footnote plugins, wikis and
// Markdown converters write it. Its digits would read as part of the
// sentence ("the 1970s.1").
func footnoteMark(n *html.Node) bool {
	var link *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.ElementNode && c.DataAtom == atom.A && link == nil:
			link = c
		case c.Type == html.TextNode && strings.Trim(c.Data, " []()") == "":
		default:
			return false
		}
	}
	if link == nil || !strings.HasPrefix(attr(link, "href"), "#") {
		return false
	}
	t, short := shortText(link, 6)
	return short && t != ""
}

// backLinkText are the arrows of a note's link back to its place in the
// text.
var backLinkText = map[string]bool{"↩": true, "↩\ufe0e": true, "↩\ufe0f": true, "↑": true, "^": true, "⤴": true}

// backLink reports a footnote's link back to the text: an arrow linking to
// an anchor on the same page.
func backLink(n *html.Node) bool {
	if !strings.HasPrefix(attr(n, "href"), "#") {
		return false
	}
	t, short := shortText(n, 8)
	return short && backLinkText[t]
}

// breaksParagraphs reports an inline element (<font>, <span>) whose own
// children part text with two line breaks in a row: pages written before
// CSS wrap the whole text in one <font> and part its paragraphs with
// <br><br>, so the element is a container of paragraphs, not a run of
// one. Breaks that only end the element's text part nothing.
func breaksParagraphs(n *html.Node) bool {
	if n.DataAtom == atom.Br || n.FirstChild == nil {
		return false
	}
	brs, before := 0, false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.ElementNode && c.DataAtom == atom.Br:
			brs++
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "", c.Type == html.CommentNode:
		default:
			if brs >= 2 && before {
				return true
			}
			brs, before = 0, true
		}
	}
	return false
}

// containsBlock reports an inline element wrapping block content, as in
// <a><div>…</div></a> or <span><p>…</p></span>.
func containsBlock(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (isBlockTag(c.DataAtom) || containsBlock(c)) {
			return true
		}
	}
	return false
}

// notHeadlineRegion reports n holds no <h1>: a region holding the page's
// headline is the article or the page, whatever its class list mentions
// ("showCommentsIcon"). Asked last, only of what would be a widget: it
// walks the whole subtree.
func notHeadlineRegion(n *html.Node) bool { return findFirst(n, atom.H1) == nil }

// skipForScore drops only what can never be article text.
func skipForScore(n *html.Node) bool {
	return isChrome(n) || widgetish(n)
}

// widgetish reports elements that look like page widgets by their names
// or their form controls, with little text of their own.
func widgetish(n *html.Node) bool {
	if n.DataAtom == atom.Body || n.DataAtom == atom.Html {
		return false
	}
	switch classHint(n) {
	case hintStrongNoise:
		// A comment thread is a widget however long.
		if hasStrongComments(n) {
			return notHeadlineRegion(n)
		}
		t := textOf(n)
		prose := proseParagraphs(n)
		return (utf8.RuneCountInString(t) < 1500 && prose < 3 || linkDensity(n, t) > 0.4 && prose < 3) && notHeadlineRegion(n)
	case hintNoise:
		if n.DataAtom == atom.A && inSentence(n) {
			// A link named with a weak widget word ("auto-tag_…") amid
			// the words of a sentence is one of them.
			return false
		}
		if isHeading(n.DataAtom) && n.DataAtom != atom.H1 && headsProse(n) {
			// "gallery-item-title" over the item's paragraphs: a
			// subheading of the text, however its list is named.
			return false
		}
		t := textOf(n)
		// A wrapper with a widget word ("container-with-sidebar",
		// "disable-read-more") that holds paragraphs of prose is a page
		// wrapper, link-heavy as the whole page may be.
		return (utf8.RuneCountInString(t) < 200 || linkDensity(n, t) > 0.6 && proseParagraphs(n) < 3) && notHeadlineRegion(n)
	}
	if n.DataAtom == atom.Form || n.DataAtom == atom.Fieldset {
		return utf8.RuneCountInString(textOf(n)) < 500
	}
	return false
}

// headsProse reports a heading whose next element holds a paragraph of
// prose.
func headsProse(n *html.Node) bool {
	c := nextElementSibling(n)
	return c != nil && classHint(c) != hintStrongNoise && (c.DataAtom == atom.P || c.DataAtom == atom.Div) && proseParagraphs(c) > 0
}

// inSentence reports an inline element with text of its own on both
// sides, in the same parent: a part of running text.
func inSentence(n *html.Node) bool {
	return wordBeside(n, func(c *html.Node) *html.Node { return c.PrevSibling }) &&
		wordBeside(n, func(c *html.Node) *html.Node { return c.NextSibling })
}

func wordBeside(n *html.Node, step func(*html.Node) *html.Node) bool {
	for c := step(n); c != nil; c = step(c) {
		switch {
		case c.Type == html.TextNode:
			if strings.TrimSpace(c.Data) != "" {
				return true
			}
		case c.Type == html.ElementNode && (isBlockTag(c.DataAtom) || c.DataAtom == atom.Br):
			return false
		}
	}
	return false
}

func hasStrongComments(n *html.Node) bool {
	found := false
	eachNameToken(n, func(t []byte) {
		switch string(t) {
		case "comment", "comments", "disqus":
			found = true
		}
	})
	return found
}

// containerSet is the chosen top element plus qualifying siblings.
type containerSet struct {
	top      *html.Node
	siblings map[*html.Node]bool
	// wide is an ancestor of top whose other paragraphs of the article's
	// own shape (sig) belong to the text too: articles split into several
	// containers around ads and embeds.
	wide *html.Node
	sig  string
	// lead holds paragraphs of the article's shape between the headline
	// and the container: a lead set apart from the rest of the text.
	lead map[*html.Node]bool
	// items are the entries of a listicle after the container, each a
	// heading and its paragraphs (see noiseBetween).
	items map[*html.Node]bool
	// cards are paragraphs of the wide shape that summarise other
	// stories (see teaserCard).
	cards map[*html.Node]bool
}

// findLead marks paragraphs shaped like the body's (tag and class, and
// their parent's) that sit after the headline and before the container.
func (cs *containerSet) findLead(blocks []*block, h1 *html.Node) {
	if cs.sig == "" || h1 == nil {
		return
	}
	sigs := map[string]int{}
	for _, b := range blocks {
		if goodPara(b) && inContainer(cs, b.node) {
			sigs[leadSig(b.node)]++
		}
	}
	want, n := "", 0
	for s, c := range sigs {
		if c > n || c == n && s < want {
			want, n = s, c
		}
	}
	seen := false
	for _, b := range blocks {
		if inContainer(cs, b.node) {
			return
		}
		if !seen {
			if seen = precedes(h1, b.node); !seen {
				continue
			}
		}
		if leadSig(b.node) == want && utf8.RuneCountInString(b.text) >= 40 && b.density() < 0.3 {
			if cs.lead == nil {
				cs.lead = map[*html.Node]bool{}
			}
			cs.lead[b.node] = true
		}
	}
}

// precedes reports whether a comes before b in document order (and is
// not its ancestor).
func precedes(a, b *html.Node) bool {
	ca := commonAncestor(a, b)
	if ca == a || ca == b {
		return false
	}
	var ea, eb *html.Node
	for p := a; p != ca; p = p.Parent {
		ea = p
	}
	for p := b; p != ca; p = p.Parent {
		eb = p
	}
	for c := ea; c != nil; c = c.NextSibling {
		if c == eb {
			return true
		}
	}
	return false
}

func inContainer(c *containerSet, n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p == c.top || c.siblings[p] {
			return true
		}
	}
	if c.wide != nil && c.sig != "" && blockSig(n) == c.sig && ancestorOrSelf(c.wide, n) && !c.cards[n] || c.lead[n] {
		return true
	}
	// A listicle's items are text throughout: their headings too.
	for p := n; p != nil && len(c.items) > 0; p = p.Parent {
		if c.items[p] {
			return true
		}
	}
	return false
}

// core reports n inside the top container or its qualifying siblings.
func (c *containerSet) core(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p == c.top || c.siblings[p] {
			return true
		}
	}
	return false
}

// blockSig is a paragraph's shape: its tag and class.
func blockSig(n *html.Node) string {
	c := strings.TrimSpace(attr(n, "class"))
	if i := strings.IndexAny(c, " \t\n"); i >= 0 {
		c = c[:i] // "paragraph speakable" is still a "paragraph"
	}
	return n.Data + "." + c
}

// leadSig is blockSig with the parent's shape: a lead shares its
// wrapper's kind with the paragraphs, a dek (<div class=summary><p>) not.
func leadSig(n *html.Node) string {
	sig := blockSig(n)
	if p := n.Parent; p != nil {
		sig += "<" + blockSig(p)
	}
	return sig
}

func goodPara(b *block) bool {
	return !b.heading && utf8.RuneCountInString(b.text) >= 80 && b.density() < 0.2 && endsSentence(b.text)
}

// widen looks up to four levels above the container for more paragraphs
// of the same shape as the container's own, outside it: when there are at
// least two, the article continues in cousin containers.
func widen(cs *containerSet, blocks []*block) {
	// The article's shape is the commonest among its paragraphs; on a
	// tie, the one carrying more text: as many summary bullets (<li>)
	// above the paragraphs do not outvote them.
	sigs := map[string]int{}
	weight := map[string]int{}
	for _, b := range blocks {
		if goodPara(b) && inContainer(cs, b.node) {
			sigs[blockSig(b.node)]++
			weight[blockSig(b.node)] += len(b.text)
		}
	}
	best, n := "", 0
	for s, c := range sigs {
		if c > n || c == n && (weight[s] > weight[best] || weight[s] == weight[best] && s < best) {
			best, n = s, c
		}
	}
	if n < 2 {
		return
	}
	cs.sig = best
	var heads map[*html.Node]bool
	p := cs.top
	for level := 0; level < 4 && p.Parent != nil && p.Parent.Type == html.ElementNode; level++ {
		p = p.Parent
		if p.DataAtom == atom.Body || p.DataAtom == atom.Html {
			break
		}
		extra := 0
		var items []*html.Node
		for _, b := range blocks {
			if goodPara(b) && blockSig(b.node) == best && !inContainer(cs, b.node) && ancestorOrSelf(p, b.node) && !truncated(b.text) && !teaserCard(b.node, p) {
				if heads == nil {
					heads = headedElements(blocks)
				}
				noisy, item := noiseBetween(b.node, p, heads)
				if !noisy {
					extra++
					if item != nil {
						items = append(items, item)
					}
				}
			}
		}
		if extra >= 2 {
			cs.wide = p
			cs.cards = nil
			for _, b := range blocks {
				if blockSig(b.node) == best && !cs.core(b.node) && ancestorOrSelf(p, b.node) && teaserCard(b.node, p) {
					if cs.cards == nil {
						cs.cards = map[*html.Node]bool{}
					}
					cs.cards[b.node] = true
				}
			}
			for _, it := range items {
				if cs.items == nil {
					cs.items = map[*html.Node]bool{}
				}
				cs.items[it] = true
			}
		}
	}
}

// teaserCard reports a paragraph that is the summary on a card for
// another story: an element a few levels up, below top, also holds a
// linked title and a time stamp (or a link to an author page) outside
// the paragraph. Article paragraphs do not sit beside dated headlines.
func teaserCard(n, top *html.Node) bool {
	q := n.Parent
	for i := 0; i < 3 && q != nil && q != top && q.Type == html.ElementNode; i++ {
		if q.DataAtom == atom.Body {
			return false
		}
		var title, stamp bool
		seen := 0
		each(q, func(c *html.Node) bool {
			if c == n || seen > 200 {
				return false
			}
			seen++
			switch c.DataAtom {
			case atom.Time:
				stamp = true
				return false
			case atom.A:
				if hasToken(strings.ToLower(attr(c, "rel")), "author") {
					stamp = true
				} else if !title && hasAttr(c, "href") {
					t, _ := shortText(c, 200)
					title = strings.Count(t, " ") >= 3
				}
				return false
			}
			return true
		})
		if seen > 200 {
			return false
		}
		if title && stamp {
			return true
		}
		q = q.Parent
	}
	return false
}

// truncated reports a teaser's summary cut short ("… with new ...").
func truncated(t string) bool {
	return strings.HasSuffix(t, "...") || strings.HasSuffix(t, "…")
}

// headedElements marks the elements, up to four levels above, of each
// heading that is not a link: the items of a listicle have one, cards of
// teasers a linked title.
func headedElements(blocks []*block) map[*html.Node]bool {
	m := map[*html.Node]bool{}
	for _, b := range blocks {
		if !b.heading || b.density() >= 0.5 {
			continue
		}
		p := b.node
		for i := 0; i < 4 && p != nil && p.Type == html.ElementNode; i++ {
			m[p] = true
			p = p.Parent
		}
	}
	return m
}

// noiseBetween reports n under an element named like a widget below
// top: names above top are shared with the chosen container and tell
// nothing ("masthead" wrapping a whole page). It also returns the item
// of a listicle holding n: an element with a heading of its own,
// repeated at least three times in shape among its siblings (slides,
// numbered entries). A weak widget word above such items ("slideshow",
// "gallery") names how the text is shown, not a widget.
func noiseBetween(n, top *html.Node, heads map[*html.Node]bool) (bool, *html.Node) {
	var item *html.Node
	weak := false
	for p := n.Parent; p != nil && p != top && p.Type == html.ElementNode; p = p.Parent {
		switch classHint(p) {
		case hintStrongNoise:
			return true, nil
		case hintNoise:
			if item == nil {
				weak = true
			}
		}
		if item == nil && heads[p] && repeats(p, 3) {
			item = p
		}
	}
	return weak, item
}

// repeats reports n has at least k siblings, itself included, of its
// tag and class.
func repeats(n *html.Node, k int) bool {
	c := attr(n, "class")
	if c == "" || n.Parent == nil {
		return false
	}
	same := 0
	for s := n.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode && s.DataAtom == n.DataAtom && s.Data == n.Data && attr(s, "class") == c {
			if same++; same >= k {
				return true
			}
		}
	}
	return false
}

// pickContainer scores ancestors of paragraph-like blocks as Readability
// does (a paragraph feeds its parent fully, grandparent half, then less) and
// returns the best, widened by siblings that carry article text too.
func pickContainer(blocks []*block) *containerSet {
	score := map[*html.Node]float64{}
	content := map[*html.Node]float64{} // paragraph-fed part of score, without name and tag bonuses
	paras := map[*html.Node]int{}
	// Text and link lengths per element, summed from the blocks (so from
	// what the segmenter kept), instead of re-walking each candidate.
	textLen := map[*html.Node]int{}
	linkLen := map[*html.Node]int{}
	for _, b := range blocks {
		for p := b.node; p != nil && p.Type == html.ElementNode; p = p.Parent {
			textLen[p] += len(b.text)
			linkLen[p] += b.linkChars
		}
	}
	density := func(n *html.Node) float64 {
		if textLen[n] == 0 {
			return 0
		}
		return min(1, float64(linkLen[n])/float64(textLen[n]))
	}
	noisy := map[*html.Node]bool{}
	var order []*html.Node
	for _, b := range blocks {
		n := utf8.RuneCountInString(b.text)
		if n < 25 || b.heading || b.density() > 0.5 {
			continue
		}
		s := 1 + float64(strings.Count(b.text, ",")+strings.Count(b.text, "، ")+strings.Count(b.text, "，")) + min(float64(n/100), 3)
		s *= 1 - b.density()
		// Text under a container named like chrome ("footer-disclaimer",
		// "sidebar-widget") counts for little: legal boilerplate is long
		// and full of commas, and must not outscore a short article.
		if underNoiseMemo(b.node, noisy) {
			s *= 0.25
		}
		level := 0
		for p := b.node; p != nil && p.Type == html.ElementNode && level < 5; p = p.Parent {
			if _, ok := score[p]; !ok {
				order = append(order, p)
				score[p] = initialScore(p)
			}
			div := 1.0
			switch level {
			case 0:
				div = 1
			case 1:
				div = 2
			default:
				div = float64(level * 3)
			}
			score[p] += s / div
			content[p] += s / div
			paras[p]++
			level++
		}
	}
	var top *html.Node
	best := 0.0
	for _, n := range order {
		sc := score[n]
		// A tag or a name ("article", "content") vouches for the text
		// under it, and is no text itself: on a container of a line or
		// two its bonus counts in proportion.
		if bonus := sc - content[n]; bonus > 0 && textLen[n] < nameBonusText {
			sc -= bonus * (1 - float64(textLen[n])/nameBonusText)
		}
		s := sc * (1 - density(n))
		score[n] = s
		if s > best {
			top, best = n, s
		}
	}
	if top == nil {
		return nil
	}
	top = unite(top, best, order, score, paras)
	// A <p> alone is rarely the whole article: climb to its container.
	for top.DataAtom == atom.P || top.DataAtom == atom.Li || top.DataAtom == atom.Blockquote || top.DataAtom == atom.Span || top.DataAtom == atom.A {
		if top.Parent == nil || top.Parent.Type != html.ElementNode {
			break
		}
		top = top.Parent
	}
	cs := &containerSet{top: top, siblings: map[*html.Node]bool{}}
	if top.Parent == nil {
		return cs
	}
	defer widen(cs, blocks)
	threshold := max(10, best*0.2)
	before := true
	for s := top.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s == top {
			before = false
			continue
		}
		if s.Type != html.ElementNode {
			continue
		}
		// Siblings qualify on their paragraphs, or as repeats of the top
		// container's own shape (text split around an ad); a name bonus
		// alone, as on "entry-summary", must not pull a dek into the body.
		ld := density(s)
		switch {
		case content[s]*(1-ld) >= threshold,
			paras[s] >= 1 && ld < 0.5 && sameShape(s, top),
			score[s] >= threshold && paras[s] >= 2 && ld < 0.5:
			cs.siblings[s] = true
			continue
		}
		// A lone paragraph just before the text is as often the dek as
		// the lead: only paragraphs after it join on shape alone.
		if s.DataAtom == atom.P && !before {
			t := textOf(s)
			if n := utf8.RuneCountInString(t); n > 80 && ld < 0.25 || n > 0 && n <= 80 && ld == 0 && endsSentence(t) {
				cs.siblings[s] = true
			}
		}
	}
	return cs
}

// unite climbs from top to the nearest ancestor holding three of the
// other best-scored elements when they score close to it, as
// Readability does: an article whose paragraphs each sit in their own
// wrapper (split around ads and embeds) scores in pieces.
func unite(top *html.Node, best float64, order []*html.Node, score map[*html.Node]float64, paras map[*html.Node]int) *html.Node {
	var alts [4]*html.Node // the next four candidates, best first
	for _, n := range order {
		if score[n] < uniteRatio*best || paras[n] > uniteParas || ancestorOrSelf(n, top) || ancestorOrSelf(top, n) {
			continue
		}
		for i := range alts {
			if alts[i] == nil || score[n] > score[alts[i]] {
				copy(alts[i+1:], alts[i:])
				alts[i] = n
				break
			}
		}
	}
	if alts[uniteMin-1] == nil {
		return top
	}
	for p := top.Parent; p != nil && p.Type == html.ElementNode && p.DataAtom != atom.Body; p = p.Parent {
		k := 0
		for _, a := range alts {
			if a != nil && a != p && ancestorOrSelf(p, a) {
				k++
			}
		}
		if k >= uniteMin {
			return p
		}
		if p.DataAtom == atom.Article {
			break // one article's pieces share its <article>
		}
	}
	return top
}

// A candidate joins the others when it scores uniteRatio of the best and
// is fed by at most uniteParas paragraphs; uniteMin of them make a text.
const (
	uniteRatio = 0.75
	uniteParas = 3
	uniteMin   = 3
)

// nameBonusText is how much text (bytes) a container needs for the bonus
// of its tag and name to count in full.
const nameBonusText = 500

func sameShape(a, b *html.Node) bool {
	return a.DataAtom == b.DataAtom && attr(a, "class") != "" && attr(a, "class") == attr(b, "class")
}

// underNoiseMemo is underNoise remembering the answer for every element
// on the way up: siblings share their ancestors.
func underNoiseMemo(n *html.Node, memo map[*html.Node]bool) bool {
	// Classes on <body> and <html> describe the page ("navigation-border",
	// "has-sidebar"), not a widget around the text.
	if n == nil || n.Type != html.ElementNode || n.DataAtom == atom.Body || n.DataAtom == atom.Html {
		return false
	}
	if v, ok := memo[n]; ok {
		return v
	}
	h := classHint(n)
	v := h == hintNoise || h == hintStrongNoise || underNoiseMemo(n.Parent, memo)
	memo[n] = v
	return v
}

func underNoise(n *html.Node) bool {
	// A content word lower down ("footer-text") does not rescue text
	// from a chrome-named ancestor.
	for p := n; p != nil && p.Type == html.ElementNode && p.DataAtom != atom.Body; p = p.Parent {
		if h := classHint(p); h == hintNoise || h == hintStrongNoise {
			return true
		}
	}
	return false
}

func initialScore(n *html.Node) float64 {
	s := 0.0
	switch n.DataAtom {
	case atom.Article:
		s = 10
	case atom.Main:
		s = 5
	case atom.Div, atom.Section:
		s = 5
	case atom.Pre, atom.Td, atom.Blockquote:
		s = 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		s = -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		s = -5
	}
	if strings.EqualFold(attr(n, "itemprop"), "articleBody") {
		s += 30
	}
	switch classHint(n) {
	case hintContent:
		s += 25
	case hintStrongNoise, hintNoise:
		s -= 25
	}
	return s
}

// onlySymbols reports text made only of symbols such as emoji and spaces
// (not punctuation: "***" is a section break).
func onlySymbols(t string) bool {
	for _, r := range t {
		if r != ' ' && r != 0xFE0F && r != 0x200D && !unicode.Is(unicode.So, r) {
			return false
		}
	}
	return true
}

func endsSentence(t string) bool {
	t = strings.TrimRight(t, " \"'’”»)")
	if t == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".!?…:;。！？", r)
}

// keepBlock filters the blocks of the chosen container. headline is the
// normalised headline (normTitle), so a repeat of it is dropped.
func keepBlock(b *block, headline string) bool {
	t := b.text
	n := utf8.RuneCountInString(t)
	if n == 0 {
		return false
	}
	if headline != "" && len(t) >= len(headline)/2 && len(t) <= 2*len(headline)+8 && normTitle(t) == headline {
		return false
	}
	if b.density() > 0.5 && !(b.heading && b.density() < 1) {
		return false
	}
	if b.node.DataAtom == atom.Pre {
		return true // a line of preformatted text: code, a fact box
	}
	if n <= 3 && onlySymbols(t) {
		return false // a callout's or a list's emoji icon ("💡"), alone
	}
	// A table's header cell is a column's name ("Share", "Print run",
	// "Email"), not a widget's label.
	if n < 120 && b.node.DataAtom != atom.Th && boilerplateText.MatchString(strings.TrimRight(t, " :.!»›→>")) {
		return false
	}
	if n < 300 && isWidgetText(t) {
		return false
	}
	if n < 300 && teaserLine.MatchString(t) {
		return false
	}
	if n < 400 && containsAny(t, captionNeedles) && captionLine.MatchString(t) {
		return false
	}
	if n < 500 && strings.Contains(t, "no role in") && sponsoredNote.MatchString(t) {
		return false
	}
	if n < 80 && looksLikeByline(t) {
		return false
	}
	if n < 60 && !endsSentence(t) && parseLooseDate(t) != "" && !inQuote(b.node) {
		return false
	}
	// "Autor: Anna Nowak Opublikowano: 04.06.2025 08:45", "Haber Merkezi
	// Yayınlanma: 03.05.2024 10:15", "By Jane Doe, Health Correspondent
	// Friday, March 14, 2025": the byline and the page's stamps on one
	// line, the label or the byline first, the date after: no sentence.
	if n < 120 && !endsSentence(t) && hasYear(t) && (stampLabel.MatchString(t) || n < 100 && bylinePrefix.MatchString(t)) && parseLooseDate(t) != "" && !inQuote(b.node) {
		return false
	}
	// "Updated at 1:23 p.m.", "Published 3 hours ago": a time stamp line.
	if n < 60 && hasDigit(t) && leadingDateWord.MatchString(t) {
		return false
	}
	// "Publié le 13/03/2025 à 19h42, mis à jour le 14/03/2025 à 08h15":
	// both stamps on one line, longer, still no sentence.
	if n < 120 && leadingDateWord.MatchString(t) && !endsSentence(t) && parseLooseDate(t) != "" {
		return false
	}
	return true
}

// inQuote reports an element inside a <blockquote>: a quoted post's
// signature and date ("— Name (@handle) May 1, 2019") belong to the
// quote, not to the page's chrome.
func inQuote(n *html.Node) bool { return hasAncestor(n, atom.Blockquote) }

// teaserLine matches a link to another story set in the text under a
// label: "READ MORE: Family pleads for …", "Lire aussi : …".
var teaserLine = regexp.MustCompile(`(?i)^(exclusive)?(read more|see also|also read|lesen sie auch|lire aussi|à lire aussi|leer también|lee también|leggi anche)\s*:\s*\S`)

// captionLine matches a picture's caption set as a paragraph: it ends
// with the picture's credit ("… on the peninsula. Credit: IMO.") or opens
// with it ("PHOTO BY JANE DOE …", "[Image via …]").
var captionLine = regexp.MustCompile(`(?i)(\b(photo |image )?credits?\s*:\s*[^.:]{2,60}\.?\s*$|^\W*(photo by|photos by|submitted photo|\[?(image|photo|photos|images) via)\b)`)

// captionNeedles are fragments one of which every captionLine match
// holds (first letters left off, for case).
var captionNeedles = []string{"redit", "REDIT", "hoto", "HOTO", "mage", "MAGE"}

// sponsoredNote matches the note that the newsroom had no part in a
// sponsored text.
var sponsoredNote = regexp.MustCompile(`\bhad no role in the (creation|preparation|production)\b`)

// missionLine matches the publisher's mission statement set under every
// story ("The Company's primary journalistic mission is to …"). Only at
// the foot: in the text, "The agency's mission is to …" is reporting.
var missionLine = regexp.MustCompile(`(?i)^\W*(the )?\S+( \S+){0,3}(’s|'s) (primary |journalistic |editorial )*mission is\b`)

// stampLabel matches a publication or update label set before a date
// anywhere in a line ("… · Actualizado 14 oct 2025", "Opublikowano:
// 04.06.2025").
var stampLabel = regexp.MustCompile(`(?i)(^|[\s·|,•])(published|updated|last updated|posted|modified|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|atualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|opublikowano|aktualizacja|zaktualizowano|yayınlanma|yayınlama|güncelleme|güncellenme|publicerad|uppdaterad|udgivet|opdateret|publisert|oppdatert|julkaistu|päivitetty|publikováno|aktualizováno|опубликовано|обновлено|опубліковано|оновлено|δημοσίευση|ενημέρωση|diterbitkan|diperbarui|diterbitkan pada|dikemaskini|publicat|actualizat|objavljeno|ažurirano|објављено|ажурирано|imechapishwa)\s*(:|\s(on|am|le|el|il|em|op|o|в|о)\s)?\s*\p{N}`)

var leadingDateWord = regexp.MustCompile(`(?i)^(last )?(updated|published|posted|modified|first published|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato)([^\pL\pN]|$)`)

// widgetNeedles are fragments every widgetText match contains (first
// letters left off, for case): a cheap test before the regexp.
var widgetNeedles = []string{"bonnez", "bonnieren", "uscríbete", "uscribete", "ookie", "ewsletter", "ubscri", "avascript", "rowser", "ollow us", "ights reserved", "©", "y clicking", "y continuing", "y using", "ign up", "ermission to load", "onsider becoming", "eader-funded", "eader-supported"}

func mayBeWidgetText(t string) bool { return containsAny(t, widgetNeedles) }

// isWidgetText reports a cookie, newsletter or script notice.
func isWidgetText(t string) bool { return mayBeWidgetText(t) && widgetText.MatchString(t) }

// trimTail drops trailing short non-sentences (credits, tag labels) that
// follow the last paragraph; list items are content and stop it.
func trimTail(out []*block) []*block {
	for len(out) > 0 {
		b := out[len(out)-1]
		if b.node.DataAtom != atom.Li && utf8.RuneCountInString(b.text) < 40 && !endsSentence(b.text) {
			out = out[:len(out)-1]
			continue
		}
		if len(b.text) < 700 && mayBeBio(b.text) && authorBio.MatchString(b.text) {
			out = out[:len(out)-1]
			continue
		}
		if i := bioBefore(out); i >= 0 {
			out = out[:i]
			continue
		}
		if len(b.text) < 500 && strings.Contains(b.text, "mission is") && missionLine.MatchString(b.text) {
			out = out[:len(out)-1]
			continue
		}
		if len(b.text) < 400 && mayBeFootLine(b.text) && (creditLine.MatchString(b.text) || len(b.text) < 260 && footPromo.MatchString(b.text)) {
			out = out[:len(out)-1]
			continue
		}
		break
	}
	return out
}

// bioBefore finds a note on the writer among the last blocks whose
// followers all open with the same person's name and quote no one
// ("Jane Doe is a reporter at …", then "Jane graduated from …"): the
// index of the note, or -1.
func bioBefore(out []*block) int {
	for i := len(out) - 2; i >= 0 && i >= len(out)-3; i-- {
		t := out[i].text
		if len(t) >= 700 || !mayBeBio(t) || !authorBio.MatchString(t) {
			continue
		}
		name := strings.Fields(t)[:2]
		for _, b := range out[i+1:] {
			f := strings.Fields(b.text)
			if len(b.text) >= 700 || len(f) == 0 || f[0] != name[0] && f[0] != name[1] || reported(b.text) {
				return -1
			}
		}
		return i
	}
	return -1
}

// reported reports text quoting someone: reporting, not a note on the
// writer.
func reported(t string) bool {
	return strings.Contains(t, " said") || strings.Contains(t, " says") || strings.Contains(t, " told")
}

// creditLine matches the reporting credits that close a wire or
// newspaper story ("Reporting by …; Editing by …", "Jane Doe contributed
// to this report.", "Texto: Jane Doe. Fotografía: John Roe."): a byline
// at the foot of the text.
var creditLine = regexp.MustCompile(`(?i)^\W*((additional )?(reporting|writing|editing) by\b|contributing:|(text|texto|texte|testo|tekst|words)\s*:\s*\p{Lu}[^.!?]{0,60}([.,;|/]?\s+\pL+( \pL+)?\s*:\s*\p{Lu}[^.!?]{0,60})*\.?$)|\bcontributed (additional )?(reporting|to this (report|story|article))\b`)

// footPromo matches the lines a site sets under every story: how to
// reach or follow the writer, newsletter and comment prompts, share
// prompts and widget stubs ("Like Loading..."), and the app, donation
// and subscription offers ("Download the … app for breaking news
// alerts", "Support our work", "Unlimited access from €1. Cancel
// anytime.").
var footPromo = regexp.MustCompile(`(?i)\b(may|can) be reached at\b|^\W*(contact|email|reach) .{0,80}\b(at|via)\b.{0,40}(@|\.com)|\bfollow (\S+ ){0,5}on (facebook|twitter|instagram|x|snapchat|threads|tiktok|linkedin|youtube)\b|\b(to|in|into) your inbox\b|^(like loading|comments are closed|have a tip\b|read the original article on|tell us what you think)|^like this( story| article| post)?[?:!]|share it with (a|your) friends?|^\W*(for more( information)?|to learn more|to find out more)\b.{0,100}\b(visit|stream|go to|click)\b|^\W*(download|get|install) (the|our) (free )?(\S+ ){0,4}app\b|\bsupport (our|independent|local) (work|journalism|reporting|newsroom)\b|\bunlimited (digital )?access\b|\bcancel (at )?any ?time\b`)

// authorBio matches the note on the writer that closes a story: a name,
// then what the person does for a living ("Jane Doe is a contributing
// editor at …", "Jean Dupont est journaliste …").
var authorBio = regexp.MustCompile(`^\W*\p{Lu}[\p{L}.'’-]+( \p{Lu}[\p{L}.'’-]+){0,3},? (is|was|ist|est|es) (a |an |the |ein |eine |un |une )?[^.!?]{0,60}\b(?i:writer|editor|reporter|correspondent|journalist|analyst|producer|columnist|contributor|freelancer|author|redakteur|redakteurin|journalistin|korrespondent|korrespondentin|autor|autorin|journaliste|rédacteur|rédactrice|correspondant|correspondante|periodista|redactor|redactora|corresponsal)`)

// mayBeBio is a cheap test before authorBio.
func mayBeBio(s string) bool { return containsAny(s, bioWords) }

var bioWords = []string{" is ", " was ", " ist ", " est ", " es "}

// mayBeFootLine is a cheap test before creditLine and footPromo: each of
// their matches holds one of these words.
func mayBeFootLine(s string) bool { return containsAny(strings.ToLower(s), footWords) }

var footWords = []string{"by", "contribut", "text", "testo", "tekst", "words", "reach", "contact", "email", "follow", "inbox", "like", "comments", "tip", "original", "tell us", "share", "more", "app", "support", "unlimited", "cancel"}

// texts returns the blocks' text, each a paragraph, except that the
// cells of one table row share a line ("30-year fixed | 6.10% | −0.12"):
// a table read cell by cell, one per paragraph, no longer says which
// figure belongs to which row.
func texts(bs []*block) []string {
	out := make([]string, 0, len(bs))
	var row, cell *html.Node
	for _, b := range bs {
		tr := cellRow(b.node)
		if tr != nil && tr == row && b.node != cell {
			out[len(out)-1] += " | " + b.text
		} else {
			out = append(out, b.text)
		}
		row, cell = tr, b.node
	}
	return out
}

// cellRow is the row of a table cell, or nil for any other element.
func cellRow(n *html.Node) *html.Node {
	if (n.DataAtom == atom.Td || n.DataAtom == atom.Th) && n.Parent != nil && n.Parent.DataAtom == atom.Tr {
		return n.Parent
	}
	return nil
}

func sameText(a, b string) bool {
	return normTitle(a) == normTitle(b)
}

// pullQuotes finds the pull quotes among the kept blocks: a quote box
// (<blockquote>, <aside>, <figure>) whose sentence repeats one of the
// text's own paragraphs word for word, set large beside them for the
// eye, in the same run of text. The box goes whole, its attribution
// line with it.
func pullQuotes(kept []*block) map[*html.Node]bool {
	var drop map[*html.Node]bool
	var plain []string // the words of each block, joined, built on demand
	for i, b := range kept {
		if b.heading || len(b.text) < 40 {
			continue
		}
		q := quoteBox(b.node)
		if q == nil || drop[q] {
			continue
		}
		if plain == nil {
			plain = make([]string, len(kept))
		}
		key := plainWords(b.text)
		// The key's two longest words, looked for in a paragraph's text
		// (case folded) before its word list is built: a paragraph whose
		// words hold the key holds both, and most paragraphs do not.
		long, next := longestWords(key)
		for j, o := range kept {
			// The paragraph repeated is the text's own (not another quote
			// box: two embedded posts share a signature line), in the same
			// run of text as the box (a reply quoting an earlier post is
			// in a post of its own).
			if j == i || len(o.text) < len(b.text) || !ancestorOrSelf(q.Parent, o.node) || quoteBox(o.node) != nil {
				continue
			}
			if plain[j] == "" {
				if !containsFold(o.text, long) || !containsFold(o.text, next) {
					continue
				}
				plain[j] = plainWords(o.text)
			}
			if strings.Contains(plain[j], key) {
				if drop == nil {
					drop = map[*html.Node]bool{}
				}
				drop[q] = true
				break
			}
		}
	}
	return drop
}

// quoteBox is the <blockquote>, <aside> or <figure> a few levels above
// n, or nil.
func quoteBox(n *html.Node) *html.Node {
	for p, i := n, 0; p != nil && i < 4; p, i = p.Parent, i+1 {
		switch p.DataAtom {
		case atom.Blockquote, atom.Aside, atom.Figure:
			return p
		}
	}
	return nil
}

// longestWords are the two longest of the space-separated words of a
// plainWords key ("" when it has fewer).
func longestWords(key string) (long, next string) {
	for _, w := range strings.Fields(key) {
		switch {
		case len(w) > len(long):
			long, next = w, long
		case len(w) > len(next) && w != long:
			next = w
		}
	}
	return long, next
}

// containsFold reports whether strings.ToLower(s) contains the
// lower-case word w, without lower-casing s when w is ASCII (foldPrefix
// at each byte; a non-ASCII letter of s that lowers to ASCII, as the
// Kelvin sign does, sends the test the long way).
func containsFold(s, w string) bool {
	if w == "" {
		return true
	}
	if !asciiOnly(w) {
		return strings.Contains(strings.ToLower(s), w)
	}
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			if r, _ := utf8.DecodeRuneInString(s[i:]); unicode.ToLower(r) < utf8.RuneSelf {
				return strings.Contains(strings.ToLower(s), w)
			}
			continue
		}
		if foldPrefix(s[i:], w) {
			return true
		}
	}
	return false
}

// plainWords is s's words, lower case, each between spaces.
func plainWords(s string) string {
	return " " + strings.Join(words(s), " ") + " "
}

// without drops the blocks under any of boxes.
func without(bs []*block, boxes map[*html.Node]bool) []*block {
	out := bs[:0:0]
	for _, b := range bs {
		in := false
		for p := b.node; p != nil && !in; p = p.Parent {
			in = boxes[p]
		}
		if !in {
			out = append(out, b)
		}
	}
	return out
}
