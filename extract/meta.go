package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what the page declares about itself outside the visible text.
type pageMeta struct {
	props     map[string][]string // <meta property|name|itemprop> lower-cased keys, in page order
	canonical string
	lang      string
	title     string
	feeds     []string
	ld        *ldArticle
	ldTypes   []string // every JSON-LD @type on the page
	ldTexts   []string // raw JSON-LD blocks
	// Dates of a non-article JSON-LD node (WebPage), for pages that
	// describe no Article.
	ldPagePublished, ldPageModified string
	// Elements carrying microdata (itemprop) and RDFa (property) outside
	// <head>'s <meta>, gathered in this one walk so dates and authors need
	// no walks of their own.
	itemprops, rdfa []*html.Node
}

func (m *pageMeta) first(keys ...string) string {
	for _, k := range keys {
		for _, v := range m.props[k] {
			if v = collapse(v); v != "" {
				return v
			}
		}
	}
	return ""
}

func (m *pageMeta) all(key string) []string { return m.props[key] }

func readMeta(doc *html.Node, base *url.URL) *pageMeta {
	m := &pageMeta{props: map[string][]string{}}
	if h := findFirst(doc, atom.Html); h != nil {
		m.lang = attr(h, "lang")
		if m.lang == "" {
			m.lang = attr(h, "xml:lang")
		}
	}
	each(doc, func(n *html.Node) bool {
		for _, a := range n.Attr {
			switch {
			case a.Key == "itemprop":
				m.itemprops = append(m.itemprops, n)
			case a.Key == "property" && n.DataAtom != atom.Meta:
				m.rdfa = append(m.rdfa, n)
			}
		}
		switch n.DataAtom {
		case atom.Meta:
			content, ok := metaContent(n)
			if !ok {
				return false
			}
			for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
				if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" {
					m.props[key] = append(m.props[key], content)
				}
			}
			return false
		case atom.Link:
			rel := strings.ToLower(attr(n, "rel"))
			href := strings.TrimSpace(attr(n, "href"))
			switch {
			case hasToken(rel, "canonical") && m.canonical == "" && href != "":
				m.canonical = absURL(base, href)
			case hasToken(rel, "alternate") && href != "":
				t := strings.ToLower(attr(n, "type"))
				if strings.Contains(t, "rss") || strings.Contains(t, "atom") {
					m.feeds = append(m.feeds, absURL(base, href))
				}
			}
			return false
		case atom.Title:
			if m.title == "" && !inSVG(n) {
				m.title = textOfRaw(n)
			}
			return false
		case atom.Script:
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
				m.ldTexts = append(m.ldTexts, textOfRaw(n))
			}
			return false
		case atom.Style, atom.Svg:
			return false
		}
		return true
	})
	parseJSONLD(m)
	return m
}

// metaContent reads a <meta>'s value; microdata on <time>-like metas may use datetime.
func metaContent(n *html.Node) (string, bool) {
	for _, k := range []string{"content", "value", "datetime"} {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
	}
	return "", false
}

func textOfRaw(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.TrimSpace(b.String())
}

func inSVG(n *html.Node) bool { return hasAncestor(n.Parent, atom.Svg) }

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if f == tok {
			return true
		}
	}
	return false
}

// absURL resolves href against base, returning "" for links that lead
// nowhere a crawler or reader could follow.
func absURL(base *url.URL, href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}
