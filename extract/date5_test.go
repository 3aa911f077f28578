package extract

import (
	"strings"
	"testing"
)

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

func TestParseDateMoreLanguages(t *testing.T) {
	cases := map[string]string{
		"5 января 2022 г.":                   "2022-01-05",
		"12. června 2021":                    "2021-06-12",
		"الأربعاء، 07 أكتوبر 2020 - 12:09 م": "2020-10-07",
		"14 Ağustos 2019, 10:30":             "2019-08-14",
		"3. joulukuuta 2020":                 "2020-12-03",
		"21 Δεκεμβρίου 2018":                 "2018-12-21",
		"17 Agustus 2023":                    "2023-08-17",
	}
	for in, want := range cases {
		if got := parseLooseDate(in); got != want {
			t.Errorf("parseLooseDate(%q) = %q, want %q", in, got, want)
		}
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

func TestParseDateMalformedSeconds(t *testing.T) {
	cases := map[string]string{
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
