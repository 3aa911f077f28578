package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// round rounds v to the given number of decimals, so the figures print and
// diff the same on every run.
func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// jsonFigures builds the -json object: dataset name → figures, with the
// body figures of each source group that has body gold added as
// <group>_body_f1 and so on (for example nk_body_f1 in newsmeta). Without
// timing, ms_per_page is left out (for -write-floor).
func jsonFigures(results []*datasetResult, timing bool) map[string]map[string]float64 {
	out := make(map[string]map[string]float64, len(results))
	for _, r := range results {
		f := make(map[string]float64, len(r.Figures))
		for k, v := range r.Figures {
			if k == keyMsPerPage && !timing {
				continue
			}
			f[k] = v
		}
		for g, gf := range r.Groups {
			if g == "" {
				continue
			}
			for _, k := range bodyKeys {
				if v, ok := gf[k]; ok {
					f[g+"_"+k] = v
				}
			}
		}
		out[r.Name] = f
	}
	return out
}

// writeJSON writes v as indented JSON; maps come out with sorted keys.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

var figureLabels = map[string]string{
	keyBodyF1:          "body F1",
	keyBodyPrecision:   "body precision",
	keyBodyRecall:      "body recall",
	keyBodyAccuracy:    "body accuracy",
	keyHeadlineExact:   "headline exact",
	keyHeadlineF190:    "headline F1>=0.9",
	keyDate:            "date",
	keyAuthors:         "authors",
	keyStandfirstExact: "standfirst exact",
	keyStandfirstF190:  "standfirst F1>=0.9",
	keyWithFound:       "with snippets found",
	keyWithoutAbsent:   "without snippets absent",
	keyKindArticle:     "kind article (news)",
	keyKindOther:       "kind not article (other)",
}

