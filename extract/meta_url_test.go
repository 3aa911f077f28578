package extract

import (
	"net/url"
	"strings"
	"testing"
)

// slowAbsURL is absURL without its fast path.
func slowAbsURL(base *url.URL, href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	return parseAbsURL(base, href)
}

func TestPlainAbsURLAgreesWithParse(t *testing.T) {
	hrefs := []string{
		"https://example.com/a/b?x=1#top", "http://Example.COM", "http://example.com?x", "http://example.com#x",
		"https://example.com/", "https://ex.com/a/./b", "https://ex.com/a/../b", "https://ex.com/a/.", "https://ex.com/a/..",
		"https://ex.com/.hidden/x", "https://ex.com/a/..b", "https://ex.com/a?", "https://ex.com/a??", "https://ex.com/a?#f",
		"https://ex.com/a#f%zz", "https://ex.com/a#f%20", "https://ex.com/a?q=%zz", "https://ex.com/a?q=a b",
		"https://ex.com/a b", "https://ex.com/ä", "https://ex.com:8080/a", "https://user@ex.com/a", "https:///a",
		"https://ex.com//a//b/", "https://ex.com/a;b,c=d:e@f$g&h+i~j", "https://ex.com/a!b", "https://ex.com/a%20b",
		"/a/b?x=1#top", "/", "//cdn.ex.com/a", "/a/./b", "/a/../b", "/a/..", "/.", "/a?", "/a??", "/a#f", "/a#%zz",
		"/a:b", "/a\\b", "/a\x00b", "/a?\x7f", "/é", "a/b", "?q", "./a", "../a", "mailto:x@ex.com", "javascript:void(0)",
		"HTTP://ex.com/a", "ftp://ex.com/a", "https://[::1]/a", "https://ex.com/a?q=é", "/a?q=<b>&c='d'",
	}
	bases := []string{"https://news.example.com/2024/01/story.html?id=3#c", "http://ex.com:8080/a/", "https://u:p@ex.com/x", "https://[::1]:80/x", "ftp://ex.com/x", ""}
	for _, bs := range bases {
		var base *url.URL
		if bs != "" {
			base, _ = url.Parse(bs)
		}
		for _, h := range hrefs {
			if got, want := absURL(base, h), slowAbsURL(base, h); got != want {
				t.Errorf("base %q href %q: got %q, want %q", bs, h, got, want)
			}
		}
	}
}

// FuzzAbsURL: the fast path resolves every link exactly as url.Parse and
// ResolveReference do.
func FuzzAbsURL(f *testing.F) {
	for _, s := range []string{"https://ex.com/a?x=1#t", "/a/b", "/a/./b", "http://Ex.com", "/a?q=%zz#f", "//cdn/x"} {
		f.Add("https://news.example.com/2024/story.html", s)
		f.Add("http://ex.com:8080/a/", s)
	}
	f.Fuzz(func(t *testing.T, bs, href string) {
		base, err := url.Parse(bs)
		if err != nil {
			base = nil
		}
		if got, want := absURL(base, href), slowAbsURL(base, href); got != want {
			t.Errorf("base %q href %q: got %q, want %q", bs, href, got, want)
		}
	})
}
