package extract

import (
	"encoding/json"
	"regexp"
	"strings"
)

// ldArticle is the schema.org article node a page describes itself with.
type ldArticle struct {
	Type          string
	Headline      string
	Description   string
	DatePublished string
	DateModified  string
	Authors       []ldAuthor
	Section       string
	Keywords      []string
	Image         string
	Body          string
	URL           string
	FreeAccess    *bool
	Publisher     string
}

type ldAuthor struct {
	Name   string
	Person bool
}

// articleTypes are the schema.org types that mean "this page is an article".
var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "reportagenewsarticle": true, "analysisnewsarticle": true,
	"opinionnewsarticle": true, "reviewnewsarticle": true, "backgroundnewsarticle": true,
	"blogposting": true, "socialmediaposting": true, "liveblogposting": true, "report": true,
	"scholarlyarticle": true, "techarticle": true, "advertisertcontentarticle": true, "satiricalarticle": true,
	"medicalscholarlyarticle": true, "posting": true,
}

var siteTypes = map[string]bool{"website": true, "organization": true, "newsmediaorganization": true, "webpage": true}

var (
	trailingComma = regexp.MustCompile(`,\s*([}\]])`)
	looseLDDate   = regexp.MustCompile(`"datePublished"\s*:\s*"([^"]{8,40})"`)
)

func parseJSONLD(m *pageMeta) {
	var best *ldArticle
	bestScore := -1
	var publisher string
	var docs []any
	ids := map[string]map[string]any{}
	for _, raw := range m.ldTexts {
		raw = strings.TrimSpace(raw)
		raw = strings.TrimSuffix(strings.TrimPrefix(raw, "<!--"), "-->")
		raw = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(raw), "//<![CDATA["), "//]]>")
		vals := decodeLD(raw)
		if len(vals) == 0 {
			// Pages often carry raw control characters inside JSON strings,
			// or trailing commas.
			cleaned := strings.Map(func(r rune) rune {
				if r < 0x20 {
					return ' '
				}
				return r
			}, raw)
			vals = decodeLD(trailingComma.ReplaceAllString(cleaned, "$1"))
		}
		if len(vals) == 0 {
			// Broken JSON still states its dates plainly.
			if m.ldPagePublished == "" {
				if g := looseLDDate.FindStringSubmatch(raw); g != nil {
					m.ldPagePublished = g[1]
				}
			}
			continue
		}
		var v any = vals
		docs = append(docs, v)
		walkLD(v, 0, func(obj map[string]any) {
			if id, ok := obj["@id"].(string); ok && id != "" {
				ids[id] = obj
			}
		})
	}
	// Yoast and other generators name the author by reference:
	// "author": {"@id": "…#/schema/person/…"} with the Person elsewhere.
	for _, v := range docs {
		walkLD(v, 0, func(obj map[string]any) {
			types := ldTypes(obj)
			m.ldTypes = append(m.ldTypes, types...)
			isArticle := false
			for _, t := range types {
				lt := strings.ToLower(t)
				if articleTypes[lt] {
					isArticle = true
				}
				if (lt == "organization" || lt == "newsmediaorganization") && publisher == "" {
					publisher = ldString(obj["name"])
				}
			}
			if !isArticle {
				// Yoast and others date the WebPage, not an Article.
				if m.ldPagePublished == "" {
					m.ldPagePublished = ldString(obj["datePublished"])
				}
				if m.ldPageModified == "" {
					m.ldPageModified = ldString(obj["dateModified"])
				}
				return
			}
			a := toLDArticle(obj, types, ids)
			score := 0
			if a.Headline != "" {
				score += 2
			}
			if a.DatePublished != "" {
				score += 2
			}
			if a.Body != "" {
				score++
			}
			if len(a.Authors) > 0 {
				score++
			}
			if score > bestScore {
				best, bestScore = a, score
			}
		})
	}
	if best != nil && best.Publisher == "" {
		best.Publisher = publisher
	}
	m.ld = best
}

// decodeLD reads the JSON values of one script, stopping at the first
// error: a valid object followed by stray text still counts.
func decodeLD(raw string) []any {
	var out []any
	dec := json.NewDecoder(strings.NewReader(raw))
	for len(out) < 16 {
		var v any
		if err := dec.Decode(&v); err != nil {
			break
		}
		out = append(out, v)
	}
	return out
}

