package extract_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/crawler/crawltest"
	"github.com/newsarchive/newsarchive/extract"
)

func FuzzParse(f *testing.F) {
	seed, _ := crawltest.LondonDailyPage(crawltest.SeedPath)
	f.Add(seed)
	f.Add([]byte(`<html><head><meta charset="iso-8859-1"><title>T | S</title></head><body><h1>T</h1><p>caf\xe9</p></body></html>`))
	f.Add([]byte(`<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-13-45","author":[{"name":1}]}</script>`))
	f.Add([]byte("\xff\xfe<\x00h\x001\x00>\x00"))
	f.Add([]byte(strings.Repeat("<div>", 600)))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := extract.Parse(b, extract.Options{URL: "https://example.com/a", MaxNodes: 5000})
		if err != nil {
			if !errors.Is(err, extract.ErrTooLarge) && !errors.Is(err, extract.ErrNoDOM) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		for name, s := range map[string]string{"headline": a.Headline, "standfirst": a.Standfirst, "body": a.Body} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Fatalf("%s is not clean UTF-8: %q", name, s)
			}
		}
	})
}

func TestParseBudgets(t *testing.T) {
	deep := []byte(strings.Repeat("<div>", 600) + "text")
	if _, err := extract.Parse(deep, extract.Options{URL: "https://example.com/"}); !errors.Is(err, extract.ErrNoDOM) {
		t.Errorf("600-deep nesting: err = %v, want ErrNoDOM", err)
	}
	many := []byte("<html><body>" + strings.Repeat("<p>x</p>", 2000) + "</body></html>")
	if _, err := extract.Parse(many, extract.Options{URL: "https://example.com/", MaxNodes: 1000}); !errors.Is(err, extract.ErrTooLarge) {
		t.Errorf("2000 elements over a budget of 1000: err = %v, want ErrTooLarge", err)
	}
}

func TestDecode(t *testing.T) {
	cases := []struct {
		name, ct string
		in       []byte
		want     string
	}{
		{"http charset wins", "text/html; charset=windows-1252", []byte("<p>caf\xe9</p>"), "café"},
		{"bom", "", []byte("\xef\xbb\xbf<p>café</p>"), "café"},
		{"valid utf-8 over stale meta", "", []byte(`<meta charset="iso-8859-1"><p>café</p>`), "café"},
		{"meta charset", "", []byte(`<meta charset="iso-8859-1"><p>caf` + "\xe9</p>"), "café"},
		{"no declaration falls back to windows-1252", "", []byte("<p>caf\xe9 \x93q\x94</p>"), "café “q”"},
	}
	for _, c := range cases {
		got, err := extract.Decode(c.in, c.ct)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !strings.Contains(string(got), c.want) || !utf8.Valid(got) {
			t.Errorf("%s: got %q, want it to contain %q", c.name, got, c.want)
		}
	}
}

// TestDatesAndHeadlines covers the metadata rules on small hand-made pages.
func TestDatesAndHeadlines(t *testing.T) {
	cases := []struct {
		name, page                  string
		headline, published, source string
	}{
		{"json-ld keeps its offset",
			`<title>Big news | The Paper</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Big news","datePublished":"2024-03-01T23:30:00-05:00"}</script><body><header><time datetime="2026-01-14">Today</time></header><h1>Big news</h1><p>` + strings.Repeat("Text of the article goes here, at length. ", 20) + `</p>`,
			"Big news", "2024-03-01T23:30:00-05:00", "json-ld"},
		{"masthead date is not the article's",
			`<title>Quiet day - Gazette</title><body><header><span>Wednesday, Jan 14, 2026</span><time datetime="2026-01-14">today</time></header><main><h1>Quiet day</h1><p>` + strings.Repeat("Nothing happened, and it was reported. ", 20) + `</p></main>`,
			"Quiet day", "", ""},
		{"byline text date",
			`<title>Storm hits coast</title><body><h1>Storm hits coast</h1><div><span>By Ann Lee</span> <span>Published 5 January 2026</span></div><p>` + strings.Repeat("Winds rose overnight along the coast. ", 20) + `</p>`,
			"Storm hits coast", "2026-01-05", "byline"},
		{"future date refused",
			`<meta property="article:published_time" content="2030-01-01T00:00:00Z"><title>X y z</title><h1>X y z</h1><p>` + strings.Repeat("Words words words, more words. ", 20) + `</p>`,
			"X y z", "", ""},
		{"site name prefix stripped from og:title",
			`<meta property="og:site_name" content="Daily Planet"><meta property="og:title" content="Daily Planet: Hero saves city"><p>` + strings.Repeat("A hero saved the city today, officials said. ", 20) + `</p>`,
			"Hero saves city", "", ""},
		{"date in url",
			`<title>Budget passes</title><h1>Budget passes</h1><p>` + strings.Repeat("The budget passed after a long night. ", 20) + `</p>`,
			"Budget passes", "2023-05-17", "url"},
	}
	for _, c := range cases {
		u := "https://news.example/politics/budget"
		if c.source == "url" {
			u = "https://news.example/2023/05/17/budget-passes"
		}
		a, err := extract.Parse([]byte(c.page), extract.Options{URL: u, FetchedAt: fetchTime})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if a.Headline != c.headline {
			t.Errorf("%s: headline %q, want %q", c.name, a.Headline, c.headline)
		}
		if a.PublishedAt != c.published || a.Sources["published_at"] != c.source {
			t.Errorf("%s: published %q from %q, want %q from %q", c.name, a.PublishedAt, a.Sources["published_at"], c.published, c.source)
		}
	}
}

