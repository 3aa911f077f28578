package extract

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var (
	bylinePrefix = regexp.MustCompile(`(?i)^\s*(written |compiled |posted |reported |hosted |animé |text |words |story |photos? |(ein |eine )?(artikel|beitrag|gastbeitrag|kommentar|kolumne) |erstellt |verfasst |geschrieben |eingestellt |veröffentlicht |écrit |publié |escrito |publicado |scritto |pubblicato )?((by|von|par|por|di|door|av|af|przez|oleh|autor|author|auteur|autore|autora|auteurs?|szerző|írta|аутор|تحریر|โดย|نویسنده|بقلم)(:\s*|\s+|$)|(text|texte|teksti):\s*)`)
	// Conjunctions that are single letters are lower case in bylines;
	// matching them case-insensitively would split "Chris E. Hayner".
	// Word conjunctions need white space on both sides: \b is an ASCII
	// boundary, so "Mevißen" ended at "en". A spaced dash parts a site
	// name from the writer ("unocero - Alberto Ávila").
	authorSplit   = regexp.MustCompile(`\s*(?:,|;|&|\||/|·|•|\s(?i:and|und|et|en|og|with|mit|avec|con)\s|\s[eyi]\s|\s[-–—]\s)\s*`)
	roleWords     = regexp.MustCompile(`(?i)\b(editor|correspondent|reporter|writer|columnist|contributor|contributing|staff writer|journalist|producer|analyst|chief|senior|political|economics|business|science|health|technology|international|diplomatic|deputy|news desk|desk|bureau|for (the )?[A-Z][\w.]+|in [A-Z][a-z]+|updated|published|posted|veröffentlicht|aktualisiert|publié|publicado|pubblicato|is an?|is the|chefredakteur(in)?|redakteur(in)?|korrespondent(in)?|autorin|volontär(in)?|im gespräch|im interview|rédacteur|rédactrice|journaliste|correspondant|periodista|redactor(a)?|corresponsal|giornalista|redattore|corrispondente)(\b|$).*$`)
	writtenBy     = regexp.MustCompile(`(?i)(written by|verfasst von|geschrieben von|von|écrit par|escrito por|scritto da|author|autor|auteur)`)
	agencySuffix  = regexp.MustCompile(`(?i)\s+(the associated press|associated press|reuters|afp|dpa|ap|bloomberg|upi)$`)
	emailOrHandle = regexp.MustCompile(`\S+@\S+|@\w+|https?://\S+`)
	orgWords      = regexp.MustCompile(`(?i)(\.(com|org|net|co|uk|de|fr|jp|io|tv)\b|\b(news|press|media|staff|team|newsroom|desk|times|post|daily|telegram|journal|gazette|tribune|herald|report|channel|magazine|tv|radio|agency|network|online|editorial|redazione|redaktion|rédaction|redacción|redaccion|redacció|redação|redacao|redactie|group|inc|ltd|llc|publishing|weekly|today|wire|service)\b)`)
	// "ByJane Doe": the prefix glued to the name by markup without a space.
	gluedPrefix  = regexp.MustCompile(`^(By|BY|Von|VON|Par|PAR|Por|POR|Door)(\p{Lu})`)
	notNameWords = regexp.MustCompile(`(?i)\b(more|posts|articles?|artikel|alle|all|view|see|profile|profil|übersicht|zeige|follow|contact|kontakt|email|mail|read|lesen|weitere|alles|autoren|authors?|comments?|share|subscribe|home|menu|login|anmelden|photo|foto|image|bild|video|quelle|source|getty|shutterstock|istock|dpa-infocom|sponsored|advertisement|anzeige|text|texte)\b`)
	degrees      = regexp.MustCompile(`^(?i:ph\.?d\.?|m\.?d\.?|r\.?d\.?|m\.?s\.?|m\.?a\.?|b\.?a\.?|mba|mph|rn|cpt|jr\.?|sr\.?|dr\.?|prof\.?)$`)
	authorPath   = regexp.MustCompile(`(?i)/(author|authors|autor|autoren|auteur|auteurs|autore|autori|profile|profiles|people|staff|writer|writers|reporter|reporters|journalist|journalists|contributor|contributors|columnist|columnists|byline|journalisten|redakteur|redakteure|team|editor|editors|autores|autor[ae]s|periodistas|giornalisti|redacteurs?)/[^/?#]+|/(author|autor|auteur)-[^/?#]+|[?&](author|autor|auteur)=[^&#]`)
)

// authorPathHints holds a piece of every word authorPath looks for.
var authorPathHints = []string{"aut", "prof", "peop", "staff", "writ", "report", "journ", "contrib", "column", "byline", "redak", "redac", "team", "edit", "period", "giorn"}

// mayBeAuthorPath is a cheap test that authorPath could match href: the
// walk for bylines meets every link of the page, and most name none of
// its words.
func mayBeAuthorPath(href string) bool {
	for i := 0; i < len(href); i++ {
		if c := href[i]; 'A' <= c && c <= 'Z' {
			href = strings.ToLower(href)
			break
		}
	}
	return containsAny(href, authorPathHints)
}

// mayBeByline is a cheap test that t could start with a byline word.
func mayBeByline(t string) bool {
	t = strings.TrimSpace(t)
	if len(t) < 2 {
		return false
	}
	switch t[0] | 0x20 {
	case 'b', 'v', 'p', 'd', 'a', 't', 'w', 'r', 's', 'e', 'g', 'k', 'o', 'h':
		return true
	case 'c':
		// "Compiled by": one word, not every line starting with a c.
		return len(t) > 9 && strings.EqualFold(t[:9], "compiled ")
	}
	// Thai "by", Persian "writer", Arabic "by the pen of", Hungarian "wrote",
	// Urdu "written by", Serbian "author".
	return strings.HasPrefix(t, "โดย") || strings.HasPrefix(t, "نویسنده") || strings.HasPrefix(t, "تحریر") || strings.HasPrefix(t, "Аутор") || strings.HasPrefix(t, "аутор") || strings.HasPrefix(t, "بقلم") || strings.HasPrefix(t, "Írta") || strings.HasPrefix(t, "írta")
}

// looksLikeByline reports short lines such as "By Jane Doe".
func looksLikeByline(t string) bool {
	return mayBeByline(t) && bylinePrefix.MatchString(t) && utf8.RuneCountInString(t) < 80 && countWords(t) <= 10
}

// cleanAuthors turns byline strings into names, in order, once each.
// textCredit is the label of a writer's credit without its colon.
var textCredit = regexp.MustCompile(`(?i)^(text|texte)\s+`)

// parenthetical is a byline's aside: a place, a role or a handle after
// the name ("Cécile Ducourtieux (Bruxelles, bureau européen)"), which
// would otherwise be split into names at its comma.
var parenthetical = regexp.MustCompile(`\s*[(（][^)）]*[)）]?`)

func cleanAuthors(raw []string, siteNames []string) []string {
	var out, roles []string
	seen := map[string]bool{}
	for _, r := range raw {
		if strings.Contains(r, "&") {
			r = html.UnescapeString(r) // JSON-LD and double-escaped meta
		}
		r = collapse(r)
		if strings.ContainsAny(r, "@:") { // cheap tests before the regexps
			r = emailOrHandle.ReplaceAllString(r, "")
		}
		if strings.ContainsAny(r, "(（") {
			r = parenthetical.ReplaceAllString(r, " ")
		}
		r = lastFirst(r)
		r = gluedPrefix.ReplaceAllString(r, "$2")
		r = bylinePrefix.ReplaceAllString(r, "")
		for i, part := range splitCredits(r) {
			p := strings.TrimSpace(bylinePrefix.ReplaceAllString(strings.TrimSpace(part), ""))
			if i > 0 && placeCredit(p) {
				continue // "Por Jane Doe, de Curitiba": where she filed from
			}
			if loc := textCredit.FindStringIndex(p); loc != nil && countWords(p[loc[1]:]) >= 2 {
				p = p[loc[1]:] // "Text Jane Doe" (but "Text Size" is a control)
			}
			if roleCredit(p, siteNames) {
				roles = append(roles, p)
				continue
			}
			if loc := findRole(p); loc != nil {
				if loc[0] == 0 {
					continue // "Political Editor": a role, not a name
				}
				p = strings.TrimSpace(p[:loc[0]])
			}
			if loc := agencySuffix.FindStringIndex(p); loc != nil && loc[0] > 0 {
				p = p[:loc[0]]
			}
			p = strings.Trim(p, " ,:;-–—|()[]\"'“”")
			if strings.Contains(p, "기자") || strings.Contains(p, "특파원") {
				// "스포츠조선=선수민 기자": the outlet, the name, the title.
				if m := koreanReporter.FindStringSubmatch(p); m != nil {
					p = m[1]
				}
			}
			if label, rest, ok := strings.Cut(p, ":"); ok && !strings.Contains(strings.TrimSpace(label), " ") && plausibleName(strings.TrimSpace(rest)) {
				p = strings.TrimSpace(rest) // "Interview: Jane Doe", "Fotos: …"
			}
			if !plausibleName(p) || degrees.MatchString(p) || mayStartWord(p, notNameStarts) && notNameWords.MatchString(p) || articlePhrase(p) {
				continue
			}
			k := strings.ToLower(p)
			if !seen[k] {
				seen[k] = true
				out = append(out, p)
			}
		}
	}
	if len(out) == 0 && len(roles) > 0 {
		// A byline crediting only a staff role ("By Staff Writer", "BWW
		// News Desk") names the newsroom: the credit the page shows.
		return roles[:1]
	}
	// Bylines often name the outlet beside the people: keep the people.
	var persons []string
	for _, p := range out {
		if !looksOrg(p, siteNames) && !(len(p) <= 8 && newsAgencies[strings.ToLower(p)]) {
			persons = append(persons, p)
		}
	}
	if len(persons) > 0 {
		return persons
	}
	return out
}

