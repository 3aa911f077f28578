package crawltest

import (
	"bytes"
	"html"
	"net/http"
	"strings"
	"sync"
	"time"
)

// The edits of the London Daily's second edition: what a newsroom changes
// the day after publication, so an archive shows versions and diffs.
const (
	// EditedCorrection opens the seed article in the second edition.
	EditedCorrection = "Correction: an earlier version of this article misstated the date of the leaders' previous call."
	// EditedHeadlineSuffix is added to the headline of LondonDailyArticles()[1].
	EditedHeadlineSuffix = " – Updated"
)

var (
	editedOnce  sync.Once
	editedPages map[string]resource
)

// LondonDailyEdited serves the London Daily as it stood a day later: the
// seed article carries a correction as its first paragraph, and the first
// related article has a new headline. Every other page is as LondonDaily
// serves it, byte for byte, so a re-crawl finds exactly two changes.
func LondonDailyEdited() http.Handler {
	editedOnce.Do(buildEdited)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, ok := editedPages[r.URL.Path]
		if !ok || r.Method != http.MethodGet && r.Method != http.MethodHead {
			serveLondonDaily(w, r)
			return
		}
		w.Header().Set("Content-Type", res.contentType)
		w.Header().Set("ETag", res.etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(res.body))
	})
}

func buildEdited() {
	editedPages = map[string]resource{}
	arts := londonDaily.articles
	seed := arts[0]
	if res, ok := londonDaily.resources[seed.Path]; ok && len(seed.Paragraphs) > 0 {
		first := "<p>" + html.EscapeString(seed.Paragraphs[0])
		body := strings.Replace(string(res.body), first, "<p>"+html.EscapeString(EditedCorrection)+"</p>\n    "+first, 1)
		editedPages[seed.Path] = newResource(res.contentType, []byte(body))
	}
	if len(arts) > 1 {
		a := arts[1]
		if res, ok := londonDaily.resources[a.Path]; ok {
			old := html.EscapeString(a.Headline)
			body := strings.ReplaceAll(string(res.body), old, old+html.EscapeString(EditedHeadlineSuffix))
			editedPages[a.Path] = newResource(res.contentType, []byte(body))
		}
	}
}
