package crawltest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
)

// The generated articles of London Daily. Everything here is a pure function
// of the seed text and the article's index in the seed's related list, so
// the site is the same on every run and every machine (math/rand/v2's PCG is
// specified, not an implementation detail).
//
// Template variants, cycled by index (i%3), carry different date metadata:
//   - 'A': JSON-LD NewsArticle + OpenGraph article:published_time, visible
//     date as text; lead image with figcaption
//   - 'B': only a visible byline and a <time datetime> in the article header
//     (the seed article uses this variant too)
//   - 'C': meta name=description and "Published 5 January 2026" in the
//     byline text, no machine-readable date
//
// Article noDateIndex (a 'B') states no date at all: no <time>, no date in
// its URL; only the masthead's "today" date bar carries a date.

const noDateIndex = 7

// londonToday is the day the seed page was viewed: the masthead date bar.
var londonToday = time.Date(2026, time.January, 14, 0, 0, 0, 0, time.UTC)

// firstDay is the earliest publication day of a generated article; the
// latest is the day before londonToday.
var firstDay = time.Date(2025, time.December, 20, 0, 0, 0, 0, time.UTC)

// offsets gives a few articles a non-UTC offset in their machine-readable
// dates (variants A and B only; C states a day).
var offsets = map[int]int{3: 1, 4: 1, 9: -5, 13: -5, 22: 1}

type section struct {
	Name, Path, Description string
}

type author struct {
	Name, Slug, Path, Bio string
	articles              []*article
}

type figure struct {
	Src, Alt, Caption, Credit string
}

type article struct {
	SiteArticle
	index        int  // position in the seed's related list; -1 for the seed
	variant      byte // 'A', 'B' or 'C'
	section      *section
	author       *author
	published    time.Time // zero when the page states no date
	modified     time.Time // variant A only
	pubISO       string    // machine-readable published time as written
	modISO       string
	leadFigure   *figure
	inlineFigure *figure
	inlineAfter  int // paragraph index the inline figure follows
}

var sectionList = []*section{
	{Name: "World", Path: "/world/", Description: "World news from London Daily: diplomacy, conflict and politics around the globe."},
	{Name: "UK", Path: "/uk/", Description: "UK news from London Daily: Westminster, the royals, public services and the courts."},
	{Name: "Business", Path: "/business/", Description: "Business news from London Daily: markets, companies, banking and the economy."},
	{Name: "Technology", Path: "/technology/", Description: "Technology news from London Daily: platforms, AI, energy and science."},
}

var authorNames = []string{
	"Helen Marsh", "Tom Ashworth", "Priya Raman", "Daniel Okafor", "Sophie Lindqvist",
	"Marcus Hale", "Aisha Bello", "Oliver Grant", "Clara Moreau", "James Whitfield",
}

// seedAuthorName is the seed article's byline; the seed text has none.
const seedAuthorName = "Eleanor Vance"

// sectionFor files a title under a section by its words, as an editor would.
func sectionFor(title string) *section {
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(title, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("OpenAI", "Grok", "Quantum", "TikTok", "Tesla", "AI-Generated"):
		return sectionList[3]
	case has("HSBC", "Mortgage", "Stocks", "Manufacturing", "Berkshire", "Central Bank",
		"Shareholders", "Capital of Capital", "Luxury", "Korean Beauty", "Trade Talks", "Airport"):
		return sectionList[2]
	case has("UK", "Starmer", "Prince Harry", "Meghan", "Britain", "British", "Blair", "Farage"):
		return sectionList[1]
	default:
		return sectionList[0]
	}
}

// slugify makes a URL slug: lower-case ASCII words joined by hyphens,
// apostrophes dropped ("Nato’s" → "natos"), accents folded, at most 80
// bytes cut at a hyphen.
func slugify(s string) string {
	fold := map[rune]string{
		'á': "a", 'à': "a", 'â': "a", 'ä': "a", 'ã': "a", 'å': "a",
		'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
		'í': "i", 'ì': "i", 'î': "i", 'ï': "i",
		'ó': "o", 'ò': "o", 'ô': "o", 'ö': "o", 'õ': "o", 'ø': "o",
		'ú': "u", 'ù': "u", 'û': "u", 'ü': "u", 'ñ': "n", 'ç': "c", 'ß': "ss",
	}
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == '.':
			continue
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case fold[r] != "":
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteString(fold[r])
		default:
			hyphen = true
		}
	}
	out := b.String()
	if len(out) > 80 {
		out = out[:80]
		if i := strings.LastIndexByte(out, '-'); i > 0 {
			out = out[:i]
		}
		// A cut slug should not end on a dangling "-as" or "-if".
		for {
			i := strings.LastIndexByte(out, '-')
			if i < 0 || len(out)-i-1 > 3 {
				break
			}
			out = out[:i]
		}
	}
	return out
}

