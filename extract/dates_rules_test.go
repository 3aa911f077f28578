package extract

import (
	"strings"
	"testing"
)

func TestPublishedInArticleAside(t *testing.T) {
	// The article's metadata column is an <aside> beside the headline,
	// with a row of share icons between it and the headline.
	share := strings.Repeat(`<li><a href="https://share.example/?u=x"><i class="icon"></i></a></li>`, 8)
	page := datePage("", `<div class="row"><aside class="meta"><ul><li class="topic">Local</li>`+
		`<li class="when">19.07.2025</li><li class="read">Reading time 4 minutes</li>`+share+`</ul></aside>`+
		`<header><h1>Library plan approved</h1></header></div>`)
	a := parseDatePage(t, "https://news.example/library-plan", page)
	if a.PublishedAt != "2025-07-19" {
		t.Errorf("PublishedAt = %q, want the aside's 2025-07-19", a.PublishedAt)
	}
	// Under the headline too.
	page = datePage("", `<header><h1>Library plan approved</h1></header>`+
		`<aside class="meta"><p><time datetime="2025-01-21">21.01.2025 - 13:30</time></p><p>Source: council</p></aside>`)
	a = parseDatePage(t, "https://news.example/library-plan", page)
	if a.PublishedAt != "2025-01-21" {
		t.Errorf("PublishedAt = %q, want the aside's 2025-01-21", a.PublishedAt)
	}
}

func TestPublishedAsideOfTheSiteStaysChrome(t *testing.T) {
	// A site's side column outside the article keeps its dates to itself.
	body := strings.Repeat("<p>The council met on Tuesday evening to discuss the plan for the new library, which residents have asked for since the old one closed.</p>\n", 6)
	page := []byte(`<!doctype html><html><head><title>Library plan approved</title></head><body><main><article>` +
		`<h1>Library plan approved</h1><div class="article-body">` + body + `</div></article>` +
		`<aside><p>Most read</p><p>3 January 2026</p></aside></main></body></html>`)
	a := parseDatePage(t, "https://news.example/library-plan", page)
	if a.PublishedAt != "" {
		t.Errorf("PublishedAt = %q, want none", a.PublishedAt)
	}
}

func TestPublishedShownOverLoneMeta(t *testing.T) {
	// article:published_time is the page's activation; the article shows
	// its own day, twice, and never the meta tag's.
	head := `<meta property="article:published_time" content="2025-11-17T10:33:13Z">`
	header := `<header><h1>Library plan approved</h1><ul class="facts"><li><time datetime="2025-03-09">09.03.2025</time></li><li>5 min</li></ul></header>`
	a := parseDatePage(t, "https://news.example/library-plan", datePage(head, header))
	if a.PublishedAt != "2025-03-09" {
		t.Errorf("PublishedAt = %q, want the shown 2025-03-09", a.PublishedAt)
	}
	// JSON-LD stating the meta tag's day keeps it.
	ld := `<script type="application/ld+json">{"@type":"NewsArticle","headline":"Library plan approved","datePublished":"2025-11-17T10:33:13Z"}</script>`
	a = parseDatePage(t, "https://news.example/library-plan", datePage(head+ld, header))
	if !strings.HasPrefix(a.PublishedAt, "2025-11-17") {
		t.Errorf("with JSON-LD: PublishedAt = %q, want 2025-11-17", a.PublishedAt)
	}
	// The shown stamp is the modification time: not a publication date.
	mod := `<meta property="article:modified_time" content="2025-03-09T08:00:00Z">`
	header = `<header><h1>Library plan approved</h1><ul class="facts"><li><time datetime="2025-03-09T08:00:00Z">09.03.2025</time></li><li>5 min</li></ul></header>`
	a = parseDatePage(t, "https://news.example/library-plan", datePage(head+mod, header))
	if !strings.HasPrefix(a.PublishedAt, "2025-11-17") {
		t.Errorf("shown modification: PublishedAt = %q, want 2025-11-17", a.PublishedAt)
	}
}