// articlePhrase reports a credit that is a phrase in lower case opened by
// an article or preposition ("the readers'" of "Compiled by the readers'
// editor", "the team"): no one's name, and no outlet's either.
func articlePhrase(p string) bool {
	first, rest, ok := strings.Cut(p, " ")
	if !ok || !phraseStart[first] {
		return false
	}
	for _, w := range strings.Fields(rest) {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// placePrepositions open the place a writer filed from, after the name:
// "Jane Doe, in Kyiv", "…, de Curitiba", "…, em Lisboa", "…, desde
// Madrid", "…, aus Berlin".
var placePrepositions = []string{"in ", "from ", "de ", "em ", "desde ", "en ", "aus ", "à ", "a "}

// placeCredit reports a credit that is a preposition, lower case, and a
// capitalised place of at most three words: no one's name.
func placeCredit(p string) bool {
	for _, w := range placePrepositions {
		if rest, ok := strings.CutPrefix(p, w); ok {
			return countWords(rest) <= 3 && hasUpperStart(rest)
		}
	}
	return false
}

// splitCredits splits a byline into its credits at authorSplit's
// separators, but for a bare slash between two credits neither of which
// is a person's name: "det/dpa", "AFP/The Local" or "dpa/lno" is one
// credit, the desk's initials or an outlet with the agency it drew on,
// written as one in German, Austrian and Swiss papers and agency
// copy alike. "Jane Doe/dpa" still names Jane Doe apart.
func splitCredits(r string) []string {
	parts := authorSplit.Split(r, -1)
	if len(parts) < 2 || !strings.Contains(r, "/") {
		return parts
	}
	seps := authorSplit.FindAllStringIndex(r, -1)
	if len(seps) != len(parts)-1 {
		return parts
	}
	out := parts[:1]
	for i, sep := range seps {
		last := len(out) - 1
		if r[sep[0]:sep[1]] == "/" && slashCredit(out[last]) && slashCredit(parts[i+1]) {
			out[last] += "/" + parts[i+1]
			continue
		}
		out = append(out, parts[i+1])
	}
	return out
}

// slashCredit reports a piece of a slash-joined credit that is no
// person's name: a desk's initials or an outlet ("The Local"). A piece
// cleaning would drop ("Bündnis 90") is left to be dropped alone.
func slashCredit(p string) bool {
	p = strings.TrimSpace(p)
	if !plausibleName(p) {
		return false
	}
	first, _, _ := strings.Cut(p, " ")
	return !personShaped(p) || phraseStart[strings.ToLower(first)]
}

// roleCredit reports a credit that is a newsroom role and no name:
// "Staff Writer", "Editor", "Executive Content Editor", "BWW News Desk",
// "Tech Digest Correspondent", "AP National Writer". The words before
// the role are role words themselves, an acronym, a wire service or the
// site's name, never a person's name
// ("Jane Doe Columnist" is Jane Doe). Cleaning drops such a credit beside
// a name and keeps it when the byline names no one else.
func roleCredit(p string, siteNames []string) bool {
	if len(p) > 48 || !mayStartWord(p, roleCreditStarts) {
		return false
	}
	m := roleCreditRe.FindStringSubmatch(p)
	if m == nil {
		return false
	}
	head := strings.TrimSpace(m[1])
	if head == "" || isSiteName(head, siteNames) {
		return true
	}
	for _, w := range strings.Fields(head) {
		lw := strings.ToLower(w)
		if !roleModifiers[lw] && !newsAgencies[lw] && !(len(w) <= 5 && initialsOnly(w)) {
			return false
		}
	}
	return true
}

var roleCreditRe = regexp.MustCompile(`^((?:\S+\s+){0,3})(?i:` + strings.Join(roleCreditStarts, "|") + `)s?$`)

// roleCreditStarts are the role words roleCreditRe ends with (a plural
// "s" aside), and the prefilter's word starts: one list for both.
var roleCreditStarts = []string{"editor", "writer", "reporter", "correspondent", "columnist", "contributor", "desk"}

// roleModifiers qualify a newsroom role: "Senior Staff Writer",
// "Sports Desk", "Executive Content Editor".
var roleModifiers = map[string]bool{"staff": true, "senior": true, "executive": true, "content": true, "news": true, "contributing": true,
	"guest": true, "chief": true, "deputy": true, "managing": true, "associate": true, "assistant": true, "political": true,
	"sports": true, "sport": true, "business": true, "science": true, "health": true, "tech": true, "technology": true,
	"features": true, "feature": true, "opinion": true, "web": true, "online": true, "digital": true, "national": true,
	"international": true, "foreign": true, "local": true, "city": true, "metro": true, "special": true, "legal": true,
	"education": true, "entertainment": true, "arts": true, "culture": true, "travel": true, "food": true, "music": true,
	"film": true, "fashion": true, "copy": true, "investigative": true, "data": true, "weather": true, "general": true,
	"assignment": true, "editorial": true, "freelance": true, "regional": true, "state": true, "world": true,
	"democracy": true} // the UK's "Local Democracy Reporter"

// lastFirst turns a catalogue-style "Gillman, Steve" into "Steve Gillman":
// two single capitalised words around one comma are one person, not two.
func lastFirst(r string) string {
	last, first, ok := strings.Cut(r, ",")
	last, first = strings.TrimSpace(last), strings.TrimSpace(first)
	if !ok || strings.Contains(first, ",") || strings.ContainsAny(last+first, " &;") || first == "" || last == "" {
		return r
	}
	l, _ := utf8.DecodeRuneInString(last)
	f, _ := utf8.DecodeRuneInString(first)
	if !unicode.IsUpper(l) || !unicode.IsUpper(f) || len(first) < 3 || len(last) < 3 || strings.HasSuffix(first, ".") {
		return r
	}
	return first + " " + last
}

// initialsOnly reports a newsroom shorthand such as "JF" or "dpa/lno"
// stand-ins: one to three capitals, kept only when no source names a
// person in full.
func initialsOnly(p string) bool {
	n := 0
	for _, r := range p {
		if !unicode.IsUpper(r) && r != '.' {
			return false
		}
		if r != '.' {
			n++
		}
	}
	return n >= 1 && n <= 3
}

// handleLike reports a user name rather than a person's: CMS logins and
// slugs such as "admin", "jdoe", "jane.doe" or "jane-doe" that metadata
// carries where the page shows the writer's name.
func handleLike(p string) bool {
	if strings.ContainsRune(p, ' ') {
		return false
	}
	upper := false
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c >= utf8.RuneSelf:
			return false
		case c == '_' || '0' <= c && c <= '9':
			if i > 0 && i < len(p)-1 {
				return true
			}
		case 'A' <= c && c <= 'Z':
			upper = true
		}
	}
	return !upper
}

func looksOrg(p string, siteNames []string) bool {
	return orgWords.MatchString(p) || isSiteName(p, siteNames)
}

// newsAgencies are wire services a byline credits beside the writer
// ("Jane Doe, dpa", "Jane Doe/AFP"): cleaning drops them when the byline
// names a person. Matched as the whole credit, so a name holding one of
// these words ("Dafydd ap Gwilym") is not taken for one. (A credit of
// the agency alone still counts as naming someone: the sources after it
// are no better.)
var newsAgencies = map[string]bool{"dpa": true, "afp": true, "ap": true, "apa": true, "reuters": true, "upi": true, "sda": true,
	"kna": true, "epd": true, "efe": true, "ansa": true, "ats": true, "anp": true, "belga": true, "ritzau": true, "ntb": true,
	"jiji": true, "kyodo": true, "xinhua": true, "aap": true, "dts": true, "ddp": true, "sid": true}

