package extract

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// relatedHeading matches the labels of related-article blocks in several languages.
var relatedHeading = regexp.MustCompile(`(?i)^(related( articles| stories| content| news| posts| coverage| reading| links)?|more (on|about) (this|the) (story|topic|subject)|more on this|read (more|next|also)|see also|also read|further reading|you (may|might) (also )?(like|be interested in)|recommended( for you| stories| articles| reading)?|more (stories|from|in|like this|news)\b.*|lesen sie auch|mehr zum thema|das könnte sie auch interessieren|weitere artikel|à lire aussi|lire aussi|sur le même sujet|dans la même rubrique|leer más|lee también|te puede interesar|noticias relacionadas|relacionad[oa]s|leggi anche|articoli correlati|potrebbe interessarti|lees ook|gerelateerd|meer over dit onderwerp|meer (nieuws|berichten|artikelen)|czytaj także|zobacz też|läs också|les også|leia (também|mais)|veja (também|mais)|você (também )?(pode|vai) gostar|talvez você goste|saiba mais|mais (notícias|sobre o assunto)|artigos relacionados|ver também|también te puede interesar|quizás te interese|ti potrebbe interessare|vous aimerez aussi|à voir aussi|ähnliche artikel|auch interessant|polecamy|související( články| zprávy)?|súvisiace( články)?|kapcsolódó (cikkek|hírek)|relaterat|relaterade artiklar|relaterte saker|relaterede artikler|aiheeseen liittyvät|powiązane( artykuły)?|czytaj również|tin liên quan|bài liên quan|berita terkait|artikel terkait|[iİ]lgili haberler|benzer haberler|читайте також|читайте также|по теме|схожі (новини|матеріали)|похожие (новости|материалы)|σχετικά( άρθρα| θέματα)?|ข่าวที่เกี่ยวข้อง|関連記事|相关(新闻|文章|阅读)|관련 ?기사|cite[șs]te [șs]i|lue myös|habari zinazohusiana|berita berkaitan|basahin (din|rin)|notícies relacionades|relacionades|прочитајте (још|и)|повезане вести|pro[čc]itajte (jo[šs]|i)|povezane (vesti|vijesti)|আরও পড়ুন|مزید پڑھیں|متعلقہ خبریں)\W*$`)

// relatedNeedles are lower-case fragments one of which every
// relatedHeading match contains: a cheap test before the regexp.
var relatedNeedles = []string{"relat", "more", "read", "see ", "also", "recommend", "like", "interest", "lesen", "mehr", "artikel", "lire", "même", "rubrique", "leer", "lee ", "interesa", "noticias", "relacion", "leggi", "correlat", "potrebbe", "lees", "gerelateerd", "meer", "czytaj", "zobacz", "läs", "les ", "further", "leia", "veja", "gostar", "goste", "saiba", "mais", "ver ", "quizás", "aimerez", "à voir", "ähnliche", "interessant", "polecamy", "souvis", "súvis", "kapcsolód", "relater", "liittyv", "powiązane", "również", "liên quan", "terkait", "lgili", "benzer", "читайте", "по теме", "схожі", "похожие", "σχετικά", "เกี่ยวข้อง", "関連", "相关", "관련", "citește", "citeste", "lue ", "zinazohusiana", "berkaitan", "basahin", "прочитајте", "повезане", "pročitajte", "procitajte", "povezane", "আরও পড়ুন", "مزید پڑھیں", "متعلقہ"}

func mayBeRelatedHeading(t string) bool { return containsAny(strings.ToLower(t), relatedNeedles) }

// relatedStarts are the pairs of ASCII bytes a relatedHeading match can
// start with: most short texts of a page start otherwise and skip the
// regexp's tests.
var relatedStarts = startPairs(relatedHeading, nil)

// relatedStart reports text that a relatedHeading match can start with. A
// start beyond ASCII (à, ä, "lä", the fold ſ of s) is left to the regexp.
func relatedStart(b []byte) bool {
	if len(b) < 2 {
		return false // every phrase is longer
	}
	if b[0] >= utf8.RuneSelf || b[1] >= utf8.RuneSelf {
		return true
	}
	return relatedStarts.has(b[0], b[1])
}

// socialNames are socialHost's names, in its order.
var socialNames = []string{"facebook", "twitter", "x", "linkedin", "instagram", "pinterest", "reddit", "whatsapp", "t", "youtube", "tiktok", "telegram", "mailto", "flipboard", "tumblr"}

// isSocialHost is socialHost.MatchString(host) by hand for an ASCII host
// (the regexp, unanchored at the start, tried every position of every
// related link's host); (?i) folds k and s beyond ASCII, so others are
// left to it.
func isSocialHost(host string) bool {
	if !asciiOnly(host) {
		return socialHost.MatchString(host)
	}
	var rest string
	for _, tld := range []string{".com", ".me", ".co"} {
		if len(host) > len(tld) && strings.EqualFold(host[len(host)-len(tld):], tld) {
			rest = host[:len(host)-len(tld)]
			break
		}
	}
	if rest == "" {
		return false
	}
	for _, n := range socialNames {
		if i := len(rest) - len(n); i >= 0 && strings.EqualFold(rest[i:], n) && (i == 0 || rest[i-1] == '.') {
			return true
		}
	}
	return false
}

