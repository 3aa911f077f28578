package crawltest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// genArticleSize is the size article pages are padded to, in bytes: about
// what a news CMS serves for one article (markup, state script, styles).
const genArticleSize = 85_000

const genSiteName = "The Generated Gazette"

// mix is splitmix64: the site's only source of variety, so every page is a
// pure function of its number.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// picker draws deterministic choices from a seed.
type picker struct{ state uint64 }

func newPicker(seed ...uint64) *picker {
	p := &picker{state: 0x5eed}
	for _, s := range seed {
		p.state = mix(p.state ^ s)
	}
	return p
}

func (p *picker) intn(n int) int {
	p.state = mix(p.state)
	return int(p.state % uint64(n))
}

func (p *picker) word(ws []string) string { return ws[p.intn(len(ws))] }

var (
	genNouns = strings.Fields(`council government minister budget plan report court hospital school police
		market company bank energy climate election campaign vote policy strike union transport rail
		airport housing rent inflation price wage economy trade border treaty summit talks ceasefire
		army protest festival museum gallery film album team coach season match league final record
		study scientist researchers vaccine virus drug patient doctor nurse university students teachers
		farmers harvest drought flood storm wildfire river coast island city village region province
		mayor president parliament senate committee inquiry judge jury verdict appeal sentence charity
		donors investors shares profits losses merger startup software platform network satellite rocket`)
	genVerbs = strings.Fields(`approves rejects delays announces unveils cuts raises launches backs
		opposes warns promises reviews suspends expands restores blocks signs drops wins loses faces
		defends questions challenges confirms denies plans prepares considers extends ends starts`)
	genAdjs = strings.Fields(`new major local national regional rural urban public private global
		early late long short fresh final first second rising falling record sharp modest surprise
		controversial ambitious fragile historic disputed emergency temporary permanent annual`)
	genFunc = strings.Fields(`the the the a of in on for with after before over under about against
		and and but while as at by from into during across`)
	genFirst = strings.Fields(`Anna Ben Chloe David Elena Farid Grace Hugo Imogen James Kemi Liam Maya
		Nikhil Olivia Pavel Queenie Rahul Sofia Tomas Uma Victor Wen Xavier Yasmin Zoe`)
	genLast = strings.Fields(`Adams Brook Chen Davies Evans Fischer Garcia Hughes Ibrahim Jones Khan
		Lopez Morgan Nowak Okafor Patel Quinn Rossi Singh Taylor Ueda Varga Walsh Young Zhou`)
)

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// genTitle is article i's headline.
func genTitle(i int) string {
	p := newPicker(uint64(i), 1)
	return fmt.Sprintf("%s %s %s %s as %s %s %s", capitalize(p.word(genAdjs)), p.word(genNouns),
		p.word(genVerbs), p.word(genNouns)+" "+p.word(genNouns), p.word(genNouns), p.word(genVerbs), p.word(genNouns))
}

// genSlug is the title's first six words, lower case, joined by hyphens.
func genSlug(i int) string {
	ws := strings.Fields(strings.ToLower(genTitle(i)))
	return strings.Join(ws[:min(6, len(ws))], "-")
}

func genAuthor(i int) string {
	p := newPicker(uint64(i), 2)
	return p.word(genFirst) + " " + p.word(genLast)
}

// sentence writes one sentence of 10 to 24 words.
func sentence(b *strings.Builder, p *picker) {
	n := 10 + p.intn(15)
	for w := range n {
		var word string
		switch p.intn(5) {
		case 0, 1:
			word = p.word(genFunc)
		case 2:
			word = p.word(genAdjs)
		case 3:
			word = p.word(genVerbs)
		default:
			word = p.word(genNouns)
		}
		if w == 0 {
			word = capitalize(word)
		} else {
			b.WriteByte(' ')
		}
		b.WriteString(word)
		if w > 2 && w < n-2 && p.intn(9) == 0 {
			b.WriteByte(',')
		}
	}
	b.WriteByte('.')
}

