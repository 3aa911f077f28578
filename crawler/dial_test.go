package crawler

import (
	"errors"
	"testing"
)

func TestCheckAddress(t *testing.T) {
	for _, tc := range []struct {
		addr string
		ok   bool
	}{
		{"93.184.216.34:443", true},
		{"[2606:2800:220:1:248:1893:25c8:1946]:443", true},
		{"127.0.0.1:80", false},
		{"127.8.9.10:80", false},
		{"[::1]:80", false},
		{"10.1.2.3:80", false},
		{"172.16.0.1:80", false},
		{"192.168.1.1:80", false},
		{"169.254.169.254:80", false}, // cloud metadata
		{"[fe80::1%eth0]:80", false},
		{"[fd00::1]:80", false},
		{"0.0.0.0:80", false},
		{"[::]:80", false},
		{"100.64.0.1:80", false},
		{"[::ffff:127.0.0.1]:80", false},
		{"[64:ff9b::a00:1]:80", false}, // NAT64 of 10.0.0.1
		{"224.0.0.1:80", false},
		{"not-an-ip:80", false},
	} {
		err := checkAddress(tc.addr)
		if tc.ok && err != nil || !tc.ok && !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("checkAddress(%s) = %v, want ok=%v", tc.addr, err, tc.ok)
		}
	}
}
