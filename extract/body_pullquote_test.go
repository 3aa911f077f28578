package extract_test

import (
	"strings"
	"testing"
)

// A pull quote repeats a sentence of the text in a box beside it: the
// repeat and its attribution go; a quote that repeats nothing stays, and
// so do two embedded posts whose signature lines are alike.
func TestPullQuoteRepeatDropped(t *testing.T) {
	page := `<html><body><main><article><h1>Harbour plan wins final approval</h1><div class="text">
<p>The harbour board approved the new marina on Tuesday after three years of public hearings and two court challenges.</p>
<p>"We have waited a long time for a yes, and now the real work starts for the town," said the board chair, Ines Molloy, after the vote.</p>
<blockquote class="pullquote"><p>"We have waited a long time for a yes, and now the real work starts for the town."</p><cite>Ines Molloy, board chair</cite></blockquote>
<p>Fishermen, who had opposed the plan, said they would keep their moorings on the east wall under a deal struck last month.</p>
<blockquote class="twitter-tweet"><p>Marina approved tonight, the whole town was watching the hearing online.</p>— Harbour News (@harbournews) May 2, 2024</blockquote>
<blockquote class="twitter-tweet"><p>Fishermen keep the east wall, a good deal for everyone in the end.</p>— Harbour News (@harbournews) May 2, 2024</blockquote>
<p>Work on the first pontoons is due to start in the autumn and should be finished before the summer season of 2026.</p>
</div></article></main></body></html>`
	body := parseBodyAt(t, "https://news.example/2024/marina", page)
	checkBody(t, body, []string{"said the board chair", "whole town was watching", "a good deal for everyone"}, []string{"Ines Molloy, board chair"})
	if n := strings.Count(body, "now the real work starts"); n != 1 {
		t.Errorf("quote repeated %d times in body:\n%s", n, body)
	}
	if n := strings.Count(body, "(@harbournews)"); n != 2 {
		t.Errorf("post signatures %d times in body, want 2:\n%s", n, body)
	}
}
