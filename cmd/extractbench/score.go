package main

import (
	"strings"
	"unicode"
)

// This file is the body scorer of the scrapinghub article-extraction-benchmark
// (evaluate.py), reproduced to the letter so our figures compare with the
// published ones. Its edge cases are deliberate:
//   - a text with 1 to 3 tokens yields one shingle holding all its tokens
//     (Python's range(max(1, len(tokens)-n+1)) with a short slice);
//   - an empty text yields no shingle at all;
//   - an empty prediction against a non-empty gold gives tp = fp = 0, so the
//     page leaves the precision mean and counts 0 in the recall mean;
//   - a page where both sides are empty leaves both means and counts as
//     accurate (equal token sequences).

// shingleSize is the n of the n-gram shingles the benchmark compares.
const shingleSize = 4

// isWordRune reports whether r belongs to a \w+ token in Python's Unicode
// sense: letters, numbers and the underscore (not combining marks).
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// tokens returns the matches of [\p{L}\p{N}_]+ in s, case kept.
func tokens(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// shingles counts the n-token shingles of toks as a multiset. A sequence
// shorter than n is one shingle; an empty one has none.
func shingles(toks []string, n int) map[string]int {
	m := make(map[string]int)
	for i := 0; i < max(1, len(toks)-n+1); i++ {
		end := min(i+n, len(toks))
		if end <= i {
			continue
		}
		m[strings.Join(toks[i:end], "\x00")]++
	}
	return m
}

// bodyScore is one page's body comparison: tp, fp and fn normalised to sum
// to 1 (all 0 when both sides have no shingle), and whether the token
// sequences are equal.
type bodyScore struct {
	TP, FP, FN float64
	Exact      bool
}

// scoreBody compares a predicted body with the gold one.
func scoreBody(gold, pred string) bodyScore {
	gt, pt := tokens(gold), tokens(pred)
	g, p := shingles(gt, shingleSize), shingles(pt, shingleSize)
	var tp, fp, fn int
	for k, gc := range g {
		pc := p[k]
		tp += min(gc, pc)
		fn += max(0, gc-pc)
	}
	for k, pc := range p {
		fp += max(0, pc-g[k])
	}
	s := bodyScore{TP: float64(tp), FP: float64(fp), FN: float64(fn), Exact: equalTokens(gt, pt)}
	if sum := tp + fp + fn; sum > 0 {
		s.TP /= float64(sum)
		s.FP /= float64(sum)
		s.FN /= float64(sum)
	}
	return s
}

func equalTokens(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// hasPrecision reports whether the page enters the precision mean.
func (s bodyScore) hasPrecision() bool { return s.TP+s.FP > 0 }

// hasRecall reports whether the page enters the recall mean.
func (s bodyScore) hasRecall() bool { return s.TP+s.FN > 0 }

func (s bodyScore) precision() float64 {
	switch {
	case s.FP == 0 && s.FN == 0:
		return 1
	case s.TP == 0 && s.FP == 0:
		return 0
	}
	return s.TP / (s.TP + s.FP)
}

func (s bodyScore) recall() float64 {
	switch {
	case s.FP == 0 && s.FN == 0:
		return 1
	case s.TP == 0 && s.FN == 0:
		return 0
	}
	return s.TP / (s.TP + s.FN)
}

// f1 is the page's own F1, used only to rank the worst pages.
func (s bodyScore) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// bodyFigures are the benchmark's figures over a set of pages.
type bodyFigures struct {
	Pages                           int
	F1, Precision, Recall, Accuracy float64
}

// aggregateBody averages precision and recall over the pages that enter
// each mean and takes F1 of the two means, as evaluate.py does. A mean
// over no page is 0 (evaluate.py would raise).
func aggregateBody(scores []bodyScore) bodyFigures {
	f := bodyFigures{Pages: len(scores)}
	var np, nr, exact int
	for _, s := range scores {
		if s.hasPrecision() {
			f.Precision += s.precision()
			np++
		}
		if s.hasRecall() {
			f.Recall += s.recall()
			nr++
		}
		if s.Exact {
			exact++
		}
	}
	if np > 0 {
		f.Precision /= float64(np)
	}
	if nr > 0 {
		f.Recall /= float64(nr)
	}
	if f.Precision+f.Recall > 0 {
		f.F1 = 2 * f.Precision * f.Recall / (f.Precision + f.Recall)
	}
	if len(scores) > 0 {
		f.Accuracy = float64(exact) / float64(len(scores))
	}
	return f
}