// writeTable prints one dataset's figures, with a column per source group
// when there are several. Each cell is the figure and, in brackets, the
// number of gold cases it is over (snippets for the snippet rows).
func writeTable(w io.Writer, r *datasetResult) error {
	n := len(r.Pages)
	fmt.Fprintf(w, "== %s: %d pages, %d parse errors", r.Name, n, r.Errors)
	if n > 0 && r.Parse > 0 {
		fmt.Fprintf(w, "; extraction %.2f ms/page, %.1f pages/s",
			float64(r.Parse.Microseconds())/1000/float64(n), float64(n)/r.Parse.Seconds())
	}
	fmt.Fprintln(w)

	groups := slices.Sorted(maps.Keys(r.Groups))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := []string{"figure", "all"}
	for _, g := range groups {
		header = append(header, cmp.Or(g, "(none)"))
	}
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	allCounts := caseCounts(r.Pages)
	groupCounts := make(map[string]map[string]int, len(groups))
	for _, g := range groups {
		var ps []pageRecord
		for _, p := range r.Pages {
			if p.group == g {
				ps = append(ps, p)
			}
		}
		groupCounts[g] = caseCounts(ps)
	}
	for _, k := range figureKeys {
		if _, ok := r.Figures[k]; !ok {
			continue
		}
		row := []string{figureLabels[k], cell(r.Figures, allCounts, k)}
		for _, g := range groups {
			row = append(row, cell(r.Groups[g], groupCounts[g], k))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w)
	return err
}

func cell(f map[string]float64, counts map[string]int, k string) string {
	v, ok := f[k]
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.3f (%d)", v, counts[k])
}

// worstN is how many pages -v lists per field.
const worstN = 10

// writeWorst lists, for -v, the pages that fare worst on each field.
func writeWorst(w io.Writer, r *datasetResult) error {
	bw := bufio.NewWriter(w)
	pages := r.Pages

	var bodies []*pageRecord
	for i := range pages {
		if pages[i].body != nil {
			bodies = append(bodies, &pages[i])
		}
	}
	slices.SortStableFunc(bodies, func(a, b *pageRecord) int {
		return cmp.Compare(a.body.f1(), b.body.f1())
	})
	if len(bodies) > 0 {
		fmt.Fprintf(bw, "-- %s: lowest body F1 (%d of %d pages)\n", r.Name, min(worstN, len(bodies)), len(bodies))
		for _, p := range bodies[:min(worstN, len(bodies))] {
			fmt.Fprintf(bw, "  %.3f  P %.3f R %.3f  %s  (%d words predicted, %d gold)\n",
				p.body.f1(), p.body.precision(), p.body.recall(), p.ID,
				len(tokens(p.Body)), len(tokens(*p.truth.Body)))
		}
	}

	textMisses(bw, r.Name, "headline", pages,
		func(p *pageRecord) (*bool, *float64, string, string) {
			return p.HeadlineExact, p.HeadlineF1, p.Headline, deref(p.truth.Title)
		})
	textMisses(bw, r.Name, "standfirst", pages,
		func(p *pageRecord) (*bool, *float64, string, string) {
			return p.StandfirstExact, p.StandfirstF1, p.Standfirst, deref(p.truth.Description)
		})

	var misses []*pageRecord
	total := 0
	for i := range pages {
		if p := &pages[i]; p.DateOK != nil {
			total++
			if !*p.DateOK {
				misses = append(misses, p)
			}
		}
	}
	if len(misses) > 0 {
		fmt.Fprintf(bw, "-- %s: date misses (%d of %d)\n", r.Name, len(misses), total)
		for _, p := range misses[:min(worstN, len(misses))] {
			gold := deref(p.truth.Date)
			if len(p.truth.DateAlts) > 0 {
				gold += " or " + strings.Join(p.truth.DateAlts, ", ")
			}
			fmt.Fprintf(bw, "  %s  predicted %q  gold %s\n", p.ID, p.PublishedAt, gold)
		}
	}

	misses, total = nil, 0
	for i := range pages {
		if p := &pages[i]; p.AuthorsOK != nil {
			total++
			if !*p.AuthorsOK {
				misses = append(misses, p)
			}
		}
	}
	if len(misses) > 0 {
		fmt.Fprintf(bw, "-- %s: author misses (%d of %d)\n", r.Name, len(misses), total)
		for _, p := range misses[:min(worstN, len(misses))] {
			fmt.Fprintf(bw, "  %s  predicted %q  gold %q\n", p.ID, authorSet(p.Authors), authorSet(p.truth.Authors))
		}
	}

	misses, total = nil, 0
	for i := range pages {
		p := &pages[i]
		if p.WithTotal == nil && p.WithoutTotal == nil {
			continue
		}
		total++
		if p.WithTotal != nil && *p.WithFound < *p.WithTotal ||
			p.WithoutTotal != nil && *p.WithoutAbsent < *p.WithoutTotal {
			misses = append(misses, p)
		}
	}
	if len(misses) > 0 {
		fmt.Fprintf(bw, "-- %s: snippet failures (%d of %d pages)\n", r.Name, len(misses), total)
		for _, p := range misses[:min(worstN, len(misses))] {
			body := collapseSpace(p.Body)
			fmt.Fprintf(bw, "  %s  with %d/%d found, without %d/%d absent\n", p.ID,
				derefInt(p.WithFound), derefInt(p.WithTotal), derefInt(p.WithoutAbsent), derefInt(p.WithoutTotal))
			for _, s := range p.truth.With {
				if !strings.Contains(body, collapseSpace(s)) {
					fmt.Fprintf(bw, "    missing %q\n", clip(s))
					break
				}
			}
			for _, s := range p.truth.Without {
				if strings.Contains(body, collapseSpace(s)) {
					fmt.Fprintf(bw, "    present %q\n", clip(s))
					break
				}
			}
		}
	}
	if bw.Buffered() > 0 {
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

// textMisses lists the pages whose headline-like field is not exact, the
// lowest token F1 first.
func textMisses(w io.Writer, dataset, field string, pages []pageRecord,
	get func(*pageRecord) (exact *bool, f1 *float64, pred, gold string)) {
	var misses []*pageRecord
	total := 0
	for i := range pages {
		exact, _, _, _ := get(&pages[i])
		if exact == nil {
			continue
		}
		total++
		if !*exact {
			misses = append(misses, &pages[i])
		}
	}
	if len(misses) == 0 {
		return
	}
	slices.SortStableFunc(misses, func(a, b *pageRecord) int {
		_, fa, _, _ := get(a)
		_, fb, _, _ := get(b)
		return cmp.Compare(*fa, *fb)
	})
	fmt.Fprintf(w, "-- %s: %s misses (%d of %d), lowest token F1 first\n", dataset, field, len(misses), total)
	for _, p := range misses[:min(worstN, len(misses))] {
		_, f1, pred, gold := get(p)
		fmt.Fprintf(w, "  %s  F1 %.2f\n    predicted %q\n    gold      %q\n", p.ID, *f1, clip(pred), clip(gold))
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func derefInt(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

// clip shortens s to about 120 characters for display.
func clip(s string) string {
	s = collapseSpace(s)
	if r := []rune(s); len(r) > 120 {
		return string(r[:117]) + "..."
	}
	return s
}

// writePages writes one JSON line per page, sorted by id, to dir/<name>.jsonl.
func writePages(dir string, r *datasetResult) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create output folder: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := range r.Pages {
		if err := enc.Encode(&r.Pages[i]); err != nil {
			return fmt.Errorf("encode %s: %w", r.Pages[i].ID, err)
		}
	}
	path := filepath.Join(dir, r.Name+".jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write pages: %w", err)
	}
	return nil
}

// floorTolerance is how far below its floor a figure may fall before the
// floor check fails, so rounding and tiny gold fixes do not break CI.
const floorTolerance = 0.01

// floorIgnored are the keys the floor check never compares.
var floorIgnored = map[string]bool{keyPages: true, keyMsPerPage: true}

// readFloor reads a floor file: the -json shape, dataset → figure → value.
func readFloor(path string) (map[string]map[string]float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read floor: %w", err)
	}
	var floor map[string]map[string]float64
	if err := json.Unmarshal(b, &floor); err != nil {
		return nil, fmt.Errorf("parse floor %s: %w", path, err)
	}
	return floor, nil
}

// belowFloor lists, sorted, every figure more than floorTolerance below its
// floor, and every floored figure or dataset the run did not produce.
func belowFloor(floor, cur map[string]map[string]float64) []string {
	var out []string
	for _, ds := range slices.Sorted(maps.Keys(floor)) {
		got, ok := cur[ds]
		if !ok {
			out = append(out, fmt.Sprintf("%s: dataset not found in the data folder", ds))
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(floor[ds])) {
			if floorIgnored[k] {
				continue
			}
			want := floor[ds][k]
			v, ok := got[k]
			if !ok {
				out = append(out, fmt.Sprintf("%s %s: no gold cases now, floor %.4f", ds, k, want))
				continue
			}
			if v < want-floorTolerance-1e-9 {
				out = append(out, fmt.Sprintf("%s %s: %.4f, floor %.4f (%+.4f)", ds, k, v, want, v-want))
			}
		}
	}
	return out
}

// elapsedNote is the speed summary logged at the end of a run.
func elapsedNote(results []*datasetResult) (pages int, parse time.Duration) {
	for _, r := range results {
		pages += len(r.Pages)
		parse += r.Parse
	}
	return pages, parse
}