func walkLD(v any, depth int, fn func(map[string]any)) {
	if depth > 8 {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			walkLD(e, depth+1, fn)
		}
	case map[string]any:
		if _, ok := t["@type"]; ok {
			fn(t)
		}
		if g, ok := t["@graph"]; ok {
			walkLD(g, depth+1, fn)
		}
		if me, ok := t["mainEntity"]; ok {
			walkLD(me, depth+1, fn)
		}
	}
}

func ldTypes(obj map[string]any) []string {
	switch t := obj["@type"].(type) {
	case string:
		return []string{t}
	case []any:
		var out []string
		for _, e := range t {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func toLDArticle(obj map[string]any, types []string, ids map[string]map[string]any) *ldArticle {
	a := &ldArticle{Type: strings.Join(types, ",")}
	a.Headline = collapse(ldString(obj["headline"]))
	if a.Headline == "" {
		a.Headline = collapse(ldString(obj["name"]))
	}
	a.Description = collapse(ldString(obj["description"]))
	a.DatePublished = ldString(obj["datePublished"])
	if a.DatePublished == "" {
		a.DatePublished = ldString(obj["dateCreated"])
	}
	a.DateModified = ldString(obj["dateModified"])
	a.Section = collapse(ldString(obj["articleSection"]))
	a.Body = ldString(obj["articleBody"])
	a.URL = ldString(obj["url"])
	a.Image = ldURL(obj["image"])
	switch k := obj["keywords"].(type) {
	case string:
		for _, w := range strings.Split(k, ",") {
			if w = collapse(w); w != "" {
				a.Keywords = append(a.Keywords, w)
			}
		}
	case []any:
		for _, e := range k {
			if s := collapse(ldString(e)); s != "" {
				a.Keywords = append(a.Keywords, s)
			}
		}
	}
	switch f := obj["isAccessibleForFree"].(type) {
	case bool:
		a.FreeAccess = &f
	case string:
		b := !strings.EqualFold(f, "false")
		a.FreeAccess = &b
	}
	if p, ok := obj["publisher"].(map[string]any); ok {
		a.Publisher = collapse(ldString(p["name"]))
	}
	a.Authors = ldAuthors(obj["author"], ids, 0)
	if len(a.Authors) == 0 {
		a.Authors = ldAuthors(obj["creator"], ids, 0)
	}
	return a
}

func ldAuthors(v any, ids map[string]map[string]any, depth int) []ldAuthor {
	var out []ldAuthor
	if depth > 3 {
		return nil
	}
	switch t := v.(type) {
	case string:
		if s := collapse(t); s != "" {
			out = append(out, ldAuthor{Name: s, Person: true})
		}
	case []any:
		for _, e := range t {
			out = append(out, ldAuthors(e, ids, depth+1)...)
		}
	case map[string]any:
		if ref, ok := t["@id"].(string); ok && len(t) <= 2 && t["name"] == nil {
			if target, ok := ids[ref]; ok {
				return ldAuthors(target, ids, depth+1)
			}
		}
		name := collapse(ldString(t["name"]))
		if name == "" {
			given, family := ldString(t["givenName"]), ldString(t["familyName"])
			name = collapse(given + " " + family)
		}
		if name != "" {
			person := true
			for _, ty := range ldTypes(t) {
				if l := strings.ToLower(ty); l == "organization" || l == "newsmediaorganization" {
					person = false
				}
			}
			out = append(out, ldAuthor{Name: name, Person: person})
		}
	}
	return out
}

func ldString(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case []any:
		if len(t) > 0 {
			return ldString(t[0])
		}
	case map[string]any:
		if s, ok := t["@value"]; ok {
			return ldString(s)
		}
	case float64:
		return strings.TrimSpace(strings.TrimRight(strings.TrimRight(jsonNumber(t), "0"), "."))
	}
	return ""
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

func ldURL(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		if len(t) > 0 {
			return ldURL(t[0])
		}
	case map[string]any:
		if u := ldString(t["url"]); u != "" {
			return u
		}
		return ldString(t["contentUrl"])
	}
	return ""
}
