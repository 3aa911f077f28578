package extract

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// chromeRoles are ARIA landmarks and widgets that never hold article text.
var chromeRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true, "search": true,
	"dialog": true, "alertdialog": true, "menu": true, "menubar": true, "toolbar": true, "tablist": true,
	"alert": true, "marquee": true, "timer": true, "tooltip": true,
}

// Class and id words of page widgets, by strength. Weak words only hint:
// an element is dropped on them when it also looks like a widget (short or
// link-heavy), so a site calling its wrapper "story-share-enabled" keeps
// its text. Strong words are widgets even with some text. Content words
// mark a container as the article's own.
const (
	wordNoise uint8 = 1 << iota
	wordStrong
	wordContent
)

var nameWords = func() map[string]uint8 {
	m := map[string]uint8{}
	for _, w := range strings.Fields(`share sharing social sociallinks newsletter newsletters subscribe subscription
		signup promo promotion advert advertisement advertising ad ads adslot adunit sponsor sponsored related recommended
		recommendations recirc outbrain taboola comment comments disqus cookie cookies consent gdpr modal popup overlay
		breadcrumb breadcrumbs byline bio caption credit credits toolbar tags tag taglist keywords menu nav navbar navigation
		footer sidebar widget audio player podcast paywall print rating disclaimer copyright masthead banner teaser trending
		popular mostread most readmore readnext more pagination pager author authors meta metadata timestamp dateline date
		tools utility follow donate donation alert toast skip hidden visually sronly screenreader offscreen lightbox gallery
		slideshow video embed inline carousel`) {
		m[w] |= wordNoise
	}
	for _, w := range strings.Fields(`share sharing social newsletter newsletters subscribe signup promo advert
		advertisement ad ads sponsor sponsored related recommended recirc outbrain taboola comment comments disqus cookie
		consent gdpr modal popup breadcrumb breadcrumbs byline caption credit toolbar tags paywall masthead trending mostread
		readmore readnext pagination pager sronly screenreader offscreen visually carousel`) {
		m[w] |= wordStrong
	}
	for _, w := range strings.Fields(`article articlebody body content contents main story storybody text entry post
		postbody prose richtext rte copy bodytext paragraph paragraphs`) {
		m[w] |= wordContent
	}
	return m
}()

// eachNameToken calls fn with each word of n's class and id, lower-cased,
// in a buffer reused between calls (no allocation per word).
func eachNameToken(n *html.Node, fn func([]byte)) {
	var buf [48]byte
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		v := a.Val
		k := 0
		flush := func() {
			if k > 0 && k <= len(buf) {
				fn(buf[:k])
			}
			k = 0
		}
		for i := 0; i < len(v); i++ {
			c := v[i]
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			case c >= 'A' && c <= 'Z':
				if i > 0 && v[i-1] >= 'a' && v[i-1] <= 'z' {
					flush() // camelCase boundary
				}
				c += 'a' - 'A'
			default:
				flush()
				continue
			}
			if k < len(buf) {
				buf[k] = c
			}
			k++
		}
		flush()
	}
}

type nameHint int

const (
	hintNone nameHint = iota
	hintNoise
	hintStrongNoise
	hintContent
)

func classHint(n *html.Node) nameHint {
	if len(n.Attr) == 0 {
		return hintNone
	}
	var flags uint8
	var prev [48]byte
	pk := 0
	var pair [96]byte
	negated := false
	eachNameToken(n, func(tok []byte) {
		// "not-a-paywall", "no-ads": a name that says the element is not
		// a widget marks text that the widget must leave alone. Only
		// strong words are undone: "no-print", "no-meta-info" name
		// chrome that print views or list variants leave out.
		switch string(tok) {
		case "not", "no", "non":
			negated = true
			pk = 0
			return
		case "a", "an":
			if negated {
				return
			}
		}
		if negated {
			negated = false
			pk = 0
			if nameWords[string(tok)]&wordStrong != 0 {
				return
			}
		}
		flags |= nameWords[string(tok)]
		// "sr-only", "read-more", "most-read": two-word widgets.
		if pk > 0 {
			j := copy(pair[:], prev[:pk])
			j += copy(pair[j:], tok)
			if f := nameWords[string(pair[:j])]; f&wordStrong != 0 {
				flags |= wordStrong
			}
		}
		pk = copy(prev[:], tok)
	})
	content, strong, noise := flags&wordContent != 0, flags&wordStrong != 0, flags&wordNoise != 0
	switch {
	case content && !strong:
		return hintContent
	case content && strong:
		// "entry-content-read-more", "article-share-enabled": the content
		// word names the container, the widget word a feature of it.
		return hintNoise
	case strong:
		return hintStrongNoise
	case noise:
		return hintNoise
	}
	return hintNone
}

