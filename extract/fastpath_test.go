package extract

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"
)

// The fast paths below must answer as the tests they stand in for.

func TestAuthorHrefAgreesWithAuthorPath(t *testing.T) {
	for _, h := range []string{
		"/author/jane-doe", "/Authors/Jane", "https://ex.com/autor/jd", "/autoren/", "/team/x", "/TEAM/x", "/staff//x",
		"/staff/?x", "/author-jane", "/Auteur-Jane", "?author=3", "&Autor=jd", "?author=", "/people/jd#x", "/redacteurs/a",
		"/story/2024/01/x", "/content/x", "/editorial/x", "/editors/x", "/journalisten/x", "/giornalisti/x", "/periodistas/x",
		"/byline/x", "/writers/x", "/reporters", "/contributors/x", "/columnist/x", "/profile/x", "/x/author", "author/x",
		"/AUTOR[A]S/x", "/autoras/x", "/ſtaff/x", "/a/ſtaff/x", "/redaKteur/x", "/redaKteur/x", "/ünter/author/x", "",
	} {
		if got, want := authorHref(h), mayBeAuthorPath(h) && authorPath.MatchString(h); got != want {
			t.Errorf("authorHref(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestRelatedStartPassesEveryHeading(t *testing.T) {
	for _, h := range []string{
		"Related", "RELATED STORIES", "More on this story", "Read more", "See also", "Also read", "Further reading",
		"You may also like", "Recommended for you", "More from Business", "Lesen Sie auch", "Mehr zum Thema",
		"Das könnte Sie auch interessieren", "Weitere Artikel", "À lire aussi", "Lire aussi", "Sur le même sujet",
		"Dans la même rubrique", "Leer más", "Lee también", "Te puede interesar", "Noticias relacionadas", "Relacionados",
		"Leggi anche", "Articoli correlati", "Potrebbe interessarti", "Lees ook", "Gerelateerd", "Meer over dit onderwerp",
		"Czytaj także", "Zobacz też", "Läs också", "Les også", "Leia também", "Veja mais", "Você também pode gostar",
		"Talvez você goste", "Saiba mais", "Mais notícias", "Artigos relacionados", "Ver também", "También te puede interesar",
		"Quizás te interese", "Ti potrebbe interessare", "Vous aimerez aussi", "À voir aussi", "Ähnliche Artikel", "Auch interessant",
		"ſee also", "Polecamy", "Tin liên quan", "Berita terkait", "İlgili Haberler", "Читайте також", "Читайте также",
		"Σχετικά άρθρα", "ข่าวที่เกี่ยวข้อง", "関連記事", "相关新闻", "관련기사", "Související články", "Kapcsolódó cikkek",
		"Relaterat", "Citește și", "Lue myös", "Habari zinazohusiana", "Berita berkaitan", "BASAHIN DIN", "Notícies relacionades",
		"Прочитајте још", "Povezane vesti", "Pročitajte još", "আরও পড়ুন", "مزید پڑھیں",
	} {
		if !relatedHeading.MatchString(h) {
			t.Errorf("%q is no related heading", h)
		}
		if !relatedStart([]byte(h)) {
			t.Errorf("relatedStart(%q) = false", h)
		}
	}
	for _, h := range []string{"Home", "Sport", "The day in brief", "x", ""} {
		if relatedStart([]byte(h)) {
			t.Errorf("relatedStart(%q) = true", h)
		}
	}
}

func TestTextShortcutsAgreeWithTextOf(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<html><body>
<div class="Byline author-name" id="x"><span>By</span> <a href="/author/jd">Jane</a>Doe<br>and Sam</div>
<div class="comments-area"><p>one<b>two</b> three</p><p>four five</p></div>
<div class="autorİ">Ünïcode wörds — 12 3</div>
<p>東北新幹線、大雪で<b>一部</b>運休　JR東日本は12日 abc</p>
<p>` + strings.Repeat("é", 170) + `</p><p>` + strings.Repeat("word ", 40) + `</p>
<span><script>var a b c d</script>one two</span><ul><li>a</li><li>b</li><li>c d</li></ul>
</body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	each(doc, func(n *html.Node) bool {
		words := countWords(textOf(n))
		for k := 1; k <= 6; k++ {
			if got := hasWords(n, k); got != (words >= k) {
				t.Errorf("hasWords(%s, %d) = %v; textOf %q", n.Data, k, got, textOf(n))
			}
		}
		var c collapser
		txt, short := shortText(n, 640)
		if ok := c.fitsRunes(n, 160); ok != (short && utf8.RuneCountInString(txt) <= 160) || ok && string(c.b) != txt {
			t.Errorf("fitsRunes(%s) = %v, %q; shortText %q", n.Data, ok, c.b, txt)
		}
		if _, short := shortText(n, 20); c.fits(n, 20) != short {
			t.Errorf("fits(%s) disagrees with shortText", n.Data)
		}
		s := strings.ToLower(attr(n, "class") + " " + attr(n, "id"))
		want := (strings.Contains(s, "author") || strings.Contains(s, "byline") || strings.Contains(s, "autor")) && !bylineClassNoise.MatchString(s)
		if got := bylineClassed(n); got != want {
			t.Errorf("bylineClassed(%v) = %v", n.Attr, got)
		}
		if namesComments(n) != hasStrongComments(n) {
			t.Errorf("namesComments(%v) disagrees", n.Attr)
		}
		return true
	})
}

// oldNormTitle is normTitle as it was before its fast paths.
func oldNormTitle(s string) string {
	return collapse(strings.Map(foldTitleRune, norm.NFKC.String(s)))
}

func TestNormTitleFastPaths(t *testing.T) {
	for _, s := range []string{
		"", "Plain ASCII Title", "  Spaced   `quoted`  TITLE ", "ﬁnance ＡＢＣ", "“Quoted” – dashes — and ‘single’",
		"Ünïcode Straße İstanbul", "bad \xff byte", "\xe2\x80", "tab\tand\nnewline", "x\u00a0y\u200bz", "\uFFFD kept",
	} {
		if got, want := normTitle(s), oldNormTitle(s); got != want {
			t.Errorf("normTitle(%q) = %q, want %q", s, got, want)
		}
	}
}

// oldHidden is hidden as it was before its one-pass form.
func oldHidden(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if hasAttr(n, "hidden") || attr(n, "aria-hidden") == "true" || hiddenClass(n) {
		return true
	}
	if n.DataAtom == atom.Input && strings.EqualFold(attr(n, "type"), "hidden") {
		return true
	}
	if st := attr(n, "style"); st != "" {
		st = strings.ToLower(strings.ReplaceAll(st, " ", ""))
		if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
			return true
		}
	}
	return false
}

func TestHiddenOnePass(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<div hidden><p aria-hidden="true">a</p><p aria-hidden="false">b</p>
<span class="x sr-only">c</span><input type="HIDDEN"><input type="text"><b style="Display : None">d</b>
<i style="visibility:HIDDEN;color:red">e</i><u style="display:block">f</u><s style="DİSPLAY:none">g</s>
<em style="dd display:nonE">h</em><strong style="">i</strong><a class="hidden-xs">j</a><div type="hidden">k</div></div>`))
	if err != nil {
		t.Fatal(err)
	}
	// a repeated attribute: attr reads the first
	p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P, Attr: []html.Attribute{{Key: "style", Val: "color:red"}, {Key: "style", Val: "display:none"}, {Key: "aria-hidden", Val: "false"}, {Key: "aria-hidden", Val: "true"}}}
	doc.AppendChild(p)
	count := 0
	each(doc, func(n *html.Node) bool {
		if got, want := hidden(n), oldHidden(n); got != want {
			t.Errorf("hidden(%s %v) = %v, want %v", n.Data, n.Attr, got, want)
		}
		if hidden(n) {
			count++
		}
		return true
	})
	if count != 8 {
		t.Errorf("%d hidden elements, want 8", count)
	}
}

// slowCollapse is collapse one rune at a time, as it was written first.
func slowCollapse(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(c) || c == '\u00a0' || c == '\u200b' {
			space = true
		} else {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if c == utf8.RuneError && size == 1 {
				b.WriteRune(c)
			} else {
				b.WriteString(s[i : i+size])
			}
		}
		i += size
	}
	return b.String()
}

func TestCollapseAndTextOfInOnePass(t *testing.T) {
	for _, s := range []string{"", "a", " a ", "a  b\tc\n", "\u00a0x\u200by\u2003z ", "bad\xffbyte \xe2\x80 end", "ok", strings.Repeat("word", 100) + " " + strings.Repeat("é", 50)} {
		if got, want := collapse(s), slowCollapse(s); got != want {
			t.Errorf("collapse(%q) = %q, want %q", s, got, want)
		}
	}
	doc, err := html.Parse(strings.NewReader(`<div> Lead <b>bold</b>text<br>next<p>para  one</p><script>x()</script>` +
		`<span>` + strings.Repeat("x", 700) + `</span> tail <img alt="a"> ünï\u00a0côdé<ul><li>a</li><li>b</li></ul></div>`))
	if err != nil {
		t.Fatal(err)
	}
	each(doc, func(n *html.Node) bool {
		var b strings.Builder
		appendText(&b, n)
		want := slowCollapse(b.String())
		if got := textOf(n); got != want {
			t.Errorf("textOf(%s) = %q, want %q", n.Data, got, want)
		}
		for _, max := range []int{0, 2, 5, 200, 640} {
			got, short := shortText(n, max)
			if short != (len(want) <= max) || short && got != want {
				t.Errorf("shortText(%s, %d) = %q, %v; text %q", n.Data, max, got, short, want)
			}
		}
		return true
	})
}

func TestWordPrefiltersAgreeWithRegexps(t *testing.T) {
	for _, p := range []string{
		"Jane Doe, Political Editor", "Jane Doe for The Times", "Jane Doe in Paris", "Staff Writer", "Jane Doe is a reporter",
		"Jane Doe is the host", "Chefredakteurin Jane Doe", "Jane Doe Redakteurin", "Jane Doe im Gespräch", "Jane Doe im Interview",
		"Updated 3pm", "Published by X", "Jane Doe, corrispondente", "Jane Doe, giornalista", "NEWS DESK", "Kevin Martin",
		"Justin Bieber", "Erin Forbes", "Jane_editor", "Jane2editor", "x-Editor", "Jane Doe, rédactrice", "Jane Doe veröffentlicht",
		"Jane buſineſs", "Jane Doe, Volontärin", "Mark Weiss", "Deputy", "Analyst Jane", "Tech Bureau", "",
	} {
		a, b := findRole(p), roleWords.FindStringIndex(p)
		if (a == nil) != (b == nil) || a != nil && (a[0] != b[0] || a[1] != b[1]) {
			t.Errorf("findRole(%q) = %v, want %v", p, a, b)
		}
	}
	for _, p := range []string{
		"More from Jane", "View profile", "Alle Artikel", "Follow", "E-Mail", "Email Jane", "Read more", "Getty Images",
		"dpa-infocom", "Text: Jane Doe", "Jane Doe", "Moreno Smith", "Übersicht", "Photos", "Jane_more", "ſee", "Anmelden",
		"Shutterstock", "iStock", "Sponsored", "Comments (3)", "Authors", "Kontakt",
	} {
		if got, want := mayStartWord(p, notNameStarts) && notNameWords.MatchString(p), notNameWords.MatchString(p); got != want {
			t.Errorf("notNameWords prefilter on %q = %v, want %v", p, got, want)
		}
	}
}

func TestIsSocialHostAgreesWithRegexp(t *testing.T) {
	for _, h := range []string{"facebook.com", "www.facebook.com", "m.Facebook.COM", "t.co", "x.com", "abc.x.com", "abcx.com",
		"notfacebook.com", "facebook.org", "youtube.co", "www.youtube.com.evil.net", ".com", "com", "t.com", "mailto.me",
		"tumblr.me", "Flipboard.co", "linkedin.co.uk", "example.com", "faceboo\u212a.com", "inſtagram.com", "", "x.co", "a.t.me"} {
		if got, want := isSocialHost(h), socialHost.MatchString(h); got != want {
			t.Errorf("isSocialHost(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestSameNormTitleAgreesWithNormTitle(t *testing.T) {
	texts := []string{"", "A Title", "  a   title ", "A `Title`", "“Quoted” – Title", "ﬁnance ＡＢＣ", "Straße İstanbul",
		"bad \xff byte", "x\u00a0y\u200bz", "e\u0301 composed", "Title\u2003Here", "\uFFFD", "a title extra"}
	for _, s := range texts {
		for _, w := range texts {
			want := normTitle(w)
			if got := sameNormTitle(s, want); got != (normTitle(s) == want) {
				t.Errorf("sameNormTitle(%q, %q) = %v", s, want, got)
			}
		}
	}
}

// FuzzPrefilters: each cheap test placed before a regexp passes
// everything the regexp matches, and the fast forms give the regexps'
// answers.
func FuzzPrefilters(f *testing.F) {
	for _, s := range []string{"Jane Doe, Political Editor", "Staff Writer", "/author/jane-doe", "?Autor=jd", "Read more",
		"Lesen Sie auch", "More from Jane", "Getty Images", "ſee also", "Chefredakteurin Jane", "Jane buſineſs",
		"BWW News Desk", "Senior Staff Writers", "Consider becoming a member", "Abonnez-vous à la newsletter",
		"Subscribe now to continue reading", "Réservé aux abonnés"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, b := findRole(s), roleWords.FindStringIndex(s)
		if (a == nil) != (b == nil) || a != nil && (a[0] != b[0] || a[1] != b[1]) {
			t.Errorf("findRole(%q) = %v, want %v", s, a, b)
		}
		if got, want := mayStartWord(s, notNameStarts) && notNameWords.MatchString(s), notNameWords.MatchString(s); got != want {
			t.Errorf("notNameWords prefilter on %q = %v, want %v", s, got, want)
		}
		if got, want := authorHref(s), mayBeAuthorPath(s) && authorPath.MatchString(s); got != want {
			t.Errorf("authorHref(%q) = %v, want %v", s, got, want)
		}
		if relatedHeading.MatchString(s) && !relatedStart([]byte(s)) {
			t.Errorf("relatedStart(%q) = false for a related heading", s)
		}
		if roleCreditRe.MatchString(s) && !mayStartWord(s, roleCreditStarts) {
			t.Errorf("roleCreditStarts miss the role credit %q", s)
		}
		if widgetText.MatchString(s) && !mayBeWidgetText(s) {
			t.Errorf("widgetNeedles miss the widget text %q", s)
		}
		if paywallText.MatchString(s) && !mayBePaywall(s) {
			t.Errorf("paywallNeedles miss the paywall notice %q", s)
		}
	})
}

// dateOnly reads a byline line that is a calendar day and nothing more.
func TestDateOnly(t *testing.T) {
	for in, want := range map[string]bool{
		"12 March 2024": true, "  2024-03-12  ": true, "März 12, 2024": true, "12.03.2024, 14:05": true,
		"Updated 12 March 2024": false, "Jane Doe": false, "12 March": false,
		"Jane Doe, 12 March 2024": false, "12 March 2024 by Jane Doe and the whole newsroom team": false,
	} {
		if got := dateOnly(in); got != want {
			t.Errorf("dateOnly(%q) = %v, want %v", in, got, want)
		}
	}
}

// A most-read list is the site's, not this story's: no related links.
func TestMostReadIsNoRelatedHeading(t *testing.T) {
	for _, h := range []string{"Most read", "Mais lidas", "Lo más leído", "I più letti", "Najczęściej czytane"} {
		if relatedHeading.MatchString(h) {
			t.Errorf("%q taken as a related heading", h)
		}
	}
}