func plausibleName(p string) bool {
	n := utf8.RuneCountInString(p)
	if n < 2 || n > 60 {
		return false
	}
	if len(strings.Fields(p)) > 6 || strings.Contains(p, ":") {
		return false
	}
	if digits := strings.IndexFunc(p, unicode.IsDigit); digits >= 0 && !userName(p, digits) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p)
	return unicode.IsLetter(r)
}

// userName reports a member's login with a number after it, one word
// ("freeman1984", "delta201"): community sites and blogs credit posts
// to such names. digits is where the first digit is.
func userName(p string, digits int) bool {
	if digits < 3 || strings.ContainsAny(p, " .,") {
		return false
	}
	lower := false
	for _, r := range p[:digits] {
		if !unicode.IsLetter(r) {
			return false
		}
		lower = lower || unicode.IsLower(r)
	}
	if !lower {
		return false // "TAG24", "ARD1": an outlet or a channel
	}
	for _, r := range p[digits:] {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// authorSource is one way of finding names, in rank order.
type authorSource struct {
	names  []string
	source string
}

// findAuthors ranks JSON-LD, microdata, author metadata, author-page links
// and "By …" lines; the first source that names a person wins, and one that
// names only organisations is kept as a fallback.
func findAuthors(m *pageMeta, doc, articleRoot, h1 *html.Node, names []string) ([]string, string) {
	var cands []authorSource
	if ld := m.ld; ld != nil && len(ld.Authors) > 0 {
		var persons, orgs []string
		for _, a := range ld.Authors {
			if a.Person {
				persons = append(persons, a.Name)
			} else {
				orgs = append(orgs, a.Name)
			}
		}
		cands = append(cands, authorSource{cleanAuthors(persons, names), "json-ld"}, authorSource{cleanAuthors(orgs, nil), "json-ld"})
	}
	cands = append(cands, authorSource{microdataAuthors(m, mainScope(h1), names), "microdata"})
	// Yoast writes the byline as a Twitter card label: "Written by" / "Geschrieben von".
	for i := 1; i <= 4; i++ {
		label := strings.ToLower(m.first(fmt.Sprintf("twitter:label%d", i)))
		if writtenBy.MatchString(label) {
			cands = append(cands, authorSource{cleanAuthors([]string{m.first(fmt.Sprintf("twitter:data%d", i))}, names), "meta"})
		}
	}
	for _, k := range []string{"author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author", "parsely-author", "byl", "citation_author", "cxenseparse:author", "twitter:creator"} {
		var keep []string
		for _, v := range m.all(k) {
			if !strings.Contains(v, "://") && !strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "@") {
				keep = append(keep, v)
			}
		}
		if len(keep) > 0 {
			cands = append(cands, authorSource{cleanAuthors(keep, names), "meta"})
			break
		}
	}
	byl := bylineAuthors(doc, articleRoot, h1, names, bylineParticle(m.lang))
	cands = append(cands, authorSource{byl.names, "byline"})

	// A source naming only user names ("admin", "jane.doe") yields to a
	// later one that names a person in full, and beats the rest.
	var fallback, handles authorSource
	for _, c := range cands {
		if len(c.names) == 0 {
			continue
		}
		if namesPerson(c.names, names) {
			if handles.names != nil && !slices.ContainsFunc(c.names, personShaped) {
				return handles.names, handles.source
			}
			if c.source != "byline" && bylineRules(c.names, byl) {
				return byl.names, "byline"
			}
			if c.source != "byline" && completesFirstName(c.names, byl.names) {
				// A first name alone ("Nils"), as a CMS's display name
				// often is, and the byline gives the whole name.
				return byl.names, "byline"
			}
			if c.source != "byline" {
				return writersOnly(c.names, byl.text), c.source
			}
			return c.names, c.source
		}
		if handles.names == nil && slices.ContainsFunc(c.names, func(n string) bool { return handleLike(n) && !looksOrg(n, names) }) {
			handles = c
		} else if fallback.names == nil {
			fallback = c
		}
	}
	if handles.names != nil {
		return handles.names, handles.source
	}
	if fallback.names == nil {
		if got := metaLineAuthor(h1, names); got != nil {
			return got, "byline"
		}
		if box := authorBox(doc, names); box != nil {
			return box, "author-box"
		}
		if got := postAuthorComment(doc, names); got != nil {
			return got, "comments"
		}
	}
	return fallback.names, fallback.source
}

// metaLineAuthor reads the post-meta line of a blog theme that writes
// the author without "By": "1 September 2025 · 4 min · Tom Ellery" in
// the element just after the headline. The reading time and the date
// mark the line as the post's metadata; its one person-shaped part is
// the writer.
// Asked only when no other source names anyone.
func metaLineAuthor(h1 *html.Node, names []string) []string {
	if h1 == nil {
		return nil
	}
	n := h1
	for i := 0; i < 3; i++ {
		n = nextElementSibling(n)
		if n == nil {
			return nil
		}
		t := textOf(n)
		if len(t) > 120 {
			return nil
		}
		parts := strings.FieldsFunc(t, func(r rune) bool { return r == '·' || r == '|' || r == '•' })
		if len(parts) < 2 {
			continue
		}
		var who []string
		timed, dated := false, false
		for _, p := range parts {
			p = strings.TrimSpace(p)
			switch {
			case readingTime(p):
				timed = true
			case hasDigit(p):
				dated = dated || parseLooseDate(p) != ""
			case personShaped(p):
				who = append(who, p)
			}
		}
		if timed && dated && len(who) == 1 {
			return cleanAuthors(who, names)
		}
	}
	return nil
}

// readingTime reports a reading-time label: "4 min", "7 min read",
// "5 Min. Lesezeit", "3 mins".
func readingTime(p string) bool {
	f := strings.Fields(strings.ToLower(p))
	if len(f) < 2 || len(f) > 4 || !strings.HasPrefix(f[1], "min") {
		return false
	}
	for _, c := range []byte(f[0]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// postAuthorComment names the writer from the comments when nothing else
// does: blog software marks a comment by the post's own author
// (WordPress's comment_class() adds "bypostauthor"), and the comment
// shows that author's display name, in an hCard's "fn" or an element
// classed as the comment's author. Blogs that print no byline on the
// post still answer their readers under their name.
func postAuthorComment(doc *html.Node, names []string) []string {
	var mark *html.Node
	each(doc, func(n *html.Node) bool {
		if mark != nil {
			return false
		}
		switch n.DataAtom {
		case atom.Head, atom.Script, atom.Style, atom.Template:
			return false
		}
		if c := attr(n, "class"); len(c) >= 12 && strings.Contains(c, "bypostauthor") && hasToken(c, "bypostauthor") {
			mark = n
			return false
		}
		return true
	})
	if mark == nil {
		return nil
	}
	// The comment's own author comes before the replies nested in it.
	var name *html.Node
	each(mark, func(n *html.Node) bool {
		if name != nil {
			return false
		}
		if c := attr(n, "class"); hasToken(c, "fn") || hasToken(c, "comment-author") {
			name = n
			return false
		}
		return true
	})
	if name == nil {
		return nil
	}
	if fn := findClassToken(name, "fn"); fn != nil {
		name = fn // "comment-author vcard" holds the avatar and "says" too
	}
	t, short := shortText(name, 120)
	if !short || t == "" || utf8.RuneCountInString(t) > 60 {
		return nil
	}
	if got := cleanAuthors([]string{t}, names); len(got) == 1 {
		return got
	}
	return nil
}

// findClassToken is the first element under n, n excluded, with class
// token tok.
func findClassToken(n *html.Node, tok string) *html.Node {
	var found *html.Node
	each(n, func(c *html.Node) bool {
		if found == nil && hasToken(attr(c, "class"), tok) {
			found = c
		}
		return found == nil
	})
	return found
}

// aboutAuthor is the label of a box about the writer: "About the author",
// "Über die Autorin", "À propos de l'auteur".
var aboutAuthor = regexp.MustCompile(`(?i)^\s*(about the author|über (den autor|die autorin)|zum autor|zur autorin|à propos de l'auteur|sobre el autor|sobre la autora|sull'autore)\b[\s:–—-]*`)

// authorBox reads the box about the writer that many sites place after
// the text or beside it, outside the article's own markup: an element
// classed as the author's ("author-bio", "about-author", "autor-box")
// with a photo or a bio, naming one person in a heading, a link to their
// page or an element classed as a name. It speaks only when nothing else
// names a writer.
func authorBox(doc *html.Node, names []string) []string {
	var found []string
	each(doc, func(n *html.Node) bool {
		if found != nil {
			return false
		}
		switch n.DataAtom {
		case atom.Nav, atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head, atom.Li:
			return false
		case atom.Header, atom.Footer:
			if !inArticle(n) {
				return false
			}
		}
		if hasStrongComments(n) {
			return false
		}
		if !authorClassed(n) {
			return true
		}
		t, short := shortText(n, 1500)
		if !short || t == "" {
			return true
		}
		if got := boxName(n, names); got != nil && boxShaped(n, len(t)) {
			found = got
			return false
		}
		return true
	})
	return found
}

// authorClassed reports a class or id naming the author.
func authorClassed(n *html.Node) bool {
	s := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
	return strings.Contains(s, "author") || strings.Contains(s, "autor") || strings.Contains(s, "auteur")
}

// boxShaped reports a box with a photo or a bio beside the name, not a
// bare credit line such as a teaser's.
func boxShaped(n *html.Node, textLen int) bool {
	shaped := false
	each(n, func(c *html.Node) bool {
		switch c.DataAtom {
		case atom.Img, atom.Picture:
			shaped = true
		case atom.P:
			if textLen >= 80 {
				shaped = true
			}
		}
		return !shaped
	})
	return shaped
}

// boxName is the one name an author box gives, from its first heading,
// link to an author page or element classed as a name.
func boxName(box *html.Node, names []string) []string {
	var got []string
	done := false
	each(box, func(c *html.Node) bool {
		if done {
			return false
		}
		candidate := false
		switch c.DataAtom {
		case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Strong, atom.B:
			candidate = true
		case atom.A:
			candidate = isAuthorLink(c)
		default:
			cl := strings.ToLower(attr(c, "class"))
			candidate = strings.Contains(cl, "name") || strings.Contains(cl, "title")
		}
		t, short := shortText(c, 200)
		if !short || t == "" {
			return true
		}
		if !candidate {
			// "About the Author – Jane Doe" in an element of no class
			if !aboutAuthor.MatchString(t) {
				return true
			}
		}
		if a := findFirst(c, atom.A); a != nil && c.DataAtom != atom.A {
			// a heading's link holds the name; a follow button may sit beside it
			if lt := textOf(a); lt != "" {
				t = lt
			}
		}
		t = aboutAuthor.ReplaceAllString(t, "")
		if strings.TrimSpace(t) == "" {
			return true // the box's label: the name follows
		}
		done = true
		if list := cleanAuthors([]string{t}, names); len(list) == 1 && namesPerson(list, names) {
			got = list
		}
		return false
	})
	return got
}

// completesFirstName reports a list naming one person by the first name
// alone ("Nils"), as a CMS's display name often does, and another that
// gives that person's whole name ("Nils Pickert").
func completesFirstName(short, full []string) bool {
	return len(short) == 1 && len(full) == 1 && !strings.ContainsRune(short[0], ' ') && strings.HasPrefix(full[0], short[0]+" ") && personShaped(full[0])
}

// lowerPhrase reports words starting in lower case, such as "deinen
// Hochzeitsbloggern" or "signing up": a phrase, not a person's name.
func lowerPhrase(p string) bool {
	r, _ := utf8.DecodeRuneInString(p)
	return unicode.IsLower(r) && strings.ContainsRune(p, ' ')
}

// namesPerson reports whether a list names at least one person: not only
// organisations, initials or user names.
func namesPerson(list, siteNames []string) bool {
	for _, n := range list {
		if !looksOrg(n, siteNames) && !initialsOnly(n) && !handleLike(n) && !lowerPhrase(n) && !roleCredit(n, siteNames) {
			return true
		}
	}
	return false
}

// bylineRules reports whether the visible byline should win over the
// metadata's names meta when one list holds the other. Metadata is often
// truncated to the first of several writers (a CMS field holding one
// user), or padded with photographers, stylists and editors the page
// does not credit as writers: the byline is what readers are shown. The
// byline wins when it lists meta's names and more, all shaped as person
// names and listed together ("A, B and C"), or when it lists some of
// meta's names and its text shows none of the others.
func bylineRules(meta []string, byl byline) bool {
	if len(byl.names) == 0 || len(byl.names) == len(meta) {
		return false
	}
	in := func(name string, list []string) bool {
		// lists are short: a few names each
		return slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, name) })
	}
	for _, n := range byl.names {
		if !personShaped(n) {
			return false
		}
	}
	if len(byl.names) > len(meta) {
		for _, n := range meta {
			if !in(n, byl.names) {
				return false
			}
		}
		return listedTogether(byl.text, byl.names)
	}
	for _, n := range byl.names {
		if !in(n, meta) {
			return false
		}
	}
	low := strings.ToLower(byl.text)
	for _, n := range meta {
		if !in(n, byl.names) && strings.Contains(low, strings.ToLower(n)) {
			return false
		}
	}
	return true
}

