package crawler

import (
	"testing"
	"time"
)

func TestParseSitemapEntries(t *testing.T) {
	body := []byte(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
  xmlns:img="http://www.google.com/schemas/sitemap-image/1.1"
  xmlns:video="http://www.google.com/schemas/sitemap-video/1.1"
  xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url>
  <img:image><img:loc>https://cdn.example/a.jpg</img:loc></img:image>
  <loc> https://news.example/a </loc>
  <lastmod>2026-11-20</lastmod>
</url>
<URL><LOC>https://news.example/b</LOC>
  <video:video><video:content_loc>https://cdn.example/b.mp4</video:content_loc><video:loc>https://cdn.example/b2.mp4</video:loc></video:video>
  <news:news><news:publication_date>2026-11-21T08:00:00+01:00</news:publication_date></news:news>
  <lastmod>2026-11-24</lastmod>
</URL>
<url><lastmod>2026-11-22</lastmod></url>
</urlset>`)
	got, err := parseSitemap(body)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		url string
		pub time.Time
	}{
		{"https://news.example/a", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)},
		{"https://news.example/b", time.Date(2026, 11, 21, 7, 0, 0, 0, time.UTC)},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d entries %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		if got[i].url != w.url || !got[i].published.Equal(w.pub) || got[i].resource != ResourcePage {
			t.Errorf("entry %d = %+v, want %s published %s", i, got[i], w.url, w.pub)
		}
	}

	// A scan stops when told to, and a document cut short keeps what
	// came before the cut.
	n := 0
	if err := scanSitemap(body, func(found) bool { n++; return false }); err != nil || n != 1 {
		t.Errorf("stopped scan: %d entries, err %v", n, err)
	}
	cut, err := parseSitemap(body[:len(body)/2+60])
	if err == nil || len(cut) != 1 {
		t.Errorf("cut sitemap: %d entries, err %v; want 1 and an error", len(cut), err)
	}

	idx, err := parseSitemap([]byte(`<sitemapindex><sitemap><loc>https://news.example/s1.xml</loc><lastmod>2026-11-24</lastmod></sitemap></sitemapindex>`))
	if err != nil || len(idx) != 1 || idx[0].resource != ResourceSitemap || !idx[0].sameDepth || !idx[0].published.IsZero() {
		t.Errorf("index: %+v, %v", idx, err)
	}
}
