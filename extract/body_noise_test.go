package extract_test

import (
	"strconv"
	"strings"
	"testing"
)

// A teaser card whose link wraps a heading and a summary (<a><div><h3>…
// <p>…</p></div></a>) is link text throughout, tucked in the article as
// it may be: its summary is not a paragraph of the story.
func TestCardLinkWrappingBlocksDropped(t *testing.T) {
	page := `<html><body><main><article><h1>Town votes to keep its library open</h1><div class="story">
<p>The town council voted on Monday to keep the library open for another five years, after a campaign by parents and teachers.</p>
<p>The library had been due to close in March, when its lease ran out, and its books were to move to the school across the road.</p>
<div class="box"><a href="/2024/ferry-timetable"><div class="tile"><h3>Ferry timetable changes for the winter season</h3><p>Boats will leave every hour instead of every half hour, the operator said, and the last boat will leave earlier in the evening.</p></div></a></div>
<p>The council said it would now look for a cheaper building, and would ask residents to help run the library on weekends.</p>
<p>Campaigners said they were delighted, and planned a reading party in the main hall on Saturday afternoon for all the children.</p>
</div></article></main></body></html>`
	checkBody(t, parseBodyAt(t, "https://news.example/2024/library-stays-open", page),
		[]string{"The town council voted", "cheaper building", "reading party"}, []string{"Ferry timetable", "Boats will leave"})
}

// Paragraphs of one kind keep their kind when some carry an extra class
// ("para speakable"): the ones before an embed that splits the text
// still belong to it.
func TestParagraphShapeByFirstClass(t *testing.T) {
	var rest strings.Builder
	for i := 0; i < 14; i++ {
		rest.WriteString(`<div class="para">The engineers who wrote the report, a firm from the city, said the council had been told of the movement of the piers in 201` + strconv.Itoa(i%10) + `, years before it said anything, and that the deck had cracked, too.</div>`)
	}
	page := `<html><body><main><article><h1>Why the bridge report matters</h1><div class="body"><div class="wrap">
<div class="lead"><p class="para speakable">The council published its long-awaited report on the river bridge on Saturday, two years after the first cracks.</p></div>
<div class="para speakable">You should read it closely, and not only the summary at the front.</div>
<div class="el"><a href="https://video.example/channel"><div><p>OUR SHOW, NOW ON VIDEO</p><p>Every week our host looks a little deeper into the strange world of local politics. Click to subscribe!</p></div></a></div>
<div class="para speakable">Which is not to say the report is wrong or that the repairs were badly done in any way at all.</div>
<div class="para speakable">It is to say that the council has not earned the benefit of the doubt on this bridge yet.</div>
<div class="rest">` + rest.String() + `</div></div></div></article></main></body></html>`
	checkBody(t, parseBodyAt(t, "https://news.example/2024/bridge-report", page),
		[]string{"not earned the benefit", "Which is not to say", "years before it said anything"}, []string{"Click to subscribe"})
}

// The note on the writer under the story ("Jane Doe is a contributing
// editor at …") is no part of it; a sentence naming someone's trade in
// the middle of the story is.
func TestAuthorBioAtFootDropped(t *testing.T) {
	page := `<html><body><main><article><h1>A cake shaped like a cereal bowl</h1><div class="text">
<p>The baker said the idea came from her son, who wanted his breakfast and his birthday cake on the same plate, and who asked for milk on top.</p>
<p>Mark Hill is a food writer who tried the cake at the fair, and he said the milk, made of white chocolate, was the best part of it.</p>
<p>She now sells a kit with the mould and the icing, and said she had sold more than a thousand of them since the fair in the spring.</p>
<p>About the author</p>
<p>Carol Lane is a writer, avid reader, and contributing editor at the magazine. She is also a fan of just about every kind of cake.</p>
</div></article></main></body></html>`
	checkBody(t, parseBodyAt(t, "https://mag.example/2024/cereal-bowl-cake", page),
		[]string{"The baker said", "Mark Hill is a food writer", "sells a kit"}, []string{"Carol Lane", "About the author"})
}

