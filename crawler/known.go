package crawler

import (
	"hash/maphash"
	"sync"
)

// knownURLs remembers URLs the frontier is known to hold, so the links a
// site repeats on every page (menus, section lists, related boxes) skip
// the frontier write: with a sitemap read first, nearly every link on an
// article page is one. Two generations of at most knownCap keys keep
// memory fixed whatever the site's size; a URL forgotten is only written
// again, and the frontier ignores it. Keys are 128-bit hashes: a
// collision, which would skip a new URL, is about as likely as a
// random 128-bit match.
type knownURLs struct {
	mu        sync.Mutex
	s1, s2    maphash.Seed
	cur, prev map[[2]uint64]struct{}
}

const knownCap = 1 << 16

func newKnownURLs() *knownURLs {
	return &knownURLs{s1: maphash.MakeSeed(), s2: maphash.MakeSeed(), cur: map[[2]uint64]struct{}{}}
}

func (k *knownURLs) key(u string) [2]uint64 {
	return [2]uint64{maphash.String(k.s1, u), maphash.String(k.s2, u)}
}

func (k *knownURLs) has(u string) bool {
	key := k.key(u)
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.cur[key]; ok {
		return true
	}
	_, ok := k.prev[key]
	return ok
}

// add records entries the frontier has committed.
func (k *knownURLs) add(es []Entry) {
	keys := make([][2]uint64, len(es))
	for i, e := range es {
		keys[i] = k.key(e.URL)
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, key := range keys {
		if len(k.cur) >= knownCap {
			k.prev, k.cur = k.cur, make(map[[2]uint64]struct{}, knownCap/4)
		}
		k.cur[key] = struct{}{}
	}
}
