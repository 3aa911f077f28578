package extract

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// dateValue is a date as the page states it: RFC 3339 with the page's own
// offset, or a bare day when no time (or no offset) was given.
type dateValue struct {
	value  string
	source string
}

// rfcOffset always writes the numeric offset, so +00:00 stays as stated.
const rfcOffset = "2006-01-02T15:04:05-07:00"

var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05-0700",
	"2006-01-02T15:04:05.999999999-0700",
	"2006-01-02T15:04-07:00",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05-07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02T15:04:05.999999999 -0700",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC822Z,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon Jan 2 15:04:05 -0700 2006",
}

var noZoneLayouts = []string{
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02",
	"2006/01/02 15:04:05",
	"20060102",
	"January 2, 2006",
	"Jan 2, 2006",
}

// parseDate reads a machine-readable date (metadata, datetime attributes).
func parseDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return ""
	}
	for _, l := range isoLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return formatTime(t, l)
		}
	}
	for _, l := range noZoneLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return dayOnly(t)
		}
	}
	return parseLooseDate(s)
}

func formatTime(t time.Time, layout string) string {
	if !plausible(t) {
		return ""
	}
	// A named zone that Go could not resolve (e.g. "EST" on RFC1123) parses
	// with offset 0 but a name; the day is right, the offset unknown.
	if name, off := t.Zone(); off == 0 && name != "UTC" && name != "GMT" && name != "" && strings.Contains(layout, "MST") {
		return dayOnly(t)
	}
	return t.Format(rfcOffset)
}

func dayOnly(t time.Time) string {
	if !plausible(t) {
		return ""
	}
	return t.Format("2006-01-02")
}

func plausible(t time.Time) bool {
	return t.Year() >= 1995 && t.Year() <= 2100
}

var months = map[string]time.Month{}

func init() {
	names := [][]string{
		{"january", "jan", "januar", "janvier", "enero", "gennaio", "januari", "janeiro", "jänner", "ene", "gen", "janv", "sty", "styczeń", "stycznia"},
		{"february", "feb", "februar", "février", "fevrier", "febrero", "febbraio", "februari", "fevereiro", "févr", "fev", "lut", "luty", "lutego"},
		{"march", "mar", "märz", "mars", "marzo", "maart", "março", "marco", "mär", "mrz", "marca", "marzec"},
		{"april", "apr", "avril", "abril", "aprile", "avr", "abr", "kwi", "kwiecień", "kwietnia"},
		{"may", "mai", "mayo", "maggio", "mei", "maio", "mag", "maj", "maja"},
		{"june", "jun", "juni", "juin", "junio", "giugno", "junho", "giu", "cze", "czerwiec", "czerwca"},
		{"july", "jul", "juli", "juillet", "julio", "luglio", "julho", "juil", "lug", "lip", "lipiec", "lipca"},
		{"august", "aug", "août", "aout", "agosto", "augustus", "ago", "sie", "sierpień", "sierpnia"},
		{"september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro", "set", "wrz", "wrzesień", "września"},
		{"october", "oct", "oktober", "octobre", "octubre", "ottobre", "outubro", "okt", "ott", "out", "paź", "październik", "października"},
		{"november", "nov", "novembre", "noviembre", "novembro", "lis", "listopad", "listopada"},
		{"december", "dec", "dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro", "dez", "déc", "dic", "gru", "grudzień", "grudnia"},
	}
	for i, ns := range names {
		for _, n := range ns {
			months[n] = time.Month(i + 1)
		}
	}
}

