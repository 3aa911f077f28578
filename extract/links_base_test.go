package extract_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/extract"
)

// A page's <base href> sets what its relative links resolve against, as
// a browser resolves them; a base that is no http(s) URL is ignored.
func TestLinksResolveAgainstBase(t *testing.T) {
	page := func(base string) []byte {
		return []byte(`<html><head>` + base + `<title>Story</title></head><body><h1>Story</h1>` +
			`<p><a href="next-story">Next</a> <a href="/top">Top</a> <a href="https://other.example/x">Other</a></p></body></html>`)
	}
	cases := map[string][]string{
		``:                                     {"https://news.example/a/next-story", "https://news.example/top", "https://other.example/x"},
		`<base href="/other/">`:                {"https://news.example/other/next-story", "https://news.example/top", "https://other.example/x"},
		`<base href="https://cdn.example/s/">`: {"https://cdn.example/s/next-story", "https://cdn.example/top", "https://other.example/x"},
		`<base target="_blank">`:               {"https://news.example/a/next-story", "https://news.example/top", "https://other.example/x"},
		`<base href="javascript:void(0)">`:     {"https://news.example/a/next-story", "https://news.example/top", "https://other.example/x"},
	}
	for base, want := range cases {
		a, err := extract.Parse(page(base), extract.Options{URL: "https://news.example/a/story", FetchedAt: fetchTime})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(a.Links, want) {
			t.Errorf("base %q: links %q, want %q", base, a.Links, want)
		}
	}
}

// A page moving by <meta http-equiv="refresh"> names its target among
// its links, however the content is written.
func TestRefreshTargetIsALink(t *testing.T) {
	cases := map[string]string{
		`0; url=/news/moved`:              "https://news.example/news/moved",
		`5;URL='https://other.example/x'`: "https://other.example/x",
		`0 ; URL = "moved" `:              "https://news.example/a/moved",
		`30`:                              "",
		`0; url=javascript:alert(1)`:      "",
	}
	for content, want := range cases {
		body := []byte(`<html><head><meta http-equiv="Refresh" content="` + strings.ReplaceAll(content, `"`, "&quot;") + `"><title>Moved</title></head><body>Moved</body></html>`)
		a, err := extract.Parse(body, extract.Options{URL: "https://news.example/a/story", FetchedAt: fetchTime})
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.Contains(a.Links, want); want != "" && !got || want == "" && len(a.Links) > 0 {
			t.Errorf("refresh %q: links %q, want %q", content, a.Links, want)
		}
	}
}
