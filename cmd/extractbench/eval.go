package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/newsarchive/newsarchive/extract"
)

// pageRecord is one page's prediction and verdicts. It is also the line
// written by -out, so two runs can be diffed page by page: the verdict
// fields are present only when the page has that gold.
type pageRecord struct {
	ID          string   `json:"id"`
	Headline    string   `json:"headline"`
	Standfirst  string   `json:"standfirst"`
	PublishedAt string   `json:"published_at"`
	Authors     []string `json:"authors"`
	Body        string   `json:"body"`
	Kind        string   `json:"kind"`
	Error       string   `json:"error,omitempty"`

	BodyF1          *float64 `json:"body_f1,omitempty"`
	BodyExact       *bool    `json:"body_exact,omitempty"`
	HeadlineExact   *bool    `json:"headline_exact,omitempty"`
	HeadlineF1      *float64 `json:"headline_f1,omitempty"`
	DateOK          *bool    `json:"date_ok,omitempty"`
	AuthorsOK       *bool    `json:"authors_ok,omitempty"`
	StandfirstExact *bool    `json:"standfirst_exact,omitempty"`
	StandfirstF1    *float64 `json:"standfirst_f1,omitempty"`
	// KindOK: a news page classified article, or a non-news page not.
	KindOK        *bool `json:"kind_ok,omitempty"`
	WithFound     *int  `json:"with_found,omitempty"`
	WithTotal     *int  `json:"with_total,omitempty"`
	WithoutAbsent *int  `json:"without_absent,omitempty"`
	WithoutTotal  *int  `json:"without_total,omitempty"`

	group string
	truth *truth
	body  *bodyScore
}

// datasetResult is one dataset's pages, scored, and the time spent in
// extract.Parse alone.
type datasetResult struct {
	Name    string
	Pages   []pageRecord // sorted by id
	Parse   time.Duration
	Errors  int
	Figures map[string]float64 // see figures
	Groups  map[string]map[string]float64
}

// evalDataset runs the extractor over every page of d and scores it. Only
// the Parse call is timed; reading and gunzipping happen before it.
func evalDataset(ctx context.Context, d *dataset, logger *slog.Logger) (*datasetResult, error) {
	res := &datasetResult{Name: d.Name, Pages: make([]pageRecord, 0, len(d.Cases))}
	for i := range d.Cases {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t := &d.Cases[i]
		raw, err := d.readPage(t.ID)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.Name, err)
		}
		start := time.Now()
		a, perr := parsePage(raw, t.URL)
		res.Parse += time.Since(start)
		if perr != nil {
			res.Errors++
			logger.Debug("parse failed", "dataset", d.Name, "id", t.ID, "err", perr)
		}
		res.Pages = append(res.Pages, scorePage(t, a, perr))
	}
	res.Figures = figures(res.Pages)
	res.Groups = groupFigures(res.Pages)
	if n := len(res.Pages); n > 0 {
		res.Figures["ms_per_page"] = round(float64(res.Parse.Microseconds())/1000/float64(n), 3)
	}
	return res, nil
}

// parsePage calls the extractor, turning a panic into an error so one bad
// page cannot end the run.
func parsePage(raw []byte, url string) (a *extract.Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = nil, fmt.Errorf("panic: %v", r)
		}
	}()
	a, err = extract.Parse(raw, extract.Options{URL: url})
	if err == nil && a == nil {
		err = errors.New("nil article")
	}
	return a, err
}

// scorePage compares one prediction with its gold. A failed parse counts as
// an empty prediction.
func scorePage(t *truth, a *extract.Article, perr error) pageRecord {
	if a == nil {
		a = &extract.Article{}
	}
	r := pageRecord{
		ID:          t.ID,
		Headline:    a.Headline,
		Standfirst:  a.Standfirst,
		PublishedAt: a.PublishedAt,
		Authors:     a.Authors,
		Body:        a.Body,
		Kind:        string(a.Kind),
		group:       t.group(),
		truth:       t,
	}
	if r.Authors == nil {
		r.Authors = []string{}
	}
	if perr != nil {
		r.Error = perr.Error()
	}
	if t.Body != nil {
		s := scoreBody(*t.Body, a.Body)
		r.body = &s
		r.BodyF1 = ptr(round(s.f1(), 4))
		r.BodyExact = ptr(s.Exact)
	}
	switch {
	case !t.NewsKnown:
	case t.News:
		r.KindOK = ptr(a.Kind == extract.KindArticle)
	default:
		r.KindOK = ptr(a.Kind != extract.KindArticle)
	}
	if t.News {
		if t.Title != nil {
			r.HeadlineExact = ptr(textExact(*t.Title, a.Headline))
			r.HeadlineF1 = ptr(tokenF1(*t.Title, a.Headline))
		}
		if t.Date != nil {
			r.DateOK = ptr(dateMatch(a.PublishedAt, *t.Date, t.DateAlts))
		}
		if t.Authors != nil {
			r.AuthorsOK = ptr(authorsMatch(t.Authors, a.Authors))
		}
		if t.Description != nil {
			r.StandfirstExact = ptr(textExact(*t.Description, a.Standfirst))
			r.StandfirstF1 = ptr(tokenF1(*t.Description, a.Standfirst))
		}
	}
	if t.With != nil || t.Without != nil {
		found, absent := snippetCounts(a.Body, t.With, t.Without)
		if t.With != nil {
			r.WithFound, r.WithTotal = ptr(found), ptr(len(t.With))
		}
		if t.Without != nil {
			r.WithoutAbsent, r.WithoutTotal = ptr(absent), ptr(len(t.Without))
		}
	}
	return r
}

func ptr[T any](v T) *T { return &v }