func TestAuthorsCleaned(t *testing.T) {
	page := `<title>Talks stall</title><body><h1>Talks stall</h1><p class="x">By Jane Doe and John Smith, Political Editor | 3 March 2024</p><p>` + strings.Repeat("Talks stalled again on Tuesday, sources said. ", 20) + `</p>`
	a, err := extract.Parse([]byte(page), extract.Options{URL: "https://news.example/a", FetchedAt: fetchTime})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(a.Authors, ";") != "Jane Doe;John Smith" {
		t.Errorf("authors = %q, want [Jane Doe John Smith]", a.Authors)
	}
	if strings.Contains(a.Body, "Jane Doe") {
		t.Errorf("byline in body: %q", a.Body)
	}
}

// Bylines in other shapes: a name in an element classed as the byline,
// an author link by query parameter, a role label before a colon, a role
// or date label after the name, in several languages.
func TestAuthorsBylineShapes(t *testing.T) {
	body := `<p>` + strings.Repeat("Talks stalled again on Tuesday, sources said. ", 20) + `</p>`
	cases := map[string]string{
		`<h1>Talks stall</h1><ul class="author clipboard"><li>Stefan Loibl</li></ul>` + body:                                             "Stefan Loibl",
		`<h1>Talks stall</h1><div class="autor"><p><a href="/suche?author=Julia" class="x">Interview: Julia Lauter</a></p></div>` + body: "Julia Lauter",
		`<h1>Talks stall</h1><p>Von Christoph Hein Chefredakteur</p>` + body:                                                             "Christoph Hein",
		`<h1>Talks stall</h1><p>Von Sara Zinnecker, Stand: 12.03.2021</p>` + body:                                                        "Sara Zinnecker",
		`<h1>Talks stall</h1><div class="author-bio">Ann Other writes about trains.</div>` + body:                                        "",
		`<h1>Talks stall</h1><span class="news-list-author">Erstellt von Andri Bryner</span>` + body:                                     "Andri Bryner",
	}
	cases[`<meta name="author" content="JF"><h1>Talks stall</h1><p>Von Cosima Künzel</p>`+body] = "Cosima Künzel"
	cases[`<h1>Talks stall</h1><p>Eingestellt von Anna Berg am Samstag</p>`+body] = "Anna Berg"
	// An author page named by an "author-" path segment; a "Text Size"
	// control is not a "Text: Name" credit, and "Text" alone is no name.
	cases[`<h1>Talks stall</h1><div class="byline_action"><div><a href="/toireporter/author-Saibal-Dasgupta-13399.cms">Saibal Dasgupta</a> / TNN</div><div><strong>Text Size</strong></div></div>`+body] = "Saibal Dasgupta"
	cases[`<h1>Talks stall</h1><div><strong>Text Size</strong><ul><li>Small</li></ul></div>`+body] = ""
	cases[`<h1>Talks stall</h1><p class="byline">Text <a href="/x">Harald Willenbrock</a></p>`+body] = "Harald Willenbrock"
	// An aside in parentheses is neither a name nor a list of names.
	cases[`<h1>Talks stall</h1><span class="author">Cécile Ducourtieux (Bruxelles, bureau européen)</span>`+body] = "Cécile Ducourtieux"
	// An editors' path, a byline in a meta column (<aside>) beside the
	// headline, and a byline above the text when the page has no <h1>.
	cases[`<h1>Talks stall</h1><div><a href="https://news.example/about/editors/jon-fingas/">Jon Fingas</a></div>`+body] = "Jon Fingas"
	cases[`<article><h1>Talks stall</h1><aside class="meta"><p>Von: <a href="/autor/moritz-p-21589">Moritz P</a></p></aside>`+body+`<aside><p>By <a href="/author/other">Other Person</a></p></aside></article>`] = "Moritz P"
	cases[`<div class="post"><div class="head"><span>By </span><a href="/profile/teresa-newsome-1910837">Teresa Newsome</a></div><div class="text">`+body+body+`</div></div>`] = "Teresa Newsome"
	// A separator before "By"; a "By" of its own after other text; a
	// German article credit; a newsroom credit when no person is named.
	cases[`<h1>Talks stall</h1><p><strong>---- by Kenneth Surin</strong></p>`+body] = "Kenneth Surin"
	cases[`<h1>Talks stall</h1><div class="meta"><span>yas!</span> <span>| By </span><span>Cara Stiles</span> | <time>April 13, 2020</time></div>`+body] = "Cara Stiles"
	cases[`<h1>Talks stall</h1><div class="s"><span>By</span><span>by Ann Lee and Bo Chan</span></div>`+body] = "Ann Lee;Bo Chan"
	cases[`<h1>Talks stall</h1><div class="metaInfo">Ein Artikel von <strong>Pamela Sladky</strong> | 27.01.2022 - 12:45</div>`+body] = "Pamela Sladky"
	cases[`<h1>Talks stall</h1><div class="meta">von <a href="/author/redaktion/">Redaktion</a></div>`+body] = "Redaktion"
	checkAuthors(t, "Talks stall", cases)
}

