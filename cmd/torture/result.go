package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

const (
	statusPass = "PASS"
	statusFail = "FAIL"
	statusSkip = "SKIP"
)

// result is one scenario's row of the table, with the checks behind its
// pass/fail verdict.
type result struct {
	Scenario   string        `json:"scenario"`
	Load       string        `json:"load"`
	Faults     string        `json:"faults"`
	Expected   int           `json:"pages_expected"`
	Archived   int           `json:"archived"`
	Lost       int           `json:"lost"`
	Duplicated int           `json:"duplicated"`
	Errors     int           `json:"errors"`
	PeakRSSKB  int64         `json:"peak_rss_kb"`
	Wall       time.Duration `json:"wall_ns"`
	Status     string        `json:"status"`
	Reason     string        `json:"reason,omitempty"` // why SKIP
	Checks     []check       `json:"checks"`
	Figures    []string      `json:"figures,omitempty"`
}

// check is one pass criterion and what was measured for it.
type check struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// expect records a criterion.
func (r *result) expect(ok bool, name, format string, args ...any) bool {
	r.Checks = append(r.Checks, check{Name: name, OK: ok, Detail: fmt.Sprintf(format, args...)})
	return ok
}

// fail records a failure that is not a measured criterion (a harness or
// setup error).
func (r *result) fail(format string, args ...any) {
	r.expect(false, "run", format, args...)
}

func (r *result) skip(format string, args ...any) {
	r.Status = statusSkip
	r.Reason = fmt.Sprintf(format, args...)
}

// figure records a measurement worth reporting that is not a criterion.
func (r *result) figure(format string, args ...any) {
	r.Figures = append(r.Figures, fmt.Sprintf(format, args...))
}

func (r *result) rss(kb int64) { r.PeakRSSKB = max(r.PeakRSSKB, kb) }

func (r *result) finish() {
	if r.Status == statusSkip {
		return
	}
	r.Status = statusPass
	for _, c := range r.Checks {
		if !c.OK {
			r.Status = statusFail
		}
	}
	if len(r.Checks) == 0 {
		r.Status = statusFail
		r.Checks = append(r.Checks, check{Name: "run", Detail: "no criterion was checked"})
	}
}

func printTable(w io.Writer, results []*result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\tload\tfaults injected\texpected\tarchived\tlost\tdup\terrors\tpeak RSS\twall\tresult")
	for _, r := range results {
		rss := "-"
		if r.PeakRSSKB > 0 {
			rss = fmt.Sprintf("%d MiB", (r.PeakRSSKB+512)/1024)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", r.Scenario, r.Load, r.Faults,
			r.Expected, r.Archived, r.Lost, r.Duplicated, r.Errors, rss, fmtDur(r.Wall), r.Status)
	}
	tw.Flush()
	for _, r := range results {
		fmt.Fprintf(w, "\n%s: %s", r.Scenario, r.Status)
		if r.Reason != "" {
			fmt.Fprintf(w, " (%s)", r.Reason)
		}
		fmt.Fprintln(w)
		for _, c := range r.Checks {
			mark := "ok  "
			if !c.OK {
				mark = "FAIL"
			}
			fmt.Fprintf(w, "  %s %s: %s\n", mark, c.Name, c.Detail)
		}
		for _, f := range r.Figures {
			fmt.Fprintf(w, "  ·    %s\n", f)
		}
	}
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= time.Minute:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	case d >= 10*time.Second:
		return fmt.Sprintf("%.0fs", d.Seconds())
	default:
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func firstN(xs []string, n int) string {
	if len(xs) == 0 {
		return ""
	}
	if len(xs) <= n {
		return strings.Join(xs, "; ")
	}
	return strings.Join(xs[:n], "; ") + fmt.Sprintf("; … (%d more)", len(xs)-n)
}