// urlDate is the /2026/jan/05/ part of an article path.
func urlDate(t time.Time) string {
	return fmt.Sprintf("%d/%s/%02d", t.Year(), strings.ToLower(t.Format("Jan")), t.Day())
}

// isoWithOffset writes RFC 3339 with a numeric offset even for UTC
// ("+00:00", not "Z"), as CMSs typically do.
func isoWithOffset(t time.Time) string {
	return t.Format("2006-01-02T15:04:05-07:00")
}

// zoneAbbrev names the offsets the site uses, for human-readable times.
func zoneAbbrev(t time.Time) string {
	_, off := t.Zone()
	switch off {
	case 0:
		return "GMT"
	case 3600:
		return "CET"
	case -5 * 3600:
		return "EST"
	}
	return t.Format("-07:00")
}

var stopwords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true,
	"by": true, "could": true, "do": true, "for": true, "from": true, "has": true,
	"have": true, "how": true, "if": true, "in": true, "into": true, "is": true, "it": true,
	"its": true, "not": true, "of": true, "on": true, "only": true, "or": true, "over": true,
	"the": true, "to": true, "was": true, "with": true, "you": true, "your": true, "while": true,
	"amid": true, "after": true, "that": true, "this": true, "what": true, "who": true,
	"why": true, "one": true, "new": true, "set": true, "first": true, "time": true,
	"nearly": true, "years": true, "until": true, "now": true, "either": true, "no": true,
	"didnt": true, "know": true, "play": true, "man": true, "return": true,
	"likely": true, "seeks": true, "faces": true, "against": true, "without": true,
	"across": true, "via": true, "double": true, "long": true,
	// verbs of headlinese, which read badly as sentence topics
	"intensifies": true, "fuels": true, "secured": true, "secures": true, "restricts": true,
	"shuns": true, "push": true, "hit": true, "disrupting": true, "accuses": true,
	"suppressing": true, "deploys": true, "commit": true, "reaffirms": true, "bolsters": true,
	"violate": true, "legally": true, "deliberately": true, "probes": true, "confirms": true,
	"dies": true, "pledge": true, "poised": true, "regain": true, "clearing": true,
	"allowing": true, "tests": true, "break": true, "secretly": true, "intercepted": true,
	"leads": true, "ease": true, "outlines": true, "carried": true, "welcomes": true,
	"stressing": true, "turns": true, "calls": true, "protect": true, "intensify": true,
	"another": true, "killed": true, "blames": true, "identified": true, "captured": true,
	"punish": true, "thrives": true, "whether": true, "survive": true, "hidden": true,
	"exposes": true, "announces": true, "declares": true, "loses": true, "reaches": true,
	"improve": true, "threatened": true, "scrap": true, "newly": true, "released": true,
	"reveal": true, "pressured": true, "involving": true, "enter": true, "fresh": true,
	"ordered": true, "falsely": true, "attributes": true, "largest": true, "rose": true,
	"powering": true, "threatens": true, "restarted": true, "holds": true, "back": true,
	"signal": true, "deploy": true, "study": true, "safeguard": true,
	"plans": true, "meet": true, "hearing": true, "support": true, "claim": true,
}

// properNouns keep their capital mid-sentence; other title words are
// lower-cased so generated sentences read like prose.
var properNouns = map[string]bool{
	"Arctic": true, "Trump": true, "Greenland": true, "Meghan": true, "Markle": true,
	"Harry": true, "Emiratis": true, "Muslim": true, "Brotherhood": true, "Farage": true,
	"Brexit": true, "Starmer": true, "Elon": true, "Musk": true, "Canada": true,
	"Germany": true, "European": true, "Prince": true, "King": true, "Charles": true,
	"Invictus": true, "Washington": true, "Britain": true, "France": true, "Ukraine": true,
	"Russia": true, "Russian": true, "OpenAI": true, "SoftBank": true, "Danish": true,
	"Marinera": true, "Atlantic": true, "Maduro": true, "Grok": true, "Béla": true,
	"Tarr": true, "Hungarian": true, "Hague": true, "Obama": true, "German": true,
	"Persian": true, "Mamdani": true, "Venezuela": true, "Korean": true, "Australian": true,
	"Iranian": true, "Revolutionary": true, "Guard": true, "Khamenei": true, "Delta": true,
	"Europe": true, "Berkshire": true, "Buffett": true, "Abel": true, "Lagarde": true,
	"Tesla": true, "China": true, "Beijing": true, "Taiwan": true, "Tony": true,
	"Blair": true, "Iraq": true, "TikTok": true, "Abu": true, "Dhabi": true, "Iran": true,
	"Air": true, "Force": true, "Joint": true, "Chiefs": true, "Absolute": true,
	"Resolve": true, "Venezuela’s": true, "Europe’s": true, "West": true, "State": true,
	"Department": true, "Ukraine.": true, "North": true, "Maduro’s": true, "X": true,
}

