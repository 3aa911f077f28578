package crawltest

import (
	"encoding/xml"
	"fmt"
	"time"
)

// robotsTxt allows everything but search, and names the sitemap on the
// canonical host (a sitemap must hold absolute URLs).
func robotsTxt() []byte {
	return []byte("User-agent: *\nDisallow: /search\n\nSitemap: " + LondonDailyHost + "/sitemap.xml\n")
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	Xmlns   string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapXML lists every article with the day it last changed; the undated
// article has no lastmod, so the sitemap gives its date away nowhere.
func (s *site) sitemapXML() ([]byte, error) {
	u := urlset{Xmlns: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, a := range s.articles {
		e := sitemapURL{Loc: a.CanonicalURL}
		switch {
		case !a.modified.IsZero():
			e.LastMod = a.modified.Format(time.DateOnly)
		case !a.published.IsZero():
			e.LastMod = a.published.Format(time.DateOnly)
		}
		u.URLs = append(u.URLs, e)
	}
	return marshalXML(u)
}

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	GUID        rssGUID `xml:"guid"`
	Description string  `xml:"description"`
	Creator     string  `xml:"dc:creator"`
	PubDate     string  `xml:"pubDate"`
	Category    string  `xml:"category"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// feedXML is the RSS feed of the 20 latest dated articles.
func (s *site) feedXML(built time.Time) ([]byte, error) {
	f := rss{Version: "2.0", DC: "http://purl.org/dc/elements/1.1/", Channel: rssChannel{
		Title:         "London Daily",
		Link:          LondonDailyHost + "/",
		Description:   "Focus on the big picture.",
		Language:      "en-gb",
		LastBuildDate: built.Format(time.RFC1123Z),
	}}
	for _, a := range byRecency(s.articles) {
		if a.published.IsZero() || len(f.Channel.Items) == 20 {
			break
		}
		f.Channel.Items = append(f.Channel.Items, rssItem{
			Title:       a.Headline,
			Link:        a.CanonicalURL,
			GUID:        rssGUID{IsPermaLink: true, Value: a.CanonicalURL},
			Description: a.Standfirst,
			Creator:     a.Author,
			PubDate:     a.published.Format(time.RFC1123Z),
			Category:    a.section.Name,
		})
	}
	return marshalXML(f)
}

func marshalXML(v any) ([]byte, error) {
	b, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("marshal xml: %w", err)
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}
