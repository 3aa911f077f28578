package crawltest

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

var pageTemplates = template.Must(template.ParseFS(templateFS, "templates/*.html"))

const htmlType = "text/html; charset=utf-8"

// chrome is what every HTML page shares: title, canonical URL, OpenGraph
// type and the navigation menu.
type chrome struct {
	Title     string // the <title>
	Canonical string
	OGType    string
	Nav       []navLink
}

type navLink struct {
	Name, Path string
	Current    bool
}

func newChrome(title, path, ogType, current string) chrome {
	nav := []navLink{{Name: "Home", Path: "/", Current: current == "/"}}
	for _, s := range sectionList {
		nav = append(nav, navLink{Name: s.Name, Path: s.Path, Current: current == s.Path})
	}
	return chrome{Title: title, Canonical: LondonDailyHost + path, OGType: ogType, Nav: nav}
}

type articleView struct {
	chrome
	Headline, Standfirst     string
	SectionName, SectionPath string
	SectionSlug              string
	Author, AuthorPath       string
	Paragraphs               []string
	PubISO, ModISO           string
	// html/template writes "+" in attributes as "&#43;"; CMSs write it
	// plainly, so the date attributes are pre-built (from ISO strings only).
	DatetimeAttr, PubMetaAttr, ModMetaAttr template.HTMLAttr
	PubDisplay                             string
	JSONLD                                 template.JS
	OGImage                                string
	LeadFigure, InlineFigure               *figure
	InlineAfter                            int
	RelatedHeading                         string
	Related                                []RelatedLink
}

type teaserView struct {
	Path, Kicker, Headline, Summary string
}

type blockView struct {
	Name, Path string
	Teasers    []teaserView
}

type indexView struct {
	chrome
	OGTitle, Description string
	BodyClass            string
	Heading, Intro       string
	HideHeading          bool
	Blocks               []blockView
}

type pageView struct {
	chrome
	Heading    string
	Paragraphs []string
	NoIndex    bool
}

func render(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// newsArticleLD is the JSON-LD of variant A; a struct, not a map, so the
// keys keep a CMS-like order.
type newsArticleLD struct {
	Context          string     `json:"@context"`
	Type             string     `json:"@type"`
	MainEntityOfPage ldWebPage  `json:"mainEntityOfPage"`
	Headline         string     `json:"headline"`
	Description      string     `json:"description"`
	Image            []string   `json:"image,omitempty"`
	DatePublished    string     `json:"datePublished"`
	DateModified     string     `json:"dateModified"`
	Author           []ldPerson `json:"author"`
	Publisher        ldOrg      `json:"publisher"`
	ArticleSection   string     `json:"articleSection"`
	InLanguage       string     `json:"inLanguage"`
}

type ldWebPage struct {
	Type string `json:"@type"`
	ID   string `json:"@id"`
}

type ldPerson struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

type ldOrg struct {
	Type string  `json:"@type"`
	Name string  `json:"name"`
	Logo ldImage `json:"logo"`
}

type ldImage struct {
	Type string `json:"@type"`
	URL  string `json:"url"`
}

func (a *article) view() (articleView, error) {
	v := articleView{
		chrome:      newChrome(a.Headline+" | London Daily", a.Path, "article", a.section.Path),
		Headline:    a.Headline,
		Standfirst:  a.Standfirst,
		SectionName: a.section.Name,
		SectionPath: a.section.Path,
		SectionSlug: strings.Trim(a.section.Path, "/"),
		Author:      a.author.Name,
		AuthorPath:  a.author.Path,
		Paragraphs:  a.Paragraphs,
		PubISO:      a.pubISO,
		ModISO:      a.modISO,
		LeadFigure:  a.leadFigure,
		Related:     a.Related,
	}
	if a.pubISO != "" {
		v.DatetimeAttr = template.HTMLAttr(`datetime="` + a.pubISO + `"`)
		v.PubMetaAttr = template.HTMLAttr(`content="` + a.pubISO + `"`)
	}
	if a.modISO != "" {
		v.ModMetaAttr = template.HTMLAttr(`content="` + a.modISO + `"`)
	}
	if a.inlineFigure != nil {
		v.InlineFigure, v.InlineAfter = a.inlineFigure, a.inlineAfter
	}
	switch {
	case a.index < 0:
		v.RelatedHeading = "Related Articles"
	case a.variant == 'A':
		v.RelatedHeading = "Related Articles"
	case a.variant == 'B':
		v.RelatedHeading = "More on this story"
	default:
		v.RelatedHeading = "You might also like"
	}
	if !a.published.IsZero() {
		switch a.variant {
		case 'A':
			v.PubDisplay = a.published.Format("2 January 2006 • 15:04 ") + zoneAbbrev(a.published)
		case 'B':
			v.PubDisplay = a.published.Format("Mon 2 Jan 2006 15.04 ") + zoneAbbrev(a.published)
		case 'C':
			v.PubDisplay = a.published.Format("Published 2 January 2006")
		}
	}
	if a.variant == 'A' {
		ld := newsArticleLD{
			Context:          "https://schema.org",
			Type:             "NewsArticle",
			MainEntityOfPage: ldWebPage{Type: "WebPage", ID: a.CanonicalURL},
			Headline:         a.Headline,
			Description:      a.Standfirst,
			DatePublished:    a.pubISO,
			DateModified:     a.modISO,
			Author:           []ldPerson{{Type: "Person", Name: a.author.Name, URL: LondonDailyHost + a.author.Path}},
			Publisher: ldOrg{Type: "NewsMediaOrganization", Name: "London Daily",
				Logo: ldImage{Type: "ImageObject", URL: LondonDailyHost + "/static/favicon.svg"}},
			ArticleSection: a.section.Name,
			InLanguage:     "en-GB",
		}
		if a.leadFigure != nil {
			v.OGImage = LondonDailyHost + a.leadFigure.Src
			ld.Image = []string{v.OGImage}
		}
		// json.Marshal escapes <, > and &, so the script element cannot be
		// closed early by the text.
		b, err := json.Marshal(ld)
		if err != nil {
			return v, fmt.Errorf("json-ld for %s: %w", a.Path, err)
		}
		v.JSONLD = template.JS(b)
	}
	return v, nil
}

func (a *article) templateName() string {
	return "article_" + strings.ToLower(string(a.variant))
}

func teaser(a *article) teaserView {
	return teaserView{Path: a.Path, Kicker: a.section.Name, Headline: a.Headline, Summary: a.Standfirst}
}

// byRecency orders articles newest first; the undated one sorts last, ties
// keep their index order.
func byRecency(as []*article) []*article {
	out := append([]*article(nil), as...)
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].published.After(out[j].published)
	})
	return out
}

