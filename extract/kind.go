package extract

import (
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var errorTitle = regexp.MustCompile(`(?i)\b(404|403|410|500|503|not found|page not found|access denied|forbidden|error|server error|nicht gefunden|introuvable|no encontrada|are you a robot|attention required|just a moment|verify you are human|captcha|consent|cookie(s)? (settings|preferences))\b`)

// teaserLinks counts links whose text reads like a headline.
func teaserLinks(root *html.Node) int {
	n, _ := teaserLinksIn(root, nil)
	return n
}

// teaserLinksIn counts the teaser links under root, and those under
// sub as well, in one walk: teaserLinks(root) and teaserLinks(sub).
func teaserLinksIn(root, sub *html.Node) (all, inSub int) {
	if sub != nil && hasAncestor(sub, atom.A) {
		// A walk from root stops at that link; one from sub does not.
		return teaserLinks(root), teaserLinks(sub)
	}
	var walk func(n *html.Node, in bool)
	walk = func(n *html.Node, in bool) {
		for e := n.FirstChild; e != nil; e = e.NextSibling {
			if e.Type != html.ElementNode {
				continue
			}
			if e.DataAtom == atom.A {
				if hasWords(e, 4) {
					all++
					if in {
						inSub++
					}
				}
				continue
			}
			walk(e, in || e == sub)
		}
	}
	walk(root, root == sub)
	return all, inSub
}

// classify decides article, index or other from metadata and text shape.
func classify(m *pageMeta, pageURL string, headline string, bodyWords, teasersInBody, teasersOnPage int, dated, authored bool) Kind {
	ogType := strings.ToLower(m.first("og:type"))
	articleMeta := m.ld != nil || ogType == "article" || strings.HasPrefix(ogType, "article") || m.first("article:published_time") != ""
	indexMeta := false
	for _, t := range m.ldTypes {
		switch strings.ToLower(t) {
		case "collectionpage", "itemlist", "searchresultspage", "profilepage":
			indexMeta = true
		}
	}
	if u, err := url.Parse(pageURL); err == nil && (u.Path == "" || u.Path == "/") && u.RawQuery == "" {
		indexMeta = true
	}
	if ogType == "website" && !articleMeta {
		indexMeta = true
	}
	title := m.title
	if bodyWords < 120 && errorTitle.MatchString(title) && !articleMeta {
		return KindOther
	}
	if m.ld == nil && !articleMeta && productPage(ogType, m.ldTypes) {
		// A shop's product page has a headline, prose and a date too;
		// the publisher's own metadata says it is for sale, not news.
		return KindOther
	}
	ldArticle := m.ld != nil
	switch {
	case ldArticle && headline != "":
		// The publisher says "this is an article" in JSON-LD: keep it even
		// when the visible text could not be read (a script-built page),
		// for its headline, dates and summary.
		return KindArticle
	case articleMeta && bodyWords >= 40 && teasersInBody < 10:
		return KindArticle
	case indexMeta && teasersOnPage >= 5:
		return KindIndex
	case headline != "" && bodyWords >= 60 && teasersInBody < 3 && dated && authored:
		// A brief without article metadata (a wire story of a few
		// paragraphs, an older site): the page's own date and byline
		// under a headline say it is one story, however many teasers for
		// others surround it.
		return KindArticle
	case headline != "" && bodyWords >= 150 && teasersInBody < 5 && (dated || authored || articleLikePath(pageURL)):
		// Without article metadata, prose alone is not enough: an "About"
		// or "Contact" page has it too, but no date, no byline and a
		// one-word path.
		return KindArticle
	case articleMeta && headline != "" && (bodyWords >= 40 || teasersOnPage < 5):
		return KindArticle
	case teasersOnPage >= 5:
		return KindIndex
	}
	return KindOther
}

// productPage reports Open Graph or JSON-LD metadata naming the page a
// product (og:type "product", "product.item", or a schema.org Product).
func productPage(ogType string, ldTypes []string) bool {
	if ogType == "product" || strings.HasPrefix(ogType, "product.") {
		return true
	}
	for _, t := range ldTypes {
		if strings.EqualFold(t, "product") {
			return true
		}
	}
	return false
}

// articleLikePath reports URL paths shaped like an article's: a date, a
// numeric id, or a slug of several words.
func articleLikePath(pageURL string) bool {
	u, err := url.Parse(pageURL)
	if err != nil {
		return false
	}
	p := strings.Trim(u.Path, "/")
	if dateFromURL(pageURL) != "" {
		return true
	}
	for _, seg := range strings.Split(p, "/") {
		digits := 0
		for _, r := range seg {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if digits >= 5 || strings.Count(seg, "-")+strings.Count(seg, "_") >= 3 {
			return true
		}
	}
	return false
}
