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
		// Months in more languages.
		"5 января 2022 г.":                   "2022-01-05",
		"12. června 2021":                    "2021-06-12",
		"الأربعاء، 07 أكتوبر 2020 - 12:09 م": "2020-10-07",
		"14 Ağustos 2019, 10:30":             "2019-08-14",
		"3. joulukuuta 2020":                 "2020-12-03",
		"21 Δεκεμβρίου 2018":                 "2018-12-21",
		"17 Agustus 2023":                    "2023-08-17",
		// ISO times with malformed seconds keep their minute and zone, or their day.
		"2022-01-10T22:06:08:684Z":      "2022-01-10T22:06:00+00:00",
		"2020-12-05T23:15:0Z":           "2020-12-05T23:15:00+00:00",
		"2020-12-05T23:15:0+01:00":      "2020-12-05T23:15:00+01:00",
		"2020-12-05T23:15:0 local time": "2020-12-05",
		"2020-02-30T23:15:0Z":           "",
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

func TestPublishedGenericMetaBelowShownDate(t *testing.T) {
	// <meta name="date"> says "a date": here the last edit. The byline
	// shows the publication day.
	page := datePage(`<meta name="date" content="2021-12-20T11:02:44+01:00">`,
		`<h1>Library plan approved</h1><div class="byline"><span class="date">27.01.2022</span></div>`)
	if a := parseDatePage(t, "https://news.example/story/6", page); !strings.HasPrefix(a.PublishedAt, "2022-01-27") {
		t.Errorf("published_at = %q, want 2022-01-27…", a.PublishedAt)
	}
	// Alone, it is still read.
	page = datePage(`<meta name="date" content="2021-12-20T11:02:44+01:00">`, `<h1>Library plan approved</h1>`)
	if a := parseDatePage(t, "https://news.example/story/6", page); !strings.HasPrefix(a.PublishedAt, "2021-12-20") {
		t.Errorf("published_at = %q, want 2021-12-20…", a.PublishedAt)
	}
}

func TestPublishedSkipsTeaserDates(t *testing.T) {
	related := `<div class="related"><h4>More from the council</h4><ul>
<li class="item"><h5><a href="/story/77">Budget vote delayed again</a></h5><div class="meta">December 17, 2019</div></li>
<li class="item"><h5><a href="/story/78">New bus routes for the east side</a></h5><div class="meta">October 11, 2019</div></li>
<li class="article"><a href="/story/79"><span class="date">01. Mai 2020</span> <span>Swimming pool to reopen after two years of repairs</span></a></li>
</ul></div>`
	page := datePage(``, `<h1>Library plan approved</h1><ul><li><div>August 6, 2019</div></li></ul>`+related)
	if a := parseDatePage(t, "https://news.example/story/7", page); a.PublishedAt != "2019-08-06" {
		t.Errorf("published_at = %q, want 2019-08-06", a.PublishedAt)
	}
	// A blog's own post title links to the post: its date is the post's.
	page = datePage(``, `<h1>Library plan approved</h1><div class="entry"><h3><a href="https://blog.example/e/42">A walk up the hill</a></h3><div class="info"><span class="time">2020年07月03日</span></div></div>`)
	if a := parseDatePage(t, "https://blog.example/e/42", page); a.PublishedAt != "2020-07-03" {
		t.Errorf("published_at = %q, want 2020-07-03", a.PublishedAt)
	}
}

func TestShortYearDay(t *testing.T) {
	cases := map[string]string{
		"Von: Ann Smith | 31.10.23": "2023-10-31",
		"23.09.22 - 4 min":          "2022-09-23",
		"6.11.22":                   "2022-11-06",
		"1.2.3.4":                   "", // a version number
		"31.02.23":                  "", // no such day
		"01.02.23 – 03.02.23":       "", // two dates: a span, not a day
		"Tel. 12.34.56":             "",
		"Preis 12.10.99 €":          "2099-10-12", // read; the fetch time drops it
		"v1.10.22":                  "",           // a version number
	}
	for in, want := range cases {
		if got := shortYearDay(in); got != want {
			t.Errorf("shortYearDay(%q) = %q, want %q", in, got, want)
		}
	}
	page := datePage(``, `<h1>Library plan approved</h1><div class="sub-title"><div class="uploaded">23.09.22</div><div>4 min read</div></div>`)
	if a := parseDatePage(t, "https://news.example/story/8", page); a.PublishedAt != "2022-09-23" {
		t.Errorf("published_at = %q, want 2022-09-23", a.PublishedAt)
	}
}

func TestPublishedWordsMoreLanguages(t *testing.T) {
	// A numeric meta date read the other way round (11/01 as 11 January);
	// the page's "created on" line names the day.
	page := datePage(`<meta name="date" content="11/01/2023 12:43:42">`,
		`<h1>Library plan approved</h1><p>Erstellt am: 01.11.2023</p>`)
	if a := parseDatePage(t, "https://news.example/story/9", page); a.PublishedAt != "2023-11-01" {
		t.Errorf("published_at = %q, want 2023-11-01", a.PublishedAt)
	}
}

func TestDateLineBeforeBlock(t *testing.T) {
	page := datePage(``, `<h1>Library plan approved</h1><div class="author"><a href="/authors/ann">Ann Smith</a>, 21. Jan. 2015 <div class="rating"><p>Rate this</p></div></div>`)
	if a := parseDatePage(t, "https://news.example/story/10", page); a.PublishedAt != "2015-01-21" {
		t.Errorf("published_at = %q, want 2015-01-21", a.PublishedAt)
	}
}
