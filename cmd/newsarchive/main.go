// Newsarchive fetches news sites and keeps what they published in a SQLite
// archive: one row per article with its headline, standfirst, body,
// authors, dates and related links, and a log of every fetch.
//
// Usage:
//
//	newsarchive <command> [flags] [arguments]
//
// Commands:
//
//	demo     serve the built-in London Daily sample site on 127.0.0.1 and archive it
//	crawl    crawl seed URLs or the outlets of a TOML file into the archive
//	extract  print what the extractor makes of one page, as JSON
//	search   full-text search of the archive, best matches first
//	export   write articles as JSON Lines, CSV or Parquet
//	stats    per-site health: articles per day, field fill rates, fetch errors, last crawl
//	show     one article with its sources, lifecycle and versions; --raw for the stored page
//	diff     what changed between two versions of an article
//	reextract  re-run the current extractor over the archived raw pages
//	check    verify the database, the full-text index and the WARC files
//
// Flags come before positional arguments; -flag and --flag are the same.
// "newsarchive CMD -h" describes each command. Exit status: 0 on success,
// 1 when the work failed (the message names what failed), 2 on a usage
// error; crawl also exits 3 when a host failed entirely, and 130 or 143
// when interrupted by SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// command is one subcommand. Each lives in its own file and registers
// itself, so adding a command is adding a file.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = map[string]*command{}

func register(c *command) { commands[c.name] = c }

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Main runs the command line args and returns the exit status.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printUsage(stderr)
		fmt.Fprintln(stderr, "newsarchive: no command given")
		return 2
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" || name == "help" {
		printUsage(stdout)
		return 0
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "newsarchive: unknown command %q (run 'newsarchive -h' for the list)\n", name)
		return 2
	}
	err := c.run(ctx, args[1:], stdout, stderr)
	var ue *usageError
	var ec interface{ ExitCode() int } // a command's own status (crawl: 3, 130, 143)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "newsarchive %s: %s\n", name, ue.msg)
		return 2
	case errors.As(err, &ec):
		fmt.Fprintf(stderr, "newsarchive %s: %v\n", name, err)
		return ec.ExitCode()
	default:
		fmt.Fprintf(stderr, "newsarchive %s: %v\n", name, err)
		return 1
	}
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: newsarchive <command> [flags] [arguments]")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'newsarchive <command> -h' for a command's flags.")
}

// newFlags makes a FlagSet whose -h prints the command's usage to stderr
// and whose errors come back as usage errors instead of exiting.
func newFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors come back as usage errors instead
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: newsarchive %s %s\n\nFlags:\n", name, usage)
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parseFlags parses args, turning flag errors into usage errors (the flag
// package has already printed the details).
func parseFlags(fs *flag.FlagSet, args []string) error {
	// The flag package prints usage on every error; a usage error here is
	// one line, and the full usage only on -h.
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	if errors.Is(err, flag.ErrHelp) {
		fs.Usage()
		return flag.ErrHelp
	}
	if err != nil {
		return usagef("%s", strings.TrimSpace(err.Error()))
	}
	return nil
}
