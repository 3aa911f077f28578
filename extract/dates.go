package extract

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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
	// Java's Date.toString(), which some CMSs print into JSON-LD.
	time.UnixDate,
	// Months and days without their zero: "2022-1-26T14:32:06+02:00".
	"2006-1-2T15:04:05Z07:00",
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
	if len(s) < 6 || len(s) > 64 || !hasDigit(s) {
		return ""
	}
	if s[0] < '0' || s[0] > '9' {
		// Not ISO: RFC 1123 ("Mon, 02 Jan 2006 …") or text.
		for _, l := range isoLayouts[10:] {
			if t, err := time.Parse(l, s); err == nil {
				return formatTime(t, l)
			}
		}
		return parseLooseDate(s)
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
	// An ISO time with malformed seconds ("2022-01-10T22:06:08:684Z",
	// "2020-12-05T23:15:0Z") still states its minute and its zone; with
	// no zone, only its day.
	if len(s) > 11 && (s[10] == 'T' || s[10] == ' ') && s[4] == '-' && s[7] == '-' {
		if len(s) >= 17 && s[13] == ':' {
			zone := ""
			if s[len(s)-1] == 'Z' {
				zone = "Z"
			} else if z := s[len(s)-6:]; (z[0] == '+' || z[0] == '-') && z[3] == ':' {
				zone = z
			}
			if zone != "" {
				if t, err := time.Parse("2006-01-02T15:04Z07:00", s[:10]+"T"+s[11:16]+zone); err == nil {
					return formatTime(t, "")
				}
			}
		}
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
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

// moreMonthNames are month names (and the genitive forms dates use) in
// Russian, Ukrainian, Czech, Greek, Turkish, Arabic, Finnish, Hebrew (bare
// and with the prefix ב, "in": "12 במרץ 2024"), Hindi and the Scandinavian
// and Indonesian spellings the first list lacks; then Swahili, Malay,
// Tagalog, Serbian (Latin and Cyrillic, nominative and genitive), Catalan
// ("3 d'agost de 2025"), Urdu and Bengali.
var moreMonthNames = [12]string{
	"января январь січня ledna ιανουαρίου ocak يناير tammikuuta ינואר בינואר जनवरी januara јануар јануара gener جنوری জানুয়ারি",
	"февраля февраль лютого února φεβρουαρίου şubat فبراير شباط helmikuuta פברואר בפברואר फ़रवरी फरवरी februara фебруар фебруара febrer pebrero فروری ফেব্রুয়ারি",
	"марта март березня března μαρτίου mart مارس آذار maret marts maaliskuuta מרץ במרץ מרס במרס मार्च machi mac marso marta març مارچ মার্চ",
	"апреля апрель квітня dubna απριλίου nisan أبريل ابريل إبريل نيسان huhtikuuta אפריל באפריל अप्रैल aprili aprila април априла এপ্রিল",
	"мая май травня května μαΐου mayıs مايو أيار toukokuuta מאי במאי मई мај маја maig مئی মে",
	"июня июнь червня června ιουνίου haziran يونيو يونيه حزيران kesäkuuta יוני ביוני जून hunyo juna јун јуна juny জুন",
	"июля июль липня července ιουλίου temmuz يوليو يوليه تموز heinäkuuta יולי ביולי जुलाई julai hulyo jula јул јула juliol جولائی জুলাই",
	"августа август серпня srpna αυγούστου ağustos أغسطس اغسطس agustus augusti elokuuta אוגוסט באוגוסט अगस्त agosti ogos avgust avgusta agost اگست আগস্ট",
	"сентября сентябрь вересня září σεπτεμβρίου eylül سبتمبر أيلول syyskuuta ספטמבר בספטמבר सितंबर सितम्बर septemba setyembre septembar septembra септембар септембра setembre ستمبر সেপ্টেম্বর",
	"октября октябрь жовтня října οκτωβρίου ekim أكتوبر اكتوبر lokakuuta אוקטובר באוקטובר अक्टूबर oktoba oktobar oktobra октобар октобра octubre اکتوبر অক্টোবর",
	"ноября ноябрь листопада listopadu νοεμβρίου kasım نوفمبر nopember marraskuuta נובמבר בנובמבר नवंबर नवम्बर novemba nobyembre novembar novembra новембар новембра نومبر নভেম্বর",
	"декабря декабрь грудня prosince δεκεμβρίου aralık ديسمبر desember joulukuuta דצמבר בדצמבר दिसंबर दिसम्बर desemba disember disyembre decembar decembra децембар децембра desembre دسمبر ডিসেম্বর",
}

// hungarianMonths are the month names of Hungarian dates, which put the
// year first ("2025. november 3."), with their short forms.
var hungarianMonths = [12]string{
	"január", "február febr", "március márc", "április ápr", "május máj", "június jún",
	"július júl", "augusztus", "szeptember szept", "október", "november", "december",
}

func init() {
	names := [][]string{
		{"january", "jan", "januar", "janvier", "enero", "gennaio", "januari", "janeiro", "jänner", "ene", "gen", "janv", "sty", "styczeń", "stycznia", "ianuarie"},
		{"february", "feb", "februar", "février", "fevrier", "febrero", "febbraio", "februari", "fevereiro", "févr", "fev", "lut", "luty", "lutego", "februarie"},
		{"march", "mar", "märz", "mars", "marzo", "maart", "março", "marco", "mär", "mrz", "marca", "marzec", "martie"},
		{"april", "apr", "avril", "abril", "aprile", "avr", "abr", "kwi", "kwiecień", "kwietnia", "aprilie"},
		{"may", "mai", "mayo", "maggio", "mei", "maio", "mag", "maj", "maja"},
		{"june", "jun", "juni", "juin", "junio", "giugno", "junho", "giu", "cze", "czerwiec", "czerwca", "iunie"},
		{"july", "jul", "juli", "juillet", "julio", "luglio", "julho", "juil", "lug", "lip", "lipiec", "lipca", "iulie"},
		{"august", "aug", "août", "aout", "agosto", "augustus", "ago", "sie", "sierpień", "sierpnia"},
		{"september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro", "set", "wrz", "wrzesień", "września", "septembrie"},
		{"october", "oct", "oktober", "octobre", "octubre", "ottobre", "outubro", "okt", "ott", "out", "paź", "październik", "października", "octombrie"},
		{"november", "nov", "novembre", "noviembre", "novembro", "lis", "listopad", "listopada", "noiembrie"},
		{"december", "dec", "dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro", "dez", "déc", "dic", "gru", "grudzień", "grudnia", "decembrie"},
	}
	for i, ns := range names {
		for _, n := range ns {
			months[n] = time.Month(i + 1)
		}
	}
	for i, ns := range hungarianMonths {
		for _, n := range strings.Fields(ns) {
			if _, dup := months[n]; !dup {
				months[n] = time.Month(i + 1)
			}
		}
	}
	for i, ns := range moreMonthNames {
		for _, n := range strings.Fields(ns) {
			if _, dup := months[n]; !dup {
				months[n] = time.Month(i + 1)
			}
		}
	}
}

var (
	reISODay    = regexp.MustCompile(`\b((?:19|20)\d\d)(?:[-/]|\.\s?)(\d{1,2})(?:[-/]|\.\s?)(\d{1,2})\b`)
	reCJKDay    = regexp.MustCompile(`((?:19|20)\d\d)\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]`)
	reDMYNum    = regexp.MustCompile(`\b(\d{1,2})(?:[/]|\.\s?)(\d{1,2})(?:[/]|\.\s?)((?:19|20)\d\d)\b`)
	reDayMonth  = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?:d['’])?([\p{L}\p{M}]{3,12})(?:\s?/\s?[\p{L}]{3,12})?\.?,?\s+(?:de\s+)?((?:19|20)\d\d)\b`)
	reYearMonth = regexp.MustCompile(`(?i)\b((?:19|20)\d\d)\.\s*([\p{L}]{3,12})\.?\s+(\d{1,2})\.`)
	reMonthDay  = regexp.MustCompile(`(?i)\b([\p{L}]{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b`)
	reClock     = regexp.MustCompile(`\b(\d{1,2})[:.](\d{2})\s*(am|pm|AM|PM|a\.m\.|p\.m\.)?`)
	reURLDate   = regexp.MustCompile(`/((?:19|20)\d\d)/(\d{1,2}|[a-z]{3})/(\d{1,2})(?:/|$|[-_])`)
	reURLDate8  = regexp.MustCompile(`[/_-]((?:19|20)\d\d)(\d\d)(\d\d)[/_.-]`)
	reURLDate2  = regexp.MustCompile(`/((?:19|20)\d\d)-(\d\d)-(\d\d)(?:/|[-_])`)
	reDateWords = regexp.MustCompile(`(?i)\b(published|updated|posted|modified|last updated|first published|veröffentlicht|aktualisiert|publié|mis à jour|publicado|publicada|actualizado|atualizado|atualizada|last update|laatste update|pubblicato|aggiornato|erstellt|erschienen|gepubliceerd|publicerad|publisert|udgivet|julkaistu|opublikowano|publikováno|publicat|yayınlanma|actualizat|päivitetty|imechapishwa|diterbitkan|dikemaskini|objavljeno|ažurirano|inilathala)\b`)
)

// digitZeros are the zeros of the decimal digits of other scripts that
// dates are written in: Arabic-Indic, Persian, Devanagari, Bengali,
// Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Thai,
// Lao, Tibetan, Myanmar, Khmer and the full-width forms.
var digitZeros = [...]rune{0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xE50, 0xED0, 0xF20, 0x1040, 0x17E0, 0xFF10}

// asciiDigits writes the digits of digitZeros' scripts in s as ASCII
// ones, for the date parsers; s comes back as it is when it has none.
func asciiDigits(s string) string {
	i := 0
	for i < len(s) && s[i] < 0xD9 { // every digit of digitZeros is encoded from 0xD9 on
		i++
	}
	if i == len(s) {
		return s
	}
	var b []byte
	for i, r := range s {
		if r < 0x660 {
			if b != nil {
				b = utf8.AppendRune(b, r)
			}
			continue
		}
		d := rune(-1)
		for _, z := range digitZeros {
			if r >= z && r <= z+9 {
				d = r - z
				break
			}
		}
		switch {
		case d >= 0:
			if b == nil {
				b = append(make([]byte, 0, len(s)), s[:i]...)
			}
			b = append(b, byte('0'+d))
		case b != nil:
			b = utf8.AppendRune(b, r)
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// parseLooseDate finds a calendar day written in text: "13 December 2021",
// "Dec. 13, 2021", "2021-12-13", "13.12.2021". The result is a bare day:
// text rarely states its offset.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// hasYear reports a 19xx or 20xx in s: every date the loose parser
// reads has one, so text without it is skipped before any regexp.
func hasYear(s string) bool {
	for i := 0; i+3 < len(s); i++ {
		if (s[i] == '1' && s[i+1] == '9' || s[i] == '2' && s[i+1] == '0') && s[i+2] >= '0' && s[i+2] <= '9' && s[i+3] >= '0' && s[i+3] <= '9' {
			return true
		}
	}
	return false
}

func parseLooseDate(s string) string {
	if len(s) > 300 {
		s = s[:300]
	}
	if !hasYear(s) {
		return ""
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
	for _, re := range []*regexp.Regexp{reISODay, reCJKDay} {
		m := re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
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
	// "2025. november 3.": the year first, as Hungarian writes it.
	if m := reYearMonth.FindStringSubmatch(s); m != nil {
		if mo, ok := months[strings.ToLower(m[2])]; ok {
			y, _ := strconv.Atoi(m[1])
			d, _ := strconv.Atoi(m[3])
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
	doc     *html.Node
	h1      *html.Node
	article *html.Node // the article's root: common ancestor of headline and body
	fetched time.Time
	pageURL string
	scope   *html.Node // the microdata item holding the headline, if any
	self    *selfURL   // the page's URL, parsed when a link is first checked
	// shownUpdate is the day of the first line under the headline that
	// states an update ("Aktualisiert am 3. März 2025"), read while the
	// publication date is looked for.
	shownUpdate string
	pubDay      string // the publication day published found
}

// dateCand is one statement of a date somewhere on the page.
type dateCand struct {
	value  string
	source string
	score  int
	order  int
}

var pubMetaKeys = []string{"article:published_time", "og:published_time", "article:published", "og:article:published_time",
	"datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "published_time", "published-date", "date.published",
	"sailthru.date", "parsely-pub-date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created", "dc.date.created",
	"date", "citation_publication_date", "citation_date", "article.published", "originalpublicationdate",
	"cxenseparse:recs:publishtime", "article_date_original", "displaydate", "publication_date", "timestamp", "created", "creation_date"}

// genericDateKeys name "a date" of the page without saying which: CMSs
// fill them with the last edit, the rendering time or the first day.
// They rank below a date the page shows under its headline.
var genericDateKeys = map[string]bool{"date": true, "dc.date": true, "timestamp": true, "created": true, "creation_date": true}

const genericMetaScore = 52

var modMetaKeys = []string{"article:modified_time", "og:updated_time", "article:modified", "datemodified", "last-modified",
	"dcterms.modified", "dc.date.modified", "lastmod", "parsely-updated-date", "og:article:modified_time"}

// published ranks every statement of the publication date on the page —
// JSON-LD, metadata, microdata, <time> near the headline, byline text, the
// URL — and then prefers, among statements of the same instant, the one
// in the publisher's own offset: the publication day is the day there.
func (d *dateFinder) published() dateValue {
	v := d.findPublished()
	if len(v.value) >= 10 {
		d.pubDay = v.value[:10]
	}
	return v
}

func (d *dateFinder) findPublished() dateValue {
	var cands []dateCand
	add := func(raw, src string, score int, loose bool) {
		v := parseDate(raw)
		if v == "" && loose {
			v = parseLooseDate(raw)
		}
		if v == "" || !notAfter(v, d.fetched) {
			return
		}
		cands = append(cands, dateCand{value: v, source: src, score: score, order: len(cands)})
	}
	if ld := d.meta.ld; ld != nil {
		add(ld.DatePublished, "json-ld", 100, false)
	}
	add(d.meta.ldPagePublished, "json-ld", 70, false)
	for i, k := range pubMetaKeys {
		src := "meta"
		if strings.HasPrefix(k, "article:") || strings.HasPrefix(k, "og:") {
			src = "opengraph"
		}
		score := 90 - i/4
		if genericDateKeys[k] {
			score = genericMetaScore
		}
		for _, raw := range d.meta.all(k) {
			add(raw, src, score, false)
		}
	}
	d.pageDates(func(raw, src string, score int) { add(raw, src, score, true) })
	add(dateFromURL(d.pageURL), "url", 30, false)
	if len(cands) == 0 {
		return dateValue{}
	}
	best := cands[0]
	for _, c := range cands[1:] {
		if c.score > best.score {
			best = c
		}
	}
	best = d.agreedWithPage(cands, best)
	best = d.shownOverLoneMeta(cands, best)
	// The same instant stated with a local offset names the local day.
	if bt, ok := instant(best.value); ok && hasZeroOffset(best.value) {
		for _, c := range cands {
			if ct, ok := instant(c.value); ok && !hasZeroOffset(c.value) && ct.Sub(bt).Abs() <= time.Minute {
				return dateValue{c.value, best.source}
			}
		}
		// Metadata in UTC, the page's own text (or its URL) in local time:
		// when the visible day is the UTC instant's day in some real time
		// zone (UTC-12 to UTC+14) but not the UTC day, the visible day is
		// the publisher's. Only the day is known then. A page that also
		// shows the UTC day itself (its "updated" line is the other day)
		// states its day already.
		utcDay := best.value[:10]
		for _, c := range cands {
			if (c.source == "byline" || c.source == "time") && c.score != updatedLineScore && c.value[:10] == utcDay {
				if ct, ok := instant(c.value); !ok || ct.Sub(bt).Abs() > time.Minute {
					return dateValue{best.value, best.source}
				}
			}
		}
		for _, c := range cands {
			if len(c.value) != 10 || c.source != "byline" && c.source != "time" && c.source != "url" || c.value == utcDay || c.score == updatedLineScore {
				continue
			}
			day, err := time.Parse("2006-01-02", c.value)
			if err != nil {
				continue
			}
			if !bt.Before(day.Add(-14*time.Hour)) && bt.Before(day.Add(36*time.Hour)) {
				return dateValue{c.value, c.source}
			}
		}
	}
	return dateValue{best.value, best.source}
}

// agreedWithPage settles a disagreement inside the page's metadata by the
// date the page shows under its headline: when the best statement names
// another day than the byline, and metadata of another kind (JSON-LD
// against the meta tags) names the byline's day, two independent
// statements outweigh one. Republished articles keep a stale
// datePublished in one place and state the new day in the others.
func (d *dateFinder) agreedWithPage(cands []dateCand, best dateCand) dateCand {
	family := func(src string) int {
		switch src {
		case "json-ld":
			return 1
		case "opengraph", "meta":
			return 2
		}
		return 0
	}
	bf := family(best.source)
	if bf == 0 {
		return best
	}
	var shown *dateCand
	for i := range cands {
		c := &cands[i]
		if (c.source == "byline" || c.source == "time") && c.score >= 55 && (shown == nil || c.score > shown.score) {
			shown = c
		}
	}
	if shown == nil || shown.value[:10] == best.value[:10] {
		return best
	}
	for _, c := range cands {
		if f := family(c.source); f != 0 && f != bf && c.value[:10] == shown.value[:10] {
			return c
		}
	}
	return best
}

// isModified reports v as the page's stated modification time.
func (d *dateFinder) isModified(v string) bool {
	m := d.metaModified().value
	if m == "" {
		return false
	}
	if m == v {
		return true
	}
	mt, ok1 := instant(m)
	vt, ok2 := instant(v)
	return ok1 && ok2 && mt.Equal(vt)
}

// shownOverLoneMeta settles for the article's own header when the only
// machine statement is a meta tag (no JSON-LD, no microdata) and the page
// never shows that tag's day: a <time datetime> under the headline and
// another statement of the page (its text, a dated byline) name another
// day. CMSs that fill article:published_time with the page's activation
// or migration time still print the editorial date in the article. The
// modification stamp shown as such is not a publication date.
func (d *dateFinder) shownOverLoneMeta(cands []dateCand, best dateCand) dateCand {
	if best.source != "opengraph" && best.source != "meta" {
		return best
	}
	var tm *dateCand
	for i := range cands {
		c := &cands[i]
		switch {
		case c.source == "json-ld" || c.source == "microdata":
			return best
		case c.source == "time" && c.score >= 60 && (tm == nil || c.score > tm.score):
			tm = c
		}
	}
	if tm == nil || tm.value[:10] == best.value[:10] {
		return best
	}
	agree := 0
	for _, c := range cands {
		if c.source != "time" && c.source != "byline" {
			continue
		}
		switch c.value[:10] {
		case tm.value[:10]:
			agree++
		case best.value[:10]:
			return best
		}
	}
	if agree < 2 || d.isModified(tm.value) {
		return best
	}
	return *tm
}

func instant(v string) (time.Time, bool) {
	if len(v) <= 10 {
		return time.Time{}, false
	}
	t, err := time.Parse(rfcOffset, v)
	return t, err == nil
}

func hasZeroOffset(v string) bool {
	return strings.HasSuffix(v, "+00:00") || strings.HasSuffix(v, "Z")
}

// modified is the page's stated modification time: the metadata's, else
// the update its byline shows ("Updated March 3, 2025"), when that is not
// before the publication day. Call after published, which reads the page.
func (d *dateFinder) modified() dateValue {
	if v := d.metaModified(); v.value != "" {
		return v
	}
	if u := d.shownUpdate; u != "" && notAfter(u, d.fetched) && (d.pubDay == "" || u >= d.pubDay) {
		return dateValue{u, "byline"}
	}
	return dateValue{}
}

func (d *dateFinder) metaModified() dateValue {
	if ld := d.meta.ld; ld != nil {
		if v := parseDate(ld.DateModified); v != "" && notAfter(v, d.fetched) {
			return dateValue{v, "json-ld"}
		}
	}
	for _, k := range modMetaKeys {
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
	var out string
	d.microdata(func(prop, raw string) {
		if out == "" && prop == "datemodified" {
			out = parseDate(raw)
		}
	})
	if out != "" && notAfter(out, d.fetched) {
		return dateValue{out, "microdata"}
	}
	return dateValue{}
}

// microdata calls fn with every datePublished/dateModified/dateCreated of
// the page's article (items of other types, such as a teaser's, are skipped).
func (d *dateFinder) microdata(fn func(prop, raw string)) {
	for _, n := range d.meta.itemprops {
		prop := strings.ToLower(attr(n, "itemprop"))
		if prop != "datepublished" && prop != "datemodified" && prop != "datecreated" {
			continue
		}
		if scope := nearestScope(n); scope != nil && (!articleScope(scope) || d.scope != nil && scope != d.scope) {
			continue
		}
		if v := attr(n, "datetime"); v != "" {
			fn(prop, v)
		} else if v := attr(n, "content"); v != "" {
			fn(prop, v)
		} else {
			fn(prop, textOf(n))
		}
	}
}

// dateClass marks elements whose names say they hold the publication date.
var dateClassWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("date datetime time timestamp published publish pubdate posted postdate dateline meta byline entry article story post updated created datum fecha data publication") {
		dateClassWords[w] = true
	}
}

// pageDates reports dates written in the page itself: microdata, <time>
// elements and dated byline text. A date after the headline and inside the
// article outranks one above it (the masthead's "today" sits there);
// dates inside links, navigation, comments and footers are never used.
func (d *dateFinder) pageDates(report func(raw, src string, score int)) {
	d.microdata(func(prop, raw string) {
		if prop == "datepublished" || prop == "datecreated" {
			report(raw, "microdata", 85)
		}
	})
	// RDFa: property="schema:datePublished", "dc:created" on any element.
	for _, n := range d.meta.rdfa {
		p := strings.ToLower(attr(n, "property"))
		if i := strings.IndexByte(p, ':'); i >= 0 {
			p = p[i+1:]
		}
		switch p {
		case "datepublished", "datecreated", "created", "issued":
			if v := attr(n, "content"); v != "" {
				report(v, "microdata", 80)
			} else if v := attr(n, "datetime"); v != "" {
				report(v, "microdata", 80)
			}
		}
	}
	root := d.article
	if root == nil {
		root = d.doc
	} else if d.h1 == nil {
		// No headline found: the article's root is the body alone, and
		// its header (title, byline, date) sits a level or two above.
		for i := 0; i < 2 && root.Parent != nil && root.Parent.DataAtom != atom.Body && root.Parent.Type == html.ElementNode; i++ {
			root = root.Parent
		}
	}
	seenH1 := d.h1 == nil
	leaves := 0
	var before []*html.Node // the last text leaves above the headline
	// dated reports a short text with a year under the headline.
	dated := func(n *html.Node, t string) {
		if d.teaserDate(n, t) {
			return
		}
		score := 45 + dateNameBonus(n)
		if !reDateWords.MatchString(t) {
			// "<div class=label>Laatste update</div><div>12 februari
			// 2025</div>", "<dt>Updated</dt><dd>…</dd>": a field's label
			// in the element before it.
			if l := dateLabelBefore(n); l != "" {
				t = l + " " + t
			}
		}
		if reDateWords.MatchString(t) {
			score = 58
			// "Updated 4 May 2022 / Published 3 May 2022": the day after
			// the publication word; a line stating only an update is
			// the modified date, a weak witness of the published one.
			if containsAny(strings.ToLower(t), updateWords) {
				if d.shownUpdate == "" && leaves <= 12 {
					// In the article's head: farther down, an update line
					// is a live blog entry's or a teaser's.
					d.shownUpdate = updatedDay(t)
				}
				// Found in t itself: lower-casing may change byte offsets.
				if loc := publishWord.FindStringIndex(t); loc != nil {
					if v := parseLooseDate(t[loc[0]:]); v != "" {
						t = v
					}
				} else {
					score = updatedLineScore
				}
			}
		}
		report(t, "byline", score)
	}
	each(root, func(n *html.Node) bool {
		if n == d.h1 {
			seenH1 = true
			// A date just above the headline, in the headline's own block
			// ("meta-date" kickers), counts; the masthead's is farther out.
			for _, b := range before {
				if near(b, d.h1) {
					if t := textOf(b); len(t) < 120 {
						report(t, "byline", 42+dateNameBonus(b))
					}
				}
			}
			return false
		}
		if n.DataAtom == atom.A && d.ownPermalink(n) {
			return true // a blog theme's date, in the post's own permalink
		}
		if n.DataAtom == atom.Aside && (!seenH1 || leaves <= 12) && d.article != nil && d.h1 != nil {
			// An <aside> of the article itself, beside or just under its
			// headline, is its metadata box ("21.01.2022 – 13:30 ·
			// Quelle: …"): a side column of the story, not of the site.
			// Above the headline only its own block counts (see near);
			// links in it stay another page's.
			return true
		}
		if isChromeForDates(n) || n.DataAtom == atom.Header && !seenH1 && !ancestorOrSelf(n, d.h1) && !headerHoldsH1(n, d.h1) {
			return false
		}
		after := 0
		if seenH1 {
			after = 1
		}
		if n.DataAtom == atom.Time {
			if updateNamed(n) && hasOtherTime(n) {
				return false // the "updated" stamp beside the published one
			}
			pub := hasAttr(n, "pubdate") || strings.Contains(strings.ToLower(attr(n, "class")), "publish")
			score := 40 + 20*after
			if pub {
				score += 10
			}
			if v := attr(n, "datetime"); v != "" {
				report(v, "time", score)
			} else {
				report(textOf(n), "time", score-5)
			}
			return false
		}
		if containsBlock(n) {
			// "Georg Quaas, 21. Jan. 2015 <div class=rating>…": in the
			// article's head, the text before an element's first block
			// is a line too. (Farther down such lines are reviews' and
			// comments' dates.)
			if seenH1 && leaves <= 12 {
				if t := leadingInlineText(n); len(t) >= 4 && len(t) <= 120 && hasYear(t) {
					dated(n, t)
				}
			}
			return true
		}
		if !seenH1 {
			// Only leaves with a digit can date the headline: a row of
			// share icons between the date and the headline must not push
			// the date out of the window.
			if isBlockOrSpan(n) && digitInText(n) {
				before = append(before, n)
				if len(before) > 6 {
					before = before[1:]
				}
			}
			return true
		}
		if leaves > 60 {
			return true // keep looking for <time> elements below
		}
		leaves++
		t := textOf(n)
		if len(t) < 4 {
			return true
		}
		if len(t) > 200 {
			// A dateline opening the first paragraphs: "BERLIN, 25. Januar 2022 –".
			if leaves <= 12 {
				report(truncateRunes(t, 80), "byline", 35)
			}
			return true
		}
		if !hasYear(t) {
			if nt := asciiDigits(t); hasYear(nt) {
				// "প্রকাশ: ৩ নভেম্বর ২০২৫": a byline's date in the digits
				// of its own script.
				dated(n, nt)
				return true
			}
			// Every date the parsers read has a year, but for a short
			// byline's "23.09.22".
			if len(t) <= 48 {
				if v := shortYearDay(t); v != "" && !d.teaserDate(n, t) {
					report(v, "byline", 45+dateNameBonus(n))
				}
			}
			return true
		}
		dated(n, t)
		return true
	})
}

// updatedDay reads the day after the update word of a byline line:
// "Von X | Aktualisiert am 3. März 2025, 14:05 Uhr", "Published 3 May
// 2022, updated 4 May 2022". A publication word after it ends the update's
// part ("Updated 4 May 2022 / Published 3 May 2022").
func updatedDay(t string) string {
	loc := updateWord.FindStringIndex(t)
	if loc == nil {
		return ""
	}
	rest := t[loc[1]:]
	if p := publishWord.FindStringIndex(rest); p != nil {
		rest = rest[:p[0]]
	}
	return parseLooseDate(rest)
}

// dateLabelBefore returns the text of the element just before n when it
// is a short label of dates ("Updated", "Laatste update", "Publicado"):
// the label of a CMS field or a <dt> written apart from its value.
func dateLabelBefore(n *html.Node) string {
	p := n.PrevSibling
	for p != nil && p.Type != html.ElementNode {
		if p.Type == html.TextNode && strings.TrimSpace(p.Data) != "" {
			return "" // the value's own line goes on before it
		}
		p = p.PrevSibling
	}
	if p == nil {
		return ""
	}
	l := textOf(p)
	if len(l) < 4 || len(l) > 32 || hasYear(l) || !reDateWords.MatchString(l) {
		return ""
	}
	return l
}

// updatedLineScore ranks a byline line that states only an update: below
// a dated byline, above a bare date in running text.
const updatedLineScore = 50

var (
	updateWords = []string{"updated", "last update", "laatste update", "aktualisiert", "mis à jour", "actualizado", "atualizad", "aggiornato", "modified", "geändert", "bijgewerkt", "actualizat", "päivitetty", "dikemaskini", "ažurirano", "ажурирано"}
	// publishWord finds the leftmost publication word in the text as
	// written.
	publishWord  = regexp.MustCompile(`(?i)published|posted|veröffentlicht|publié|publicado|publicada|pubblicato|erschienen|erstellt|gepubliceerd|publicerad|publisert|udgivet|julkaistu|opublikowano|publikováno|publicat|yayınlanma|imechapishwa|diterbitkan|objavljeno|објављено|inilathala|شائع|প্রকাশ`)
	updateWord   = regexp.MustCompile(`(?i)(?:last |laatste )?updated?\b|aktualisiert|mis à jour|actualizado|atualizad[oa]|aggiornato|modified|geändert|bijgewerkt|actualizat|päivitetty|dikemaskini|ažurirano|ажурирано`)
	updateTokens = map[string]bool{"updated": true, "update": true, "upd": true, "modified": true, "lastmod": true, "datemodified": true}
)

// hasOtherTime reports another <time> within two levels of n: the
// published stamp an "updated" one stands beside. (hAtom themes mark
// a post's only date class="updated".)
func hasOtherTime(n *html.Node) bool {
	p := n.Parent
	if p != nil && p.Parent != nil {
		p = p.Parent
	}
	found := false
	each(p, func(c *html.Node) bool {
		if c.DataAtom == atom.Time && c != n {
			found = true
		}
		return !found
	})
	return found
}

// updateNamed reports an element that its markup names as the
// modification stamp: itemprop=dateModified, class "date-updated".
func updateNamed(n *html.Node) bool {
	if strings.EqualFold(attr(n, "itemprop"), "datemodified") {
		return true
	}
	upd, pub := false, false
	eachNameToken(n, func(tok []byte) {
		switch t := string(tok); {
		case updateTokens[t]:
			upd = true
		case t == "published" || t == "publish" || t == "pubdate" || t == "datepublished" || t == "created":
			pub = true // WordPress: class="entry-date published updated"
		}
	})
	return upd && !pub
}

func dateNameBonus(n *html.Node) int {
	bonus := 0
	eachNameToken(n, func(tok []byte) {
		if dateClassWords[string(tok)] {
			bonus = 10
		}
	})
	return bonus
}

// near reports whether b sits in the headline's own block: their common
// ancestor is at most three levels above the headline.
func near(b, h1 *html.Node) bool {
	ca := commonAncestor(b, h1)
	for i, p := 0, h1; p != nil; i, p = i+1, p.Parent {
		if p == ca {
			return i <= 3
		}
	}
	return false
}

// digitInText reports a digit in n's text. Only inline leaves above the
// headline are asked, whose text is short.
func digitInText(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if hasDigit(c.Data) {
				return true
			}
		case html.ElementNode:
			if !invisibleTag(c.DataAtom) && digitInText(c) {
				return true
			}
		}
	}
	return false
}

func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// headerHoldsH1 tells the article's own <header> (with the headline) from
// the site's masthead.
func headerHoldsH1(header, h1 *html.Node) bool {
	return h1 != nil && ancestorOrSelf(header, h1)
}

func isBlockOrSpan(n *html.Node) bool {
	return isBlockTag(n.DataAtom) || n.DataAtom == atom.Span || n.DataAtom == atom.Small || n.DataAtom == atom.Em || n.DataAtom == atom.Strong || n.DataAtom == atom.B
}

func isChromeForDates(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Aside, atom.Footer, atom.Form, atom.Script, atom.Style, atom.Noscript, atom.Template:
		return true
	case atom.A:
		return true // another page's date (see ownPermalink)
	}
	if r := strings.ToLower(attr(n, "role")); chromeRoles[r] {
		return true
	}
	return hasStrongComments(n)
}

// ownPermalink reports a rel=bookmark link to the page itself: blog
// themes put the post's date inside it. On a blog's home page each
// post's permalink leads elsewhere, and its date is that post's.
func (d *dateFinder) ownPermalink(a *html.Node) bool {
	return hasToken(strings.ToLower(attr(a, "rel")), "bookmark") && d.selfLink(a)
}

// selfLink reports a link to the page itself.
func (d *dateFinder) selfLink(a *html.Node) bool {
	if d.pageURL == "" {
		return false
	}
	href := strings.TrimSpace(attr(a, "href"))
	if d.self == nil {
		d.self = &selfURL{}
		if base, err := url.Parse(d.pageURL); err == nil {
			d.self.base = base
			d.self.key = sameURLKey(base)
		}
	}
	// Only rel=bookmark links and teaser headings get here, a few a
	// page: no shortcut on the raw href, which may spell the path
	// unescaped ("/café/").
	if d.self.base == nil {
		return false
	}
	u, err := d.self.base.Parse(href)
	return err == nil && sameURLKey(u) == d.self.key
}

// selfURL is the page's own address, parsed once per page.
type selfURL struct {
	base *url.URL
	key  string
}

func sameURLKey(x *url.URL) string {
	return strings.ToLower(x.Host) + strings.TrimSuffix(x.EscapedPath(), "/") + "?" + x.RawQuery
}

func inLink(n *html.Node) bool { return hasAncestor(n.Parent, atom.A) }