func TestPaywallFlagged(t *testing.T) {
	body := strings.Repeat("The council met on Tuesday to discuss the budget, officials said. ", 10)
	cases := map[string]bool{
		`<h1>Budget row</h1><p>` + body + `</p>`: false,
		`<h1>Budget row</h1><p>` + body + `</p><div><p>Subscribe now to continue reading.</p><button>Subscribe</button></div>`:                                          true,
		`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Budget row","isAccessibleForFree":false}</script><h1>Budget row</h1><p>` + body + `</p>`: true,
	}
	for page, want := range cases {
		a, err := extract.Parse([]byte(page), extract.Options{URL: "https://news.example/politics/budget-row-council", FetchedAt: fetchTime})
		if err != nil {
			t.Fatal(err)
		}
		if a.Paywalled != want {
			t.Errorf("paywalled = %v, want %v for %.80q…", a.Paywalled, want, page)
		}
		if strings.Contains(a.Body, "Subscribe now") {
			t.Errorf("paywall notice in body: %q", a.Body)
		}
	}
}

func TestAuthorsMetaAndMicrodata(t *testing.T) {
	body := strings.Repeat("The ferry service resumed on Monday after repairs, the operator said. ", 8)
	cases := []struct {
		page string
		want string
	}{
		{`<meta name="author" content="Gillman, Steve"><h1>Ferry returns</h1><p>` + body + `</p>`, "Steve Gillman"},
		{`<meta name="author" content="Jane Doe, John Smith"><h1>Ferry returns</h1><p>` + body + `</p>`, "Jane Doe;John Smith"},
		// "en" ends a name after a non-ASCII letter; escaped entities in
		// JSON-LD; a site name before a spaced dash.
		{`<meta name="author" content="Sonia Mevißen"><h1>Ferry returns</h1><p>` + body + `</p>`, "Sonia Mevißen"},
		{`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry returns","author":{"@type":"Person","name":"Jos&eacute; Volta"}}</script><h1>Ferry returns</h1><p>` + body + `</p>`, "José Volta"},
		{`<meta property="og:site_name" content="unocero"><meta name="author" content="unocero - Alberto Ávila"><h1>Ferry returns</h1><p>` + body + `</p>`, "Alberto Ávila"},
		// A teaser below, also an Article item, must not add its author.
		{`<article itemscope itemtype="https://schema.org/NewsArticle"><h1>Ferry returns</h1><span itemprop="author">Ann Lee</span><p>` + body + `</p>
		  <aside><div itemscope itemtype="https://schema.org/Article"><a href="/other">Other story</a><span itemprop="author">Bo Chan</span></div></aside></article>`, "Ann Lee"},
		// Teaser cards without their own itemscope: only the byline near the
		// first name counts, both names of a shared byline included.
		{`<article itemscope itemtype="https://schema.org/NewsArticle"><h1>Ferry returns</h1><div class="byline"><span itemprop="author">Ann Lee</span> and <span itemprop="author">Cy Dee</span></div><figure><img src="/a.jpg"><figcaption>The pier <span itemprop="author">Port Authority</span></figcaption></figure><p>` + body + `</p>
		  <section><ul><li><div><div><a href="/other">Other story</a><p><span itemprop="author">Bo Chan</span></p></div></div></li></ul></section></article>`, "Ann Lee;Cy Dee"},
	}
	checkFerryAuthors(t, "", cases)
}

// The visible byline against the metadata: it wins when the metadata
// names fewer of its writers (a CMS field holding one user) or more
// (photographers, editors), when the metadata holds a user name, and
// names the byline credits for another role than the writing go.
func TestAuthorsBylineAgainstMetadata(t *testing.T) {
	body := `<p>` + strings.Repeat("The ferry service resumed on Monday after repairs, the operator said. ", 8) + `</p>`
	ld := func(names ...string) string {
		var q []string
		for _, n := range names {
			q = append(q, `{"@type":"Person","name":"`+n+`"}`)
		}
		return `<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ferry returns","author":[` + strings.Join(q, ",") + `]}</script>`
	}
	cases := []struct{ page, want string }{
		// Truncated metadata: the byline lists both writers.
		{ld("Ann Lee") + `<h1>Ferry returns</h1><p>By <a href="/author/ann-lee">Ann Lee</a> and <a href="/author/cy-dee">Cy Dee</a></p>` + body, "Ann Lee;Cy Dee"},
		// …but not when the byline's extra is a section, not a person.
		{ld("Ann Lee") + `<h1>Ferry returns</h1><p>By <a href="/author/ann-lee">Ann Lee</a> in <a href="/author/politics">Politics</a></p>` + body, "Ann Lee"},
		// Padded metadata: the stylist is not in the byline.
		{`<meta name="author" content="Ann Lee, Bo Chan"><h1>Ferry returns</h1><p>By <a href="/author/ann-lee">Ann Lee</a></p>` + body, "Ann Lee"},
		// …but a co-writer the byline shows in a block of its own stays.
		{ld("Ann Lee", "Cy Dee") + `<h1>Ferry returns</h1><div class="by">By <div><a href="/staff/ann-lee">Ann Lee</a></div> and <div><a href="/staff/cy-dee">Cy Dee</a></div></div>` + body, "Ann Lee;Cy Dee"},
		// Credited roles in the byline are not writers.
		{ld("Ann Lee", "Bo Chan", "Cy Dee") + `<h1>Ferry returns</h1><p>By <a href="/author/ann-lee">Ann Lee</a> | Reviewed by <a href="/author/bo-chan">Bo Chan</a> | Edited by <a href="/author/cy-dee">Cy Dee</a></p>` + body, "Ann Lee"},
		{ld("Ann Lee", "Bo Chan", "Cy Dee") + `<h1>Ferry returns</h1><p>By <a href="/author/ann-lee">Ann Lee</a></p><p>Contributions from <a href="/author/bo-chan">Bo Chan</a>, <a href="/author/cy-dee">Cy Dee</a></p>` + body, "Ann Lee"},
		// A CMS login in the metadata yields to the byline's name.
		{ld("admin") + `<h1>Ferry returns</h1><p>Von <a href="/autor/ann-lee">Ann Lee</a></p>` + body, "Ann Lee"},
		{`<meta name="author" content="ann.lee"><h1>Ferry returns</h1><p>By <a href="/author/ann-lee">Ann Lee</a></p>` + body, "Ann Lee"},
		// …and stands when nothing else names anyone.
		{ld("ann.lee") + `<h1>Ferry returns</h1>` + body, "ann.lee"},
		{`<meta name="author" content="alee"><h1>Ferry returns</h1><p>By Harbour</p>` + body, "alee"},
		// Words in lower case are a phrase, not a person.
		{`<meta name="author" content="deinen Hochzeitsbloggern"><h1>Ferry returns</h1><p>Von <a href="/autor/ann-lee">Ann Lee</a></p>` + body, "Ann Lee"},
		// A sentence opening with "Von" is not a byline.
		{`<h1>Ferry returns</h1><p>Von innen ist das Haus mit Klarlack gestrichen, von außen mit Lack.</p>` + body, ""},
		// Within the byline, a person beats the outlet.
		{`<h1>Ferry returns</h1><p><a href="/author/desk">The Harbour Times</a></p><p>Written by: Ann Lee</p>` + body, "Ann Lee"},
	}
	checkFerryAuthors(t, `<title>Ferry returns</title><body>`, cases)
}