var (
	reISODay    = regexp.MustCompile(`\b((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b`)
	reDMYNum    = regexp.MustCompile(`\b(\d{1,2})[./](\d{1,2})[./]((?:19|20)\d\d)\b`)
	reDayMonth  = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?([\p{L}]{3,12})\.?,?\s+(?:de\s+)?((?:19|20)\d\d)\b`)
	reMonthDay  = regexp.MustCompile(`(?i)\b([\p{L}]{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b`)
	reClock     = regexp.MustCompile(`\b(\d{1,2})[:.](\d{2})\s*(am|pm|AM|PM|a\.m\.|p\.m\.)?`)
	reURLDate   = regexp.MustCompile(`/((?:19|20)\d\d)/(\d{1,2}|[a-z]{3})/(\d{1,2})(?:/|$|[-_])`)
	reURLDate8  = regexp.MustCompile(`[/_-]((?:19|20)\d\d)(\d\d)(\d\d)[/_.-]`)
	reURLDate2  = regexp.MustCompile(`/((?:19|20)\d\d)-(\d\d)-(\d\d)(?:/|[-_])`)
	reDateWords = regexp.MustCompile(`(?i)\b(published|updated|posted|modified|last updated|first published|veröffentlicht|aktualisiert|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato)\b`)
)

// parseLooseDate finds a calendar day written in text: "13 December 2021",
// "Dec. 13, 2021", "2021-12-13", "13.12.2021". The result is a bare day:
// text rarely states its offset.
func parseLooseDate(s string) string {
	if len(s) > 300 {
		s = s[:300]
	}
	mk := func(y, m, d int) string {
		if m < 1 || m > 12 || d < 1 || d > 31 {
			return ""
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d {
			return ""
		}
		return dayOnly(t)
	}
	if m := reISODay.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		if v := mk(y, mo, d); v != "" {
			return v
		}
	}
	if m := reDayMonth.FindStringSubmatch(s); m != nil {
		if mo, ok := months[strings.ToLower(m[2])]; ok {
			d, _ := strconv.Atoi(m[1])
			y, _ := strconv.Atoi(m[3])
			if v := mk(y, int(mo), d); v != "" {
				return v
			}
		}
	}
	if m := reMonthDay.FindStringSubmatch(s); m != nil {
		if mo, ok := months[strings.ToLower(m[1])]; ok {
			d, _ := strconv.Atoi(m[2])
			y, _ := strconv.Atoi(m[3])
			if v := mk(y, int(mo), d); v != "" {
				return v
			}
		}
	}
	if m := reDMYNum.FindStringSubmatch(s); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		// Day first, as most of the world writes it; swap only when that
		// cannot be a month.
		if mo > 12 && d <= 12 {
			d, mo = mo, d
		}
		if v := mk(y, mo, d); v != "" {
			return v
		}
	}
	return ""
}

func dateFromURL(u string) string {
	for _, re := range []*regexp.Regexp{reURLDate, reURLDate2, reURLDate8} {
		m := re.FindStringSubmatch(strings.ToLower(u))
		if m == nil {
			continue
		}
		y, _ := strconv.Atoi(m[1])
		mo, err := strconv.Atoi(m[2])
		if err != nil {
			mm, ok := months[m[2]]
			if !ok {
				continue
			}
			mo = int(mm)
		}
		d, _ := strconv.Atoi(m[3])
		if mo < 1 || mo > 12 || d < 1 || d > 31 {
			continue
		}
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Day() == d {
			return dayOnly(t)
		}
	}
	return ""
}

// notAfter drops dates later than the fetch (a day of slack for zones).
func notAfter(v string, fetched time.Time) bool {
	if v == "" {
		return false
	}
	day := v
	if len(day) > 10 {
		day = day[:10]
	}
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return false
	}
	return !t.After(fetched.Add(24 * time.Hour))
}

type dateFinder struct {
	meta    *pageMeta
	h1      *html.Node
	article *html.Node // the article's root: common ancestor of headline and body
	fetched time.Time
	pageURL string
}

// published ranks the sources: JSON-LD, publication metadata, microdata,
// <time> near the headline, byline text, then the URL path.
func (d *dateFinder) published() dateValue {
	ok := func(v string) bool { return v != "" && notAfter(v, d.fetched) }
	if ld := d.meta.ld; ld != nil {
		if v := parseDate(ld.DatePublished); ok(v) {
			return dateValue{v, "json-ld"}
		}
	}
	for _, k := range []string{"article:published_time", "og:published_time", "article:published", "datepublished",
		"pubdate", "publishdate", "publish-date", "publish_date", "published_time", "published-date", "date.published",
		"sailthru.date", "parsely-pub-date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created", "dc.date.created",
		"date", "citation_publication_date", "citation_date", "article.published", "originalpublicationdate", "cxenseparse:recs:publishtime", "article_date_original", "displaydate", "publication_date", "og:article:published_time", "timestamp"} {
		for _, raw := range d.meta.all(k) {
			if v := parseDate(raw); ok(v) {
				src := "meta"
				if strings.HasPrefix(k, "article:") || strings.HasPrefix(k, "og:") {
					src = "opengraph"
				}
				if k == "datepublished" {
					src = "microdata"
				}
				return dateValue{v, src}
			}
		}
	}
	if v := d.microdata("datePublished"); ok(v) {
		return dateValue{v, "microdata"}
	}
	if v, src := d.nearHeadline(); ok(v) {
		return dateValue{v, src}
	}
	if v := dateFromURL(d.pageURL); ok(v) {
		return dateValue{v, "url"}
	}
	return dateValue{}
}

func (d *dateFinder) modified() dateValue {
	if ld := d.meta.ld; ld != nil {
		if v := parseDate(ld.DateModified); v != "" && notAfter(v, d.fetched) {
			return dateValue{v, "json-ld"}
		}
	}
	for _, k := range []string{"article:modified_time", "og:updated_time", "article:modified", "datemodified", "last-modified", "dcterms.modified", "dc.date.modified", "lastmod", "parsely-updated-date"} {
		for _, raw := range d.meta.all(k) {
			if v := parseDate(raw); v != "" && notAfter(v, d.fetched) {
				src := "meta"
				if strings.HasPrefix(k, "article:") || strings.HasPrefix(k, "og:") {
					src = "opengraph"
				}
				return dateValue{v, src}
			}
		}
	}
	if v := d.microdata("dateModified"); v != "" && notAfter(v, d.fetched) {
		return dateValue{v, "microdata"}
	}
	return dateValue{}
}

func (d *dateFinder) microdata(prop string) string {
	if d.article == nil {
		return ""
	}
	var out string
	each(d.article, func(n *html.Node) bool {
		if out != "" {
			return false
		}
		if strings.EqualFold(attr(n, "itemprop"), prop) {
			for _, k := range []string{"datetime", "content"} {
				if v := parseDate(attr(n, k)); v != "" {
					out = v
					return false
				}
			}
			out = parseLooseDate(textOf(n))
		}
		return true
	})
	return out
}

// nearHeadline looks for <time> elements and dated byline text inside the
// article, after the headline: the masthead's "today" sits before it, and
// related teasers and comments sit inside links or far below.
func (d *dateFinder) nearHeadline() (string, string) {
	root := d.article
	if root == nil {
		return "", ""
	}
	seenH1 := d.h1 == nil
	var val, src string
	var textCandidates int
	each(root, func(n *html.Node) bool {
		if val != "" {
			return false
		}
		if n == d.h1 {
			seenH1 = true
			return false
		}
		if isChromeForDates(n) {
			return false
		}
		if !seenH1 {
			return true
		}
		if n.DataAtom == atom.Time {
			if inLink(n) {
				return false
			}
			if v := parseDate(attr(n, "datetime")); v != "" {
				val, src = v, "time"
				return false
			}
			if v := parseLooseDate(textOf(n)); v != "" {
				val, src = v, "time"
			}
			return false
		}
		// Short text leaves near the headline: "Published 13 December 2021".
		if textCandidates < 40 && !containsBlock(n) && isBlockOrSpan(n) {
			textCandidates++
			t := textOf(n)
			if len(t) < 160 && !inLink(n) {
				if v := parseLooseDate(t); v != "" {
					val, src = v, "byline"
					return false
				}
			}
		}
		return true
	})
	return val, src
}

func isBlockOrSpan(n *html.Node) bool {
	return isBlockTag(n.DataAtom) || n.DataAtom == atom.Span || n.DataAtom == atom.Small || n.DataAtom == atom.Em || n.DataAtom == atom.Strong || n.DataAtom == atom.B
}

func isChromeForDates(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Aside, atom.Footer, atom.Form, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.A:
		return true
	}
	if r := strings.ToLower(attr(n, "role")); chromeRoles[r] {
		return true
	}
	return hasStrongComments(n)
}

func inLink(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.A {
			return true
		}
	}
	return false
}
