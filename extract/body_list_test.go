package extract_test

import (
	"fmt"
	"strings"
	"testing"
)

// body6Sentences makes a paragraph of prose, distinct per item.
func body6Para(i, j int) string {
	return fmt.Sprintf("Item %d, part %d: the dish was simple to make, took under an hour from start to finish, and everyone at the table asked for seconds.", i, j)
}

// A slideshow article: the intro sits in one container, each slide (a
// heading and paragraphs) in a repeated container of a section named
// "slideshow". The slides are the article, headings included.
func TestListicleSlidesUnderWidgetName(t *testing.T) {
	var slides strings.Builder
	for i := 1; i <= 4; i++ {
		slides.WriteString(`<div class="slide-wrapper"><div class="ad"></div><div class="slide"><div class="slide-title"><h2>Dish number ` + fmt.Sprint(i) + ` became a favorite.</h2></div>`)
		slides.WriteString(`<p>` + body6Para(i, 1) + `</p><p>` + body6Para(i, 2) + `</p></div></div>`)
	}
	page := `<html><body><section class="masthead"><article><h1>The five dishes I made this year</h1>` +
		`<section class="slideshow-container"><section class="intro"><div class="intro-content">` +
		`<p>I love testing recipes, and I made over a dozen new ones this year, from breakfasts to desserts and back again.</p>` +
		`<p>While I loved almost everything I tried, these are the five dishes I know I will be making again next year.</p>` +
		`</div></section><div><section class="slideshow-inner"><div class="slideshow-slide-container">` + slides.String() +
		`</div></section></div></section></article></section></body></html>`
	checkBody(t, parseBody(t, page),
		[]string{"I love testing recipes", "Dish number 1 became", "Item 1, part 1", "Item 4, part 2", "Dish number 4 became"}, nil)
}

// Cards for other stories under the article (a linked title, a date, a
// summary) share the paragraphs' shape: they are not the text.
func TestTeaserCardsBesideCousins(t *testing.T) {
	var cards strings.Builder
	for i := 1; i <= 3; i++ {
		cards.WriteString(fmt.Sprintf(`<li><div class="item-text"><a class="title" href="/news/%d">Another story about electric trucks number %d</a>`+
			`<p>Teaser %d: a plant that could make many electric trucks a year is being built, the company said on Friday.</p>`+
			`<a href="/writer/jane" rel="author">Jane Roe</a><time datetime="2024-02-16">February 16, 2024</time></div></li>`, i, i, i))
	}
	page := `<html><body><div class="left-col"><article class="story"><h1>Tariffs may rise</h1><section class="article-body">` +
		`<p>The administration is considering raising tariffs on imported electric vehicles above the current rate, a newspaper reported.</p>` +
		`<p>The administration has left earlier tariffs in place on many goods, but is now considering more, according to the report.</p>` +
		`<p>Vehicles from abroad already pay a tariff, which comes on top of a smaller one on all imported cars, the paper noted.</p>` +
		`<p>Increases for solar products and battery packs are also being considered, according to the report, after earlier limits.</p>` +
		`</section></article><div class="ad-slot"></div><div class="story-more">` +
		`<p>Electric vehicles from abroad have taken a large part of the market in Europe, and governments have only lately stepped in.</p>` +
		`<p>They are also strong in other markets, where one maker started selling a sedan that rivals the best-known models yet.</p></div>` +
		`<div class="two-column"><div class="article-list"><ul class="items-list">` + cards.String() + `</ul></div></div></div></body></html>`
	checkBody(t, parseBody(t, page),
		[]string{"considering raising tariffs", "have taken a large part", "They are also strong"},
		[]string{"Teaser 1", "Teaser 2", "Teaser 3"})
}

// A list whose entries are wrapped in a class saying they are not a
// paywall ("not-a-paywall") is the text.
func TestNegatedWidgetName(t *testing.T) {
	var items strings.Builder
	for i := 1; i <= 3; i++ {
		items.WriteString(`<li class="list-item"><article class="list-entry"><h2>Entry ` + fmt.Sprint(i) + `</h2><div class="not-a-paywall"><p>` +
			body6Para(i, 1) + `</p><p>` + body6Para(i, 2) + `</p></div></article></li>`)
	}
	page := `<html><body><main><article class="main"><h1>All the solo projects</h1>` +
		`<p>The members of the band are going solo, but do not worry: they are not splitting up, and they said so this week.</p>` +
		`<p>Here are all of the solo projects and songs, not including covers or features on other artists' songs.</p>` +
		`<div id="gallery-vertical"><ul class="list-items">` + items.String() + `</ul></div></article></main></body></html>`
	checkBody(t, parseBody(t, page), []string{"The members of the band", "Item 1, part 1", "Item 3, part 2"}, nil)
}

// The note on the writer at the foot: a first name only, the role in
// capitals, over a label, and a second paragraph about the same person.
func TestAuthorNoteVariants(t *testing.T) {
	page := `<html><body><article><h1>A robe for the fight</h1>` +
		`<p>Walking into a boxing arena is a little like walking in a fashion show: you make a grand entrance and you lock eyes with no one.</p>` +
		`<p>The design process was very collaborative, with several rounds of options sent back and forth before the final choice.</p>` +
		`<p>This interview has been lightly edited and condensed for clarity.</p>` +
		`<div class="person"><p>Senior Editor</p><p>Rose is a Senior Editor at the magazine overseeing features about women's issues.</p></div>` +
		`</article></body></html>`
	checkBody(t, parseBody(t, page), []string{"Walking into a boxing arena", "lightly edited"}, []string{"Rose is a Senior Editor", "Senior Editor"})

	page = `<html><body><article><h1>The best sites</h1>` +
		`<p>Our team dove in and explored all the features, and to make sure everyone feels welcome, we picked sites that are inclusive.</p>` +
		`<p>So, whether you want a long relationship or are just testing the waters, we have the inside scoop on the best sites.</p>` +
		`<p>Leah Stone is a Philadelphia-based Senior Shopping Reporter at the site where she covers home tech like vacuums and TVs.</p>` +
		`<p>Leah graduated from a state university in 2016 with two degrees. When she's not writing, she's watching a horror movie.</p>` +
		`</article></body></html>`
	checkBody(t, parseBody(t, page), []string{"Our team dove in", "inside scoop"}, []string{"Leah Stone is", "Leah graduated"})
}

// A gallery's entry titles, named for the gallery, head the entries'
// paragraphs.
func TestGalleryEntryHeadingsKept(t *testing.T) {
	var items strings.Builder
	for i := 1; i <= 3; i++ {
		items.WriteString(fmt.Sprintf(`<div><div class="image-gallery__list-item-content"><figure><img src="/%d.jpg"></figure>`+
			`<h3 class="image-gallery__list-title">%d. Scene number %d</h3><div class="image-gallery__list-deck"><p>%s %s</p></div></div></div>`, i, i, i, body6Para(i, 1), body6Para(i, 2)))
	}
	page := `<html><body><article class="content-body"><h1>Every easter egg in the trailer</h1>` +
		`<p>The first trailer is out, and it is full of nods to the games that fans will spot at once, from vaults to robots.</p>` +
		`<section class="image-gallery">` + items.String() + `</section></article></body></html>`
	checkBody(t, parseBody(t, page), []string{"1. Scene number 1", "3. Scene number 3", "Item 2, part 1"}, nil)
}