var socialHost = regexp.MustCompile(`(?i)(^|\.)(facebook|twitter|x|linkedin|instagram|pinterest|reddit|whatsapp|t|youtube|tiktok|telegram|mailto|flipboard|tumblr)\.(com|me|co)$`)

// findRelated returns the links of blocks labelled as related articles, in
// page order, skipping navigation, social and self links.
//
// It also returns the blocks' elements, for the body to leave out.
func findRelated(root *html.Node, base *url.URL, self string) ([]Link, map[*html.Node]bool, map[*html.Node]bool) {
	var out []Link
	teasers := map[*html.Node]bool{}
	seen := map[string]bool{self: true}
	used := map[*html.Node]bool{}
	var c collapser // one buffer for every element's text
	each(root, func(n *html.Node) bool {
		switch n.DataAtom {
		case atom.Nav, atom.Footer, atom.Script, atom.Style, atom.Template, atom.Noscript:
			return false
		}
		if r := strings.ToLower(attr(n, "role")); r == "navigation" || r == "contentinfo" {
			return false
		}
		if containsBlock(n) && !isHeading(n.DataAtom) {
			return true
		}
		// The first two bytes decide for most elements: read no more
		// of the text until they pass.
		if c.fits(n, 2) && !relatedStart(c.b) || len(c.b) > 2 && !relatedStart(c.b[:2]) {
			return false
		}
		if !c.fits(n, 240) || !relatedStart(c.b) || utf8.RuneCount(c.b) > 60 {
			return false
		}
		if t := string(c.b); !mayBeRelatedHeading(t) || !relatedHeading.MatchString(t) || inLink(n) && n.DataAtom != atom.A {
			return false
		}
		if p := n.Parent; p != nil && firstElement(p) == n && teaserArticles(p) {
			// The heading opens a run of whole posts, each its own
			// <article> ("You may also like" over excerpts): teasers,
			// however much prose they hold.
			teasers[p] = true
		}
		box := relatedBox(n)
		if box == nil || used[box] {
			return false
		}
		used[box] = true
		after := false
		each(box, func(c *html.Node) bool {
			if c == n || ancestorOrSelf(c, n) {
				after = true
				return false
			}
			if !after || c.DataAtom != atom.A {
				return true
			}
			if l, ok := relatedLink(c, base); ok && !seen[l.URL] {
				seen[l.URL] = true
				out = append(out, l)
			}
			return false
		})
		return false
	})
	return out, used, teasers
}

// teaserArticles reports an element holding two or more <article>
// elements: separate posts.
func teaserArticles(box *html.Node) bool { return countTags(box, atom.Article, 2) >= 2 }

// relatedBox climbs from a heading to the smallest ancestor holding at
// least two article-like links after it.
func relatedBox(h *html.Node) *html.Node {
	for p := h.Parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if p.DataAtom == atom.Body || p.DataAtom == atom.Main || p.DataAtom == atom.Html {
			return nil
		}
		links := 0
		after := false
		each(p, func(c *html.Node) bool {
			if ancestorOrSelf(c, h) || c == h {
				after = true
				return false
			}
			if after && c.DataAtom == atom.A && hasWords(c, 3) {
				links++
			}
			return c.DataAtom != atom.A
		})
		if links >= 2 {
			return p
		}
		if links == 1 && p.Parent != nil && p.Parent.DataAtom == atom.Body {
			return p
		}
	}
	return nil
}

func relatedLink(a *html.Node, base *url.URL) (Link, bool) {
	u := absURL(base, attr(a, "href"))
	if u == "" {
		return Link{}, false
	}
	pu, err := url.Parse(u)
	if err != nil || isSocialHost(pu.Hostname()) {
		return Link{}, false
	}
	if pu.Path == "" || pu.Path == "/" {
		return Link{}, false
	}
	title := ""
	// A teaser's own heading names it better than its kicker and summary.
	each(a, func(c *html.Node) bool {
		if isHeading(c.DataAtom) && title == "" {
			title = textOf(c)
		}
		return title == ""
	})
	if title == "" {
		title = textOf(a)
	}
	if title == "" {
		title = collapse(attr(a, "title"))
	}
	if countWords(title) < 2 {
		return Link{}, false
	}
	return Link{URL: u, Title: title}, true
}

// pageLinks lists every followable link in page order, once each.
func pageLinks(root *html.Node, base *url.URL) []string {
	var out []string
	seen := map[string]bool{}
	rawSeen := map[string]bool{}
	each(root, func(n *html.Node) bool {
		if n.DataAtom != atom.A && n.DataAtom != atom.Area {
			return true
		}
		if strings.Contains(strings.ToLower(attr(n, "rel")), "nofollow") {
			return true
		}
		href := attr(n, "href")
		if rawSeen[href] {
			return true // same text, same URL: skip the parse
		}
		rawSeen[href] = true
		if u := absURL(base, href); u != "" && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
		return true
	})
	return out
}
