package crawler

import (
	"time"
)

// job is one URL handed out by the frontier, waiting to be fetched.
type job struct {
	Entry
	attempt int // fetch attempts made for it in this run
	// redirects are the URLs claimed on the way by the current fetch's
	// redirects, settled with it. Only the worker running the job uses it.
	redirects []string
}

// hostQueue is one host's FIFO of jobs and its politeness state.
type hostQueue struct {
	name      string
	jobs      []*job
	head      int
	active    int           // requests in flight
	perHost   int           // requests allowed in flight
	next      time.Time     // earliest start of the next request
	baseDelay time.Duration // Config.Delay or the outlet's
	delay     time.Duration // max(baseDelay, Crawl-delay)
	dead      bool          // given up on for this run
	// probed: a request of this host has ended in this run, so its
	// robots.txt (and Crawl-delay) is known. Until then one request goes
	// at a time, or HostParallel of them would start before the delay is.
	probed bool
}

func (h *hostQueue) len() int { return len(h.jobs) - h.head }

// scheduler holds the jobs taken from the frontier, per host, and decides
// which may start. It is owned by Run's dispatch loop alone, so it needs
// no lock. It holds only a window of the frontier (Run refills it), so its
// memory does not grow with the site.
type scheduler struct {
	hosts   map[string]*hostQueue
	order   []*hostQueue // round-robin over hosts, in order of discovery
	rr      int
	perHost int
	delay   time.Duration
	queued  int
	// configure, when set, adjusts a new host's delay and parallelism
	// (an outlet's politeness overrides).
	configure func(*hostQueue)
}

func newScheduler(perHost int, delay time.Duration) *scheduler {
	return &scheduler{hosts: map[string]*hostQueue{}, perHost: perHost, delay: delay}
}

func (s *scheduler) host(name string) *hostQueue {
	h := s.hosts[name]
	if h == nil {
		h = &hostQueue{name: name, delay: s.delay, baseDelay: s.delay, perHost: s.perHost}
		if s.configure != nil {
			s.configure(h)
		}
		s.hosts[name] = h
		s.order = append(s.order, h)
	}
	return h
}

// push queues j at the back of its host's queue. Jobs of a dead host are
// dropped: they stay available in the frontier for the next run.
func (s *scheduler) push(j *job) {
	h := s.host(j.Host)
	if h.dead {
		return
	}
	h.jobs = append(h.jobs, j)
	s.queued++
}

// retry queues j at the front of its host's queue, not to start before at:
// a host asking us to wait (Retry-After, 5xx) is given the pause for all of
// its URLs, not only for the one that failed.
func (s *scheduler) retry(j *job, at time.Time) {
	h := s.host(j.Host)
	if h.dead {
		return
	}
	if h.head > 0 {
		h.head--
		h.jobs[h.head] = j
	} else {
		h.jobs = append([]*job{j}, h.jobs...)
	}
	s.queued++
	if at.After(h.next) {
		h.next = at
	}
}

// pause holds back every job of host until at least at (Retry-After).
func (s *scheduler) pause(host string, at time.Time) {
	if h := s.host(host); at.After(h.next) {
		h.next = at
	}
}

// kill gives up on a host for this run and drops its queued jobs.
func (s *scheduler) kill(name string) {
	h := s.host(name)
	h.dead = true
	s.queued -= h.len()
	h.jobs, h.head = nil, 0
}

// full lists the hosts holding at least n queued jobs, which a refill skips.
func (s *scheduler) full(n int) []string {
	var out []string
	for _, h := range s.order {
		if h.dead || h.len() >= n {
			out = append(out, h.name)
		}
	}
	return out
}

// ready returns the next job allowed to start at now without removing it,
// or, when none is, how long until one may be (0: none will be until a
// request finishes or new links arrive).
func (s *scheduler) ready(now time.Time) (*job, time.Duration) {
	var wait time.Duration
	for i := range s.order {
		h := s.order[(s.rr+i)%len(s.order)]
		if h.len() == 0 || h.active >= h.perHost || (!h.probed && h.active > 0) {
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

// drop removes j (just returned by ready) from its queue without
// starting it.
func (s *scheduler) drop(j *job) {
	h := s.hosts[j.Host]
	h.jobs[h.head] = nil
	h.head++
	if h.head > 64 && h.head*2 > len(h.jobs) {
		h.jobs = append([]*job(nil), h.jobs[h.head:]...)
		h.head = 0
	}
	s.queued--
}

// start removes j (just returned by ready) from its queue.
func (s *scheduler) start(j *job, now time.Time) {
	s.drop(j)
	h := s.hosts[j.Host]
	h.active++
	// Space request starts too, which matters when perHost > 1.
	h.next = now.Add(h.delay)
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
	h.probed = true
	h.delay = max(h.baseDelay, crawlDelay)
	if fetched && now.Add(h.delay).After(h.next) {
		h.next = now.Add(h.delay)
	}
}
