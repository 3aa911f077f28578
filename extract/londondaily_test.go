package extract_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/crawltest"
	"github.com/newsarchive/newsarchive/extract"
)

// fetchTime is the day the seed page was viewed: the masthead's "today".
var fetchTime = time.Date(2026, 1, 14, 12, 0, 0, 0, time.UTC)

func parsePage(t *testing.T, path string, body []byte) *extract.Article {
	t.Helper()
	a, err := extract.Parse(body, extract.Options{URL: crawltest.LondonDailyHost + path, ContentType: "text/html; charset=utf-8", FetchedAt: fetchTime})
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return a
}

func sitePage(t *testing.T, path string) []byte {
	t.Helper()
	b, ok := crawltest.LondonDailyPage(path)
	if !ok {
		t.Fatalf("no page at %s", path)
	}
	return b
}

// checkSeed holds the seed article to the text a reader saw.
func checkSeed(t *testing.T, a *extract.Article) {
	t.Helper()
	want := crawltest.LondonDailyArticles()[0]
	if a.Kind != extract.KindArticle {
		t.Errorf("kind = %q, want article", a.Kind)
	}
	if a.Headline != want.Headline {
		t.Errorf("headline = %q, want %q", a.Headline, want.Headline)
	}
	if a.Standfirst != want.Standfirst {
		t.Errorf("standfirst = %q, want %q", a.Standfirst, want.Standfirst)
	}
	if len(want.Paragraphs) != 19 {
		t.Fatalf("seed has %d paragraphs, want 19", len(want.Paragraphs))
	}
	got := strings.Split(a.Body, "\n\n")
	if a.Body != strings.Join(want.Paragraphs, "\n\n") {
		t.Errorf("body has %d paragraphs, want the seed's 19 exactly", len(got))
		for i := 0; i < max(len(got), len(want.Paragraphs)); i++ {
			var g, w string
			if i < len(got) {
				g = got[i]
			}
			if i < len(want.Paragraphs) {
				w = want.Paragraphs[i]
			}
			if g != w {
				t.Errorf("paragraph %d:\n got %.100q\nwant %.100q", i+1, g, w)
			}
		}
	}
	if !strings.HasPrefix(a.PublishedAt, "2021-12-13") {
		t.Errorf("published_at = %q, want 2021-12-13…", a.PublishedAt)
	}
	if len(a.Related) != len(want.Related) || len(want.Related) != 50 {
		t.Fatalf("related: %d links, want %d (seed lists 50)", len(a.Related), len(want.Related))
	}
	for i, r := range want.Related {
		if a.Related[i].Title != r.Title || a.Related[i].URL != r.CanonicalURL {
			t.Errorf("related[%d] = %+v, want {%s %s}", i, a.Related[i], r.CanonicalURL, r.Title)
		}
	}
	if n := strings.Count(a.Body, want.Headline); n != 0 {
		t.Errorf("headline repeated %d times in body", n)
	}
	chrome := []string{"London Daily", "Focus on the big picture.", "Wednesday, Jan 14, 2026", "Newsletter",
		"Related Articles", "0:00", "Close", "×", "Subscribe", "cookies", "Share", "Privacy", "Contact", "World", "Business", "Eleanor Vance", "By "}
	for _, c := range chrome {
		if strings.Contains(a.Body, c) {
			t.Errorf("body contains chrome %q", c)
		}
		if strings.Contains(a.Standfirst, c) {
			t.Errorf("standfirst contains chrome %q", c)
		}
	}
	for _, r := range want.Related {
		if strings.Contains(a.Body, r.Title) {
			t.Errorf("body contains related title %q", r.Title)
		}
	}
}

func TestSeedArticle(t *testing.T) {
	a := parsePage(t, crawltest.SeedPath, sitePage(t, crawltest.SeedPath))
	checkSeed(t, a)
	if a.CanonicalURL != crawltest.LondonDailyHost+crawltest.SeedPath {
		t.Errorf("canonical = %q", a.CanonicalURL)
	}
	if len(a.Authors) != 1 || a.Authors[0] != crawltest.LondonDailyArticles()[0].Author {
		t.Errorf("authors = %q, want [%s]", a.Authors, crawltest.LondonDailyArticles()[0].Author)
	}
}

var classOrID = regexp.MustCompile(`\b(class|id)="([^"]*)"`)

// TestSeedArticleRenamedClasses proves no rule keys on the site's names:
// every class and id becomes a random string and the result is the same.
func TestSeedArticleRenamedClasses(t *testing.T) {
	page := sitePage(t, crawltest.SeedPath)
	for seed := int64(1); seed <= 3; seed++ {
		rng := rand.New(rand.NewSource(seed))
		renamed := classOrID.ReplaceAllFunc(page, func(m []byte) []byte {
			attr := classOrID.FindSubmatch(m)[1]
			return []byte(fmt.Sprintf(`%s="x%08x"`, attr, rng.Uint32()))
		})
		if bytes.Equal(renamed, page) {
			t.Fatal("renaming changed nothing")
		}
		if bytes.Contains(renamed, []byte(`class="standfirst"`)) {
			t.Fatal("a class survived renaming")
		}
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			checkSeed(t, parsePage(t, crawltest.SeedPath, renamed))
		})
	}
}

// TestSiteArticles checks every article of the sample site against the
// truth it was generated from, across the three template variants.
func TestSiteArticles(t *testing.T) {
	noDate := 0
	for _, want := range crawltest.LondonDailyArticles() {
		a := parsePage(t, want.Path, sitePage(t, want.Path))
		if a.Kind != extract.KindArticle {
			t.Errorf("%s: kind %q, want article", want.Path, a.Kind)
		}
		if a.Headline != want.Headline {
			t.Errorf("%s: headline %q, want %q", want.Path, a.Headline, want.Headline)
		}
		if a.Standfirst != want.Standfirst {
			t.Errorf("%s: standfirst %q, want %q", want.Path, a.Standfirst, want.Standfirst)
		}
		if wb := strings.Join(want.Paragraphs, "\n\n"); a.Body != wb {
			t.Errorf("%s: body\n got %.200q\nwant %.200q", want.Path, a.Body, wb)
		}
		if a.PublishedAt != want.PublishedAt {
			t.Errorf("%s: published_at %q, want %q", want.Path, a.PublishedAt, want.PublishedAt)
		}
		if want.PublishedAt == "" {
			noDate++
		}
		if len(a.Authors) != 1 || a.Authors[0] != want.Author {
			t.Errorf("%s: authors %q, want [%s]", want.Path, a.Authors, want.Author)
		}
		if len(a.Related) != len(want.Related) {
			t.Errorf("%s: %d related links, want %d", want.Path, len(a.Related), len(want.Related))
			continue
		}
		for i, r := range want.Related {
			if a.Related[i].URL != r.CanonicalURL || a.Related[i].Title != r.Title {
				t.Errorf("%s: related[%d] = %+v, want %s %q", want.Path, i, a.Related[i], r.CanonicalURL, r.Title)
			}
		}
	}
	if noDate == 0 {
		t.Error("the sample site has no undated article to check")
	}
}

func TestSiteIndexPages(t *testing.T) {
	for _, p := range crawltest.LondonDailyIndexPaths() {
		a := parsePage(t, p, sitePage(t, p))
		if a.Kind != extract.KindIndex {
			t.Errorf("%s: kind %q, want index", p, a.Kind)
		}
		if len(a.Links) < 10 {
			t.Errorf("%s: %d links, want the teasers' links", p, len(a.Links))
		}
	}
}
