package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var (
	bylinePrefix  = regexp.MustCompile(`(?i)^\s*(written |posted |reported |text |words |story )?(by|von|par|por|di|door|av|af|de|przez|autor|author|auteur|autore|autora|text|texte)[:\s]+`)
	authorSplit   = regexp.MustCompile(`(?i)\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bog\b|\bi\b|\||/)\s*`)
	roleWords     = regexp.MustCompile(`(?i)\b(editor|correspondent|reporter|writer|columnist|contributor|staff|journalist|producer|analyst|chief|senior|political|economics|business|science|health|technology|international|diplomatic|deputy|news desk|desk|bureau|in [A-Z][a-z]+)\b.*$`)
	emailOrHandle = regexp.MustCompile(`\S+@\S+|@\w+|https?://\S+`)
)

// looksLikeByline reports short lines such as "By Jane Doe".
func looksLikeByline(t string) bool {
	return bylinePrefix.MatchString(t) && utf8.RuneCountInString(t) < 80 && len(words(t)) <= 10
}

// cleanAuthors turns byline strings into person names.
func cleanAuthors(raw []string, siteNames []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range raw {
		r = emailOrHandle.ReplaceAllString(collapse(r), "")
		r = bylinePrefix.ReplaceAllString(r, "")
		for _, part := range authorSplit.Split(r, -1) {
			p := strings.TrimSpace(part)
			p = bylinePrefix.ReplaceAllString(p, "")
			// "Jane Doe, Political Editor" has split already; drop trailing roles on the same part.
			if loc := roleWords.FindStringIndex(p); loc != nil {
				if loc[0] == 0 {
					continue // "Political Editor": a role, not a name
				}
				p = strings.TrimSpace(p[:loc[0]])
			}
			p = strings.Trim(p, " .,:;-–—|()[]")
			if !plausibleName(p) || isSiteName(p, siteNames) && len(siteNames) > 0 && len(words(p)) < 2 {
				continue
			}
			k := strings.ToLower(p)
			if !seen[k] {
				seen[k] = true
				out = append(out, p)
			}
		}
	}
	return out
}

func plausibleName(p string) bool {
	n := utf8.RuneCountInString(p)
	if n < 3 || n > 60 {
		return false
	}
	ws := strings.Fields(p)
	if len(ws) > 5 {
		return false
	}
	digits := 0
	for _, r := range p {
		if unicode.IsDigit(r) {
			digits++
		}
	}
	if digits > 0 {
		return false
	}
	if parseLooseDate(p) != "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p)
	return unicode.IsLetter(r)
}

// findAuthors ranks JSON-LD persons, then author metadata, then rel=author
// and itemprop=author elements, then a visible "By …" line near the headline.
func findAuthors(m *pageMeta, root, h1 *html.Node, names []string) ([]string, string) {
	if ld := m.ld; ld != nil && len(ld.Authors) > 0 {
		var persons, orgs []string
		for _, a := range ld.Authors {
			if a.Person {
				persons = append(persons, a.Name)
			} else {
				orgs = append(orgs, a.Name)
			}
		}
		if got := cleanAuthors(persons, names); len(got) > 0 {
			return got, "json-ld"
		}
		if got := cleanAuthors(orgs, nil); len(got) > 0 && visibleAuthors(root, h1, names) == nil {
			return got, "json-ld"
		}
	}
	for _, k := range []string{"author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author", "parsely-author", "byl", "citation_author", "cxenseparse:author"} {
		vals := m.all(k)
		var keep []string
		for _, v := range vals {
			if !strings.Contains(v, "://") && !strings.HasPrefix(v, "/") {
				keep = append(keep, v)
			}
		}
		if got := cleanAuthors(keep, names); len(got) > 0 {
			return got, "meta"
		}
	}
	if got := visibleAuthors(root, h1, names); len(got) > 0 {
		return got, "byline"
	}
	return nil, ""
}

func visibleAuthors(root, h1 *html.Node, names []string) []string {
	var raw []string
	each(root, func(n *html.Node) bool {
		if isChromeForDates(n) && n.DataAtom != atom.A {
			return false
		}
		ip := strings.ToLower(attr(n, "itemprop"))
		if ip == "author" || ip == "creator" || hasToken(strings.ToLower(attr(n, "rel")), "author") {
			t := ""
			// itemprop=author often wraps a itemprop=name
			each(n, func(c *html.Node) bool {
				if strings.EqualFold(attr(c, "itemprop"), "name") && t == "" {
					t = textOf(c)
					if t == "" {
						t = attr(c, "content")
					}
				}
				return t == ""
			})
			if t == "" {
				t = textOf(n)
			}
			if t == "" {
				t = attr(n, "content")
			}
			if t != "" && len(t) < 120 {
				raw = append(raw, t)
			}
			return false
		}
		return true
	})
	if got := cleanAuthors(raw, names); len(got) > 0 {
		return got
	}
	// A "By Jane Doe" line after the headline.
	if h1 == nil {
		return nil
	}
	var found []string
	seen := false
	count := 0
	each(root, func(n *html.Node) bool {
		if found != nil || count > 60 {
			return false
		}
		if n == h1 {
			seen = true
			return false
		}
		if !seen {
			return true
		}
		if isChromeForDates(n) && n.DataAtom != atom.A {
			return false
		}
		if containsBlock(n) {
			return true
		}
		count++
		t := textOf(n)
		if bylinePrefix.MatchString(t) && utf8.RuneCountInString(t) < 150 {
			// Cut at a date or a bar: "By Jane Doe | 13 Dec 2021".
			if i := strings.IndexAny(t, "|•·\n"); i > 0 {
				t = t[:i]
			}
			if loc := reDayMonth.FindStringIndex(t); loc != nil {
				t = t[:loc[0]]
			} else if loc := reMonthDay.FindStringIndex(t); loc != nil {
				t = t[:loc[0]]
			}
			if got := cleanAuthors([]string{t}, names); len(got) > 0 {
				found = got
			}
			return false
		}
		return true
	})
	return found
}