func paragraph(p *picker) string {
	var b strings.Builder
	for s := range 4 + p.intn(3) {
		if s > 0 {
			b.WriteByte(' ')
		}
		sentence(&b, p)
	}
	return b.String()
}

func genStandfirst(i int) string {
	p := newPicker(uint64(i), 3)
	var b strings.Builder
	sentence(&b, p)
	return b.String()
}

// GenArticleCode is a word that article i of a GenSite carries in its body
// and no other article does ("gz" and the number in base 36, "gz2n9c"),
// for full-text queries of a rare term.
func GenArticleCode(i int) string {
	return "gz" + strconv.FormatInt(int64(i), 36)
}

// genParagraphPool is the text articles draw their paragraphs from:
// writing fresh sentences for every request would make the server, not
// the crawler, the bottleneck of a benchmark.
var genParagraphPool = sync.OnceValue(func() []string {
	p := newPicker(4)
	out := make([]string, 2048)
	for j := range out {
		out[j] = paragraph(p)
	}
	return out
})

// genParagraphs is article i's body: 14 to 18 paragraphs.
func genParagraphs(i int) []string {
	pool := genParagraphPool()
	p := newPicker(uint64(i), 4)
	out := make([]string, 14+p.intn(5))
	for j := range out {
		out[j] = pool[p.intn(len(pool))]
	}
	return out
}