// Labels of ads, embeds and sign-up boxes set among the paragraphs are
// no part of the text; neither is a labelled link to another story.
func TestWidgetLabelsInText(t *testing.T) {
	page := `<html><body><main><article><h1>Harbour fees to rise in May</h1><div class="text">
<p>The harbour board said on Thursday that mooring fees would rise by a tenth in May, the first rise in six years, to pay for new pontoons.</p>
<p>Article continues below this ad</p>
<p>Boat owners said the rise was steep, but most agreed that the old pontoons, some of them forty years old, needed replacing soon.</p>
<p>READ MORE: Sailing club wins grant to train young sailors on the river and in the bay this summer</p>
<p>Waiting for your permission to load the Instagram Media.</p>
<p>The board will hold a meeting for boat owners on the first Monday of April, and will publish the new fees on its website before then.</p>
<p>Thanks for signing up!</p>
<p>Your subscription has been confirmed. Keep an eye on your inbox!</p>
</div></article></main></body></html>`
	checkBody(t, parseBodyAt(t, "https://news.example/2024/harbour-fees", page),
		[]string{"mooring fees", "old pontoons", "first Monday of April"},
		[]string{"continues below", "Sailing club", "Instagram", "signing up", "subscription has been"})
}

// "For more information, visit …" and "To learn more, stream …" under the
// story point the reader elsewhere: they close the page, not the text.
func TestPointersElsewhereAtFootDropped(t *testing.T) {
	page := `<html><body><main><article><h1>Winter ferry timetable announced</h1><div class="text">
<p>The ferry company said on Friday that boats would run every hour through the winter, instead of every half hour as in the summer.</p>
<p>The last boat from the island will leave at nine in the evening, an hour earlier than now, because fewer people travel after dark.</p>
<p>For more information and to plan your trip to the island, visit ferries.example/winter</p>
<p>To learn more about the island's history, stream "Island Lives" on our video channel.</p>
</div></article></main></body></html>`
	checkBody(t, parseBodyAt(t, "https://news.example/2024/winter-ferry", page),
		[]string{"every hour through the winter", "fewer people travel after dark"}, []string{"For more information", "To learn more"})
}

// A picture's caption set as a paragraph, known by its credit, is not
// the text; a sentence that mentions a photo is.
func TestCreditedCaptionsDropped(t *testing.T) {
	page := `<html><body><main><article><h1>Eruption begins on the peninsula</h1><div class="text">
<p>A fissure opened on the peninsula late on Monday evening, sending lava fountains up to a hundred metres into the air, the weather office said.</p>
<p>A map showing the location of the new fissure on the peninsula on Monday. Credit: Weather Office.</p>
<p>The town nearby had been evacuated weeks ago, and no one was in danger, officials said, though the road to the town was closed again.</p>
<p>PHOTO BY JANE DOE Lava flows from the fissure towards the coast road on Monday night.</p>
<p>A photo taken by a pilot on Tuesday morning showed the fissure had grown to four kilometres, and that the lava was moving north.</p>
</div></article></main></body></html>`
	checkBody(t, parseBodyAt(t, "https://news.example/2024/eruption-begins", page),
		[]string{"A fissure opened", "had been evacuated", "A photo taken by a pilot"}, []string{"Credit:", "PHOTO BY"})
}

// A publisher's mission statement and its note on sponsored text are
// set under every story, not written for this one; a mission in the
// story's text is reporting.
func TestHouseNoticesDropped(t *testing.T) {
	page := `<html><body><main><article><h1>Storm to bring heavy snow to the hills</h1><div class="text">
<p>Forecasters said on Sunday that a storm moving in from the west would bring up to half a metre of snow to the hills by Tuesday night.</p>
<p>Roads over the passes are likely to close, and the power company has moved crews to the valleys to repair lines brought down by the wind.</p>
<p>The agency's mission is to keep the passes open, its director said, and it would clear them as soon as the snow stopped falling.</p>
<p>Schools in the valleys will open as usual on Monday, the council said.</p>
<p>The Weather Desk's primary journalistic mission is to report on breaking weather news, the environment and the importance of science to our lives.</p>
<p>The news and editorial departments of the Daily Example had no role in the creation or display of this content.</p>
</div></article></main></body></html>`
	checkBody(t, parseBodyAt(t, "https://news.example/2024/storm-snow", page),
		[]string{"Forecasters said", "Roads over the passes", "The agency's mission is", "Schools in the valleys"}, []string{"journalistic mission", "no role in"})
}