// checkFerryAuthors parses each page of the ferry story, after head, and
// compares its authors, joined by ";", with want.
func checkFerryAuthors(t *testing.T, head string, cases []struct{ page, want string }) {
	t.Helper()
	for _, c := range cases {
		a, err := extract.Parse([]byte(head+c.page), extract.Options{URL: "https://news.example/travel/ferry-returns-after-repairs", FetchedAt: fetchTime})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(a.Authors, ";"); got != c.want {
			t.Errorf("authors = %q, want %q (page %.120q…)", got, c.want, c.page)
		}
	}
}

// Where else pages name the writer: the article's own footer, a box
// about the author after the text (only when nothing else names anyone),
// a second "By" line when the first credits the outlet, the whole name
// when metadata or a link gives the first name alone, a member's login
// with a number; an author page linked from the running text is a
// citation, not the byline.
func TestAuthorsBeyondTheByline(t *testing.T) {
	body := `<p>` + strings.Repeat("The ferry service resumed on Monday after repairs, the operator said. ", 8) + `</p>`
	box := `<div class="author-bio"><img src="/a.jpg"><h3>Ann Lee</h3><p>Ann Lee writes about ports and shipping for the paper.</p></div>`
	cases := []struct{ page, want string }{
		{`<article><h1>Ferry returns</h1>` + body + `<footer class="entry-meta">Posted by <a href="/author/ann-lee/" rel="author">Ann Lee</a></footer></article><footer><a href="/author/site/">Site Owner</a></footer>`, "Ann Lee"},
		{`<main><article><h1>Ferry returns</h1>` + body + `</article>` + box + `</main>`, "Ann Lee"},
		{`<main><article><h1>Ferry returns</h1>` + body + `</article><div class="author-box"><img src="/a.jpg"><div class="top">About the Author – <span>Ann Lee</span></div></div></main>`, "Ann Lee"},
		{`<main><article><h1>Ferry returns</h1><p>By Bo Chan</p>` + body + `</article>` + box + `</main>`, "Bo Chan"},
		// a bare credit line classed "author" is no box
		{`<main><article><h1>Ferry returns</h1>` + body + `</article><ul><li><a href="/x">Other story</a></li></ul><div class="author"><b>Ann Lee</b></div></main>`, ""},
		{`<h1>Ferry returns</h1><div>By <a href="/author/desk/">The Harbour Press</a></div><p><em>Written by: <a href="/x">Ann Lee</a></em></p>` + body, "Ann Lee"},
		{`<meta name="author" content="Ann"><h1>Ferry returns</h1><p><strong>Eine Kolumne von Ann Lee</strong></p>` + body, "Ann Lee"},
		{`<h1>Ferry returns</h1><p>` + strings.Repeat("The ferry service resumed on Monday, the operator said. ", 5) + `Critics such as <a href="https://other.example/autoren/bo-chan/">Bo Chan</a> disagree.</p>` + body, ""},
		{`<h1>Ferry returns</h1><div class="byline">von <a href="/author/freeman1984/" rel="author">freeman1984</a></div>` + body, "freeman1984"},
		{`<h1>Ferry returns</h1><div class="byline">By TAG24</div>` + body, ""},
		// A byline just above the headline, outside the headline's
		// container; not the blog's menu entry for its author.
		{`<div class="top"><div class="who">von <a href="/ueber-uns/autor/ann-lee">Ann Lee</a></div></div><div class="story"><h1>Ferry returns</h1>` + body + `</div>`, "Ann Lee"},
		{`<div class="meta"><span class="date">22.11.2022</span><h5 class="field-author">Ann Lee</h5></div><h1>Ferry returns</h1>` + body, "Ann Lee"},
		{`<header><nav><ul><li><a href="/author/ann/">Author: Ann Lee</a></li></ul></nav></header><main><h1>Ferry returns</h1>` + body + `</main>`, ""},
		// A name beside the date under the headline, with no "By".
		{`<h1>Ferry returns</h1><p class="muted">11.12.2019 - Ann Lee</p>` + body, "Ann Lee"},
		{`<h1>Ferry returns</h1><span><span><i></i><span>Ann Lee</span></span><span>Oct 17, 2023</span><span>57 Shares</span></span>` + body, "Ann Lee"},
		{`<h1>Ferry returns</h1><div><span>The Harbour</span> • <time>October 3, 2016</time></div>` + body, ""},
		{`<h1>Ferry returns</h1><div class="kicker">Port News</div><div>Ferry Lines</div><div class="lead">` + body + `</div><p>October 3, 2016</p>`, ""},
		// A blog post written out in <noscript>, byline and all.
		{`<h1>Ferry returns</h1><noscript><div class="post"><span class="byline">Posted by Ann Lee and Bo Chan</span><p>The ferry is back.</p></div></noscript>` + body, "Ann Lee;Bo Chan"},
		// …its byline a link at the fragment's top level (no parent in the parsed fragment).
		{`<h1>Ferry returns</h1><noscript>By <a href="/author/ann-lee">Ann Lee</a></noscript>` + body, "Ann Lee"},
	}
	checkFerryAuthors(t, `<title>Ferry returns</title><body>`, cases)
}

