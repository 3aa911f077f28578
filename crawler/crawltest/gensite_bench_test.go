package crawltest

import "testing"

func BenchmarkGenSiteArticle(b *testing.B) {
	s := NewGenSite(10000)
	i := 0
	for b.Loop() {
		s.Page("http://127.0.0.1:1", s.ArticlePath(i%10000))
		i++
	}
}
