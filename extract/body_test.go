package extract_test

import (
	"strings"
	"testing"
)

// A box of one line named like content ("box-content") does not
// outweigh an article whose paragraphs each sit in their own wrapper.
func TestContentNameNeedsText(t *testing.T) {
	var b strings.Builder
	for _, s := range []string{
		"The council said on Tuesday that the bridge, closed since the spring floods, would reopen to cars next month.",
		"Engineers found that two of the piers had shifted, and the repairs took longer than planned, the council said.",
		"Cyclists and walkers have used a temporary crossing, which will stay open until the end of the year.",
		"Shops on both banks said trade had fallen by a third while the bridge was closed, and hoped for a busy winter.",
		"The council will decide in January whether to add a second footpath on the downstream side.",
	} {
		b.WriteString(`<div class="slot"><div class="markup"><p>` + s + `</p></div></div><div class="slot"><div class="ad-unit"></div></div>`)
	}
	page := `<html><body><main><h1>Bridge to reopen next month</h1><div class="grid"><div class="column">` + b.String() +
		`</div><div class="frame"><section class="box-content"><h3>Our newsletter</h3><p>Get all the latest news, reviews and exclusives, direct to your inbox.</p></section></div>` +
		`</div></main></body></html>`
	checkBody(t, parseBodyAt(t, "https://news.example/2024/bridge-to-reopen", page),
		[]string{"The council said on Tuesday", "Engineers found", "second footpath"}, []string{"direct to your inbox"})
}

// An article whose every paragraph has its own wrapper, between ads and
// subheadings, is one text: the whole of it is the body, not the one
// wrapper with the longest paragraph.
func TestSplitParagraphsUnited(t *testing.T) {
	long := func(s string) string { return strings.Repeat(s+" ", 4) }
	var b strings.Builder
	for i, s := range []string{
		"The new engine displaces 6.6 liters, and its iron block, built for boost, carries over from the truck version.",
		"Power rises to 523 horsepower, thanks to a hotter camshaft, a new intake, and revised fuel maps from the factory.",
		"The compression ratio stays at 10.8:1, which keeps it happy on pump gas, according to the engineers we asked.",
		"Direct injection remains, so the high-pressure pump sits in the valley, driven by the camshaft, as before.",
	} {
		tmpl := `<section class="c%d"><h3>Question %d?</h3></section><section class="c%d"><div class="t"><p>%s</p></div></section><div class="slot"></div>`
		b.WriteString(strings.NewReplacer("%d", string(rune('a'+i)), "%s", long(s)).Replace(tmpl))
	}
	page := `<html><body><main><article><h1>A new crate engine</h1><div class="wrap"><div class="grid"><div class="col">` + b.String() +
		`</div></div></div></article></main></body></html>`
	checkBody(t, parseBodyAt(t, "https://cars.example/2024/new-crate-engine", page),
		[]string{"The new engine", "Power rises", "The compression ratio", "Direct injection"}, nil)
}

// A wrapper whose class list names features ("showCommentsIcon",
// "enableShareBar") holds the headline and the text: it is the article,
// not a comment thread.
func TestFeatureClassesOnArticleWrapper(t *testing.T) {
	page := `<html><body><main><div class="caas cluster showCommentsIconInShareSec enableVideoDocking"><article><header><h1>Studio says it is saddened by the leak</h1></header>
<div class="body"><p>The studio posted a statement on Tuesday, its first since hackers leaked more than a million of its files, and thanked its fans for their support.</p>
<p>It said the leak had been a burden on its staff, whose personal data was among the files, and that it was working with the police.</p>
<p>The studio added that its next game remained on schedule, and that the early material in the leak did not reflect the finished game.</p></div></article></div></main></body></html>`
	checkBody(t, parseBodyAt(t, "https://games.example/2024/studio-saddened-by-leak", page),
		[]string{"The studio posted", "burden on its staff", "remained on schedule"}, nil)
}
