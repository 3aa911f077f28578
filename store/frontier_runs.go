package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// RunHost is one host's result in a crawl run (table crawl_run_hosts).
type RunHost struct {
	Host      string
	Fetched   int
	OK        int
	Errors    int
	Retries   int
	Failed    bool // nothing fetched successfully
	LastError string
}

// RecordRunHosts stores the per-host results of a run.
func (db *DB) RecordRunHosts(ctx context.Context, runID int64, hosts []RunHost) error {
	err := db.writeTx(ctx, func(tx *wtx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO crawl_run_hosts
			(run_id, host, fetched, ok, errors, retries, failed, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, h := range hosts {
			if _, err := stmt.ExecContext(ctx, runID, strings.ToValidUTF8(h.Host, "\uFFFD"), h.Fetched, h.OK, h.Errors, h.Retries,
				h.Failed, nullStr(strings.ToValidUTF8(h.LastError, "\uFFFD"))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record run hosts: %w", err)
	}
	return nil
}

// AbandonRuns marks runs still "running" as "interrupted" and returns how
// many there were. Call it only while holding the crawl lock: a run left
// running then belongs to a process that died (kill -9, power loss).
func (db *DB) AbandonRuns(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := db.writeTx(ctx, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, `UPDATE crawl_runs SET status = ? WHERE status = ?`, RunInterrupted, RunRunning)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("abandon runs: %w", err)
	}
	return int(n), nil
}