// related returns the 20 articles article i links to: recent and random
// ones, never itself, without repeats.
func (s *GenSite) related(i int) []int {
	p := newPicker(uint64(i), 5)
	want := min(20, s.articles-1)
	out := make([]int, 0, want)
	for tries := 0; len(out) < want && tries < 200; tries++ {
		var j int
		if len(out)%2 == 0 {
			j = i - 1 - p.intn(min(50, s.articles)) // a neighbour, often older
		} else {
			j = p.intn(s.articles)
		}
		if j < 0 || j == i || j >= s.articles || containsInt(out, j) {
			continue
		}
		out = append(out, j)
	}
	return out
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// genCSS is a fixed style sheet of realistic size (about 7 KB).
var genCSS = func() string {
	var b strings.Builder
	for i := range 90 {
		fmt.Fprintf(&b, ".c%d-block{margin:0 0 %dpx;padding:%dpx %dpx;font:400 %dpx/1.5 Georgia,serif;color:#1%02d}\n", i, i%24, i%8, i%16, 12+i%9, i)
	}
	return b.String()
}()

// genPadding is the script that pads an article to genArticleSize.
var genPadding = strings.Repeat(genScriptChunk, genArticleSize/len(genScriptChunk)+1)

// genScriptChunk is a line of a fixed application bundle used as padding.
const genScriptChunk = `!function(e,t){"use strict";var n=e.__gz||{};n.q=n.q||[];n.push=function(){n.q.push(arguments)};e.__gz=n;t.addEventListener("DOMContentLoaded",function(){n.push("view",{ts:Date.now()})})}(window,document);` + "\n"

func writeHead(b *strings.Builder, title, desc, canonical, ogType string) {
	fmt.Fprintf(b, `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>%s | %s</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="%s">
<link rel="canonical" href="%s">
<meta property="og:site_name" content="%s"><meta property="og:type" content="%s">
<meta property="og:title" content="%s"><meta property="og:url" content="%s">
<meta property="og:description" content="%s"><meta name="twitter:card" content="summary_large_image">
<link rel="alternate" type="application/rss+xml" title="%s" href="/feed.xml">
<style>%s</style>
`, title, genSiteName, desc, canonical, genSiteName, ogType, title, canonical, desc, genSiteName, genCSS)
}

func writeMasthead(b *strings.Builder, current string) {
	b.WriteString(`<div class="cookie-banner" role="dialog" aria-label="Cookies"><p>We use cookies to improve your experience and to show you relevant advertising.</p><button class="accept">Accept all</button> <button class="manage">Manage preferences</button></div>
<a class="skip-link" href="#content">Skip to main content</a>
<header class="masthead"><div class="masthead-inner"><a class="logo" href="/">` + genSiteName + `</a>
<p class="masthead-date"><time datetime="2026-11-25">Wednesday 25 November 2026</time></p>
<div class="masthead-actions"><a class="subscribe-button" href="/about">Subscribe</a> <a class="signin" href="/contact">Sign in</a></div></div>
<nav class="main-nav" aria-label="Sections"><ul>`)
	for _, sec := range GenSectionNames {
		cls := ""
		if sec == current {
			cls = ` class="current"`
		}
		fmt.Fprintf(b, `<li%s><a href="/%s/">%s</a></li>`, cls, sec, capitalize(sec))
	}
	b.WriteString(`</ul></nav>
<nav class="sub-nav" aria-label="More"><ul>`)
	for k, sec := range GenSectionNames {
		fmt.Fprintf(b, `<li><a href="/%s/">%s news</a></li><li><a href="%s">%s archive</a></li>`, sec, capitalize(sec), sectionPagePath(k, 1), capitalize(sec))
	}
	b.WriteString("</ul></nav></header>\n")
}

func (s *GenSite) writeFooter(b *strings.Builder) {
	b.WriteString(`<footer class="site-footer"><div class="footer-columns">`)
	b.WriteString(`<div class="footer-col"><h3>Sections</h3><ul>`)
	for _, sec := range GenSectionNames {
		fmt.Fprintf(b, `<li><a href="/%s/">%s</a></li>`, sec, capitalize(sec))
	}
	b.WriteString(`</ul></div><div class="footer-col"><h3>About us</h3><ul>`)
	for _, p := range genStaticPages {
		fmt.Fprintf(b, `<li><a href="%s">%s</a></li>`, p, capitalize(p[1:]))
	}
	b.WriteString(`<li><a href="/feed.xml">RSS feed</a></li><li><a href="/sitemap.xml">Sitemap</a></li></ul></div>`)
	b.WriteString(`<div class="footer-col"><h3>Follow us</h3><ul>`)
	for _, sn := range []string{"facebook.com", "twitter.com", "instagram.com", "linkedin.com", "youtube.com", "tiktok.com"} {
		fmt.Fprintf(b, `<li><a href="https://www.%s/generatedgazette" rel="noopener">%s</a></li>`, sn, sn)
	}
	b.WriteString(`</ul></div><div class="footer-col"><h3>Newsletters</h3><p>Sign up to our daily newsletter for the day's top stories.</p><form class="newsletter-form" action="/contact"><input type="email" placeholder="Your email"><button>Sign up</button></form></div>`)
	b.WriteString(`</div><p class="copyright">© 2026 ` + genSiteName + `. All rights reserved.</p></footer>` + "\n")
}

// writeTeaser writes a teaser for article j.
func (s *GenSite) writeTeaser(b *strings.Builder, j int, withDek bool) {
	fmt.Fprintf(b, `<li class="teaser"><a class="teaser-link" href="%s"><img class="teaser-image" src="/img/%d.jpg" alt="" width="160" height="90" loading="lazy"><span class="teaser-title">%s</span></a>`,
		s.ArticlePath(j), j, s.article(j).title)
	if withDek {
		fmt.Fprintf(b, `<p class="teaser-dek">%s</p>`, s.article(j).dek)
	}
	d := s.date(j)
	fmt.Fprintf(b, `<time datetime="%s">%s</time></li>`, d.Format(time.RFC3339), d.Format("2 Jan 2006"))
}

type ldArticle struct {
	Context       string    `json:"@context"`
	Type          string    `json:"@type"`
	Headline      string    `json:"headline"`
	Description   string    `json:"description"`
	DatePublished string    `json:"datePublished"`
	DateModified  string    `json:"dateModified"`
	Author        genLDName `json:"author"`
	Publisher     genLDName `json:"publisher"`
	Section       string    `json:"articleSection"`
	URL           string    `json:"mainEntityOfPage"`
}

type genLDName struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type genState struct {
	ID         int      `json:"id"`
	Headline   string   `json:"headline"`
	Standfirst string   `json:"standfirst"`
	Byline     string   `json:"byline"`
	Published  string   `json:"published"`
	Section    string   `json:"section"`
	Blocks     []string `json:"blocks"`
	Related    []string `json:"related"`
}

// renderArticle renders article i.
func (s *GenSite) renderArticle(origin string, i int) []byte {
	path := s.ArticlePath(i)
	canonical := origin + path
	title, dek, author := s.article(i).title, s.article(i).dek, genAuthor(i)
	sec := GenSectionNames[i%len(GenSectionNames)]
	pub := s.date(i)
	paras := genParagraphs(i)
	related := s.related(i)

	var b strings.Builder
	b.Grow(genArticleSize + 4096)
	writeHead(&b, title, dek, canonical, "article")
	fmt.Fprintf(&b, `<meta property="article:published_time" content="%s"><meta property="article:section" content="%s"><meta name="author" content="%s">`+"\n",
		pub.Format(time.RFC3339), capitalize(sec), author)
	ld, _ := json.Marshal(ldArticle{Context: "https://schema.org", Type: "NewsArticle", Headline: title, Description: dek,
		DatePublished: pub.Format(time.RFC3339), DateModified: pub.Add(time.Hour).Format(time.RFC3339),
		Author: genLDName{Type: "Person", Name: author}, Publisher: genLDName{Type: "Organization", Name: genSiteName},
		Section: capitalize(sec), URL: canonical})
	fmt.Fprintf(&b, "<script type=\"application/ld+json\">%s</script>\n</head>\n<body class=\"article-page section-%s\">\n", ld, sec)
	writeMasthead(&b, sec)
	fmt.Fprintf(&b, `<main id="content" class="layout"><article class="article" itemscope itemtype="https://schema.org/NewsArticle">
<div class="breadcrumb"><a href="/">Home</a> › <a href="/%s/">%s</a></div>
<h1 class="headline" itemprop="headline">%s</h1>
<p class="standfirst">%s</p>
<div class="byline">By <a rel="author" href="/about">%s</a> <span class="dot">·</span> <time datetime="%s" itemprop="datePublished">%s</time></div>
<div class="share-bar" aria-label="Share"><a href="https://www.facebook.com/sharer.php?u=%s">Facebook</a> <a href="https://twitter.com/intent/tweet?url=%s">Twitter</a> <a href="mailto:?subject=%s">Email</a> <button class="copy-link">Copy link</button></div>
<figure class="lead-image"><img src="/img/%d-lead.jpg" alt="%s" width="1200" height="675"><figcaption>%s. Photograph: Agency</figcaption></figure>
<div class="article-body" itemprop="articleBody">
`, sec, capitalize(sec), title, dek, author, pub.Format(time.RFC3339), pub.Format("Mon 2 Jan 2006 15.04 MST"),
		canonical, canonical, title, i, title, dek)
	for j, para := range paras {
		fmt.Fprintf(&b, `<div class="text-block c%d-block" data-component="paragraph" data-index="%d"><p>`, j%90, j)
		if j%5 == 2 && len(related) > 0 {
			// An in-text link to a related article, as editors add them.
			r := related[j%len(related)]
			cut := strings.IndexByte(para, ' ')
			anchor := strings.ToLower(s.article(r).title)
			anchor = anchor[:strings.LastIndexByte(anchor[:min(24, len(anchor))], ' ')]
			fmt.Fprintf(&b, `%s <a href="%s">%s</a>%s`, para[:cut], s.ArticlePath(r), anchor, para[cut:])
		} else {
			b.WriteString(para)
		}
		b.WriteString("</p></div>\n")
		switch j {
		case 1:
			fmt.Fprintf(&b, "<p>Reference %s.</p>\n", GenArticleCode(i))
		case 3:
			b.WriteString(`<aside class="newsletter-signup"><h2>Sign up to First Edition</h2><p>Our morning email breaks down the key stories of the day.</p><form action="/contact"><input type="email" placeholder="Email address"><button>Sign up</button></form></aside>` + "\n")
		case 5:
			fmt.Fprintf(&b, "<h2>%s</h2>\n", capitalize(genNouns[i%len(genNouns)])+" and "+genNouns[(i+7)%len(genNouns)])
		case 7:
			b.WriteString(`<div class="ad-slot" data-ad-unit="inarticle-1"><span class="ad-label">Advertisement</span></div>` + "\n")
		case 9:
			fmt.Fprintf(&b, "<blockquote><p>%s</p></blockquote>\n", genStandfirst(i+1))
		}
	}
	fmt.Fprintf(&b, `</div>
<div class="tags"><span>Topics</span> <a href="/%s/">%s</a> <a href="%s">More %s</a></div>
</article>
<section class="related" aria-label="Related stories"><h2>Related stories</h2><ul class="related-list">
`, sec, capitalize(sec), sectionPagePath(i%len(GenSectionNames), min(2, s.sectionPages(i%len(GenSectionNames)))), sec)
	for _, r := range related {
		s.writeTeaser(&b, r, false)
	}
	b.WriteString(`</ul></section>
<div class="comments" id="comments"><h2>Comments</h2><p>Comments are closed for this article.</p></div>
</main>
<aside class="most-read" aria-label="Most read"><h2>Most read</h2><ol>`)
	for k := range 10 {
		j := s.articles - 1 - k
		if j >= 0 {
			fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, s.ArticlePath(j), s.article(j).title)
		}
	}
	b.WriteString("</ol></aside>\n")
	s.writeFooter(&b)

	st := genState{ID: i, Headline: title, Standfirst: dek, Byline: author, Published: pub.Format(time.RFC3339), Section: sec, Blocks: paras}
	for _, r := range related {
		st.Related = append(st.Related, s.ArticlePath(r))
	}
	js, _ := json.Marshal(st)
	fmt.Fprintf(&b, "<script id=\"__STATE__\" type=\"application/json\">%s</script>\n<script>", js)
	if pad := genArticleSize - len("</script>\n</body></html>\n") - b.Len(); pad > 0 {
		b.WriteString(genPadding[:min(pad, len(genPadding))])
	}
	b.WriteString("</script>\n</body></html>\n")
	return []byte(b.String())
}