// creditRole ends the text before a name the byline credits for work
// other than the writing: "Reviewed by", "Photography by", "Contributions
// from". Metadata lists such people as authors beside the writers.
var creditRole = regexp.MustCompile(`(?i)\b(contributions? (from|by)|additional reporting( by)?|(medically |fact[- ])?reviewed by|edited by|fact[- ]checked by|photo(graph(y|s|er))?s?( by)?|styled by|styling( by)?|illustrations?( by)?|video( by)?|produced by|translated by|fotos?( von)?|bearbeitet von|redigiert von|übersetzt von|mitarbeit|photos? de|traduction( de| par)?|fotografía( de)?)[\s:]*$`)

// writersOnly drops the names the byline text credits for another role
// than the writing; a name listed right after such a name shares its
// role ("Contributions from A, B"). It keeps names the text does not show.
func writersOnly(names []string, text string) []string {
	if text == "" || len(names) < 2 {
		return names
	}
	low := strings.ToLower(text)
	spans, _ := nameSpans(low, names)
	if len(spans) < 2 {
		return names
	}
	drop := map[string]bool{}
	prev, role := 0, false
	for _, sp := range spans {
		if sp.at < prev {
			return names
		}
		gap := low[prev:sp.at]
		switch {
		case creditRole.MatchString(gap):
			role = true
		case prev == 0 || !onlySeparators(gap):
			role = false
		}
		if role {
			drop[sp.name] = true
		}
		prev = sp.end
	}
	if len(drop) == 0 || len(drop) == len(names) {
		return names
	}
	var out []string
	for _, n := range names {
		if !drop[n] {
			out = append(out, n)
		}
	}
	return out
}

// nameSpan is where a name first occurs in a lower-cased text.
type nameSpan struct {
	at, end int
	name    string
}

// nameSpans finds each name in low (the text lower-cased), in text order,
// and reports whether every name was found. Ends are measured on the
// lower-cased name, whose length may differ from the name's.
func nameSpans(low string, names []string) ([]nameSpan, bool) {
	var spans []nameSpan
	all := true
	for _, n := range names {
		ln := strings.ToLower(n)
		if i := strings.Index(low, ln); i >= 0 {
			spans = append(spans, nameSpan{i, i + len(ln), n})
		} else {
			all = false
		}
	}
	slices.SortFunc(spans, func(a, b nameSpan) int { return a.at - b.at })
	return spans, all
}

func onlySeparators(gap string) bool {
	for _, p := range authorSplit.Split(" "+strings.TrimSpace(gap)+" ", -1) {
		if strings.TrimSpace(p) != "" {
			return false
		}
	}
	return true
}

// personShaped reports a name of two to five words, each capitalised
// but for particles ("Jane Doe", "Ludwig van Beethoven", "J. R. R.
// Tolkien"; not "Institute of Allergy").
func personShaped(p string) bool {
	f := strings.Fields(p)
	if len(f) < 2 || len(f) > 5 {
		return false
	}
	for i, w := range f {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsUpper(r) {
			continue
		}
		if i == 0 || i == len(f)-1 || !nameParticles[w] {
			return false
		}
	}
	return true
}

var nameParticles = map[string]bool{"van": true, "von": true, "der": true, "den": true, "de": true, "del": true, "della": true, "da": true, "das": true, "dos": true, "di": true, "du": true, "la": true, "le": true, "bin": true, "ibn": true, "al": true, "el": true, "ter": true, "ten": true, "zu": true, "y": true}

// listedTogether reports whether the names appear in text one after the
// other with only separators and conjunctions between them.
func listedTogether(text string, names []string) bool {
	low := strings.ToLower(text)
	spans, all := nameSpans(low, names)
	if !all {
		return false
	}
	for i := 1; i < len(spans); i++ {
		if spans[i].at < spans[i-1].end {
			return false
		}
		if !onlySeparators(low[spans[i-1].end:spans[i].at]) {
			return false
		}
	}
	return true
}

