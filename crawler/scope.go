package crawler

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"slices"
	"strings"
)

var errNotHTTP = errors.New("not an absolute http(s) URL")

// NormalizeURL returns the form of raw the crawler uses to decide whether two
// links are the same page: scheme and host lower-cased, default port,
// user info and fragment dropped, empty path made "/", tracking parameters
// (utm_*, fbclid, gclid, …) removed and the remaining query parameters
// sorted by key. It fails for anything but an absolute http(s) URL.
//
// Sorting keeps values of a repeated key in their original order, so the
// page a server renders does not change.
func NormalizeURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", err
	}
	if err := normalize(u); err != nil {
		return "", err
	}
	return u.String(), nil
}

// normalize rewrites u in place; see NormalizeURL.
func normalize(u *url.URL) error {
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" || u.Opaque != "" {
		return errNotHTTP
	}
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return errNotHTTP
	}
	port := u.Port()
	if u.Scheme == "http" && port == "80" || u.Scheme == "https" && port == "443" {
		port = ""
	}
	switch {
	case port != "":
		u.Host = net.JoinHostPort(host, port)
	case strings.Contains(host, ":"): // IPv6 literal
		u.Host = "[" + host + "]"
	default:
		u.Host = host
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path, u.RawPath = "/", ""
	}
	u.RawQuery = cleanQuery(u.RawQuery)
	u.ForceQuery = false
	return nil
}

// cleanQuery drops tracking parameters and sorts the rest by key, working
// on the raw pairs so that values keep their exact encoding.
func cleanQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type pair struct{ key, raw string }
	var pairs []pair
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		// Encoded first, so the sort key is the same when the result is
		// normalised again.
		part = queryPart(part)
		k, _, _ := strings.Cut(part, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if isTrackingParam(strings.ToLower(k)) {
			continue
		}
		pairs = append(pairs, pair{k, part})
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return strings.Compare(a.key, b.key) })
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.raw)
	}
	return b.String()
}

// queryPart returns a raw query pair with the bytes a query may not hold
// (the WHATWG query percent-encode set: controls, space, '"', '<', '>',
// non-ASCII) percent-encoded as a browser sends them; everything else,
// '%' escapes included, is kept as written. url.Parse accepts such bytes,
// and leaving them raw made a normalised URL normalise to something else
// (found by FuzzNormalizeURL).
func queryPart(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' {
			if b.Len() == 0 {
				b.Grow(len(s) + 8)
				b.WriteString(s[:i])
			}
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(c)
		}
	}
	if b.Len() == 0 {
		return s
	}
	return b.String()
}

// isTrackingParam reports campaign and click identifiers: they make one
// article look like thousands of URLs and never change the page.
func isTrackingParam(key string) bool {
	if strings.HasPrefix(key, "utm_") {
		return true
	}
	switch key {
	case "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga":
		return true
	}
	return false
}

// origin is the scope key of a normalised URL: scheme://host[:port].
func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// scopeSet says which outlet, if any, a URL belongs to. It is built once
// and only read, so workers share it without locking.
type scopeSet struct {
	outlets  []Outlet
	byOrigin map[string]int // scheme://host[:port] → outlet index
	byHost   map[string]int // host[:port] → outlet index, any scheme
}

