package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/cmd/extractbench/internal/speed"
)

// speedRatios are the columns of the -speed table: cost over the parse floor.
var speedRatios = []speed.Ratio{{Header: "÷ html.Parse", Of: speed.HTMLParseName}}

// runSpeed is -speed: html.Parse alone and the full extraction, timed as
// package speed says, one table per dataset (or one JSON object).
func runSpeed(ctx context.Context, cfg *config, stdout io.Writer, logger *slog.Logger) error {
	var names []string
	if cfg.datasets != "" {
		names = strings.Split(cfg.datasets, ",")
	}
	sets, err := speed.Load(cfg.data, names...)
	if errors.Is(err, speed.ErrNoData) {
		abs, _ := filepath.Abs(cfg.data)
		return usageError("no benchmark data in %s: %v (pass -data)", abs, err)
	}
	if err != nil {
		return err
	}
	methods := []speed.Method{speed.HTMLParse(), speed.Ours()}
	opt := speed.Options{Reps: cfg.reps, CPUs: cfg.cpus, Progress: func(m string, rep int, d time.Duration) {
		logger.Debug("pass", "method", m, "rep", rep, "elapsed", d.Round(time.Millisecond))
	}}
	all := make(map[string][]speed.Result)
	for _, d := range sets {
		logger.Info("timing", "dataset", d.Name, "pages", len(d.Pages), "MB", fmt.Sprintf("%.1f", float64(d.Bytes)/1e6))
		res, err := speed.Measure(ctx, d, methods, opt)
		if err != nil {
			return err
		}
		all[d.Name] = res
		if !cfg.json {
			if err := speed.WriteTable(stdout, d, res, speedRatios...); err != nil {
				return err
			}
		}
	}
	if cfg.json {
		return writeJSON(stdout, all)
	}
	return nil
}
