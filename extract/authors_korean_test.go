package extract_test

import (
	"strings"
	"testing"
)

// Korean newsrooms credit a story as "<name> 기자" (reporter), under the
// text or in the metadata with the outlet before it.
func TestKoreanReporterCredit(t *testing.T) {
	text := strings.Repeat("<p>서울시가 다음 달부터 심야버스 노선 5개를 새로 운행한다고 12일 밝혔다. 새 노선은 강남과 홍대를 중심으로 운행한다.</p>", 4)
	cases := []struct{ head, foot, want string }{
		{``, `<p>김민수 기자 minsu@news.example</p>`, "김민수"},
		{``, `<p>김민수·이지은 기자</p>`, "김민수;이지은"},
		{`<meta name="author" content="스포츠조선=선수민 기자">`, ``, "선수민"},
		{``, `<p>관련기사 더 보기</p>`, ""},
	}
	for _, c := range cases {
		page := `<html lang="ko"><head><title>심야버스 노선 신설</title>` + c.head + `</head><body><article><h1>서울시, 심야버스 노선 5개 신설</h1><div class="body">` + text + c.foot + `</div></article></body></html>`
		a := parseAt(t, "https://news.example/society/2024/03/12/bus", page)
		if got := strings.Join(a.Authors, ";"); got != c.want {
			t.Errorf("%s%s: authors %q, want %q", c.head, c.foot, got, c.want)
		}
	}
}