// buildScope normalises the outlets' start pages, feeds and sitemaps into
// the run's seed entries and builds the scope from their hosts.
func buildScope(outlets []Outlet) (*scopeSet, []Entry, error) {
	sc := &scopeSet{outlets: outlets, byOrigin: map[string]int{}, byHost: map[string]int{}}
	var seeds []Entry
	for i, o := range outlets {
		add := func(list []string, res Resource, scoped bool) error {
			for _, s := range list {
				u, err := url.Parse(strings.TrimSpace(s))
				if err == nil {
					err = normalize(u)
				}
				if err != nil {
					return fmt.Errorf("config: seed %q: %w", s, errNotHTTP)
				}
				if scoped && len(o.Hosts) == 0 {
					if _, ok := sc.byOrigin[origin(u)]; !ok {
						sc.byOrigin[origin(u)] = i
					}
				}
				seeds = append(seeds, Entry{URL: u.String(), Host: u.Host, Resource: res})
			}
			return nil
		}
		if err := add(o.Start, ResourcePage, true); err != nil {
			return nil, nil, err
		}
		noStart := len(o.Start) == 0
		if err := add(o.Feeds, ResourceFeed, noStart); err != nil {
			return nil, nil, err
		}
		if err := add(o.Sitemaps, ResourceSitemap, noStart); err != nil {
			return nil, nil, err
		}
		for _, h := range o.Hosts {
			h = strings.TrimSpace(h)
			if strings.Contains(h, "://") {
				u, err := url.Parse(h)
				if err == nil {
					err = normalize(u)
				}
				if err != nil {
					return nil, nil, fmt.Errorf("config: host %q: %w", h, errNotHTTP)
				}
				if _, ok := sc.byOrigin[origin(u)]; !ok {
					sc.byOrigin[origin(u)] = i
				}
				continue
			}
			u, err := url.Parse("http://" + h)
			if err != nil || u.Host == "" || normalize(u) != nil || u.Path != "/" {
				return nil, nil, fmt.Errorf("config: host %q: not a host name", h)
			}
			if _, ok := sc.byHost[u.Host]; !ok {
				sc.byHost[u.Host] = i
			}
		}
	}
	return sc, seeds, nil
}

// outletIndex returns the index of u's outlet, or -1 when u is out of scope.
func (s *scopeSet) outletIndex(u *url.URL) int {
	if i, ok := s.byOrigin[origin(u)]; ok {
		return i
	}
	if i, ok := s.byHost[u.Host]; ok {
		return i
	}
	return -1
}

// outletIndexOf is outletIndex for a normalised URL string.
func (s *scopeSet) outletIndexOf(raw string) int {
	u, err := url.Parse(raw)
	if err != nil {
		return -1
	}
	return s.outletIndex(u)
}

func (s *scopeSet) contains(u *url.URL) bool { return s.outletIndex(u) >= 0 }

// outletOfHost returns the outlet a politeness key (host[:port]) belongs
// to, or nil.
func (s *scopeSet) outletOfHost(host string) *Outlet {
	if i, ok := s.byHost[host]; ok {
		return &s.outlets[i]
	}
	for _, scheme := range []string{"https", "http"} {
		if i, ok := s.byOrigin[scheme+"://"+host]; ok {
			return &s.outlets[i]
		}
	}
	return nil
}

// skippedExt lists extensions of files that are never HTML: fetching them
// would only spend the page budget and the host's patience.
var skippedExt = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range strings.Fields(`
		jpg jpeg png gif webp svg ico bmp tif tiff avif heic
		pdf css js mjs map woff woff2 ttf otf eot
		zip gz tgz tar rar 7z bz2 xz exe dmg apk msi bin iso
		mp3 mp4 m4a m4v wav ogg oga ogv webm mov avi mkv flac aac
		doc docx xls xlsx ppt pptx odt ods odp epub csv swf`) {
		m["."+e] = true
	}
	return m
}()

func skipByExtension(u *url.URL) bool {
	return skippedExt[strings.ToLower(path.Ext(u.Path))]
}

// followable normalises a link found on a page, feed or sitemap and
// reports whether the crawl should consider it at all (the frontier decides
// the rest): an http(s) URL of sane length, in an outlet's scope, not a
// file that is never HTML, matching the outlet's include and exclude
// patterns. It returns the normalised URL and the outlet's index.
func (s *scopeSet) followable(raw string) (string, int, bool) {
	if raw == "" || len(raw) > MaxURLLength {
		return "", -1, false
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || normalize(u) != nil || skipByExtension(u) {
		return "", -1, false
	}
	i := s.outletIndex(u)
	if i < 0 {
		return "", -1, false
	}
	n := u.String()
	if len(n) > MaxURLLength || !s.outlets[i].wants(n) {
		return "", -1, false
	}
	return n, i, true
}

// wants applies the outlet's include and exclude patterns to a URL.
func (o *Outlet) wants(u string) bool {
	for _, re := range o.exclude {
		if re.MatchString(u) {
			return false
		}
	}
	if len(o.include) == 0 {
		return true
	}
	for _, re := range o.include {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}