// microdataAuthors reads itemprop=author of the page's article, not of the
// images or teasers that carry their own itemscope.
func microdataAuthors(m *pageMeta, main *html.Node, names []string) []string {
	var raw []string
	var done []*html.Node
	for _, n := range m.itemprops {
		ip := strings.ToLower(attr(n, "itemprop"))
		if ip != "author" && ip != "creator" {
			continue
		}
		if slices.ContainsFunc(done, func(d *html.Node) bool { return ancestorOrSelf(d, n) }) {
			continue // inside an author already read
		}
		// Teasers are often items of type Article too: only the item that
		// holds the headline speaks for the page, when there is one.
		if scope := nearestScope(n); scope != nil && (!articleScope(scope) || main != nil && scope != main) {
			continue
		}
		// Bylines of teasers without their own itemscope read as the
		// page's: a name counts only in the first one's byline, not in a
		// card elsewhere on the page.
		if len(done) > 0 && !oneByline(done[0], n) || inFigure(n) {
			continue // another byline, or a photo credit
		}
		done = append(done, n)
		t := ""
		each(n, func(c *html.Node) bool {
			if strings.EqualFold(attr(c, "itemprop"), "name") && t == "" {
				if t = textOf(c); t == "" {
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
		if t != "" && utf8.RuneCountInString(t) < 120 {
			raw = append(raw, t)
		}
	}
	return cleanAuthors(raw, names)
}

func inFigure(n *html.Node) bool { return hasAncestor(n, atom.Figure, atom.Figcaption) }

// oneByline reports whether a and b belong to one byline: the smallest
// element holding both is a line or two of text, not a stretch of the
// page with the article's text or a photo caption between them.
func oneByline(a, b *html.Node) bool {
	lca := a
	for lca != nil && !ancestorOrSelf(lca, b) {
		lca = lca.Parent
	}
	if lca == nil {
		return false
	}
	_, short := shortText(lca, 400)
	return short
}

// mainScope is the article-typed microdata item that holds the headline,
// or nil.
func mainScope(h1 *html.Node) *html.Node {
	if h1 == nil {
		return nil
	}
	for p := h1; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && hasAttr(p, "itemscope") {
			if articleScope(p) {
				return p
			}
		}
	}
	return nil
}

func nearestScope(n *html.Node) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && hasAttr(p, "itemscope") {
			return p
		}
	}
	return nil
}

func articleScope(n *html.Node) bool {
	t := strings.ToLower(attr(n, "itemtype"))
	if i := strings.LastIndexByte(t, '/'); i >= 0 {
		t = t[i+1:]
	}
	return articleTypes[t] || t == "webpage" || t == ""
}

// byline is what the visible byline names, and its text.
type byline struct {
	names []string
	text  string
}

// bylineParticles are the words for "by" that are too short or too common
// to read as a byline in every language, keyed by the page's language:
// Romanian "de Ana Pop", Tagalog "Ni Maria Santos", Swahili "Na Juma
// Mwangi", Catalan "Per Jordi Puig". Elsewhere they are names (the
// Swedish "Per", the Chinese and Korean surnames Ni and Na) or particles
// of names ("de Vries").
var bylineParticles = map[string]string{"ro": "de ", "tl": "ni ", "fil": "ni ", "sw": "na ", "ca": "per "}

// bylineParticle is the byline particle of the page's language, from its
// lang attribute ("ro", "ca-ES", "fil"), or "".
func bylineParticle(lang string) string {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	if len(lang) < 2 || len(lang) > 3 {
		return ""
	}
	return bylineParticles[strings.ToLower(lang)]
}

// afterParticle is the rest of a line that opens with the language's
// byline particle and then a name, two capitalised words ("de Andreea
// Popescu | 3 noiembrie 2025"), or "".
func afterParticle(t, particle string) string {
	if particle == "" || len(t) <= len(particle) || !strings.EqualFold(t[:len(particle)], particle) {
		return ""
	}
	rest := t[len(particle):]
	f := strings.Fields(rest)
	if len(f) < 2 {
		return ""
	}
	for _, w := range f[:2] {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return ""
		}
	}
	return rest
}

// particleByline reports a line that is a byline in the page language's
// particle: "Na Juma Mwangi", "Per Jordi Puig, 3 de novembre de 2025",
// not a sentence.
func particleByline(t, particle string) bool {
	n := utf8.RuneCountInString(t)
	if n >= 120 || endsSentence(t) || afterParticle(t, particle) == "" {
		return false
	}
	return n < 80 && countWords(t) <= 8 || parseLooseDate(t) != ""
}

// bylineAuthors reads the visible byline near the headline: links to
// author pages (rel=author, /author/… paths) and "By …" text, whether "By"
// shares the name's element or sits in its own. particle is the page
// language's word for "by" when bylinePrefix leaves it out.
func bylineAuthors(doc, root, h1 *html.Node, names []string, particle string) byline {
	if root == nil {
		root = doc
	}
	type hit struct {
		node  *html.Node
		text  string
		after bool // after the headline
	}
	var links []hit
	var texts []string
	var classed []string // text of the first element classed as a byline
	var dated []string   // a name beside the date under the headline
	seenH1 := h1 == nil
	seenProse := false // a paragraph of the article's text has gone by
	onlyOrg := false   // the "By" lines so far credit only the outlet
	named, person := false, false
	leaves := 0
	c := collapser{brComma: true} // one buffer for the length tests
	var visit func(n *html.Node) bool
	visit = func(n *html.Node) bool {
		if n == h1 {
			seenH1 = true
			return false
		}
		switch n.DataAtom {
		case atom.Nav, atom.Script, atom.Style, atom.Template:
			return false
		case atom.Noscript:
			// Blog templates write the post, byline and all, in a
			// <noscript> for readers without script; the parser keeps
			// its markup as raw text.
			if seenH1 && len(texts) == 0 && leaves <= 80 {
				for _, f := range noscriptNodes(n) {
					if visit(f) {
						each(f, visit)
					}
				}
			}
			return false
		case atom.Footer:
			// A footer of the article holds who wrote it ("Posted by …"
			// under the text); the page's footer holds site credits.
			if !inArticle(n) {
				return false
			}
		case atom.Aside:
			// A meta column beside the headline holds the byline; asides
			// within the text are pull quotes, bios and teasers.
			if seenProse {
				return false
			}
		case atom.P:
			if !seenProse && !c.fits(n, 200) {
				seenProse = true
			}
		}
		if namesComments(n) {
			return false
		}
		if n.DataAtom == atom.A {
			if isAuthorLink(n) {
				if inProse(n) {
					return false // a writer the text cites, not its byline
				}
				if t := textOf(n); t != "" && utf8.RuneCountInString(t) < 60 {
					links = append(links, hit{n, t, seenH1})
				}
			}
			return false
		}
		if !seenH1 || leaves > 80 {
			return true
		}
		if len(classed) == 0 && bylineClassed(n) {
			if t, short := shortText(n, 240); short && t != "" && utf8.RuneCountInString(t) <= 80 {
				if rest := afterParticle(t, particle); rest != "" {
					t = rest
				}
				classed = append(classed, cutAtDate(t))
			}
		}
		if containsBlock(n) {
			return true
		}
		leaves++
		wantDated := dated == nil && leaves <= 4
		if !wantDated && (len(texts) > 0 && !(onlyOrg && !seenProse) || len(texts) > 2) {
			return true // nothing left to read in a line
		}
		// A line is read up to 160 runes: one longer is neither a dated
		// name (160 bytes at most) nor a byline.
		if !c.fitsRunes(n, 160) {
			return true
		}
		t := string(c.b)
		if wantDated && len(t) <= 160 {
			dated = datedName(n, t, names)
		}
		if utf8.RuneCountInString(t) >= 160 || len(texts) > 0 && !(onlyOrg && !seenProse) || len(texts) > 2 {
			return true
		}
		// A separator may lead: "| By Jane Doe", "— by Jane Doe".
		t = strings.TrimLeft(t, "|·•-–—/*:> ")
		if rest := afterDatedBy(t); rest != "" {
			t = rest // "Posted on May 14, 2024 by Jane Doe"
		}
		if rest := afterParticle(t, particle); rest != "" {
			t = "By " + rest // the language's own "by", read as the English one
		}
		if mayBeByline(t) && (bylinePrefix.MatchString(t) || gluedPrefix.MatchString(t)) && !prepositionLine(t) {
			if strings.TrimSpace(bylinePrefix.ReplaceAllString(t, "")) == "" {
				t = followingText(n) // "By" alone: the name follows it
			}
			texts = append(texts, cutAtDate(t))
			// A line crediting the outlet ("By The Planetary Press") may
			// come before the one naming the writer ("Written by: …").
			// Cleaning keeps the persons of all lines when there are any, so
			// the lines so far credit only the outlet when none names one.
			got := cleanAuthors([]string{texts[len(texts)-1]}, names)
			named = named || len(got) > 0
			person = person || slices.ContainsFunc(got, func(n string) bool { return !looksOrg(n, names) })
			onlyOrg = named && !person
		}
		return true
	}
	each(root, visit)
	// The byline is the first cluster of author links, preferring those
	// after the headline: later ones are bios, teasers and "more by" lists.
	var first *hit
	for i := range links {
		if links[i].after {
			first = &links[i]
			break
		}
	}
	if first == nil && len(links) > 0 {
		first = &links[len(links)-1] // the one nearest above the headline
	}
	// Links, a "By" line and an element classed as the byline, in that
	// order; one that names a person beats one that names only the
	// outlet ("The Planetary Press" linked, "Written by: Jane Doe" below).
	var found []byline
	if first != nil {
		box := blockAncestor(first.node)
		var raw []string
		for _, l := range links {
			if blockAncestor(l.node) == box {
				raw = append(raw, l.text)
			}
		}
		if got := cleanAuthors(raw, names); len(got) > 0 {
			// The line around the links: writers each in a block of
			// their own ("By <div>A</div> and <div>B</div>") share it.
			t, _ := shortText(box, 300)
			for p := box.Parent; p != nil && p != root; p = p.Parent {
				pt, short := shortText(p, 300)
				if !short {
					break
				}
				t = pt
			}
			found = append(found, byline{got, t})
		}
	}
	if got := cleanAuthors(texts, names); len(got) > 0 {
		found = append(found, byline{got, strings.Join(texts, " ")})
	}
	if got := cleanAuthors(classed, names); len(got) > 0 {
		found = append(found, byline{got, strings.Join(classed, " ")})
	}
	if dated != nil {
		found = append(found, byline{dated, strings.Join(dated, ", ")})
	}
	if h1 != nil {
		if b := aboveHeadline(h1, names); b.names != nil {
			found = append(found, b)
		}
	}
	for i, b := range found {
		if slices.ContainsFunc(b.names, func(n string) bool { return !looksOrg(n, names) }) {
			for _, later := range found[i+1:] {
				if completesFirstName(b.names, later.names) {
					return later
				}
			}
			return b
		}
	}
	if len(found) > 0 {
		return found[0]
	}
	return byline{}
}