func (s *site) homeView() indexView {
	v := indexView{
		chrome:      newChrome("London Daily | News, analysis and opinion", "/", "website", "/"),
		OGTitle:     "London Daily",
		Description: "Focus on the big picture. News, analysis and opinion from London Daily.",
		BodyClass:   "front-home",
		Heading:     "London Daily: top stories",
		HideHeading: true,
	}
	recent := byRecency(s.articles[1:])
	top := blockView{Name: "Top stories"}
	onHome := map[*article]bool{}
	for _, a := range recent[:10] {
		top.Teasers = append(top.Teasers, teaser(a))
		onHome[a] = true
	}
	v.Blocks = append(v.Blocks, top)
	for _, sec := range s.sections {
		b := blockView{Name: sec.Name, Path: sec.Path}
		for _, a := range recent {
			if a.section == sec && !onHome[a] && len(b.Teasers) < 4 {
				b.Teasers = append(b.Teasers, teaser(a))
				onHome[a] = true
			}
		}
		v.Blocks = append(v.Blocks, b)
	}
	v.Blocks = append(v.Blocks, blockView{Name: "From the archive", Teasers: []teaserView{teaser(s.articles[0])}})
	return v
}

func (s *site) sectionView(sec *section) indexView {
	v := indexView{
		chrome:      newChrome(sec.Name+" | London Daily", sec.Path, "website", sec.Path),
		OGTitle:     sec.Name + " news",
		Description: sec.Description,
		BodyClass:   "front-section",
		Heading:     sec.Name,
		Intro:       sec.Description,
	}
	b := blockView{Name: "Latest"}
	for _, a := range byRecency(s.articles) {
		if a.section == sec {
			b.Teasers = append(b.Teasers, teaser(a))
		}
	}
	v.Blocks = []blockView{b}
	return v
}

func (s *site) authorView(au *author) indexView {
	v := indexView{
		chrome:      newChrome(au.Name+" | London Daily", au.Path, "profile", ""),
		OGTitle:     au.Name,
		Description: au.Bio,
		BodyClass:   "front-author",
		Heading:     au.Name,
		Intro:       au.Bio,
	}
	b := blockView{Name: "Articles by " + au.Name}
	for _, a := range byRecency(au.articles) {
		b.Teasers = append(b.Teasers, teaser(a))
	}
	v.Blocks = []blockView{b}
	return v
}

