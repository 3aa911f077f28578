package extract_test

import (
	"strings"
	"testing"
)

// Credits joined by a bare slash: a desk's initials with the agency, or
// an outlet with the agency, are one credit; a person's name beside the
// agency is still named alone.
func TestSlashCredits(t *testing.T) {
	body := `<p>` + strings.Repeat("The ferry service resumed on Monday after repairs, the operator said. ", 8) + `</p>`
	cases := map[string]string{
		`<h1>Ferry back</h1><p>Von: kel/apa</p>` + body:                                                    "kel/apa",
		`<h1>Ferry back</h1><p class="byline"><a href="/author/x">Reuters/The Harbour Post</a></p>` + body: "Reuters/The Harbour Post",
		`<h1>Ferry back</h1><p>Von Tanja Wolf/dpa</p>` + body:                                              "Tanja Wolf",
		`<h1>Ferry back</h1><p>By Ann Lee / Bo Chan</p>` + body:                                            "Ann Lee;Bo Chan",
	}
	checkAuthors(t, "Ferry back", cases)
}

// A byline crediting only a newsroom role is the credit the page shows;
// beside a person's name the role is dropped, and a role never beats a
// source that names someone.
func TestRoleCredits(t *testing.T) {
	body := `<p>` + strings.Repeat("The ferry service resumed on Monday after repairs, the operator said. ", 8) + `</p>`
	cases := map[string]string{
		`<h1>Ferry back</h1><p>By Staff Writer</p>` + body:                                         "Staff Writer",
		`<h1>Ferry back</h1><p class="byline"><a href="/author/desk">HPN News Desk</a></p>` + body: "HPN News Desk",
		`<h1>Ferry back</h1><p>By Jane Roe, Senior Staff Writer</p>` + body:                        "Jane Roe",
		`<h1>Ferry back</h1><p>By JANE ROE, AP National Writer</p>` + body:                         "JANE ROE",
		`<h1>Ferry back</h1><p>By Jane Roe Columnist</p>` + body:                                   "Jane Roe",
		`<meta name="author" content="Editor"><h1>Ferry back</h1><p>By Jane Roe</p>` + body:        "Jane Roe",
		`<meta name="author" content="Executive Content Editor"><h1>Ferry back</h1>` + body:        "Executive Content Editor",
	}
	checkAuthors(t, "Ferry back", cases)
}

// checkAuthors parses each page (its <title> set to title) and compares
// the authors, joined by ";", with the case's value.
func checkAuthors(t *testing.T, title string, cases map[string]string) {
	t.Helper()
	for page, want := range cases {
		if got := strings.Join(parseAt(t, "https://news.example/a", `<title>`+title+`</title><body>`+page).Authors, ";"); got != want {
			t.Errorf("authors = %q, want %q for %.90q…", got, want, page)
		}
	}
}

// The Spanish and Italian byline is the "firma" (signature): a class
// word of its own, not part of another word, nor a photo's credit.
func TestFirmaByline(t *testing.T) {
	body := `<p>` + strings.Repeat("El pleno aprobó ayer el plan de carriles bici para los próximos cuatro años. ", 6) + `</p>`
	checkAuthors(t, "Plan de carriles bici", map[string]string{
		`<h1>Plan de carriles bici</h1><span class="firma">Marta Gil</span>` + body:                                             "Marta Gil",
		`<h1>Plan de carriles bici</h1><div class="articleFirma"><span>Por Luis Vega</span></div>` + body:                       "Luis Vega",
		`<h1>Plan de carriles bici</h1><span class="foto-firma">Ana Ruiz</span>` + body:                                         "",
		`<h1>Plan de carriles bici</h1><p class="confirmation-note">Pablo Soto</p>` + body:                                      "",
		`<h1>Plan de carriles bici</h1><p class="firma-autor">Redacción / Marta Gil</p><span>12 de marzo de 2024</span>` + body: "Marta Gil",
	})
}
