package crawltest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

var hrefRE = regexp.MustCompile(`href="(/[^"]*)"`)

// TestGenSiteLinks walks the site from the home page through the handler
// and checks that every HTML page and resource is reachable, each link
// resolves, and the server counts match.
func TestGenSiteLinks(t *testing.T) {
	for _, n := range []int{1, 7, 333} {
		s := NewGenSite(n)
		get := func(path string) (int, []byte) {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://127.0.0.1:1"+path, nil))
			return rec.Code, rec.Body.Bytes()
		}
		seen := map[string]bool{"/": true}
		queue := []string{"/"}
		articles := 0
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			code, body := get(p)
			if code != http.StatusOK {
				t.Fatalf("%d articles: %s gives %d", n, p, code)
			}
			if _, ok := s.parseArticlePath(p); ok {
				articles++
				if len(body) < genArticleSize-2000 || len(body) > genArticleSize+4000 {
					t.Errorf("%s: %d bytes, want about %d", p, len(body), genArticleSize)
				}
			}
			for _, m := range hrefRE.FindAllSubmatch(body, -1) {
				l := string(m[1])
				if !seen[l] {
					seen[l] = true
					queue = append(queue, l)
				}
			}
		}
		if articles != n {
			t.Errorf("%d articles: reached %d", n, articles)
		}
		// robots.txt is not linked; every other resource is.
		if len(seen) != s.Resources()-1 {
			t.Errorf("%d articles: reached %d resources, want %d", n, len(seen), s.Resources()-1)
		}
		if code, body := get("/robots.txt"); code != 200 || !bytes.Contains(body, []byte("Sitemap: http://127.0.0.1:1/sitemap.xml")) {
			t.Errorf("robots.txt: %d %q", code, body)
		}
		if code, _ := get("/world/page/999"); code != 404 {
			t.Errorf("missing page gives %d", code)
		}
		c := s.Counts()
		if c.Unique != s.Resources() || c.Duplicates != 0 || c.NotFound != 1 {
			t.Errorf("counts %+v, want %d unique, 0 duplicates, 1 not found", c, s.Resources())
		}
		get("/")
		if c := s.Counts(); c.Duplicates != 1 || len(s.DuplicatePaths()) != 1 {
			t.Errorf("after a second fetch of /: %+v %v", c, s.DuplicatePaths())
		}
		s.ResetCounts()
		if c := s.Counts(); c.Requests != 0 {
			t.Errorf("after reset: %+v", c)
		}
	}
}

// TestGenSiteDeterministic checks that pages are the same on every call
// and on every site of the same size.
func TestGenSiteDeterministic(t *testing.T) {
	a, b := NewGenSite(100), NewGenSite(100)
	for _, p := range []string{"/", "/world/", a.ArticlePath(0), a.ArticlePath(99), "/sitemap.xml", "/feed.xml", "/about"} {
		x, _, ok1 := a.Page("http://h", p)
		y, _, ok2 := b.Page("http://h", p)
		if !ok1 || !ok2 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between sites", p)
		}
	}
	body, _, _ := a.Page("http://h", a.ArticlePath(42))
	for _, want := range []string{`rel="canonical" href="http://h` + a.ArticlePath(42) + `"`, genTitle(42), `class="related"`, "application/ld+json"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("article lacks %q", want)
		}
	}
	if got := len(hrefRE.FindAll(body, -1)); got < 60 {
		t.Errorf("article has %d site links, want many (nav, related, footer)", got)
	}
}