// A kicker on its own line above the title is not part of the headline,
// even when the metadata runs the two together; a highlighted first word
// or a lead-in ending in a colon is.
func TestHeadlineKicker(t *testing.T) {
	body := `<p>` + strings.Repeat("The council met on Tuesday to discuss the budget, officials said. ", 10) + `</p>`
	cases := []struct{ head, h1, want string }{
		{`<meta property="og:title" content="Nach Corona-Lockerungen: Autohäuser rechnen mit Flaute">`,
			`<h1><span class="dachzeile">Nach Corona-Lockerungen</span> <span class="headline">Autohäuser rechnen mit Flaute</span></h1>`, "Autohäuser rechnen mit Flaute"},
		{`<title>Einheit der Woche | Lagen-Pyramide mit GA2 - SWIM.DE</title>`,
			`<h1><span itemprop="headline"><small>Einheit der Woche</small><br>Lagen-Pyramide mit GA2</span></h1>`, "Lagen-Pyramide mit GA2"},
		{`<meta property="og:title" content="Trump wins the election">`,
			`<h1><span class="highlight">Trump</span> wins the election</h1>`, "Trump wins the election"},
		{`<title>15 Jahre Blog</title>`,
			`</article><section id="comments"><h2>4 thoughts on “15 Jahre Blog”</h2></section><article>`, "15 Jahre Blog"},
		// A kicker set off by a dash (a multibyte rune) in the metadata;
		// a kicker only the metadata has, before a colon.
		{`<meta property="og:title" content="Coronavirus und andere Zoonosen – Wie Umweltzerstörung neue Epidemien begünstigt">`,
			`<h1><span class="titleheader">Coronavirus und andere Zoonosen</span><span aria-hidden="true"> – </span><span>Wie Umweltzerstörung neue Epidemien begünstigt</span></h1>`, "Wie Umweltzerstörung neue Epidemien begünstigt"},
		{`<meta property="og:title" content="Siemens und die Kohlemine Adani: Kaeser verarscht Neubauer">`,
			`<h1>Kaeser verarscht Neubauer</h1>`, "Kaeser verarscht Neubauer"},
		// A one-word section label in <title>, found inside the page's h1.
		{`<title>Arbeit - News Example</title>`, `<h1>Wir kämpfen für gute Arbeit</h1>`, "Wir kämpfen für gute Arbeit"},
		{`<meta property="og:title" content="Row at the plant: talks stall again">`,
			`<h1><span class="kicker">Row at the plant:</span><br><span>talks stall again</span></h1>`, "Row at the plant: talks stall again"},
		// The h1 is the metadata's title before a separator, or holds
		// the metadata's title after a kicker and a separator.
		{`<meta property="og:title" content="All Shrine Locations and Solutions - The Legend of Zelda: Tears of the Kingdom Guide - Game Wiki">`,
			`<h1>All Shrine Locations and Solutions</h1>`, "All Shrine Locations and Solutions"},
		{`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Irme Stetter-Karp ist neue ZdK-Präsidentin"}</script>`,
			`<h1>"Reformstau lösen" / Irme Stetter-Karp ist neue ZdK-Präsidentin</h1>`, "Irme Stetter-Karp ist neue ZdK-Präsidentin"},
		// The part before the first separator, whichever separators follow.
		{`<meta property="og:title" content="All Shrine Locations and Solutions » Tears of the Kingdom Guides and Walkthroughs | Game Wiki">`,
			`<h1>Kingdom Guides Weekly Roundup</h1><h1>All Shrine Locations and Solutions</h1>`, "All Shrine Locations and Solutions"},
		// One title matches the h1's second part, another the whole h1:
		// the whole-heading match wins, with the whole heading's text.
		{`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Irme Stetter-Karp ist neue ZdK-Präsidentin"}</script><meta property="og:title" content="Reformstau lösen / Irme Stetter-Karp ist neue ZdK-Präsidentin">`,
			`<h1>Reformstau lösen / Irme Stetter-Karp ist neue ZdK-Präsidentin</h1>`, "Reformstau lösen / Irme Stetter-Karp ist neue ZdK-Präsidentin"},
	}
	for _, c := range cases {
		a, err := extract.Parse([]byte(`<html><head>`+c.head+`</head><body><article>`+c.h1+body+`</article>`), extract.Options{URL: "https://news.example/a", FetchedAt: fetchTime})
		if err != nil {
			t.Fatal(err)
		}
		if a.Headline != c.want {
			t.Errorf("headline %q, want %q (h1 %s)", a.Headline, c.want, c.h1)
		}
	}
}

