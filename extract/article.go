package extract

import (
	"errors"
	"time"
)

// Kind says what a page is. Only KindArticle pages are stored as articles;
// crawlers follow the links of KindIndex pages.
type Kind string

const (
	KindArticle Kind = "article"
	KindIndex   Kind = "index" // home, section, tag or search page
	KindOther   Kind = "other" // error, consent wall, anything else
)

// Sentinel errors callers act on.
var (
	// ErrTooLarge means the page exceeds the node or byte budget; it was not parsed.
	ErrTooLarge = errors.New("page exceeds extraction budget")
	// ErrNoDOM means the HTML parser produced no document (for example
	// nesting deeper than x/net/html accepts).
	ErrNoDOM = errors.New("page yields no document")
)

// Options carries what the fetch knew about the page.
type Options struct {
	URL         string    // final URL after redirects; resolves relative links
	ContentType string    // HTTP Content-Type, used for its charset
	FetchedAt   time.Time // zero means now; dates after it are rejected
	MaxNodes    int       // 0 means DefaultMaxNodes
}

// Link is one related-article link.
type Link struct {
	URL   string `json:"url"`
	Title string `json:"title"`
}

// Article is what the extractor makes of one page. Field meanings follow
// the article contract in DESIGN.md.
type Article struct {
	URL          string   `json:"url"`
	CanonicalURL string   `json:"canonical_url"`
	Site         string   `json:"site"`
	Kind         Kind     `json:"kind"`
	Headline     string   `json:"headline"`
	Standfirst   string   `json:"standfirst"`
	Body         string   `json:"body"`
	Authors      []string `json:"authors"`
	// PublishedAt and ModifiedAt are RFC 3339 with the page's own offset,
	// a bare YYYY-MM-DD when only a day is known, or "" when unknown.
	PublishedAt string   `json:"published_at"`
	ModifiedAt  string   `json:"modified_at"`
	Related     []Link   `json:"related"`
	Language    string   `json:"language"`
	Section     string   `json:"section"`
	Tags        []string `json:"tags"`
	ImageURL    string   `json:"image_url"`
	WordCount   int      `json:"word_count"`
	Paywalled   bool     `json:"paywalled"`
	// Sources names where each field came from: "json-ld", "opengraph",
	// "meta", "microdata", "time", "byline", "heuristic", "url".
	Sources map[string]string `json:"sources"`
	// Links are every in-page link (absolute, deduplicated, in page order),
	// for crawlers to follow. Not part of the stored article.
	Links []string `json:"-"`
}
