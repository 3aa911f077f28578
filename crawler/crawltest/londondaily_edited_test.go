package crawltest

import (
	"html"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestLondonDailyEdited: the second edition changes exactly two pages.
func TestLondonDailyEdited(t *testing.T) {
	one := httptest.NewServer(LondonDaily())
	defer one.Close()
	two := httptest.NewServer(LondonDailyEdited())
	defer two.Close()
	arts := LondonDailyArticles()
	changed := 0
	for _, p := range LondonDailyPaths() {
		_, ab := get(t, http.DefaultClient, one.URL+p)
		_, bb := get(t, http.DefaultClient, two.URL+p)
		a, b := string(ab), string(bb)
		if a != b {
			changed++
			switch p {
			case arts[0].Path:
				if !strings.Contains(b, html.EscapeString(EditedCorrection)) {
					t.Errorf("seed page lacks the correction")
				}
			case arts[1].Path:
				if !strings.Contains(b, html.EscapeString(arts[1].Headline+EditedHeadlineSuffix)) {
					t.Errorf("%s lacks the new headline", p)
				}
			default:
				t.Errorf("%s changed in the second edition", p)
			}
		}
	}
	if changed != 2 {
		t.Errorf("%d pages changed, want 2", changed)
	}
}