// A blog's name over its posts, a link home, is not the headline though
// its <title> starts with it.
func TestHeadlineNotBlogName(t *testing.T) {
	page := `<html><head><title>Time for talks » Blog Archive » Cinemas go digital across the country</title></head><body>` +
		`<h1><a href="https://talks.example/">Time for talks</a></h1><div class="post"><p>` +
		strings.Repeat("The last cinemas with film projectors have switched to digital ones this year. ", 6) + `</p></div></body></html>`
	a, err := extract.Parse([]byte(page), extract.Options{URL: "https://archive.example/web/1/talks/cinemas", FetchedAt: fetchTime})
	if err != nil {
		t.Fatal(err)
	}
	if a.Headline == "Time for talks" {
		t.Errorf("headline is the blog's name")
	}
}

// A meta description with markup pasted in keeps only its text before it.
func TestStandfirstDropsMarkup(t *testing.T) {
	page := `<html><head><meta property="og:description" content="A crash overnight left one driver dead and<a class=&quot;more&quot; href=&quot;/x&quot;>Read More</a>"></head><body><h1>Crash kills driver</h1><p>` +
		strings.Repeat("Police closed the road for hours after the crash, officials said. ", 8) + `</p></body></html>`
	a, err := extract.Parse([]byte(page), extract.Options{URL: "https://news.example/local/crash", FetchedAt: fetchTime})
	if err != nil {
		t.Fatal(err)
	}
	if a.Standfirst != "A crash overnight left one driver dead and" {
		t.Errorf("standfirst %q", a.Standfirst)
	}
}

// A dek the page names as one (class "dek", "subheadline", "post__excerpt")
// is kept even when the description metadata says something else; an
// unnamed block that disagrees with the metadata gives way to it.
func TestStandfirstNamedDekOutranksDescription(t *testing.T) {
	body := `<div class="story"><p>` + strings.Repeat("The council met on Tuesday to debate the budget for next year, officials said. ", 8) + `</p><p>` +
		strings.Repeat("Members argued over the cost of repairs to the old bridge across the river. ", 6) + `</p></div>`
	for _, c := range []struct{ class, want string }{
		{"article-dek", "Repairs to the bridge will take most of the money, members agreed"},
		{"c-header__subTitle", "Repairs to the bridge will take most of the money, members agreed"},
		{"post__excerpt", "Repairs to the bridge will take most of the money, members agreed"},
		{"header-note", "The town council set its budget for the coming year on Tuesday."},
	} {
		page := `<html><head><meta property="og:description" content="The town council set its budget for the coming year on Tuesday."></head><body><main><header><h1>Council sets budget</h1>` +
			`<h2 class="` + c.class + `">Repairs to the bridge will take most of the money, members agreed</h2></header>` + body + `</main></body></html>`
		a, err := extract.Parse([]byte(page), extract.Options{URL: "https://news.example/local/budget", FetchedAt: fetchTime})
		if err != nil {
			t.Fatal(err)
		}
		if a.Standfirst != c.want {
			t.Errorf("class %q: standfirst %q, want %q", c.class, a.Standfirst, c.want)
		}
	}
}

// A body that opens with a paragraph set wholly in bold has its dek there:
// it outranks a description that differs from it, and stays in the body.
// A description that holds the paragraph and more is the fuller summary.
func TestStandfirstBoldLead(t *testing.T) {
	lead := "Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen."
	rest := `<p>` + strings.Repeat("Die Mitglieder stritten lange über die Kosten für die Reparatur der alten Brücke. ", 6) + `</p><p>` +
		strings.Repeat("Die Opposition stimmte gegen den Entwurf und kündigte weiteren Widerstand an. ", 6) + `</p>`
	for _, c := range []struct{ name, meta, para, want string }{
		{"bold lead", "Der Rat einigt sich auf den Haushalt.", `<p><strong>` + lead + `</strong></p>`, lead},
		{"truncated description", "Der Stadtrat hat am Dienstag den Haushalt für das...", `<p><b>` + lead + ` </b></p>`, lead},
		{"fuller description", lead + " Die Brücke wird teuer.", `<p><strong>` + lead + `</strong></p>`, lead + " Die Brücke wird teuer."},
		{"plain lead", "Der Rat einigt sich auf den Haushalt.", `<p>` + lead + `</p>`, "Der Rat einigt sich auf den Haushalt."},
		{"partly bold", "Der Rat einigt sich auf den Haushalt.", `<p><strong>Berlin:</strong> ` + lead + `</p>`, "Der Rat einigt sich auf den Haushalt."},
		{"editor's note", "Der Rat einigt sich auf den Haushalt.", `<p><strong>Update: Der Text wurde am Mittwoch um die Zahlen ergänzt.</strong></p><p>` + lead + `</p>`, "Der Rat einigt sich auf den Haushalt."},
		{"salutation", "Der Rat einigt sich auf den Haushalt.", `<p><b>Sehr geehrte Leserinnen und Leser,</b></p><p>` + lead + `</p>`, "Der Rat einigt sich auf den Haushalt."},
	} {
		page := `<html><head><meta name="description" content="` + c.meta + `"></head><body><article><h1>Haushalt beschlossen</h1><div class="text">` +
			c.para + rest + `</div></article></body></html>`
		a, err := extract.Parse([]byte(page), extract.Options{URL: "https://zeitung.example/lokal/haushalt", FetchedAt: fetchTime})
		if err != nil {
			t.Fatal(err)
		}
		if a.Standfirst != c.want {
			t.Errorf("%s: standfirst %q, want %q", c.name, a.Standfirst, c.want)
		}
		if !strings.Contains(a.Body, lead) {
			t.Errorf("%s: body lost its lead: %.80q", c.name, a.Body)
		}
	}
}

