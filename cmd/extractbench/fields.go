package main

import (
	"regexp"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// This file scores the metadata fields: headline and standfirst (exact and
// token F1), date, authors and the body snippets of the tr-* pages.

// quoteDash maps the quote and dash variants publishers and gold files
// disagree on to their ASCII forms, so only real differences count.
var quoteDash = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u201b", "'",
	"\u2032", "'", "\u00b4", "'", "`", "'", "\u02bc", "'",
	"\u2039", "'", "\u203a", "'",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u201f", `"`,
	"\u2033", `"`, "\u00ab", `"`, "\u00bb", `"`, "\u301d", `"`, "\u301e", `"`,
	"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-",
	"\u2014", "-", "\u2015", "-", "\u2212", "-", "\ufe58", "-",
	"\ufe63", "-", "\uff0d", "-",
)

// collapseSpace trims s and turns every run of Unicode white space into
// one space.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// normalizeText is the comparison form of a headline or standfirst: NFKC,
// quotes and dashes unified, white space collapsed. Case is kept. Quotes
// are unified before NFKC too, because NFKC splits some of them (U+2033
// into two primes, U+00B4 into a space and a combining accent).
func normalizeText(s string) string {
	return collapseSpace(quoteDash.Replace(norm.NFKC.String(quoteDash.Replace(s))))
}

// textExact reports whether pred equals gold after normalizeText.
func textExact(gold, pred string) bool {
	return normalizeText(gold) == normalizeText(pred)
}

// tokenF1 is the F1 of the lower-cased token multisets of the normalised
// texts. Two texts without any token score 1 when their normal forms are
// equal, else 0.
func tokenF1(gold, pred string) float64 {
	g := tokens(strings.ToLower(normalizeText(gold)))
	p := tokens(strings.ToLower(normalizeText(pred)))
	if len(g) == 0 || len(p) == 0 {
		if len(g) == 0 && len(p) == 0 && textExact(gold, pred) {
			return 1
		}
		return 0
	}
	count := make(map[string]int, len(g))
	for _, t := range g {
		count[t]++
	}
	common := 0
	for _, t := range p {
		if count[t] > 0 {
			count[t]--
			common++
		}
	}
	if common == 0 {
		return 0
	}
	prec := float64(common) / float64(len(p))
	rec := float64(common) / float64(len(g))
	return 2 * prec * rec / (prec + rec)
}

// f1Threshold is the token F1 from which a headline or standfirst counts
// as nearly right.
const f1Threshold = 0.9

var dayPrefix = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

// dayOf returns the calendar day of a published_at value as the page
// states it (RFC 3339 with the page's own offset, or a bare day): its
// first ten characters, never converted to UTC. It returns "" when the
// value does not start with a YYYY-MM-DD day.
func dayOf(publishedAt string) string {
	return dayPrefix.FindString(strings.TrimSpace(publishedAt))
}

// dateMatch reports whether the predicted publication time falls on the
// gold day or one of the accepted alternatives. A missing prediction is
// wrong.
func dateMatch(publishedAt, gold string, alts []string) bool {
	d := dayOf(publishedAt)
	if d == "" {
		return false
	}
	return d == gold || slices.Contains(alts, d)
}

// authorSplit separates several names written in one string.
var authorSplit = strings.NewReplacer(";", ",", "&", ",", " and ", ",")

// authorSet lower-cases the names, splits each on , ; & and " and ",
// trims them and returns the distinct non-empty names, sorted.
func authorSet(names []string) []string {
	var out []string
	for _, n := range names {
		n = authorSplit.Replace(collapseSpace(strings.ToLower(n)))
		for _, part := range strings.Split(n, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// authorsMatch reports whether both lists name the same set of people.
func authorsMatch(gold, pred []string) bool {
	return slices.Equal(authorSet(gold), authorSet(pred))
}

// snippetCounts returns how many with snippets occur in body and how many
// without snippets do not, white space collapsed on both sides.
func snippetCounts(body string, with, without []string) (found, absent int) {
	b := collapseSpace(body)
	for _, s := range with {
		if strings.Contains(b, collapseSpace(s)) {
			found++
		}
	}
	for _, s := range without {
		if !strings.Contains(b, collapseSpace(s)) {
			absent++
		}
	}
	return found, absent
}