// staticPages are the footer's pages and the search page (disallowed in
// robots.txt, but served so that nothing on the site is a 404).
var staticPages = []struct {
	path, heading string
	paragraphs    []string
	noIndex       bool
}{
	{"/about", "About us", []string{
		"London Daily is an independent news site covering world, UK, business and technology news.",
		"Our journalists work from London and from correspondents’ posts around the world.",
	}, false},
	{"/contact", "Contact", []string{
		"To contact the newsroom, email newsdesk@londondaily.example.",
		"For corrections, email corrections@londondaily.example and tell us which article you mean.",
	}, false},
	{"/privacy", "Privacy policy", []string{
		"This policy explains what information London Daily collects when you visit the site and how it is used.",
		"We use cookies to keep the site working, to measure audiences and, with your consent, to personalise content.",
	}, false},
	{"/terms", "Terms", []string{
		"By using this site you agree to these terms and conditions.",
		"All content is © London Daily unless stated otherwise.",
	}, false},
	{"/search", "Search", []string{
		"Enter a word or phrase in the search box to find articles.",
	}, true},
}

// svgImage is the placeholder served for every article image.
func svgImage(label string) []byte {
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675">`)
	b.WriteString(`<rect width="1200" height="675" fill="#c9d3dc"/>`)
	b.WriteString(`<text x="600" y="340" font-family="sans-serif" font-size="32" text-anchor="middle" fill="#334">`)
	template.HTMLEscape(&b, []byte(label))
	b.WriteString("</text></svg>\n")
	return []byte(b.String())
}

// renderAll fills s.resources and s.htmlPaths.
func (s *site) renderAll() error {
	s.resources = map[string]resource{}
	addHTML := func(path, name string, data any) error {
		body, err := render(name, data)
		if err != nil {
			return err
		}
		if _, dup := s.resources[path]; dup {
			return fmt.Errorf("render: duplicate path %s", path)
		}
		s.resources[path] = newResource(htmlType, body)
		s.htmlPaths = append(s.htmlPaths, path)
		return nil
	}
	if err := addHTML("/", "index", s.homeView()); err != nil {
		return err
	}
	for _, sec := range s.sections {
		if err := addHTML(sec.Path, "index", s.sectionView(sec)); err != nil {
			return err
		}
	}
	for _, au := range s.authors {
		if err := addHTML(au.Path, "index", s.authorView(au)); err != nil {
			return err
		}
	}
	for _, a := range s.articles {
		v, err := a.view()
		if err != nil {
			return err
		}
		if err := addHTML(a.Path, a.templateName(), v); err != nil {
			return err
		}
		for _, f := range []*figure{a.leadFigure, a.inlineFigure} {
			if f != nil {
				s.resources[f.Src] = newResource("image/svg+xml", svgImage(a.Headline))
			}
		}
	}
	for _, p := range staticPages {
		v := pageView{chrome: newChrome(p.heading+" | London Daily", p.path, "website", ""),
			Heading: p.heading, Paragraphs: p.paragraphs, NoIndex: p.noIndex}
		if err := addHTML(p.path, "page", v); err != nil {
			return err
		}
	}
	sort.Strings(s.htmlPaths)

	for _, f := range []struct{ path, file, typ string }{
		{"/static/site.css", "static/site.css", "text/css; charset=utf-8"},
		{"/static/site.js", "static/site.js", "text/javascript; charset=utf-8"},
		{"/static/favicon.svg", "static/favicon.svg", "image/svg+xml"},
	} {
		b, err := staticFS.ReadFile(f.file)
		if err != nil {
			return fmt.Errorf("static: %w", err)
		}
		s.resources[f.path] = newResource(f.typ, b)
	}
	s.resources["/robots.txt"] = newResource("text/plain; charset=utf-8", robotsTxt())
	sitemap, err := s.sitemapXML()
	if err != nil {
		return err
	}
	s.resources["/sitemap.xml"] = newResource("application/xml; charset=utf-8", sitemap)
	feed, err := s.feedXML(londonToday.Add(6 * time.Hour))
	if err != nil {
		return err
	}
	s.resources["/feed.xml"] = newResource("application/rss+xml; charset=utf-8", feed)
	return nil
}
