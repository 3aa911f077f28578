package extract

import (
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// Start tables let a hot path skip a regexp on text that cannot begin one
// of its matches. They are derived from the regexp's own program, so they
// cannot drift from it when a phrase is added: a table may only say yes
// too often (it passes empty-width assertions such as \b and $ without
// looking), never no to a text the regexp would match.

// byteSet is a set of ASCII bytes.
type byteSet [2]uint64

func (s *byteSet) add(c byte)      { s[c>>6] |= 1 << (c & 63) }
func (s *byteSet) has(c byte) bool { return c < utf8.RuneSelf && s[c>>6]&(1<<(c&63)) != 0 }

// pairSet is a set of pairs of ASCII bytes.
type pairSet [utf8.RuneSelf]byteSet

func (p *pairSet) has(a, b byte) bool { return a < utf8.RuneSelf && p[a].has(b) }

// prefixes walks the program of a regexp anchored at the start, one input
// byte at a time, as an NFA that keeps every thread.
type prefixes struct {
	prog *syntax.Prog
	seen []bool
}

func newPrefixes(re *regexp.Regexp) *prefixes {
	// re compiled from the same text, so neither step can fail.
	parsed, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		panic(err)
	}
	prog, err := syntax.Compile(parsed.Simplify())
	if err != nil {
		panic(err)
	}
	return &prefixes{prog: prog, seen: make([]bool, len(prog.Inst))}
}

// threads is a set of program counters, each at an instruction that reads
// a rune; matched is set once a thread reached the end of the program.
type threads struct {
	pcs     []uint32
	matched bool
}

func (p *prefixes) add(t *threads, pc uint32) {
	if p.seen[pc] {
		return
	}
	p.seen[pc] = true
	switch i := &p.prog.Inst[pc]; i.Op {
	case syntax.InstMatch:
		t.matched = true
	case syntax.InstFail:
	case syntax.InstAlt, syntax.InstAltMatch:
		p.add(t, i.Out)
		p.add(t, i.Arg)
	case syntax.InstCapture, syntax.InstNop, syntax.InstEmptyWidth:
		p.add(t, i.Out)
	default: // a rune instruction
		t.pcs = append(t.pcs, pc)
	}
}

func (p *prefixes) done() { clear(p.seen) }

func (p *prefixes) start() threads {
	var t threads
	p.add(&t, uint32(p.prog.Start))
	p.done()
	return t
}

// step feeds c to every thread of t.
func (p *prefixes) step(t threads, c byte) threads {
	next := threads{matched: t.matched}
	if t.matched {
		return next // a match has ended: any text may follow
	}
	for _, pc := range t.pcs {
		if i := &p.prog.Inst[pc]; reads(i, rune(c)) {
			p.add(&next, i.Out)
		}
	}
	p.done()
	return next
}

// reads reports whether rune instruction i consumes r.
func reads(i *syntax.Inst, r rune) bool {
	switch i.Op {
	case syntax.InstRune1:
		return r == i.Rune[0]
	case syntax.InstRuneAny:
		return true
	case syntax.InstRuneAnyNotNL:
		return r != '\n'
	}
	return i.MatchRune(r) // InstRune, case folding included
}

func (t threads) alive() bool { return t.matched || len(t.pcs) > 0 }

// startPairs returns the pairs of ASCII bytes a match of re, anchored at
// the start, can begin with, after any one of the bytes in lead when lead
// is not empty.
func startPairs(re *regexp.Regexp, lead *byteSet) *pairSet {
	p := newPrefixes(re)
	var firsts []threads
	if lead == nil {
		firsts = append(firsts, p.start())
	} else {
		for c := range byte(utf8.RuneSelf) {
			if lead.has(c) {
				firsts = append(firsts, p.step(p.start(), c))
			}
		}
	}
	var set pairSet
	for _, t0 := range firsts {
		for a := range byte(utf8.RuneSelf) {
			t1 := p.step(t0, a)
			if !t1.alive() {
				continue
			}
			for b := range byte(utf8.RuneSelf) {
				if p.step(t1, b).alive() {
					set[a].add(b)
				}
			}
		}
	}
	return &set
}

// startBytes returns the ASCII bytes a match of re, anchored at the
// start, can begin with.
func startBytes(re *regexp.Regexp) *byteSet {
	p := newPrefixes(re)
	t0 := p.start()
	var set byteSet
	for c := range byte(utf8.RuneSelf) {
		if p.step(t0, c).alive() {
			set.add(c)
		}
	}
	return &set
}