// Figure keys, in the order the text table shows them.
const (
	keyPages           = "pages"
	keyBodyF1          = "body_f1"
	keyBodyPrecision   = "body_precision"
	keyBodyRecall      = "body_recall"
	keyBodyAccuracy    = "body_accuracy"
	keyHeadlineExact   = "headline_exact"
	keyHeadlineF190    = "headline_f1_90"
	keyDate            = "date"
	keyAuthors         = "authors"
	keyStandfirstExact = "standfirst_exact"
	keyStandfirstF190  = "standfirst_f1_90"
	keyWithFound       = "with_found"
	keyWithoutAbsent   = "without_absent"
	keyKindArticle     = "kind_article"     // news pages classified article
	keyKindOther       = "kind_not_article" // non-news pages not classified article
	keyMsPerPage       = "ms_per_page"
)

var figureKeys = []string{
	keyBodyF1, keyBodyPrecision, keyBodyRecall, keyBodyAccuracy,
	keyHeadlineExact, keyHeadlineF190, keyDate, keyAuthors,
	keyStandfirstExact, keyStandfirstF190, keyWithFound, keyWithoutAbsent,
	keyKindArticle, keyKindOther,
}

// bodyKeys are the figures repeated per source group in -json output
// (for example nk_body_f1).
var bodyKeys = []string{keyBodyF1, keyBodyPrecision, keyBodyRecall, keyBodyAccuracy}

// figures computes the quality figures of a set of pages, as fractions
// rounded to four decimals, plus "pages". A figure without any gold case
// is left out.
func figures(pages []pageRecord) map[string]float64 {
	f := map[string]float64{keyPages: float64(len(pages))}
	var bodies []bodyScore
	var hx, hf, dt, au, sx, sf, ka, ko rate
	var withFound, withTotal, withoutAbsent, withoutTotal int
	for i := range pages {
		p := &pages[i]
		if p.body != nil {
			bodies = append(bodies, *p.body)
		}
		hx.addBool(p.HeadlineExact)
		hf.addAtLeast(p.HeadlineF1, f1Threshold)
		dt.addBool(p.DateOK)
		au.addBool(p.AuthorsOK)
		sx.addBool(p.StandfirstExact)
		sf.addAtLeast(p.StandfirstF1, f1Threshold)
		if p.truth != nil && p.truth.News {
			ka.addBool(p.KindOK)
		} else {
			ko.addBool(p.KindOK)
		}
		if p.WithTotal != nil {
			withFound += *p.WithFound
			withTotal += *p.WithTotal
		}
		if p.WithoutTotal != nil {
			withoutAbsent += *p.WithoutAbsent
			withoutTotal += *p.WithoutTotal
		}
	}
	if len(bodies) > 0 {
		b := aggregateBody(bodies)
		f[keyBodyF1] = round(b.F1, 4)
		f[keyBodyPrecision] = round(b.Precision, 4)
		f[keyBodyRecall] = round(b.Recall, 4)
		f[keyBodyAccuracy] = round(b.Accuracy, 4)
	}
	hx.put(f, keyHeadlineExact)
	hf.put(f, keyHeadlineF190)
	dt.put(f, keyDate)
	au.put(f, keyAuthors)
	sx.put(f, keyStandfirstExact)
	sf.put(f, keyStandfirstF190)
	(&rate{hit: withFound, n: withTotal}).put(f, keyWithFound)
	(&rate{hit: withoutAbsent, n: withoutTotal}).put(f, keyWithoutAbsent)
	ka.put(f, keyKindArticle)
	ko.put(f, keyKindOther)
	return f
}

// caseCounts returns how many gold cases each figure is over.
func caseCounts(pages []pageRecord) map[string]int {
	c := make(map[string]int)
	for i := range pages {
		p := &pages[i]
		if p.body != nil {
			for _, k := range bodyKeys {
				c[k]++
			}
		}
		count := func(k string, present bool) {
			if present {
				c[k]++
			}
		}
		count(keyHeadlineExact, p.HeadlineExact != nil)
		count(keyHeadlineF190, p.HeadlineF1 != nil)
		count(keyDate, p.DateOK != nil)
		count(keyAuthors, p.AuthorsOK != nil)
		count(keyStandfirstExact, p.StandfirstExact != nil)
		count(keyStandfirstF190, p.StandfirstF1 != nil)
		if p.truth != nil && p.truth.News {
			count(keyKindArticle, p.KindOK != nil)
		} else {
			count(keyKindOther, p.KindOK != nil)
		}
		if p.WithTotal != nil {
			c[keyWithFound] += *p.WithTotal
		}
		if p.WithoutTotal != nil {
			c[keyWithoutAbsent] += *p.WithoutTotal
		}
	}
	return c
}

// groupFigures computes the figures per source group, when the dataset
// has more than one group.
func groupFigures(pages []pageRecord) map[string]map[string]float64 {
	byGroup := make(map[string][]pageRecord)
	for _, p := range pages {
		byGroup[p.group] = append(byGroup[p.group], p)
	}
	if len(byGroup) < 2 {
		return nil
	}
	out := make(map[string]map[string]float64, len(byGroup))
	for g, ps := range byGroup {
		out[g] = figures(ps)
	}
	return out
}

// rate counts hits among cases.
type rate struct{ hit, n int }

func (r *rate) addBool(v *bool) {
	if v == nil {
		return
	}
	r.n++
	if *v {
		r.hit++
	}
}

func (r *rate) addAtLeast(v *float64, threshold float64) {
	if v == nil {
		return
	}
	r.n++
	if *v >= threshold {
		r.hit++
	}
}

func (r *rate) put(f map[string]float64, key string) {
	if r.n > 0 {
		f[key] = round(float64(r.hit)/float64(r.n), 4)
	}
}
