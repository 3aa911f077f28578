package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Run statuses stored in crawl_runs.status.
const (
	RunRunning     = "running"
	RunDone        = "done"
	RunFailed      = "failed"
	RunInterrupted = "interrupted"
)

// RunStats are the counters a crawl reports when it finishes.
type RunStats struct {
	PagesFetched   int
	ArticlesStored int
	IndexPages     int
	Errors         int
}

// StartRun records a new crawl run in status "running" and returns its id,
// which the crawler puts in every [Fetch] of the run. A run left "running"
// after the process is gone is how a killed crawl shows in the archive.
func (db *DB) StartRun(ctx context.Context, seeds []string, now time.Time) (int64, error) {
	if seeds == nil {
		seeds = []string{}
	}
	for _, s := range seeds {
		if err := checkText("seed", s); err != nil {
			return 0, fmt.Errorf("start run: %w", err)
		}
	}
	seedsJSON, err := json.Marshal(seeds)
	if err != nil {
		return 0, fmt.Errorf("start run: %w", err)
	}
	var id int64
	err = db.writeTx(ctx, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO crawl_runs (started_at, seeds, status) VALUES (?, ?, ?)`,
			formatTime(now), string(seedsJSON), RunRunning)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("start run: %w", err)
	}
	return id, nil
}

// FinishRun records the end of a run: its counters, status ("done",
// "failed" or "interrupted") and finish time. It returns an error wrapping
// [ErrNotFound] when no run has that id.
func (db *DB) FinishRun(ctx context.Context, runID int64, st RunStats, status string, now time.Time) error {
	switch status {
	case RunDone, RunFailed, RunInterrupted:
	default:
		return fmt.Errorf("finish run %d: status %q: %w", runID, status, ErrInvalid)
	}
	err := db.writeTx(ctx, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, `UPDATE crawl_runs
			SET finished_at = ?, pages_fetched = ?, articles_stored = ?,
			    index_pages = ?, errors = ?, status = ?
			WHERE id = ?`,
			formatTime(now), st.PagesFetched, st.ArticlesStored, st.IndexPages, st.Errors, status, runID)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("finish run %d: %w", runID, err)
	}
	return nil
}