// datedByWords are the words that hand a dated line to its writer: "Posted
// on May 14, 2024 by Jane Doe", "Veröffentlicht am 14.05.2024 von …",
// "Publié le 14 mai 2024 par …", "Publicado el 14 de mayo de 2024 por …".
var datedByWords = []string{" by ", " von ", " par ", " por "}

// dateLead is the label a template prints before the day.
var dateLead = regexp.MustCompile(`(?i)^(posted|published|veröffentlicht|publié|publicado|publicada)?\s*(on|am|le|el|en)?\s*`)

// afterBylineEnds end the name in a dated byline: the category it was
// filed in, a separator, the comment count the template prints next.
var afterBylineEnds = []string{" in ", " | ", " · ", " - ", " — ", "comment", "kommentar", "commentaire", "comentario", "reply", "antwort", "réponse", "respuesta", "leave a", "no comment"}

var commentCounts = map[string]bool{"one": true, "no": true, "ein": true, "eine": true, "keine": true, "un": true, "une": true, "uno": true, "sin": true, "leave": true}

// afterDatedBy returns the byline of a line that states the day first and
// the writer after it, as blog and CMS templates print both on one line
// ("Posted on <date> by <name> in <category>"): "by <name>", or "" when t
// is not such a line. What stands before the writer must be the day
// alone, with its label: "Radio piece of 30.1.2022 by …" credits
// something else.
func afterDatedBy(t string) string {
	if len(t) > 160 || !hasYear(t) {
		return ""
	}
	low := strings.ToLower(t)
	for _, w := range datedByWords {
		i := strings.Index(low, w)
		if i < 0 {
			continue
		}
		head := dateLead.ReplaceAllString(t[:i], "")
		if !dateOnly(head) {
			return ""
		}
		rest, lowRest := t[i+1:], low[i+1:]
		for _, e := range afterBylineEnds {
			if k := strings.Index(lowRest, e); k > 0 {
				rest, lowRest = rest[:k], lowRest[:k]
			}
		}
		// and the count before "comments": "Jane Doe 3 Comments", "… Ein Kommentar".
		rest = strings.TrimSpace(rest)
		if k := strings.LastIndexByte(rest, ' '); k > 0 && countWords(rest) > 1 {
			if last := strings.ToLower(rest[k+1:]); countWords(last) == 1 && (hasDigit(last) || commentCounts[last]) {
				rest = strings.TrimSpace(rest[:k])
			}
		}
		return rest
	}
	return ""
}

// datedName reads the line under the headline that carries the date and
// a person's name without a "By": "11.12.2019 - Jane Doe", "Jane Doe |
// Oct 17, 2023", or the name and the date each in an element of its own.
// leaf is a line of text t.
func datedName(leaf *html.Node, t string, names []string) []string {
	if !hasUpperStart(t) && !hasDigit(t) {
		return nil
	}
	name := ""
	if hasYear(t) {
		// one line: a date and a name with a separator between them
		parts := dateNameSplit.Split(t, -1)
		if len(parts) != 2 {
			return nil
		}
		switch {
		case dateOnly(parts[0]):
			name = parts[1]
		case dateOnly(parts[1]):
			name = parts[0]
		default:
			return nil
		}
	} else {
		// the name alone, the date right after it
		if !dateFollows(leaf) {
			return nil
		}
		name = t
	}
	name = strings.TrimSpace(name)
	if !personShaped(name) || len(strings.Fields(name)) > 4 {
		return nil
	}
	if first, _, _ := strings.Cut(name, " "); phraseStart[strings.ToLower(first)] {
		return nil // "The Guardian", "Aus der Region": no one's name
	}
	got := cleanAuthors([]string{name}, names)
	if len(got) != 1 || got[0] != name || !namesPerson(got, names) {
		return nil
	}
	return got
}

// dateFollows reports an element followed right away by one that opens
// with a date, within the same line: n's next sibling, or its parent's
// when n ends an inline parent.
func dateFollows(n *html.Node) bool {
	for p, i := n, 0; p != nil && i < 3; p, i = p.Parent, i+1 {
		if i > 0 && isBlockTag(p.DataAtom) {
			return false
		}
		// the next sibling with text, past a separator ("Jane Doe • Oct 3")
		for s := p.NextSibling; s != nil; s = s.NextSibling {
			if s.Type == html.CommentNode {
				continue
			}
			if s.Type == html.ElementNode && isBlockTag(s.DataAtom) && !isBlockTag(n.DataAtom) {
				return false
			}
			t, short := s.Data, true
			if s.Type == html.ElementNode {
				t, short = shortText(s, 120)
			}
			if !short {
				return false
			}
			if t = strings.TrimLeft(t, "|·•-–—,/ \t\n\r"); t != "" {
				return startsWithDate(t)
			}
		}
	}
	return false
}

// phraseStart holds articles and prepositions, which start a phrase or
// an outlet's name but not a person's.
var phraseStart = map[string]bool{"the": true, "a": true, "an": true, "from": true, "in": true, "der": true, "die": true, "das": true, "aus": true, "im": true, "am": true, "le": true, "la": true, "les": true, "el": true, "los": true, "las": true, "il": true, "lo": true}

var dateNameSplit = regexp.MustCompile(`\s+[-–—]\s+|\s*[|·•]\s*`)

func hasUpperStart(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}

// dateOnly reports text that is a calendar day and little else:
// "Oct 17, 2023", "11.12.2019", "17. Oktober 2023, 13:56 Uhr".
func dateOnly(t string) bool {
	t = strings.TrimSpace(t)
	// startsWithDate parses the day it finds: no second parse of t.
	return len(t) <= 40 && countWords(t) <= 6 && startsWithDate(t)
}

// startsWithDate reports text that opens with a calendar day.
func startsWithDate(t string) bool {
	t = strings.TrimSpace(t)
	if len(t) > 40 {
		t = t[:40]
	}
	if !hasYear(t) {
		return false
	}
	for _, re := range []*regexp.Regexp{reISODay, reDMYNum, reDayMonth, reMonthDay} {
		if loc := re.FindStringIndex(t); loc != nil && loc[0] <= 4 && parseLooseDate(t[loc[0]:loc[1]]) != "" {
			return true
		}
	}
	return false
}

