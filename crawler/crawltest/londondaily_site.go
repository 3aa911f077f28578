package crawltest

import (
	"fmt"
	"time"
)

// site is one generated news site: its truth and its rendered responses.
type site struct {
	seed      seedPage
	articles  []*article // the seed first, then the seed's related list in order
	sections  []*section
	authors   []*author
	resources map[string]resource
	htmlPaths []string
}

// londonDaily is built once at init from the embedded seed; a failure is a
// bug in this package, not in the caller, so it panics.
var londonDaily = mustBuildLondonDaily()

func mustBuildLondonDaily() *site {
	s, err := buildLondonDaily()
	if err != nil {
		panic("crawltest: " + err.Error())
	}
	return s
}

func buildLondonDaily() (*site, error) {
	seed, err := parseSeed(seedText)
	if err != nil {
		return nil, err
	}
	s := &site{seed: seed, sections: sectionList}

	byName := map[string]*author{}
	addAuthor := func(name string) *author {
		if au, ok := byName[name]; ok {
			return au
		}
		slug := slugify(name)
		au := &author{Name: name, Slug: slug, Path: "/author/" + slug + "/",
			Bio: name + " is a reporter for London Daily."}
		byName[name] = au
		s.authors = append(s.authors, au)
		return au
	}

	published := time.Date(2021, time.December, 13, 18, 3, 0, 0, time.UTC)
	sa := &article{
		index:     -1,
		variant:   'B',
		section:   sectionList[0],
		author:    addAuthor(seedAuthorName),
		published: published,
		pubISO:    isoWithOffset(published),
	}
	sa.Path = SeedPath
	sa.Headline = seed.headline
	sa.Standfirst = seed.standfirst
	sa.Paragraphs = seed.paragraphs
	sa.PublishedAt = sa.pubISO
	s.articles = append(s.articles, sa)

	paths := map[string]bool{SeedPath: true}
	for i, title := range seed.related {
		a := generateArticle(i, title)
		if paths[a.Path] {
			return nil, fmt.Errorf("generate article %d: duplicate path %s", i, a.Path)
		}
		paths[a.Path] = true
		a.author = addAuthor(authorNames[(i*7+3)%len(authorNames)])
		s.articles = append(s.articles, a)
	}

	for _, a := range s.articles {
		a.CanonicalURL = LondonDailyHost + a.Path
		a.Author = a.author.Name
		a.author.articles = append(a.author.articles, a)
	}
	gen := s.articles[1:]
	for _, g := range gen {
		sa.Related = append(sa.Related, link(g))
	}
	for _, a := range gen {
		if a.index%10 == 0 {
			a.Related = append(a.Related, link(sa))
		}
		for _, step := range []int{1, 4, 9, 16, 25} {
			if len(a.Related) == 5 {
				break
			}
			a.Related = append(a.Related, link(gen[(a.index+step)%len(gen)]))
		}
	}

	if err := s.renderAll(); err != nil {
		return nil, err
	}
	return s, nil
}

func link(a *article) RelatedLink {
	return RelatedLink{Path: a.Path, CanonicalURL: LondonDailyHost + a.Path, Title: a.Headline}
}