// titleWords returns the title's significant words, entities (proper
// nouns, acronyms) first, each cased as it would appear mid-sentence.
func titleWords(title string) (entities, topics []string) {
	seen := map[string]bool{}
	for _, f := range strings.Fields(title) {
		w := strings.Trim(f, "‘’“”\"':,.;?!—–()")
		w = strings.TrimSuffix(strings.TrimSuffix(w, "’s"), "'s")
		if w == "" || strings.ContainsAny(w, "0123456789") {
			continue
		}
		lw := strings.ToLower(w)
		if stopwords[lw] || len(w) < 2 || seen[lw] {
			continue
		}
		seen[lw] = true
		acronym := strings.ToUpper(w) == w && len(strings.Trim(w, ".")) >= 2
		switch {
		case properNouns[w] || acronym:
			entities = append(entities, w)
		case len(w) > 3:
			topics = append(topics, lw)
		}
	}
	return entities, topics
}

// wordPicker hands out title words for sentence slots, cycling through
// them so one article mentions many words of its title.
type wordPicker struct {
	entities, topics []string
	e, t             int
}

func (p *wordPicker) entity() string {
	if len(p.entities) == 0 {
		return p.topic()
	}
	w := p.entities[p.e%len(p.entities)]
	p.e++
	return w
}

func (p *wordPicker) topic() string {
	if len(p.topics) == 0 {
		if len(p.entities) == 0 {
			return "the issue"
		}
		return p.entity()
	}
	w := p.topics[p.t%len(p.topics)]
	p.t++
	return w
}

// sentences are the building blocks of generated bodies; %E is an entity,
// %T a topic word from the title.
var sentences = []string{
	"Officials in London said discussions touching on %E and %T were continuing behind closed doors.",
	"The latest developments surrounding %E have prompted renewed debate among policymakers, analysts and campaigners.",
	"“We are following the situation closely and will set out our position in due course,” a government spokesperson said when asked about %T.",
	"Critics argue that the handling of %T has exposed deeper divisions that are unlikely to be resolved quickly.",
	"Figures published last week suggested that public interest in %T had risen sharply since the autumn.",
	"Several people briefed on the matter said %E would remain a priority for the coming months.",
	"The question of %T is expected to be raised again when ministers meet later this month.",
	"Analysts cautioned against drawing firm conclusions, noting that the picture around %E was still changing.",
	"Opposition figures called for greater transparency, saying the public deserved a clearer account of decisions on %T.",
	"Markets reacted cautiously, with traders saying the outlook would depend on what happens next with %E.",
	"Diplomats from several European capitals said privately that %E had become a recurring topic in their conversations.",
	"A senior official described the mood as “tense but workable”, adding that no final decision on %T had been taken.",
	"The row over %T has been building for weeks, fuelled by leaked briefings and a series of public statements.",
	"Supporters of the approach say it reflects a pragmatic reading of the risks posed by %T.",
	"“This is not something that can be settled overnight,” said one adviser who has worked closely on %T.",
	"Campaigners welcomed the attention given to %T but said concrete commitments were still missing.",
	"People close to %E insisted that the reports had exaggerated the scale of the disagreement.",
	"The episode has drawn comparisons with earlier disputes, although officials stressed that the circumstances were different.",
	"Research groups have published competing estimates of the likely cost, reflecting how uncertain the outlook for %T remains.",
	"A parliamentary committee is expected to take evidence on %T early in the new year.",
	"Independent experts said the decision could set a precedent well beyond %E.",
	"Industry bodies said they had not been consulted in detail and urged a period of review before any changes to %T take effect.",
	"Polling carried out before the holidays found voters divided on %T, with a large share undecided.",
	"The timing is awkward for %E, which had hoped to start the year with a different set of headlines.",
	"In a written statement, the department said it remained committed to working with partners on %T.",
	"Some lawyers questioned whether the measures concerning %T would survive a legal challenge.",
	"Others pointed out that similar arguments about %E had been made before and had faded quickly.",
	"Local officials said the practical effects of any decision on %T would take months to become clear.",
	"The debate has also spilled on to social media, where claims about %E have spread faster than they can be checked.",
	"Those involved said the next step would be a round of technical meetings focused on %T.",
	"Further details are expected to be published once the consultation on %T closes.",
	"Observers noted that %E has so far avoided committing to a timetable.",
	"Even so, few expect a quick resolution, given how entrenched the positions on %T have become.",
	"A spokesperson declined to comment on the specifics but said %E was “engaging constructively”.",
	"The government has said it will publish a fuller response in the coming weeks.",
	"For now, attention is likely to stay fixed on %E and on how the next few weeks unfold.",
}

