package extract

import (
	"strings"
	"testing"
	"time"
)

func TestParseDateShapes(t *testing.T) {
	cases := map[string]string{
		"2026-11-25T08:30:00+01:00":             "2026-11-25T08:30:00+01:00",
		"2022-1-26T14:32:06+02:00":              "2022-01-26T14:32:06+02:00", // no zero padding
		"Tue Jan 28 15:28:56 CET 2020":          "2020-01-28",                // Java Date.toString: named zone, day only
		"Von Deutscher Tennis Bund 4. 2. 2022.": "2022-02-04",
		"25.11.2026":                            "2026-11-25",
		"11/25/2026":                            "2026-11-25",
		"20 septembrie 2020 16:20":              "2020-09-20",
	}
	for in, want := range cases {
		if got := parseDate(in); got != want {
			t.Errorf("parseDate(%q) = %q, want %q", in, got, want)
		}
	}
}

// datePage builds a small article page: head tags, then a headline block
// (header) and a body of plain paragraphs.
func datePage(head, header string) []byte {
	body := strings.Repeat("<p>The council met on Tuesday evening to discuss the plan for the new library, which residents have asked for since the old one closed.</p>\n", 6)
	return []byte("<!doctype html><html><head><title>Library plan approved</title>" + head +
		"</head><body><nav><a href=\"/\">Home</a></nav><main><article>" + header +
		"<div class=\"article-body\">" + body + "</div></article></main><footer>© 2026 Example News</footer></body></html>")
}

func parseDatePage(t *testing.T, url string, page []byte) *Article {
	t.Helper()
	a, err := Parse(page, Options{URL: url, FetchedAt: time.Date(2026, 1, 14, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestPublishedSkipsUpdateStamp(t *testing.T) {
	// Metadata in UTC; the page shows the published stamp and, beside it,
	// the update stamp of the next day. The update's day is not the
	// publication day.
	page := datePage(`<meta property="article:published_time" content="2020-04-28T22:57:38Z">`,
		`<h1>Library plan approved</h1><div class="credits"><time datetime="2020-04-28T22:57">22:57 GMT 28.04.2020</time>
<time itemprop="dateModified" datetime="2020-04-29T11:14" class="date-upd">(updated 11:14 GMT 29.04.2020)</time></div>`)
	a := parseDatePage(t, "https://news.example/story/1", page)
	if !strings.HasPrefix(a.PublishedAt, "2020-04-28") {
		t.Errorf("published_at = %q, want 2020-04-28…", a.PublishedAt)
	}
}

func TestPublishedWordInUpdatedByline(t *testing.T) {
	page := datePage(`<meta property="article:published_time" content="2023-12-22T17:16:03Z">`,
		`<h1>Library plan approved</h1><div class="byline">Updated Dec. 23, 2023 4:04AM EST / Published Dec. 22, 2023 12:16PM EST</div>`)
	a := parseDatePage(t, "https://news.example/story/2", page)
	if !strings.HasPrefix(a.PublishedAt, "2023-12-22") {
		t.Errorf("published_at = %q, want 2023-12-22…", a.PublishedAt)
	}
}

// Letters whose lower case is longer ("Ⱥ", 2 bytes, lowers to 3) must not
// shift where the publication date is read from (it once sliced the line
// at the lower-cased text's offset, past its end).
func TestPublishedWordAfterWideLetters(t *testing.T) {
	page := datePage(``,
		`<h1>Library plan approved</h1><div class="byline">`+strings.Repeat("Ⱥ", 30)+` Updated Dec. 23, 2023 / Published Dec. 22, 2023</div>`)
	a := parseDatePage(t, "https://news.example/story/3", page)
	if !strings.HasPrefix(a.PublishedAt, "2023-12-22") {
		t.Errorf("published_at = %q, want 2023-12-22…", a.PublishedAt)
	}
}

func TestPublishedMetadataAgreeingWithByline(t *testing.T) {
	// A republished article: JSON-LD keeps the first day, the meta tag
	// and the byline state the new one.
	page := datePage(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Library plan approved","datePublished":"2022-04-28T12:00:00+01:00"}</script>
<meta name="date" content="November 6, 2023">`,
		`<h1>Library plan approved</h1><div class="byline">By Ann Smith <span class="date">Nov 6, 2023 8:41 am</span></div>`)
	a := parseDatePage(t, "https://news.example/story/3", page)
	if !strings.HasPrefix(a.PublishedAt, "2023-11-06") {
		t.Errorf("published_at = %q, want 2023-11-06…", a.PublishedAt)
	}
	// One statement against one: the JSON-LD stays.
	page = datePage(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Library plan approved","datePublished":"2022-04-28T12:00:00+01:00"}</script>`,
		`<h1>Library plan approved</h1><div class="byline">By Ann Smith <span class="date">Nov 6, 2023 8:41 am</span></div>`)
	if a := parseDatePage(t, "https://news.example/story/3", page); !strings.HasPrefix(a.PublishedAt, "2022-04-28") {
		t.Errorf("published_at = %q, want 2022-04-28…", a.PublishedAt)
	}
}

func TestPublishedLocalDayFromURL(t *testing.T) {
	// UTC metadata just before midnight; the URL names the local day.
	page := datePage(`<meta property="article:published_time" content="2018-12-31T23:11:59+00:00">`,
		`<h1>Library plan approved</h1>`)
	a := parseDatePage(t, "https://blog.example/2019/01/01/library-plan/", page)
	if a.PublishedAt != "2019-01-01" {
		t.Errorf("published_at = %q, want 2019-01-01", a.PublishedAt)
	}
}

func TestPublishedWithoutHeadlineNode(t *testing.T) {
	// The headline element is not found (the page's title names another
	// headline than any element): the date sits above the body.
	page := []byte(`<!doctype html><html><head><title>Thirteen ways to praise a friend</title>
<meta property="og:title" content="Thirteen ways to praise a friend"><meta property="og:type" content="article"></head>
<body><nav><a href="/">Home</a></nav><div class="page"><div class="story"><div class="story-head"><div class="credit">By <a href="/profile/ann">Ann Smith</a></div>
<div class="when"><time>Dec. 2, 2016</time></div></div>
<div class="story-body">` + strings.Repeat("<p>When I log in these days I am pretty much prepared for what I will find there, and most of it is kind words from friends and neighbours.</p>\n", 6) +
		`</div></div></div><footer>© 2026 Example</footer></body></html>`)
	a := parseDatePage(t, "https://news.example/articles/1234-praise", page)
	if a.PublishedAt != "2016-12-02" {
		t.Errorf("published_at = %q, want 2016-12-02", a.PublishedAt)
	}
}
