package cli

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/iacpush"
	"github.com/vigil-cspm/vigil/internal/inventory"
)

// pushFlags send an IaC scan's resources to vigil serve.
type pushFlags struct {
	url, tokenFile, repo, ref, commit string
}

func (f *pushFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.url, "push", "", "also send the parsed resources (not the verdicts) to the vigil serve at this URL, which evaluates them with its own rules and exceptions")
	fl.StringVar(&f.tokenFile, "token-file", "", "with --push: file holding an API token of the ci role")
	fl.StringVar(&f.repo, "repo", "", "with --push: the repository, owner/name")
	fl.StringVar(&f.ref, "ref", "", "with --push: the branch or tag scanned; the server's default branches enter the findings lifecycle, other refs become checks")
	fl.StringVar(&f.commit, "commit", "", "with --push: the commit scanned")
}

// pushing is a scan being recorded for a push.
type pushing struct {
	rec   *iacpush.Recorder
	file  *os.File
	url   string
	token string
}

// start checks the flags, reads the token and starts recording src.
func (f *pushFlags) start(src inventory.Source, paths []string, version string) (*pushing, error) {
	u, err := url.Parse(f.url)
	switch {
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		return nil, usageError("--push %q: give the server's base URL, https://vigil.example.com", f.url)
	case f.tokenFile == "":
		return nil, usageError("--push needs --token-file: a file holding an API token of the ci role")
	case f.repo == "" || f.ref == "":
		return nil, usageError("--push needs --repo owner/name and --ref (the branch or tag scanned)")
	}
	tok, err := os.ReadFile(f.tokenFile)
	if err != nil {
		return nil, usageError("--token-file: %v", err)
	}
	token := strings.TrimSpace(string(tok))
	if token == "" {
		return nil, usageError("--token-file %s is empty: write the ci token in it", f.tokenFile)
	}
	tmp, err := os.CreateTemp("", "vigil-push-*.json")
	if err != nil {
		return nil, err
	}
	p := &pushing{rec: &iacpush.Recorder{Source: src, W: tmp}, file: tmp, url: f.url, token: token}
	if err := p.rec.Begin(iacpush.Payload{Repo: f.repo, Ref: f.ref, Commit: f.commit, Paths: paths, VigilVersion: version}); err != nil {
		p.discard()
		return nil, err
	}
	return p, nil
}

func (p *pushing) discard() {
	p.file.Close()
	os.Remove(p.file.Name())
}

// push sends the recorded scan and says on stderr what the server
// found; a failed push is an error (exit 2) after the local results.
func (a *app) push(ctx context.Context, p *pushing) error {
	if err := p.rec.End(); err != nil {
		return &exitError{code: ExitError, err: fmt.Errorf("--push: %w", err)}
	}
	if _, err := p.file.Seek(0, 0); err != nil {
		return err
	}
	res, err := iacpush.Push(ctx, p.url, p.token, p.file)
	if err != nil {
		return &exitError{code: ExitError, err: err}
	}
	where := "entered the findings lifecycle as scan " + res.ScanID
	if !res.Lifecycle {
		where = "stored as check " + res.URL
	}
	open := 0
	for _, n := range res.Counts {
		open += n
	}
	fmt.Fprintf(a.io.Err, "vigil: pushed %d resources of %s@%s; the server found %d open findings (%s); %s\n",
		res.Resources, res.Repo, res.Ref, open, countsText(res.Counts), where)
	return nil
}

func countsText(c map[string]int) string {
	var parts []string
	for _, s := range []string{"critical", "high", "medium", "low", "info"} {
		if c[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[s], s))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