var standfirsts = []string{
	"%E faces fresh scrutiny as questions grow over %T",
	"What the latest moves on %T mean for %E and those watching closely",
	"Officials say talks on %T will continue into the new year amid pressure from critics",
	"The decision on %T has drawn sharp reactions from supporters and opponents alike",
	"Pressure mounts over %T as %E weighs its next steps",
	"Analysts warn the row over %T could take months to settle",
}

func fillSlots(tmpl string, p *wordPicker) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '%')
		if i < 0 || i+1 >= len(tmpl) {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:i])
		switch tmpl[i+1] {
		case 'E':
			b.WriteString(p.entity())
		case 'T':
			b.WriteString(p.topic())
		default:
			b.WriteString(tmpl[i : i+2])
		}
		tmpl = tmpl[i+2:]
	}
}

// capitalizeFirst upper-cases a sentence's first letter, for slots that
// open a sentence.
func capitalizeFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

// generateArticle builds article i of the seed's related list.
func generateArticle(i int, title string) *article {
	rng := rand.New(rand.NewPCG(uint64(i)+1, 0x10ad0da1))
	ents, tops := titleWords(title)
	picker := &wordPicker{entities: ents, topics: tops}

	a := &article{index: i, variant: "ABC"[i%3], section: sectionFor(title)}
	a.Headline = title
	a.Standfirst = capitalizeFirst(fillSlots(standfirsts[rng.IntN(len(standfirsts))], picker))

	// Body: 6–12 paragraphs of 1–3 sentences, each sentence used once.
	order := rng.Perm(len(sentences))
	n := 6 + rng.IntN(7)
	next := 0
	for range n {
		k := 1 + rng.IntN(3)
		var ps []string
		for range k {
			if next < len(order) {
				ps = append(ps, capitalizeFirst(fillSlots(sentences[order[next]], picker)))
				next++
			}
		}
		a.Paragraphs = append(a.Paragraphs, strings.Join(ps, " "))
	}

	slug := slugify(title)
	if i == noDateIndex {
		a.Path = a.section.Path + slug
	} else {
		day := firstDay.AddDate(0, 0, rng.IntN(25))
		hour, minute := 6+rng.IntN(13), rng.IntN(60)
		loc := time.UTC
		if off, ok := offsets[i]; ok && a.variant != 'C' {
			loc = time.FixedZone("", off*3600)
		}
		a.published = time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, loc)
		a.pubISO = isoWithOffset(a.published)
		a.Path = a.section.Path + urlDate(a.published) + "/" + slug
		switch a.variant {
		case 'A':
			a.modified = a.published.Add(time.Duration(30+rng.IntN(150)) * time.Minute)
			a.modISO = isoWithOffset(a.modified)
			a.PublishedAt = a.pubISO
		case 'B':
			a.PublishedAt = a.pubISO
		case 'C':
			a.PublishedAt = a.published.Format(time.DateOnly)
		}
	}

	if a.variant == 'A' {
		a.leadFigure = &figure{
			Src:     "/media/" + slug + ".svg",
			Alt:     "Illustration for " + title,
			Caption: capitalizeFirst(fillSlots("%E: the story has dominated discussion in recent days.", picker)),
			Credit:  "Photograph: London Daily picture desk",
		}
	}
	if i%5 == 2 && len(a.Paragraphs) > 3 {
		a.inlineFigure = &figure{
			Src:     "/media/" + slug + "-2.svg",
			Alt:     "",
			Caption: "A file image. " + capitalizeFirst(fillSlots("%T has been under discussion for some time.", picker)),
			Credit:  "Photograph: Agency pool",
		}
		a.inlineAfter = 1 + rng.IntN(2)
	}
	return a
}
