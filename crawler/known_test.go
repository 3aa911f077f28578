package crawler

import (
	"fmt"
	"testing"
)

func TestKnownURLsBounded(t *testing.T) {
	k := newKnownURLs()
	if k.has("https://n.example/a") {
		t.Fatal("empty set knows a URL")
	}
	k.add([]Entry{{URL: "https://n.example/a"}})
	if !k.has("https://n.example/a") || k.has("https://n.example/b") {
		t.Fatal("membership wrong after add")
	}
	// Fill past two generations: the oldest are forgotten, the newest kept,
	// and the sets never exceed their cap.
	var es []Entry
	for i := range 2*knownCap + 10 {
		es = append(es, Entry{URL: fmt.Sprintf("https://n.example/p%d", i)})
	}
	k.add(es)
	if len(k.cur) > knownCap || len(k.prev) > knownCap {
		t.Fatalf("sets grew to %d and %d, cap %d", len(k.cur), len(k.prev), knownCap)
	}
	if k.has("https://n.example/a") {
		t.Error("a URL two generations old is still remembered")
	}
	if !k.has(es[len(es)-1].URL) || !k.has(es[len(es)-knownCap].URL) {
		t.Error("recent URLs forgotten")
	}
}
