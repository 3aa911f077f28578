package store

import "strings"

// Paragraph diffs: how a version's body differs from the previous one,
// counted in paragraphs (the body's blank-line-separated blocks), and a
// unified-style listing for `newsarchive diff`.

// Paragraphs splits a body into its paragraphs (separated by a blank
// line), dropping empty ones.
func Paragraphs(body string) []string {
	var out []string
	for _, p := range strings.Split(body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// DiffOp is one step of a paragraph diff: Op is ' ' (kept), '-' (only in
// the old text) or '+' (only in the new).
type DiffOp struct {
	Op   byte
	Text string
}

// maxDiffCells bounds the quadratic LCS table; beyond it the differing
// middle of two bodies is reported as all removed and all added.
const maxDiffCells = 4 << 20

// DiffParagraphs returns the paragraph-level diff turning a into b: a
// longest common subsequence after trimming the common head and tail.
func DiffParagraphs(a, b []string) []DiffOp {
	var ops []DiffOp
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		ops = append(ops, DiffOp{' ', a[pre]})
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(am)*len(bm) > maxDiffCells {
		for _, p := range am {
			ops = append(ops, DiffOp{'-', p})
		}
		for _, p := range bm {
			ops = append(ops, DiffOp{'+', p})
		}
	} else {
		ops = append(ops, lcsDiff(am, bm)...)
	}
	for _, p := range a[len(a)-suf:] {
		ops = append(ops, DiffOp{' ', p})
	}
	return ops
}

func lcsDiff(a, b []string) []DiffOp {
	n, m := len(a), len(b)
	// l[i][j] is the LCS length of a[i:] and b[j:].
	l := make([][]int32, n+1)
	for i := range l {
		l[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var ops []DiffOp
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, DiffOp{' ', a[i]})
			i++
			j++
		case l[i+1][j] >= l[i][j+1]:
			ops = append(ops, DiffOp{'-', a[i]})
			i++
		default:
			ops = append(ops, DiffOp{'+', b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, DiffOp{'-', a[i]})
	}
	for ; j < m; j++ {
		ops = append(ops, DiffOp{'+', b[j]})
	}
	return ops
}

// ParagraphChanges counts a diff's paragraphs: within each run of
// removals and additions between kept paragraphs, pairs count as changed
// (a paragraph edited in place) and the rest as removed or added.
func ParagraphChanges(ops []DiffOp) (added, removed, changed int) {
	minus, plus := 0, 0
	flush := func() {
		c := min(minus, plus)
		changed += c
		removed += minus - c
		added += plus - c
		minus, plus = 0, 0
	}
	for _, o := range ops {
		switch o.Op {
		case '-':
			minus++
		case '+':
			plus++
		default:
			flush()
		}
	}
	flush()
	return added, removed, changed
}