// renderSection renders page (from 1) of section k: its articles newest
// first, with a pager linking every page of the section.
func (s *GenSite) renderSection(origin string, k, page int) []byte {
	sec := GenSectionNames[k]
	path := sectionPagePath(k, page)
	title := capitalize(sec)
	if page > 1 {
		title += fmt.Sprintf(" (page %d)", page)
	}
	var b strings.Builder
	b.Grow(48 << 10)
	writeHead(&b, title, "The latest "+sec+" news from "+genSiteName, origin+path, "website")
	fmt.Fprintf(&b, "</head>\n<body class=\"section-page section-%s\">\n", sec)
	writeMasthead(&b, sec)
	fmt.Fprintf(&b, `<main id="content"><h1 class="section-title">%s</h1><ul class="teaser-list">`+"\n", title)
	// Section k holds the articles i ≡ k (mod n), newest first.
	n := len(GenSectionNames)
	last := s.articles - 1 - ((s.articles-1-k)%n+n)%n
	for t := (page - 1) * s.perIndex; t < page*s.perIndex; t++ {
		j := last - t*n
		if j < 0 {
			break
		}
		s.writeTeaser(&b, j, true)
	}
	b.WriteString(`</ul><nav class="pagination" aria-label="Pages"><ul>`)
	for p := 1; p <= s.sectionPages(k); p++ {
		fmt.Fprintf(&b, `<li><a href="%s">%d</a></li>`, sectionPagePath(k, p), p)
	}
	b.WriteString("</ul></nav></main>\n")
	s.writeFooter(&b)
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}

