package extract_test

import (
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/extract"
)

func parseBody(t *testing.T, page string) string {
	t.Helper()
	return parseBodyAt(t, "https://news.example/2024/story", page)
}

func parseBodyAt(t *testing.T, url, page string) string {
	t.Helper()
	return parseAt(t, url, page).Body
}

// parseAt extracts page as fetched from url at fetchTime.
func parseAt(t *testing.T, url, page string) *extract.Article {
	t.Helper()
	a, err := extract.Parse([]byte(page), extract.Options{URL: url, FetchedAt: fetchTime})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func checkBody(t *testing.T, body string, want, unwanted []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("body lost %q:\n%s", w, body)
		}
	}
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("body holds %q:\n%s", u, body)
		}
	}
}

// A one-paragraph post followed by "You may also like" over whole posts,
// each in its own <article>: the excerpts are teasers, not the text.
func TestRelatedPostsInArticles(t *testing.T) {
	var teasers strings.Builder
	for _, s := range []string{
		"Hope asks us to expect the best and to work for it, even when the road is long, the weather poor and the company tired.",
		"A family is held together by care, by patience, by small kindnesses repeated every day, and by forgiving one another.",
		"Gratitude lives in small things, in the first coffee, in a letter from a friend, in a quiet evening after a long week.",
	} {
		teasers.WriteString(`<article class="post"><h2><a href="/other">Another message</a></h2><p>` + s + `</p></article>`)
	}
	page := `<html><body><div class="row"><article class="post"><h1>Only who loves themselves</h1>` +
		`<p>To live a true experience of love is one of the great pleasures of life, and to express it depends on each of us, on what we believe, on what we hope for and on what we have learned.</p>` +
		`<p>Whoever waits for others to fill the emptiness they dug themselves will wait a long time, and each of us is responsible for our own needs.</p></article>` +
		`<article class="post"><h3>You may also like...</h3>` + teasers.String() + `</article></div></body></html>`
	checkBody(t, parseBody(t, page), []string{"To live a true experience", "Whoever waits"}, []string{"Hope asks us", "A family is held", "Gratitude lives"})
}

// A quoted post's signature line keeps its date.
func TestQuotedPostSignatureKept(t *testing.T) {
	page := `<html><body><article><h1>Slogan draws attention</h1>` +
		`<p>The state's new slogan for an anti-drug campaign drew a great deal of attention on social media on Monday, officials said.</p>` +
		`<blockquote class="embedded-post"><p>I love that they trademarked it, nobody is going to take your slogan.</p>— Robert Maguire (@RobertMaguire_) <a href="https://social.example/x/1">November 18, 2019</a></blockquote>` +
		`<p>The campaign comes as the state struggles with a growing rate of drug use in recent years, particularly among its youth.</p>` +
		`</article></body></html>`
	checkBody(t, parseBody(t, page), []string{"— Robert Maguire (@RobertMaguire_) November 18, 2019"}, nil)
}

// A "Caption" toggle of a photo gallery is no text.
func TestCaptionToggleDropped(t *testing.T) {
	page := `<html><body><article><h1>New cars on sale</h1><div class="media-viewer"><div class="captionlink"><p class="open">Caption</p><p class="close">Close</p></div></div>` +
		`<p>New cars sold in the country fell by a tenth in the month, the industry group said on Tuesday, as buyers waited for new models.</p>` +
		`<p>Dealers said electric models sold well, and that they expected a busy spring once the new tax rules come into force.</p>` +
		`</article></body></html>`
	checkBody(t, parseBody(t, page), []string{"New cars sold"}, []string{"Caption"})
}

// Credits, contact lines and newsletter and share prompts that close a
// story are left out; a paragraph that merely mentions an inbox is not.
func TestFootLinesDropped(t *testing.T) {
	page := `<html><body><article><h1>Markets slip</h1>` +
		`<p>Shares slipped on Tuesday as investors weighed new doubts about a trade deal, with technology stocks leading the fall in early trading.</p>` +
		`<p>The dollar held steady against the yen, and oil prices rose for a third day on hopes of tighter supply, analysts said.</p>` +
		`<p>Jane Doe contributed to this report.</p>` +
		`<p>Reporting by John Roe; Editing by Max Moe</p>` +
		`<p>Have a tip? Jane Doe may be reached at jdoe@news.example. Follow her on Twitter @jdoe.</p>` +
		`<p>Get the latest updates right in your inbox.</p>` +
		`<p>Like this story? Share it with a friend!</p>` +
		`</article></body></html>`
	checkBody(t, parseBody(t, page), []string{"Shares slipped", "analysts said."},
		[]string{"contributed to this report", "Reporting by", "Have a tip", "your inbox", "Share it with"})
}

// The first of a run of same-shaped paragraphs is the lead, not a dek.
func TestLeadParagraphNotDek(t *testing.T) {
	page := `<html><body><article><div class="wrapper"><h1>Teachers rally at the Statehouse</h1>` +
		`<div class="byline">By Tom Writer</div>` +
		`<p><i>Indianapolis</i> – Several thousand teachers wearing red surrounded the Statehouse on Tuesday to call for better pay and more respect.</p>` +
		`<p>The rally closed more than half of the state's school districts for the day, and organisers said it was the largest in a decade.</p>` +
		`<p>Lawmakers said they would look at teacher pay in the next budget, but made no promises about the size of any increase.</p>` +
		`</div></article></body></html>`
	checkBody(t, parseBody(t, page), []string{"Several thousand teachers", "The rally closed"}, nil)
}

// A link in the middle of a sentence is part of it, whatever its name.
func TestTaggedLinkInSentence(t *testing.T) {
	page := `<html><body><article><h1>Band to tour</h1>` +
		`<p>The <a href="/t/band" id="auto-tag_band">Doobie Brothers</a> will unite with former frontman <a href="/t/mike" id="auto-tag_mike">Michael McDonald</a> for a tour celebrating the band's anniversary.</p>` +
		`<p>Singer and guitarist Tom Johnston said the group had wanted to play together again for years, and that the timing was right.</p>` +
		`</article></body></html>`
	checkBody(t, parseBody(t, page), []string{"The Doobie Brothers will unite with former frontman Michael McDonald for"}, nil)
}
