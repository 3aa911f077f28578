package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrForbiddenAddress is wrapped by fetch errors when a connection was
// refused because the address is loopback, private, link-local or otherwise
// not on the public internet, and Config.AllowPrivate is false.
var ErrForbiddenAddress = errors.New("address not allowed")

// newTransport returns the transport shared by page and robots.txt fetches.
//
// The address check runs in the dialer's Control hook, after DNS
// resolution and for every connection, so it covers links, redirects and
// DNS answers that point at the local network (including rebinding between
// two lookups) — a check on the URL's host name could be fooled by all three.
//
// Proxy is deliberately nil: through a proxy the dialer would only see the
// proxy's address. Accept-Encoding is left to the transport, which then
// decompresses gzip itself, so colly never gunzips and the body limit
// counts decompressed bytes.
func newTransport(cfg Config) *http.Transport {
	d := &net.Dialer{Timeout: cfg.Timeout, KeepAlive: 30 * time.Second}
	if !cfg.AllowPrivate {
		d.Control = func(_, address string, _ syscall.RawConn) error { return checkAddress(address) }
	}
	dial := d.DialContext
	if cfg.Resolve != nil {
		// Resolve names ourselves (tests map a name to an address); the
		// Control hook still checks the address actually dialled.
		dial = func(ctx context.Context, network, address string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(address)
			if err != nil {
				return nil, err
			}
			if _, err := netip.ParseAddr(host); err == nil {
				return d.DialContext(ctx, network, address)
			}
			addrs, err := cfg.Resolve(ctx, host)
			if err != nil {
				return nil, err
			}
			if len(addrs) == 0 {
				return nil, fmt.Errorf("resolve %s: no addresses", host)
			}
			var firstErr error
			for _, a := range addrs {
				c, err := d.DialContext(ctx, network, net.JoinHostPort(a.String(), port))
				if err == nil {
					return c, nil
				}
				if firstErr == nil {
					firstErr = err
				}
			}
			return nil, firstErr
		}
	}
	return &http.Transport{
		Proxy:                 nil,
		DialContext:           dial,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   max(cfg.HostParallel, 2),
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
}

// checkAddress refuses a dial to a non-public address ("ip:port").
func checkAddress(address string) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", host, ErrForbiddenAddress)
	}
	if reason := nonPublic(ip); reason != "" {
		return fmt.Errorf("connect to %s (%s): %w", ip, reason, ErrForbiddenAddress)
	}
	return nil
}

var (
	nat64      = netip.MustParsePrefix("64:ff9b::/96")
	specialV4s = []struct {
		p      netip.Prefix
		reason string
	}{
		{netip.MustParsePrefix("0.0.0.0/8"), "this network"},
		{netip.MustParsePrefix("100.64.0.0/10"), "shared address space"},
		{netip.MustParsePrefix("192.0.0.0/24"), "IETF protocol assignments"},
		{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
		{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},
	}
)

// nonPublic names why ip is not a public unicast address, or returns "".
func nonPublic(ip netip.Addr) string {
	ip = ip.WithZone("").Unmap()
	if nat64.Contains(ip) { // a NAT64 address reaches the IPv4 address it embeds
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte(b[12:]))
	}
	switch {
	case ip.IsLoopback():
		return "loopback"
	case ip.IsPrivate():
		return "private"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "link-local"
	case ip.IsUnspecified():
		return "unspecified"
	case ip.IsMulticast():
		return "multicast"
	}
	if ip.Is4() {
		for _, s := range specialV4s {
			if s.p.Contains(ip) {
				return s.reason
			}
		}
	}
	return ""
}
