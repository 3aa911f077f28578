package extract_test

import (
	"strings"
	"testing"
)

// A blog that prints no byline names its writer in the comments: the
// comment by the post's author is marked as such (WordPress's
// "bypostauthor"), and shows the author's display name.
func TestPostAuthorComment(t *testing.T) {
	post := `<article><h1>Winter walk</h1><p>` + strings.Repeat("We walked along the frozen river until the light went. ", 8) + `</p></article>`
	comments := `<ol class="commentlist">
<li class="comment even depth-1"><div class="comment-author vcard"><cite class="fn">Hannah Moor</cite> <span class="says">says:</span></div><p>Lovely pictures!</p>
<ul class="children"><li class="comment byuser comment-author-wanderer bypostauthor odd depth-2"><div class="comment-author vcard"><img class="avatar" src="a.png"> <cite class="fn"><a href="/">wanderer</a></cite> <span class="says">says:</span></div><p>Thank you!</p></li></ul></li></ol>`
	cases := map[string]string{
		post + comments: "wanderer",
		// another platform: the author's name in an element of its own
		post + `<div class="comment byuser comment-author-mikenils bypostauthor"><p class="comment-author">MikeNils</p><p>Still on offer.</p></div>`: "MikeNils",
		// a byline wins over the comments
		strings.Replace(post, `</h1>`, `</h1><p>By Jane Roe</p>`, 1) + comments: "Jane Roe",
		// a reader's comment names no writer
		post + strings.Replace(comments, "bypostauthor", "", 1): "",
	}
	for page, want := range cases {
		if got := strings.Join(parseAt(t, "https://blog.example/2019/01/winter-walk/", `<title>Winter walk</title><body>`+page).Authors, ";"); got != want {
			t.Errorf("authors = %q, want %q for %.200q…", got, want, page)
		}
	}
}
