package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
)

// output is the --format and --output of a command that prints
// results. Every such command registers them here, so they read and
// complete the same everywhere.
type output struct {
	format  string
	path    string
	formats []string
}

// tableJSON are the formats of commands that print a table for people
// or a JSON document.
var tableJSON = []string{"table", "json"}

// outputFlags registers --format (one of formats, the first by default;
// help says what each is) and --output on cmd.
func outputFlags(cmd *cobra.Command, formats []string, help string) *output {
	o := &output{formats: formats}
	if help == "" {
		help = strings.Join(formats, ", ")
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", formats[0], "output format: "+help)
	cmd.Flags().StringVarP(&o.path, "output", "o", "", "write results to this file instead of stdout")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	return o
}

// check validates --format before any work starts.
func (o *output) check() error {
	for _, f := range o.formats {
		if f == o.format {
			return nil
		}
	}
	return usageError("--format %q: use one of %s", o.format, strings.Join(o.formats, ", "))
}

// write renders to --output or stdout (see app.write).
func (a *app) writeOutput(o *output, render func(w io.Writer, color bool) error) error {
	return a.write(o.path, render)
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// write sends output to the --output file (atomically) or stdout. A
// path that is not a regular file (/dev/null, /dev/stdout, a named pipe)
// is written to directly: replacing it with a renamed file would turn
// /dev/null into a plain file, for every program on the machine when
// run as root.
func (a *app) write(output string, render func(io.Writer, bool) error) error {
	if output == "" || output == "-" {
		return render(a.io.Out, a.color(a.io.Out))
	}
	if fi, err := os.Stat(output); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return fmt.Errorf("--output %s is a directory: give a file path", output)
		}
		f, err := os.OpenFile(output, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("--output %s: %w", output, err)
		}
		if err := render(f, false); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("--output %s: %w", output, err)
		}
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(output), ".vigil-*")
	if err != nil {
		return fmt.Errorf("--output %s: %w", output, err)
	}
	if err := render(tmp, false); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("--output %s: %w", output, err)
	}
	if err := os.Rename(tmp.Name(), output); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("--output %s: %w", output, err)
	}
	return nil
}