// Related blocks are found by their heading in the page's language.
func TestRelatedHeadingsInManyLanguages(t *testing.T) {
	body := `<p>` + strings.Repeat("O conselho reuniu-se na terça-feira para discutir o orçamento, disseram fontes. ", 8) + `</p>`
	for _, h := range []string{"Leia também", "Veja também:", "Você também pode gostar", "Ähnliche Artikel", "Vous aimerez aussi", "Related stories"} {
		page := `<html><body><article><h1>Orçamento aprovado</h1>` + body + `<section><h3>` + h + `</h3><ul>` +
			`<li><a href="/politica/ponte-nova-aprovada-pelo-conselho">Ponte nova aprovada pelo conselho</a></li>` +
			`<li><a href="/politica/eleicoes-marcadas-para-maio">Eleições marcadas para maio próximo</a></li></ul></section></article></body></html>`
		a, err := extract.Parse([]byte(page), extract.Options{URL: "https://news.example/politica/orcamento", FetchedAt: fetchTime})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Related) != 2 {
			t.Errorf("%q: %d related links, want 2", h, len(a.Related))
		}
		if strings.Contains(a.Body, "Ponte nova") {
			t.Errorf("%q: teaser in body", h)
		}
	}
}

// A page that shows its opening paragraph and leaves the rest to a
// script, whose articleBody holds only the rest, keeps both in order.
func TestArticleBodyContinuesVisibleOpening(t *testing.T) {
	var rest []string
	for i := range 12 {
		rest = append(rest, fmt.Sprintf("Paragraph %d of the story goes on about the tarot readings and the software that now writes them, at some length.", i+2))
	}
	ld, _ := json.Marshal(map[string]any{"@type": "NewsArticle", "headline": "Machines read the stars", "articleBody": strings.Join(rest, "\n")})
	page := `<html><head><script type="application/ld+json">` + string(ld) + `</script></head><body><article><h1>Machines read the stars</h1>` +
		`<div class="body"><p>Ten years ago, I used my first paycheck to meet an astrologer in a walk-up apartment, and it did not go as I hoped.</p></div></article></body></html>`
	a, err := extract.Parse([]byte(page), extract.Options{URL: "https://news.example/story/machines-read-the-stars", FetchedAt: fetchTime})
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(a.Body, "\n\n")
	if len(paras) != 13 || !strings.HasPrefix(paras[0], "Ten years ago") || !strings.HasPrefix(paras[1], "Paragraph 2 ") {
		t.Errorf("body has %d paragraphs, starting %.80q", len(paras), a.Body)
	}
}

// A blog theme's date inside the post's own permalink (rel=bookmark) is
// the publication date; a date inside any other link is another page's.
func TestDateInPermalink(t *testing.T) {
	body := `<p>` + strings.Repeat("Running in winter is less bad than it sounds, it turns out after a year. ", 8) + `</p>`
	page := `<html><body><article><header><h1>Running in winter</h1><span class="posted-on"><a href="/running-in-winter/" rel="bookmark"><time class="entry-date published" datetime="2019-02-10T09:30:10+01:00">10. Februar 2019</time></a></span></header>` +
		body + `<p><a href="/other/"><time datetime="2018-01-01">1 January 2018</time></a></p></article></body></html>`
	a, err := extract.Parse([]byte(page), extract.Options{URL: "https://blog.example/running-in-winter/", FetchedAt: fetchTime})
	if err != nil {
		t.Fatal(err)
	}
	if a.PublishedAt != "2019-02-10T09:30:10+01:00" {
		t.Errorf("published %q from %q", a.PublishedAt, a.Sources["published_at"])
	}
	// On the blog's front page the same permalink is another page's.
	a, err = extract.Parse([]byte(page), extract.Options{URL: "https://blog.example/page/2/", FetchedAt: fetchTime})
	if err != nil {
		t.Fatal(err)
	}
	if a.Sources["published_at"] == "time" {
		t.Errorf("front page dated %q from a post's permalink", a.PublishedAt)
	}
	// The permalink may spell a non-ASCII path as written, the fetched
	// URL escaped.
	unescaped := strings.ReplaceAll(page, "/running-in-winter/", "/laufen-im-winter-über-null/")
	a, err = extract.Parse([]byte(unescaped), extract.Options{URL: "https://blog.example/laufen-im-winter-%C3%BCber-null/", FetchedAt: fetchTime})
	if err != nil {
		t.Fatal(err)
	}
	if a.PublishedAt != "2019-02-10T09:30:10+01:00" {
		t.Errorf("unescaped permalink: published %q from %q", a.PublishedAt, a.Sources["published_at"])
	}
}

