package crawler

import (
	"sync"
	"time"
)

// job is one URL waiting to be fetched.
type job struct {
	url   string // normalised
	depth int
	host  string // politeness key: host name without port
}

// seenSet remembers every URL queued or reached by a redirect. add checks
// and marks in one step under a lock: colly's own visited store checks then
// sets, and under concurrency fetches the same URL several times.
//
// It lives in memory for one Run; the persistent frontier will replace it.
type seenSet struct {
	mu sync.Mutex
	m  map[string]struct{}
}

func newSeenSet() *seenSet { return &seenSet{m: map[string]struct{}{}} }

// add marks u and reports whether it was new.
func (s *seenSet) add(u string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.m[u]; ok {
		return false
	}
	s.m[u] = struct{}{}
	return true
}

// hostQueue is one host's FIFO of jobs and its politeness state.
type hostQueue struct {
	jobs   []*job
	head   int
	active int           // requests in flight
	next   time.Time     // earliest start of the next request
	delay  time.Duration // max(Config.Delay, Crawl-delay)
}

func (h *hostQueue) len() int { return len(h.jobs) - h.head }

// scheduler holds the queued jobs per host and decides which may start.
// It is owned by Run's dispatch loop alone, so it needs no lock.
type scheduler struct {
	hosts   map[string]*hostQueue
	order   []*hostQueue // round-robin over hosts, in order of discovery
	rr      int
	perHost int
	delay   time.Duration
	queued  int
}

func newScheduler(perHost int, delay time.Duration) *scheduler {
	return &scheduler{hosts: map[string]*hostQueue{}, perHost: perHost, delay: delay}
}

func (s *scheduler) push(j *job) {
	h := s.hosts[j.host]
	if h == nil {
		h = &hostQueue{delay: s.delay}
		s.hosts[j.host] = h
		s.order = append(s.order, h)
	}
	h.jobs = append(h.jobs, j)
	s.queued++
}

// ready returns the next job allowed to start at now without removing it,
// or, when none is, how long until one may be (0: none will be until a
// request finishes or new links arrive).
func (s *scheduler) ready(now time.Time) (*job, time.Duration) {
	var wait time.Duration
	for i := range s.order {
		h := s.order[(s.rr+i)%len(s.order)]
		if h.len() == 0 || h.active >= s.perHost {
			continue
		}
		if d := h.next.Sub(now); d > 0 {
			if wait == 0 || d < wait {
				wait = d
			}
			continue
		}
		return h.jobs[h.head], 0
	}
	return nil, wait
}

// start removes j (just returned by ready) from its queue.
func (s *scheduler) start(j *job, now time.Time) {
	h := s.hosts[j.host]
	h.jobs[h.head] = nil
	h.head++
	if h.head > 64 && h.head*2 > len(h.jobs) {
		h.jobs = append([]*job(nil), h.jobs[h.head:]...)
		h.head = 0
	}
	h.active++
	// Space request starts too, which matters when perHost > 1.
	h.next = now.Add(h.delay)
	s.queued--
	for i, o := range s.order {
		if o == h {
			s.rr = i + 1
			break
		}
	}
}

// finish records that a job of host ended. fetched says a request was made,
// so the delay runs again from now; crawlDelay is robots.txt's wish.
func (s *scheduler) finish(host string, fetched bool, crawlDelay time.Duration, now time.Time) {
	h := s.hosts[host]
	h.active--
	h.delay = max(s.delay, crawlDelay)
	if fetched {
		h.next = now.Add(h.delay)
	}
}