// renderHome renders the home page: the 30 newest articles and the top
// three of each section.
func (s *GenSite) renderHome(origin string) []byte {
	var b strings.Builder
	b.Grow(64 << 10)
	writeHead(&b, "News, sport and opinion", "Independent news from "+genSiteName, origin+"/", "website")
	b.WriteString("</head>\n<body class=\"home-page\">\n")
	writeMasthead(&b, "")
	b.WriteString(`<main id="content"><h1 class="visually-hidden">` + genSiteName + `</h1><section class="top-stories"><h2>Top stories</h2><ul class="teaser-list">` + "\n")
	for k := range 30 {
		if j := s.articles - 1 - k; j >= 0 {
			s.writeTeaser(&b, j, k < 10)
		}
	}
	b.WriteString("</ul></section>\n")
	n := len(GenSectionNames)
	for k, sec := range GenSectionNames {
		fmt.Fprintf(&b, `<section class="section-block"><h2><a href="/%s/">%s</a></h2><ul class="teaser-list">`, sec, capitalize(sec))
		last := s.articles - 1 - ((s.articles-1-k)%n+n)%n
		for t := range 3 {
			if j := last - t*n; j >= 0 {
				s.writeTeaser(&b, j, false)
			}
		}
		b.WriteString("</ul></section>\n")
	}
	b.WriteString("</main>\n")
	s.writeFooter(&b)
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}

