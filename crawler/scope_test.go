package crawler

import (
	"net/url"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"HTTP://Example.COM", "http://example.com/"},
		{"http://example.com:80/a", "http://example.com/a"},
		{"https://example.com:443/a", "https://example.com/a"},
		{"https://example.com:8443/a", "https://example.com:8443/a"},
		{"http://example.com:443/a", "http://example.com:443/a"},
		{"https://example.com./a", "https://example.com/a"},
		{"https://user:pw@example.com/a", "https://example.com/a"},
		{"https://example.com/a#frag", "https://example.com/a"},
		{"https://example.com/a?", "https://example.com/a"},
		{"https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"},
		{"https://example.com/a?utm_source=x&id=7&fbclid=y&gclid=z&UTM_Medium=q", "https://example.com/a?id=7"},
		{"https://example.com/a?utm_source=x", "https://example.com/a"},
		{"https://example.com/a?t=2&t=1&a", "https://example.com/a?a&t=2&t=1"},
		{"https://example.com/a?q=caf%C3%A9+x&&", "https://example.com/a?q=caf%C3%A9+x"},
		{"https://example.com/A/B", "https://example.com/A/B"},
		{"https://[::1]:443/", "https://[::1]/"},
		{"https://[2001:DB8::1]:8080/", "https://[2001:db8::1]:8080/"},
	} {
		got, err := NormalizeURL(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("NormalizeURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "/a", "example.com/a", "mailto:a@b.c", "javascript:void(0)", "ftp://example.com/", "http:///a", "http://%zz/"} {
		if got, err := NormalizeURL(bad); err == nil {
			t.Errorf("NormalizeURL(%q) = %q, want an error", bad, got)
		}
	}
}

func TestFollowable(t *testing.T) {
	sc, _, err := buildScope([]Outlet{{Start: []string{"https://example.com/", "http://example.com:8080/"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"https://example.com/news", true},
		{"https://EXAMPLE.com:443/news", true},
		{"http://example.com/news", false}, // other scheme, other origin
		{"http://example.com:8080/x", true},
		{"https://sub.example.com/news", false},
		{"https://example.com/photo.JPG", false},
		{"https://example.com/report.pdf?dl=1", false},
		{"https://example.com/story.html", true},
		{"https://example.com/" + string(make([]byte, MaxURLLength)), false},
	} {
		if _, _, got := sc.followable(tc.in); got != tc.want {
			t.Errorf("followable(%.60q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{"https://example.com/a?b=1&utm_x=2#f", "HTTP://[::1]:80/%41?a=%zz", "http://a/b/../c?;x=1", "http://0.."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormalizeURL(s)
		if err != nil {
			return
		}
		u, err := url.Parse(n)
		if err != nil {
			t.Fatalf("normalised %q to unparseable %q: %v", s, n, err)
		}
		if u.Fragment != "" || u.User != nil || (u.Scheme != "http" && u.Scheme != "https") {
			t.Fatalf("normalised %q to %q", s, n)
		}
		if again, err := NormalizeURL(n); err != nil || again != n {
			t.Fatalf("not idempotent: %q -> %q -> %q (%v)", s, n, again, err)
		}
	})
}
