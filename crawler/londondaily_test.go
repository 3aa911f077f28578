package crawler

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/newsarchive/newsarchive/crawler/crawltest"
)

// TestRunLondonDaily crawls the generated news site and checks that every
// article and index page is archived, each fetched once, and that robots.txt
// keeps the crawler out of /search.
func TestRunLondonDaily(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	site := crawltest.LondonDaily()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.RequestURI()]++
		mu.Unlock()
		site.ServeHTTP(w, r)
	}))
	defer srv.Close()

	cfg := testConfig(srv.URL + "/")
	cfg.Parallel, cfg.HostParallel = 8, 8
	sink := &memSink{}
	st := mustRun(t, cfg, sink)

	mu.Lock()
	defer mu.Unlock()
	for k, n := range hits {
		if n != 1 {
			t.Errorf("%s fetched %d times", k, n)
		}
	}
	var want []string
	for _, a := range crawltest.LondonDailyArticles() {
		want = append(want, a.Path)
	}
	want = append(want, crawltest.LondonDailyIndexPaths()...)
	for _, p := range want {
		if hits[p] != 1 {
			t.Errorf("%s not fetched", p)
		}
	}
	for k := range hits {
		if len(k) >= 7 && k[:7] == "/search" {
			t.Errorf("robots.txt disallows %s but it was fetched", k)
		}
	}
	if st.Errors != 0 {
		for _, r := range sink.results {
			if r.Err != nil {
				t.Errorf("%s: %v", r.URL, r.Err)
			}
		}
	}
	t.Logf("stats %+v", st)
}