func (s *GenSite) renderStatic(origin, path string) []byte {
	title := capitalize(path[1:])
	var b strings.Builder
	writeHead(&b, title, title+" - "+genSiteName, origin+path, "website")
	b.WriteString("</head>\n<body class=\"static-page\">\n")
	writeMasthead(&b, "")
	fmt.Fprintf(&b, "<main id=\"content\"><h1>%s</h1>", title)
	p := newPicker(uint64(len(path)), 6)
	for range 4 {
		fmt.Fprintf(&b, "<p>%s</p>\n", paragraph(p))
	}
	b.WriteString("</main>\n")
	s.writeFooter(&b)
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}

// renderFeed renders an RSS 2.0 feed of the 50 newest articles.
func (s *GenSite) renderFeed(origin string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>%s</title><link>%s/</link><description>Latest news</description>
`, genSiteName, origin)
	for k := range 50 {
		j := s.articles - 1 - k
		if j < 0 {
			break
		}
		u := origin + s.ArticlePath(j)
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><description>%s</description></item>\n",
			s.article(j).title, u, u, s.date(j).Format(time.RFC1123Z), s.article(j).dek)
	}
	b.WriteString("</channel></rss>\n")
	return []byte(b.String())
}

// renderSitemap renders a sitemap of every HTML page.
func (s *GenSite) renderSitemap(origin string) []byte {
	var b strings.Builder
	b.Grow(s.HTMLPages() * 120)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	loc := func(p string, t time.Time) {
		fmt.Fprintf(&b, "<url><loc>%s%s</loc><lastmod>%s</lastmod></url>\n", origin, p, t.Format(time.RFC3339))
	}
	loc("/", genEpoch)
	for k := range GenSectionNames {
		for p := 1; p <= s.sectionPages(k); p++ {
			loc(sectionPagePath(k, p), genEpoch)
		}
	}
	for _, p := range genStaticPages {
		loc(p, genEpoch)
	}
	for i := s.articles - 1; i >= 0; i-- {
		loc(s.ArticlePath(i), s.date(i))
	}
	b.WriteString("</urlset>\n")
	return []byte(b.String())
}
