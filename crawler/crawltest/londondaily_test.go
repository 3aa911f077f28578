package crawltest

import (
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestParseSeed(t *testing.T) {
	p, err := parseSeed(seedText)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(p.paragraphs), 19; got != want {
		t.Errorf("paragraphs = %d, want %d", got, want)
	}
	if got, want := len(p.related), 50; got != want {
		t.Errorf("related = %d, want %d", got, want)
	}
	for _, c := range []struct{ name, got, want string }{
		{"site name", p.siteName, "London Daily"},
		{"tagline", p.tagline, "Focus on the big picture."},
		{"date bar", p.dateBar, "Wednesday, Jan 14, 2026"},
		{"headline", p.headline, "Putin tells Boris Johnson urgent talks needed over Nato’s plans for Ukraine"},
		{"standfirst", p.standfirst, "Kremlin wants legal agreement that alliance will not expand into disputed territory"},
		{"first paragraph", p.paragraphs[0][:30], "Vladimir Putin has told Boris "},
		{"last related", p.related[len(p.related)-1], "Trump Threatens Strikes Against Iran if Nuclear Programme Is Restarted"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestParseSeedErrors(t *testing.T) {
	for _, in := range []string{
		"",
		"A\nB\nC\nHeadline\nOther headline\nStandfirst\nBody\nNewsletter\n",
		"A\nB\nC\nH\nH\nS\nBody\nNo newsletter here\n×",
		"A\nB\nC\nH\nH\nS\nBody\nNewsletter\nRelated Articles\n0:00\n0:00\nClose\nTitle\n",
	} {
		if _, err := parseSeed(in); err == nil {
			t.Errorf("parseSeed(%q) succeeded, want error", in)
		}
	}
}

var (
	rfc3339Offset = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$`)
	dayOnly       = regexp.MustCompile(`^\d{4}-\d\d-\d\d$`)
)

func page(t *testing.T, path string) string {
	t.Helper()
	b, ok := LondonDailyPage(path)
	if !ok {
		t.Fatalf("no page at %s", path)
	}
	return string(b)
}

func TestLondonDailyArticles(t *testing.T) {
	arts := LondonDailyArticles()
	if len(arts) != 51 {
		t.Fatalf("articles = %d, want 51", len(arts))
	}
	seed := arts[0]
	if seed.Path != SeedPath || seed.PublishedAt != "2021-12-13T18:03:00+00:00" ||
		len(seed.Paragraphs) != 19 || len(seed.Related) != 50 {
		t.Errorf("seed article = %s %s, %d paragraphs, %d related",
			seed.Path, seed.PublishedAt, len(seed.Paragraphs), len(seed.Related))
	}
	paths := map[string]bool{}
	undated := 0
	for i, a := range arts {
		if paths[a.Path] {
			t.Errorf("duplicate path %s", a.Path)
		}
		paths[a.Path] = true
		if a.CanonicalURL != LondonDailyHost+a.Path {
			t.Errorf("%s: canonical %s", a.Path, a.CanonicalURL)
		}
		if a.Headline == "" || a.Standfirst == "" || a.Author == "" {
			t.Errorf("%s: empty headline, standfirst or author", a.Path)
		}
		if i > 0 {
			if n := len(a.Paragraphs); n < 6 || n > 12 {
				t.Errorf("%s: %d paragraphs", a.Path, n)
			}
			if n := len(a.Related); n != 5 {
				t.Errorf("%s: %d related", a.Path, n)
			}
			if a.Headline != seed.Related[i-1].Title || a.Path != seed.Related[i-1].Path {
				t.Errorf("%s: not the seed's related link %d", a.Path, i-1)
			}
		}

		p := html.UnescapeString(page(t, a.Path))
		for _, want := range []string{
			"<title>" + a.Headline + " | London Daily</title>",
			`<link rel="canonical" href="` + a.CanonicalURL + `">`,
			`<meta property="og:url" content="` + a.CanonicalURL + `">`,
			`<meta property="og:type" content="article">`,
			">" + a.Headline + "</h1>",
			">" + a.Standfirst + "</",
			">" + a.Author + "</a>",
			`<time datetime="2026-01-14">Wednesday, Jan 14, 2026</time>`,
			"Share on Facebook", "Newsletter", "Subscribe", "0:00", ">Close<", "×",
			"We use cookies", "© 2026 London Daily",
		} {
			if !strings.Contains(p, want) {
				t.Errorf("%s: page lacks %q", a.Path, want)
			}
		}
		for _, para := range a.Paragraphs {
			if !strings.Contains(p, "<p>"+para+"</p>") {
				t.Errorf("%s: page lacks paragraph %.40q", a.Path, para)
			}
		}
		for _, r := range a.Related {
			if !strings.Contains(p, `<a href="`+r.Path+`">`+r.Title+"</a>") {
				t.Errorf("%s: page lacks related link %s", a.Path, r.Path)
			}
		}

		dates := strings.Count(p, "datetime=")
		switch {
		case a.PublishedAt == "":
			undated++
			// Related links carry other articles' dates in their paths;
			// the page's own URL and text carry none.
			if regexp.MustCompile(`/\d{4}/`).MatchString(a.Path) {
				t.Errorf("undated %s: date in its path", a.Path)
			}
			for _, leak := range []string{"published_time", "datePublished", "Published", "December", "January", "Dec 2025", "Jan 2026"} {
				if strings.Contains(p, leak) {
					t.Errorf("undated %s: page contains %q", a.Path, leak)
				}
			}
			if dates != 1 {
				t.Errorf("undated %s: %d datetime attributes, want the masthead's only", a.Path, dates)
			}
		case rfc3339Offset.MatchString(a.PublishedAt):
			if !strings.Contains(p, `datetime="`+a.PublishedAt+`"`) &&
				!strings.Contains(p, `"datePublished":"`+a.PublishedAt+`"`) {
				t.Errorf("%s: page does not state %s", a.Path, a.PublishedAt)
			}
		case dayOnly.MatchString(a.PublishedAt):
			d, _ := time.Parse(time.DateOnly, a.PublishedAt)
			if !strings.Contains(p, d.Format("Published 2 January 2006")) || dates != 1 {
				t.Errorf("%s: page does not state the day %s as text only", a.Path, a.PublishedAt)
			}
		default:
			t.Errorf("%s: PublishedAt %q has no expected form", a.Path, a.PublishedAt)
		}
	}
	if undated != 1 {
		t.Errorf("%d articles without a date, want exactly 1", undated)
	}
}

func TestLondonDailyIndexPages(t *testing.T) {
	linked := map[string]bool{}
	for _, path := range LondonDailyIndexPaths() {
		p := html.UnescapeString(page(t, path))
		for _, want := range []string{
			`<link rel="canonical" href="` + LondonDailyHost + path + `">`,
			`<meta property="og:url" content="` + LondonDailyHost + path + `">`,
			`<meta property="og:type" content="website">`,
			`<time datetime="2026-01-14">Wednesday, Jan 14, 2026</time>`,
		} {
			if !strings.Contains(p, want) {
				t.Errorf("%s: page lacks %q", path, want)
			}
		}
		for _, h := range hrefs(p) {
			linked[h] = true
		}
	}
	for _, a := range LondonDailyArticles() {
		if !linked[a.Path] {
			t.Errorf("%s is linked from no index page", a.Path)
		}
	}
	for _, path := range LondonDailyIndexPaths()[1:] {
		if !linked[path] {
			t.Errorf("section %s is not linked", path)
		}
	}
}

var linkAttr = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

func hrefs(page string) []string {
	var out []string
	for _, m := range linkAttr.FindAllStringSubmatch(page, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, []byte) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// TestLondonDailyCrawl walks every link of the site over HTTP: nothing may
// be a 404, and every article and index page must be reachable from "/".
func TestLondonDailyCrawl(t *testing.T) {
	srv := httptest.NewServer(LondonDaily())
	defer srv.Close()
	base, _ := url.Parse(srv.URL)
	c := srv.Client()

	seen := map[string]bool{"/": true}
	queue := []string{"/"}
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		resp, body := get(t, c, srv.URL+path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", path, resp.Status)
			continue
		}
		ct := resp.Header.Get("Content-Type")
		if !strings.HasPrefix(ct, "text/html") {
			continue
		}
		if ct != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
		for _, h := range hrefs(string(body)) {
			u, err := base.Parse(path)
			if err == nil {
				u, err = u.Parse(h)
			}
			if err != nil {
				t.Errorf("%s: bad link %q: %v", path, h, err)
				continue
			}
			if u.Host != base.Host {
				continue // share buttons, social links
			}
			if !seen[u.Path] {
				seen[u.Path] = true
				queue = append(queue, u.Path)
			}
		}
	}
	t.Logf("crawled %d paths", len(seen))
	for _, p := range LondonDailyPaths() {
		if !seen[p] && p != "/search" {
			t.Errorf("%s not reachable by links from /", p)
		}
	}

	for _, path := range []string{"/robots.txt", "/sitemap.xml", "/feed.xml"} {
		if resp, _ := get(t, c, srv.URL+path); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", path, resp.Status)
		}
	}
	if resp, _ := get(t, c, srv.URL+"/no/such/page"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /no/such/page: %s, want 404", resp.Status)
	}

	resp, _ := get(t, c, srv.URL+SeedPath)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+SeedPath, nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	cond, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	cond.Body.Close()
	if cond.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: %s, want 304", cond.Status)
	}
}

func TestLondonDailyFeeds(t *testing.T) {
	robots := page(t, "/robots.txt")
	for _, want := range []string{"Disallow: /search\n", "Sitemap: " + LondonDailyHost + "/sitemap.xml\n"} {
		if !strings.Contains(robots, want) {
			t.Errorf("robots.txt lacks %q", want)
		}
	}

	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(page(t, "/sitemap.xml")), &sm); err != nil {
		t.Fatal(err)
	}
	arts := LondonDailyArticles()
	if len(sm.URLs) != len(arts) {
		t.Errorf("sitemap has %d URLs, want %d", len(sm.URLs), len(arts))
	}
	for i := range min(len(sm.URLs), len(arts)) {
		if sm.URLs[i].Loc != arts[i].CanonicalURL {
			t.Errorf("sitemap URL %d = %s, want %s", i, sm.URLs[i].Loc, arts[i].CanonicalURL)
		}
	}

	var feed struct {
		Items []struct {
			Link    string `xml:"link"`
			PubDate string `xml:"pubDate"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal([]byte(page(t, "/feed.xml")), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 20 {
		t.Errorf("feed has %d items, want 20", len(feed.Items))
	}
	var last time.Time
	for i, it := range feed.Items {
		d, err := time.Parse(time.RFC1123Z, it.PubDate)
		if err != nil {
			t.Errorf("item %d: %v", i, err)
		}
		if i > 0 && d.After(last) {
			t.Errorf("item %d is newer than the one before", i)
		}
		last = d
		if !strings.HasPrefix(it.Link, LondonDailyHost+"/") {
			t.Errorf("item %d link %s not canonical", i, it.Link)
		}
	}
}

// TestLondonDailyDeterministic builds the site a second time and compares
// every response byte for byte.
func TestLondonDailyDeterministic(t *testing.T) {
	again, err := buildLondonDaily()
	if err != nil {
		t.Fatal(err)
	}
	if len(again.resources) != len(londonDaily.resources) {
		t.Fatalf("second build has %d resources, first %d", len(again.resources), len(londonDaily.resources))
	}
	for path, r := range londonDaily.resources {
		if !bytes.Equal(again.resources[path].body, r.body) {
			t.Errorf("%s renders differently the second time", path)
		}
	}
	b1, _ := LondonDailyPage(SeedPath)
	b1[0] = 'X' // the caller's copy; the site must not change
	b2, _ := LondonDailyPage(SeedPath)
	if !bytes.HasPrefix(b2, []byte("<!DOCTYPE html>")) {
		t.Error("LondonDailyPage shares its bytes with callers")
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Putin tells Boris Johnson urgent talks needed over Nato’s plans": "putin-tells-boris-johnson-urgent-talks-needed-over-natos-plans",
		"Béla Tarr, Visionary Hungarian Filmmaker":                        "bela-tarr-visionary-hungarian-filmmaker",
		"UK Confirms Non-Involvement in U.S. Military Action":             "uk-confirms-non-involvement-in-us-military-action",
		"UK–China Trade Talks":                                            "uk-china-trade-talks",
	} {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseSeed(f *testing.F) {
	f.Add(seedText)
	f.Add("A\nB\nC\nH\nH\nS\nBody\nNewsletter\nRelated Articles\n0:00\n0:00\nClose\nTitle\n×")
	f.Fuzz(func(t *testing.T, in string) {
		p, err := parseSeed(in)
		if err == nil && (len(p.paragraphs) == 0 || len(p.related) == 0 || p.headline == "") {
			t.Errorf("parseSeed accepted %q with an empty part", in)
		}
	})
}