// aboveHeadline reads a byline set just above the headline, with no other
// text between them: many templates put the writer over the title, in
// the article's header ("Von Jane Doe", a link to the author's page, an
// element classed as the author), often outside the container that holds
// the headline and the text.
func aboveHeadline(h1 *html.Node, names []string) byline {
	n := h1
	var text *html.Node
	for steps := 0; steps < 200 && text == nil; steps++ {
		if n.PrevSibling != nil {
			n = n.PrevSibling
			for n.LastChild != nil && !skipped(n) {
				n = n.LastChild
			}
		} else if n = n.Parent; n == nil || n.DataAtom == atom.Body {
			return byline{}
		}
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" && !skipped(n.Parent) {
			text = n
		}
	}
	if text == nil {
		return byline{}
	}
	// Not the site's menu or masthead ("Author: Jane Doe" in a blog's
	// navigation).
	for p := text.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Nav:
			return byline{}
		case atom.Header, atom.Footer:
			if !ancestorOrSelf(p, h1) && !inArticle(p) {
				return byline{}
			}
		}
	}
	// The line holding that text: its block, unless the block holds the
	// headline too.
	var line *html.Node
	signal := false
	for p := text.Parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if ancestorOrSelf(p, h1) {
			break
		}
		line = p
		signal = signal || bylineClassed(p) || p.DataAtom == atom.A && isAuthorLink(p)
		if isBlockTag(p.DataAtom) {
			break
		}
	}
	if line == nil {
		return byline{}
	}
	t, short := shortText(line, 240)
	if !short || t == "" || utf8.RuneCountInString(t) > 80 {
		return byline{}
	}
	if !signal && !looksLikeByline(t) {
		return byline{}
	}
	t = cutAtDate(t)
	if got := cleanAuthors([]string{t}, names); slices.ContainsFunc(got, personShaped) && namesPerson(got, names) {
		return byline{got, t}
	}
	return byline{}
}

// isAuthorLink reports a link to a writer's page.
func isAuthorLink(a *html.Node) bool {
	href := attr(a, "href")
	return hasToken(strings.ToLower(attr(a, "rel")), "author") || authorHref(href)
}

// authorPathAt is authorPath anchored: a match of authorPath is one of
// authorPathAt at the byte it starts with, one of authorLeads ('/', '?',
// '&'), followed by one of authorStarts.
var (
	authorPathAt = regexp.MustCompile(`^(?:` + authorPath.String() + `)`)
	authorLeads  = startBytes(authorPathAt)
	authorStarts = startPairs(authorPathAt, authorLeads)
)

// authorHref is authorPath.MatchString(href), asked of every link of the
// page: in an ASCII href only where one of its words can start, so the
// regexp does not scan the whole href from each position.
func authorHref(href string) bool {
	for i := 0; i < len(href); i++ {
		if href[i] >= utf8.RuneSelf {
			return mayBeAuthorPath(href) && authorPath.MatchString(href)
		}
	}
	for i := 0; i+2 < len(href); i++ {
		if authorLeads.has(href[i]) && authorStarts.has(href[i+1], href[i+2]) && authorPathAt.MatchString(href[i:]) {
			return true
		}
	}
	return false
}

// skipped reports an element whose text is not shown.
func skipped(n *html.Node) bool {
	if n == nil {
		return false
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head, atom.Title:
		return true
	}
	return false
}

// noscriptNodes parses the markup a <noscript> holds as text, when it
// holds more than an image.
func noscriptNodes(n *html.Node) []*html.Node {
	c := n.FirstChild
	if c == nil || c.Type != html.TextNode || c.NextSibling != nil || len(c.Data) > 1<<16 || !strings.Contains(c.Data, "</") {
		return nil
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(c.Data), ctx)
	if err != nil {
		return nil
	}
	// ParseFragment leaves its nodes without a parent; the byline code
	// climbs to a block ancestor, so they get the context element as one
	// (detached from the page, which stays as parsed).
	for _, f := range nodes {
		ctx.AppendChild(f)
	}
	return nodes
}

// prepositionLine reports a sentence that opens with the word a byline
// opens with: "Von innen ist das Haus …", "By then it was too late".
// Three words in lower case after it are prose, not a name.
func prepositionLine(t string) bool {
	f := strings.Fields(bylinePrefix.ReplaceAllString(t, ""))
	if len(f) < 3 {
		return false
	}
	for _, w := range f[:3] {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// followingText is the text after n within its parent, or within its
// grandparent when n ends its parent: the name after a "By" of its own.
func followingText(n *html.Node) string {
	var b strings.Builder
	for p, i := n, 0; p != nil && i < 2; p, i = p.Parent, i+1 {
		for s := p.NextSibling; s != nil && b.Len() < 320; s = s.NextSibling {
			// Bounded per sibling too: the next one may be the whole text.
			t, short := shortText(s, 320)
			if !short {
				break
			}
			b.WriteByte(' ')
			b.WriteString(t)
		}
		if t := collapse(b.String()); t != "" {
			return t
		}
	}
	return ""
}

// bylineClassed reports an element whose class or id calls it the byline
// or the author's name (author, byline, autor, c-byline__name, and the
// Spanish and Italian "firma", the signature), not a bio, an avatar or a
// follow button.
func bylineClassed(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	class, id := attr(n, "class"), attr(n, "id")
	if class == "" && id == "" {
		return false
	}
	if asciiOnly(class) && asciiOnly(id) && !bylineWord(class) && !bylineWord(id) {
		return false // asked of most elements near the headline: no allocation
	}
	s := strings.ToLower(class + " " + id)
	if !strings.Contains(s, "author") && !strings.Contains(s, "byline") && !strings.Contains(s, "autor") && !firmaWord(class) && !firmaWord(id) {
		return false
	}
	return !bylineClassNoise.MatchString(s)
}

// bylineWord reports an ASCII name holding "author", "byline", "autor"
// or "firma" in any case.
func bylineWord(s string) bool {
	for i := 0; i+5 <= len(s); i++ {
		switch s[i] | 0x20 {
		case 'a':
			if foldPrefix(s[i:], "autor") || foldPrefix(s[i:], "author") {
				return true
			}
		case 'b':
			if foldPrefix(s[i:], "byline") {
				return true
			}
		case 'f':
			if firmaAt(s, i) {
				return true
			}
		}
	}
	return false
}

// firmaWord reports "firma" as a word of a class or id ("firma",
// "firma-autor", "articleFirma"), not inside another ("confirmation").
func firmaWord(s string) bool {
	for i := 0; i+5 <= len(s); i++ {
		if firmaAt(s, i) {
			return true
		}
	}
	return false
}

func firmaAt(s string, i int) bool {
	letter := func(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }
	if !foldPrefix(s[i:], "firma") || i+5 < len(s) && letter(s[i+5]) && !('A' <= s[i+5] && s[i+5] <= 'Z') {
		return false
	}
	// Before it: the start, a separator, or a lower-case letter ending
	// a camelCase word ("articleFirma").
	return i == 0 || !letter(s[i-1]) || s[i] == 'F' && 'a' <= s[i-1] && s[i-1] <= 'z'
}

// foldPrefix reports whether s starts with the lower-case ASCII word w,
// in any case.
func foldPrefix(s, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := s[i]; c != w[i] && !(c|0x20 == w[i] && 'a' <= w[i] && w[i] <= 'z') {
			return false
		}
	}
	return true
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

var bylineClassNoise = regexp.MustCompile(`bio|about|avatar|img|image|photo|foto|pic|thumb|social|follow|comment|more|authority|date|time`)

// inProse reports a link within a paragraph of running text.
func inProse(n *html.Node) bool {
	b := blockAncestor(n)
	if b == nil || b.DataAtom != atom.P {
		return false
	}
	_, short := shortText(b, 300)
	return !short
}

// inArticle reports an element within an <article>.
func inArticle(n *html.Node) bool { return hasAncestor(n.Parent, atom.Article) }

func blockAncestor(n *html.Node) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && isBlockTag(p.DataAtom) && p.DataAtom != atom.Li {
			return p
		}
	}
	return nil
}

// cutAtDate keeps the name part of "By Jane Doe | 13 Dec 2021".
func cutAtDate(t string) string {
	if i := strings.IndexAny(t, "|•·\n"); i > 0 {
		t = t[:i]
	}
	cut := -1
	if loc := reDayMonth.FindStringIndex(t); loc != nil {
		cut = loc[0]
	} else if loc := reMonthDay.FindStringIndex(t); loc != nil {
		cut = loc[0]
	} else if loc := reISODay.FindStringIndex(t); loc != nil {
		cut = loc[0]
	} else if loc := reYearMonth.FindStringIndex(t); loc != nil {
		cut = loc[0]
	}
	if cut >= 0 {
		// and the label that introduced the date: "Jane Doe, Stand: 3.5.2021".
		t = dateLabel.ReplaceAllString(t[:cut], "")
		// "Av Anna SvenssonPublicerad 9 januari": the label glued to
		// the name by markup that sets each in a box of its own.
		t = gluedDateLabel.ReplaceAllString(t, "$1")
	}
	// A day named without a date: "Jane Doe am Samstag", "on Monday".
	if loc := weekdayTail.FindStringIndex(t); loc != nil && loc[0] > 0 {
		t = t[:loc[0]]
	}
	return t
}

var weekdayTail = regexp.MustCompile(`(?i)[\s,]+(am|on|le|el|il)?\s*(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|dilluns|dimarts|dimecres|dijous|divendres|dissabte|diumenge)\b.*$`)