// Elements hidden by the usual utility classes are not what a reader
// sees: a section name in a hidden <h1> is not the headline, and
// screen-reader text is not body text; nor is a text-size control's label. A class that merely contains the
// word ("hidden-xs", "unhidden") hides nothing.
func TestHiddenClassesLeftOut(t *testing.T) {
	para := func(s string, n int) string { return strings.Repeat(s+" ", n) }
	page := `<html><head><title>News - Institute</title><meta property="og:title" content="Water quality improves in the lake"></head><body>
<h1 class="header pagetitle hidden">News</h1>
<article><h1>Water quality improves in the lake</h1>
<p>Text size</p>
<p>` + para("Researchers measured the lake every week for three years, the institute said.", 4) + `</p>
<p>` + para("Nitrate levels fell after farms upstream changed how they spread manure.", 4) + `</p>
<p class="d-none">The lake has recovered over three years of weekly measurements, and the council now plans to open a second beach.</p>
<p>` + para("Fish species that had left the lake a decade ago have been seen again.", 4) + `</p>
<p class="hidden-xs">` + para("The oxygen content rose in every season of the study.", 4) + `</p>
<p class="visually-hidden">Share this article</p>
</article></body></html>`
	a, err := extract.Parse([]byte(page), extract.Options{URL: "https://institute.example/news/lake", FetchedAt: fetchTime})
	if err != nil {
		t.Fatal(err)
	}
	if a.Headline != "Water quality improves in the lake" {
		t.Errorf("headline %q", a.Headline)
	}
	for _, bad := range []string{"second beach", "Share this article", "Text size"} {
		if strings.Contains(a.Body, bad) {
			t.Errorf("body holds hidden text %q:\n%s", bad, a.Body)
		}
	}
	for _, good := range []string{"Nitrate levels fell", "Fish species", "The oxygen content rose"} {
		if !strings.Contains(a.Body, good) {
			t.Errorf("body lost %q:\n%s", good, a.Body)
		}
	}
}

// When no <h1> matches the metadata, the metadata holds a title written
// for search or sharing: the page's own <h1> on the same subject is the
// headline, but not a logo or a newsletter box that shares no word.
func TestHeadlineOwnH1OverSEOTitle(t *testing.T) {
	body := `<div class="story"><p>` + strings.Repeat("Divers found the wreck of the steamer off the northern cape last week, the museum said. ", 8) + `</p></div>`
	cases := []struct{ head, h1s, want string }{
		{`<meta property="og:title" content="Steamer wreck discovered after 120 years | Coast News">`,
			`<h1 class="logo">Coast News</h1><h1>Divers find a lost steamer off the northern cape</h1>`, "Divers find a lost steamer off the northern cape"},
		{`<meta property="og:title" content="Steamer wreck discovered after 120 years">`,
			`<h1>Sign up for our morning newsletter</h1>`, "Steamer wreck discovered after 120 years"},
	}
	for _, c := range cases {
		page := `<html><head>` + c.head + `<meta property="og:site_name" content="Coast News"></head><body>` + c.h1s + body + `</body></html>`
		a, err := extract.Parse([]byte(page), extract.Options{URL: "https://coast.example/news/wreck", FetchedAt: fetchTime})
		if err != nil {
			t.Fatal(err)
		}
		if a.Headline != c.want {
			t.Errorf("headline %q, want %q", a.Headline, c.want)
		}
	}
}

// A format label after the headline ("(video)", "[Watch]", "| Editorial")
// says what kind of piece it is, not what it says; words in brackets that
// belong to the title stay.
func TestHeadlineDropsFormatLabel(t *testing.T) {
	body := `<div class="story"><p>` + strings.Repeat("The probe sent the clip home by laser from far beyond the moon, engineers said. ", 8) + `</p></div>`
	for h1, want := range map[string]string{
		"Probe beams a cat video home from deep space (video)":    "Probe beams a cat video home from deep space",
		"Probe beams a cat video home from deep space [Watch]":    "Probe beams a cat video home from deep space",
		"Leave the child labor laws alone | Editorial":            "Leave the child labor laws alone",
		"Probe beams a cat video home from deep space (part two)": "Probe beams a cat video home from deep space (part two)",
	} {
		page := `<html><head><meta property="og:title" content="` + h1 + `"></head><body><h1>` + h1 + `</h1>` + body + `</body></html>`
		a, err := extract.Parse([]byte(page), extract.Options{URL: "https://space.example/news/cat", FetchedAt: fetchTime})
		if err != nil {
			t.Fatal(err)
		}
		if a.Headline != want {
			t.Errorf("headline %q, want %q", a.Headline, want)
		}
	}
}

// An h1 that only repeats the <title> gives way to the h2 that holds the
// og:title word for word: the displayed headline under a short label.
func TestHeadlineH2HoldsSharedTitle(t *testing.T) {
	page := `<html><head><title>Millennial Decorating Mistakes | Home Example</title>` +
		`<meta property="og:title" content="The Five Biggest Decorating Mistakes Young Owners Make"></head><body>` +
		`<h1>Millennial Decorating Mistakes</h1><h2>The Five Biggest Decorating Mistakes Young Owners Make</h2><div class="story"><p>` +
		strings.Repeat("Too many small rugs and too little light make a room feel cramped, designers said. ", 8) + `</p></div></body></html>`
	a, err := extract.Parse([]byte(page), extract.Options{URL: "https://home.example/decor/mistakes", FetchedAt: fetchTime})
	if err != nil {
		t.Fatal(err)
	}
	if want := "The Five Biggest Decorating Mistakes Young Owners Make"; a.Headline != want {
		t.Errorf("headline %q, want %q", a.Headline, want)
	}
}