// boilerplateText matches short blocks that are widget labels in many
// languages: "Advertisement", "Share this article", "Sign up", "Read more".
var boilerplateText = regexp.MustCompile(`(?i)^(advertisement|advertising|advert|anzeige|werbung|publicité|publicidad|pubblicità|reclame|sponsored( content)?|ad|ads|share( this( article| story| page)?)?( on \w+)?|copy link|link copied|print|e-?mail|tweet|follow us.*|sign up.*|subscribe.*|newsletter.*|read more.*|read next.*|more on this.*|related( articles| stories| content| posts)?:?|see also:?|you (may|might) also like.*|recommended( for you)?|most (read|popular|viewed).*|trending.*|continue reading.*|(article|story) continues (below|after) (this )?(ad|advert|advertisement)|view this post on instagram|a post shared by .*|thanks for signing up|recommended by our editors|don.t miss|click here.*|listen( to this article)?.*|\d{1,2}:\d{2}( / \d{1,2}:\d{2})?|close|caption|×|x|skip (to|advert).*|image:.*|photos?:.*|fotos?:.*|kuvat?:.*|getty images|reuters|ap|afp|(\(?(photo|image|picture)[^)]*\)?)|mehr zum thema.*|lesen sie auch.*|weiterlesen.*|lire aussi.*|à lire aussi.*|leer más.*|lee también.*|leggi anche.*|teilen|partager|compartir|condividi|werbung schließen|cookie.*|we use cookies.*|accept( all)?( cookies)?|reject( all)?|manage (cookies|preferences)|(text|font) size|schriftgröße|textgröße|taille (du texte|de (la )?police)|tamaño (del texto|de (la )?(letra|fuente))|dimensione (del )?(testo|carattere))$`)

// widgetText matches sentences that belong to subscription boxes, cookie
// notices and players, wherever they appear.
var widgetText = regexp.MustCompile(`(?i)(sign up (to|for) (our|the) .*newsletter|subscribe to (our|the) .*newsletter|we use cookies|this (site|website) uses cookies|by (clicking|continuing|using this site)|enable javascript|your browser does not support|javascript is (disabled|required)|already a subscriber|subscribe now|abonnez-vous|jetzt (kostenlos )?abonnieren|suscr[ií]bete|follow us on|all rights reserved|©|this newsletter may contain|subscription has been confirmed|permission to load the|consider becoming a (paid |free )?(member|subscriber|supporter)|is (a )?reader-(funded|supported))`)

// isChrome reports elements dropped from the body whatever their text:
// landmarks outside the article, widgets, hidden and non-text elements.
func isChrome(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if invisibleTag(n.DataAtom) || hidden(n) {
		return true
	}
	switch n.DataAtom {
	case atom.Nav, atom.Aside, atom.Footer, atom.Header, atom.Button, atom.Input, atom.Label,
		atom.Dialog, atom.Menu, atom.Figcaption, atom.Figure, atom.Address:
		return true
	}
	if r := strings.ToLower(attr(n, "role")); r != "" && chromeRoles[r] {
		return true
	}
	if strings.EqualFold(attr(n, "aria-modal"), "true") {
		return true
	}
	return false
}

// paywallText matches the notices that stand in for the rest of a
// subscriber-only article, in several languages.
var paywallText = regexp.MustCompile(`(?i)(subscribe (now )?to (continue|keep) reading|this (article|story|content) is (only available|exclusive|reserved) (to|for) (subscribers|members)|already a (subscriber|member)\?|to continue reading,? (please )?(subscribe|log in|sign in)|become a (subscriber|member) to (read|continue)|unlock (this|the full) (article|story)|(weiterlesen|lesen sie weiter) mit|jetzt abonnieren und weiterlesen|dieser artikel ist (nur )?für abonnenten|réservé aux abonnés|article réservé|contenido (exclusivo )?para suscriptores|articolo riservato agli abbonati)`)

// paywallNeedles are fragments one of which every paywallText match holds
// (case aside): a cheap test before the regexp.
var paywallNeedles = []string{"ubscri", "ontinue reading", "member", "Member", "MEMBER", "nlock", "eiterlesen", "bonn", "éservé", "uscript", "iservato"}

func mayBePaywall(t string) bool { return containsAny(t, paywallNeedles) }