// dateLabel is the label before a byline's date ("Jane Doe, Stand:");
// Urdu and Bengali labels stand without \b, which reads ASCII words only.
var dateLabel = regexp.MustCompile(`(?i)[\s,:–—-]*(\b(?:stand|updated?|aktualisiert|veröffentlicht|erschienen|published|posted|am|on|le|el|il|publicado|actualizado|publié|mis à jour|pubblicato|aggiornato|publicerad|uppdaterad|publiceret|opdateret|publisert|oppdatert|gepubliceerd|bijgewerkt|opublikowano|aktualizacja|publicat|actualizat|julkaistu|päivitetty|imechapishwa|diterbitkan( pada)?|dikemaskini|objavljeno|ažurirano|inilathala)|شائع|প্রকাশ)[\s:,.–—-]*$`)

// gluedDateLabel is a date label glued to the last letter of the name
// before it ("SvenssonPublicerad"): capitalised, as a label in a box of
// its own is.
var gluedDateLabel = regexp.MustCompile(`(\p{Ll})(Published|Updated|Posted|Veröffentlicht|Aktualisiert|Publié|Publicado|Actualizado|Pubblicato|Aggiornato|Publicerad|Uppdaterad|Publiceret|Opdateret|Publisert|Oppdatert|Gepubliceerd|Bijgewerkt|Opublikowano|Aktualizacja|Publicat|Actualizat|Julkaistu|Päivitetty|Imechapishwa|Diterbitkan( pada)?|Dikemaskini|Objavljeno|Ažurirano)[\s:,.–—-]*$`)

// fits reports whether n's text, as textOf gives it, is at most max
// bytes: shortText's test without the string. The text is left in c.b.
func (c *collapser) fits(n *html.Node, max int) bool {
	c.b, c.space, c.max, c.maxRunes = c.b[:0], false, max, 0
	return c.node(n)
}

// fitsRunes reports whether n's text is at most max runes, leaving it
// in c.b when it is.
func (c *collapser) fitsRunes(n *html.Node, max int) bool {
	c.b, c.space, c.max, c.maxRunes, c.runes = c.b[:0], false, 4*max, max, 0
	return c.node(n)
}

// namesComments is hasStrongComments, asked only of an element whose
// class or id could hold its words ("comment", "disqus"): most have
// none, and the walks for bylines meet every element.
func namesComments(n *html.Node) bool {
	for _, a := range n.Attr {
		if (a.Key == "class" || a.Key == "id") && strings.ContainsAny(a.Val, "mMqQ") {
			return hasStrongComments(n)
		}
	}
	return false
}

// roleStarts begin, in lower case, every word or phrase of roleWords
// that an ASCII text can hold (its others have letters beyond ASCII).
var roleStarts = []string{"editor", "correspond", "reporter", "writer", "columnist", "contribut", "staff", "journalist", "producer",
	"analyst", "chief", "senior", "political", "economics", "business", "science", "health", "technology", "international",
	"diplomatic", "deputy", "news", "desk", "bureau", "for ", "in ", "updated", "publi", "posted", "aktualisiert", "pubblicato",
	"is ", "chef", "redakteur", "korrespondent", "autorin", "im ", "periodista", "redactor", "corresponsal", "giornalista",
	"redattore", "corrispondente"}

// notNameStarts begin, in lower case, every word of notNameWords that
// an ASCII text can hold.
var notNameStarts = []string{"more", "posts", "article", "artikel", "all", "view", "see", "profil", "zeige", "follow", "contact",
	"kontakt", "email", "mail", "read", "lesen", "weitere", "autoren", "author", "comment", "share", "subscribe", "home", "menu",
	"login", "anmelden", "photo", "foto", "image", "bild", "video", "quelle", "source", "getty", "shutterstock", "istock", "dpa",
	"sponsored", "advertisement", "anzeige", "text"}

// findRole is roleWords.FindStringIndex(p), the regexp run only when a
// word of p starts as one of its words does: cleanAuthors asks it of
// every name it reads, and most names hold none.
func findRole(p string) []int {
	if !mayStartWord(p, roleStarts) {
		return nil
	}
	return roleWords.FindStringIndex(p)
}

// mayStartWord reports whether a regexp of the form (?i)\b(word|…)
// could match p, given starts, lower-case beginnings of its words: true
// when some word of p begins with one in any case, or p is not ASCII
// (where (?i) folds more than ASCII case). \b is an ASCII boundary and
// every word starts with a letter, so a match starts where a letter
// follows a byte that is no ASCII letter, digit or '_'.
func mayStartWord(p string, starts []string) bool {
	if !asciiOnly(p) {
		return true
	}
	for i := 0; i < len(p); i++ {
		if c := p[i] | 0x20; c < 'a' || c > 'z' {
			continue
		}
		if i > 0 && asciiWordByte(p[i-1]) {
			continue
		}
		for _, w := range starts {
			if foldPrefix(p[i:], w) {
				return true
			}
		}
	}
	return false
}

func asciiWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

// signoffLine matches the sign-off that wire services put under a story
// in place of a byline: "(Reporting by Jane Doe and John Roe; Editing by
// Max Poe)", "Writing by Jane Doe". The reporters are the story's
// authors; the editors, and "additional reporting" (which does not open
// the line), are not.
var signoffLine = regexp.MustCompile(`^[(\[]?\s*(?:Reporting|Reported|Writing|Written) by ([^;)\]]{3,160})`)

// signoffAuthors reads the writers from a sign-off among the last blocks
// of the text.
func signoffAuthors(blocks []*block, names []string) []string {
	for i := len(blocks) - 1; i >= 0 && i >= len(blocks)-4; i-- {
		t := blocks[i].text
		if len(t) < 200 && strings.Contains(t, ":") {
			// "Texto: Lucía Fernández. Fotografía: Carlos Ruiz.": a
			// magazine credits the words and the pictures at the foot.
			if m := footCredit.FindStringSubmatch(t); m != nil {
				r := m[1]
				if loc := creditNext.FindStringIndex(r); loc != nil {
					r = r[:loc[0]]
				}
				if got := cleanAuthors([]string{strings.TrimRight(r, ". ")}, names); len(got) > 0 {
					return got
				}
			}
		}
		if len(t) > 400 || !strings.Contains(t, " by ") {
			continue
		}
		if m := signoffLine.FindStringSubmatch(t); m != nil {
			// "Jane Doe in Kyiv": the place the reporter filed from.
			r := m[1]
			if loc := signoffTail.FindStringIndex(r); loc != nil {
				r = r[:loc[0]] // ", with reporting by …", ". Editing by …"
			}
			r = inPlace.ReplaceAllString(r, "")
			if got := cleanAuthors([]string{r}, names); len(got) > 0 {
				return got
			}
		}
	}
	return nil
}

// footCredit is the credit of the words set under a magazine story:
// "Text: …", "Texto: …", "Testo: …", "Tekst: …".
var footCredit = regexp.MustCompile(`(?i)^\W*(?:text|texto|texte|testo|tekst|words)\s*:\s*(\p{Lu}.*)$`)

// creditNext is where the next credit of such a line starts: "…
// Fotografía: …", "… | Photos: …".
var creditNext = regexp.MustCompile(`(?i)\s*[.,;|/–—-]?\s+(fotos?|fotografías?|fotografia|fotografie|photos?|photographs|photography|pictures|bilder|bild|ilustración|ilustraciones|illustrations?|illustrazioni|infografía|grafik|graphics|vídeo|video|edición|edición gráfica|styling)\s*:`)

var signoffTail = regexp.MustCompile(`(?i)[,.]?\s+(with|additional|editing|edited|writing|compiled|produced|graphics)\s`)

var inPlace = regexp.MustCompile(`\s+in\s+\p{Lu}[\pL.-]*(\s+\p{Lu}[\pL.-]*)*`)

// koreanReporter is the credit Korean newsrooms print under (or over) a
// story: the name, then the title "기자" (reporter) or "특파원"
// (correspondent), often with an e-mail address: "김민수 기자
// minsu@example.kr", "[서울=뉴스] 김민수·이지은 기자 =".
var koreanReporter = regexp.MustCompile(`(?:^|[\s\]=(])((?:\p{Hangul}{2,4}\s?[·,]\s?)*\p{Hangul}{2,4})\s?(?:선임|수석|전문|객원)?(?:기자|특파원)(?:$|[^\p{Hangul}])`)

// reporterLine finds that credit in a short line of the text's box, which
// the body leaves out as a byline.
func reporterLine(blocks []*block, box *html.Node) []string {
	for _, b := range blocks {
		t := b.text
		if len(t) > 200 || !strings.Contains(t, "기자") && !strings.Contains(t, "특파원") || !ancestorOrSelf(box, b.node) {
			continue
		}
		if m := koreanReporter.FindStringSubmatch(t); m != nil {
			var out []string
			for _, n := range strings.FieldsFunc(m[1], func(r rune) bool { return r == '·' || r == ',' }) {
				if n = strings.TrimSpace(n); n != "" {
					out = append(out, n)
				}
			}
			return out
		}
	}
	return nil
}
