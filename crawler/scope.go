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

// scope is the set of seed origins. It is built once and only read, so
// workers share it without locking.
type scope map[string]bool

func (s scope) contains(u *url.URL) bool { return s[origin(u)] }

// parseSeeds normalises the seeds and builds the scope from them.
func parseSeeds(seeds []string) ([]*url.URL, scope, error) {
	sc := scope{}
	var out []*url.URL
	for _, s := range seeds {
		u, err := url.Parse(strings.TrimSpace(s))
		if err == nil {
			err = normalize(u)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("config: seed %q: %w", s, errNotHTTP)
		}
		sc[origin(u)] = true
		out = append(out, u)
	}
	return out, sc, nil
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

// followable normalises a link found on a page and reports whether the
// crawl should consider it at all (the seen set decides the rest).
func (s scope) followable(raw string) (string, bool) {
	if raw == "" || len(raw) > MaxURLLength {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || normalize(u) != nil || !s.contains(u) || skipByExtension(u) {
		return "", false
	}
	n := u.String()
	if len(n) > MaxURLLength {
		return "", false
	}
	return n, true
}
