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
	if s, ok := plainAbsURL(base, href); ok {
		return s
	}
	return parseAbsURL(base, href)
}

// parseAbsURL is absURL's general path, through url.Parse; href is
// trimmed and neither empty nor a fragment.
func parseAbsURL(base *url.URL, href string) string {
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

// plainAbsURL is absURL without url.Parse for the two shapes most links
// have: an http(s) URL and a path from the site's root, written in
// characters that parsing, resolving and printing leave as they are. It
// returns false for anything else, which the full resolution handles;
// the result is what that resolution returns (pageLinks resolves every
// link of the page, and parsing each was a twentieth of the extraction).
func plainAbsURL(base *url.URL, href string) (string, bool) {
	var host, rest string
	switch {
	case strings.HasPrefix(href, "https://"):
		host, rest = href[len("https://"):], ""
	case strings.HasPrefix(href, "http://"):
		host, rest = href[len("http://"):], ""
	case len(href) > 1 && href[0] == '/' && href[1] != '/' && href[1] != '\\':
		rest = href
	default:
		return "", false
	}
	if rest == "" {
		// the host: letters, digits, dots and hyphens, no port or user
		i := 0
		for ; i < len(host); i++ {
			c := host[i]
			if c == '/' || c == '?' || c == '#' {
				break
			}
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-') {
				return "", false
			}
		}
		if i == 0 {
			return "", false
		}
		rest = host[i:]
		if len(rest) > 0 && rest[0] != '/' {
			return "", false
		}
	}
	// The path: characters that need no escaping, no "." or ".." segment.
	i := 0
	for ; i < len(rest); i++ {
		c := rest[i]
		if c == '?' || c == '#' {
			break
		}
		if !pathByte(c) {
			return "", false
		}
		if c == '.' && rest[i-1] == '/' {
			j := i + 1
			if j < len(rest) && rest[j] == '.' {
				j++
			}
			if j == len(rest) || rest[j] == '/' || rest[j] == '?' || rest[j] == '#' {
				return "", false
			}
		}
	}
	// The query is kept as written; the fragment is dropped, once it is
	// known to parse (no escapes in it).
	end := len(rest)
	for j := i; j < len(rest); j++ {
		c := rest[j]
		if c <= ' ' || c >= 0x7f {
			return "", false
		}
		if c == '#' && end == len(rest) {
			end = j
		}
		if c == '%' && end < len(rest) {
			return "", false
		}
	}
	if len(href) > len(rest) {
		// an http(s) URL: printed back as it was written
		return href[:len(href)-len(rest)+end], true
	}
	if base == nil || base.Scheme != "http" && base.Scheme != "https" || base.User != nil || base.Opaque != "" || !plainHost(base.Host) {
		return "", false
	}
	return base.Scheme + "://" + base.Host + rest[:end], true
}

// pathByte reports a byte a URL path keeps unescaped through url.Parse
// and URL.String.
func pathByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '_', '.', '~', '/', '$', '&', '+', ',', ':', ';', '=', '@':
		return true
	}
	return false
}

// plainHost reports a host URL.String prints as it is: a name of
// letters, digits, dots and hyphens, with a port or without.
func plainHost(h string) bool {
	if h == "" {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == ':') {
			return false
		}
	}
	return true
}
