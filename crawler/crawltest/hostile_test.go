package crawltest

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestHostileNetFaults(t *testing.T) {
	g := NewGenSite(2)
	h := &HostileNet{Next: g, ResetPercent: 100, MaxFaults: 1}
	base := h.Start()
	defer h.Close()
	path := g.ArticlePath(0)
	if res, err := http.Get(base + path); err == nil {
		_, err = io.ReadAll(res.Body)
		res.Body.Close()
		if err == nil {
			t.Fatal("first request: body read without error")
		}
	}
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != 200 || len(b) < 1000 {
		t.Fatalf("second request: %v %d %d bytes", err, res.StatusCode, len(b))
	}
	if f := h.Faults(); f.Reset != 1 || f.Requests != 2 {
		t.Errorf("faults %+v", f)
	}

	th := &HostileNet{Next: g, ThrottlePercent: 100, RetryAfter: 60, MaxFaults: 1}
	tbase := th.Start()
	defer th.Close()
	res, err = http.Get(tbase + path)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 429 && res.StatusCode != 503 || res.Header.Get("Retry-After") == "" {
		t.Fatalf("throttle: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	res, err = http.Get(tbase + "/")
	if err == nil {
		res.Body.Close()
	}
	if v := th.Violations(); len(v) != 1 {
		t.Errorf("violations %v", v)
	}
}

func TestHostileContentPages(t *testing.T) {
	s := NewHostileContent(HostileOptions{BigPage: 3 << 20, BombSize: 8 << 20, Elements: 1000, AttrSize: 1 << 20})
	srv := s.Start()
	defer srv.Close()
	for _, p := range s.Pages() {
		res, err := http.Get(srv.URL + p.Path)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		var r io.Reader = res.Body
		if strings.HasSuffix(p.Path, ".gz") {
			zr, err := gzip.NewReader(res.Body)
			if err != nil {
				t.Fatalf("%s: %v", p.Name, err)
			}
			r = zr
		}
		n, err := io.Copy(io.Discard, r)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 {
			t.Errorf("%s: %d, %v", p.Name, res.StatusCode, err)
		}
		switch p.Path {
		case "/big", "/big-chunked":
			if n != 3<<20 {
				t.Errorf("%s: %d bytes", p.Name, n)
			}
		case "/bomb", "/sitemap-bomb.xml.gz":
			if n < 8<<20 {
				t.Errorf("%s: inflates to %d bytes", p.Name, n)
			}
		}
		if s.Count(p.Path) != 1 && s.Count(strings.ReplaceAll(p.Path, "%27", "'")) != 1 {
			t.Logf("%s: counted under %v", p.Path, s.Requests())
		}
	}
}

func TestTrapSite(t *testing.T) {
	d := NewDecoy()
	defer d.Close()
	ts := &TrapSite{Articles: 3, DecoyURL: d.URL()}
	srv := ts.Start()
	defer srv.Close()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Get(srv.URL + "/go/decoy")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, d.URL()) {
		t.Errorf("redirect to %q", loc)
	}
	res, err = http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{StoryPath(2), d.URL() + "/steal", "/calendar/", "/s/", strings.Repeat("x", 5000)} {
		if !strings.Contains(string(b), want) {
			t.Errorf("home page lacks %.40q", want)
		}
	}
	if reqs, conns := d.Seen(); len(reqs) != 0 || conns != 0 {
		t.Errorf("decoy saw %v (%d conns)", reqs, conns)
	}
	if _, total, _ := ts.Counts(); total != 2 {
		t.Errorf("%d requests counted", total)
	}
}
