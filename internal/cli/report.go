package cli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/frameworks"
	"github.com/vigil-cspm/vigil/internal/audit"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/store"
)

func (a *app) reportCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Compliance reports, signed evidence bundles and service-level metrics, from the store",
		Long: `Compliance reports judge every requirement of one framework version from the
store: the latest finished scan of each scope (source and account) no older
than --max-age is the evidence; older scopes are listed as stale and not
counted. Evidence bundles package the report with the findings, exceptions
and scans behind it, with a SHA-256 manifest signed with Ed25519; verify
checks one with the signer's public key. See docs/reports.md. Metrics are the
service-level indicators (coverage, MTTD, MTTR …) over a window; see
docs/metrics.md.`,
		Example: `  vigil report compliance --framework cis-aws-7.0 --format html --output cis.html
  vigil report keygen --output key.pem
  vigil report evidence --framework cis-kubernetes-1.12 --sign-key key.pem --output evidence.tar.gz
  vigil report verify evidence.tar.gz --public-key key.pub
  vigil report metrics --since 30d`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.reportComplianceCommand(), a.reportEvidenceCommand(), a.reportVerifyCommand(), a.reportKeygenCommand(), a.reportMetricsCommand())
	return cmd
}

// reportFlags are what the compliance report and the evidence bundle
// share.
type reportFlags struct {
	framework, maxAge, dsn string
	trend                  int
}

func (f *reportFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.framework, "framework", "", "framework version to report on (required): "+strings.Join(frameworks.IDs(), ", "))
	fl.StringVar(&f.maxAge, "max-age", "", "how old a scope's latest finished scan may be to count, e.g. 7d, 36h; older scopes are stale (default: vigil.yaml's reports.max_age, else 7d)")
	fl.IntVar(&f.trend, "trend", audit.DefaultTrendPoints, "how many of the last finished scans the score's trend shows")
	fl.StringVar(&f.dsn, "store", "", storeFlagHelp)
	_ = cmd.RegisterFlagCompletionFunc("framework", cobra.FixedCompletions(frameworks.IDs(), cobra.ShellCompDirectiveNoFileComp))
}

// build validates the flags, reads the store and judges the framework.
func (a *app) buildReport(ctx context.Context, f *reportFlags) (*audit.Report, *audit.Evidence, store.Store, error) {
	if f.framework == "" {
		return nil, nil, nil, usageError("--framework is required: use one of %s", strings.Join(frameworks.IDs(), ", "))
	}
	age := a.cfg.Reports.MaxAge
	if f.maxAge != "" {
		d, err := config.ParseDuration(f.maxAge)
		if err != nil {
			return nil, nil, nil, usageError("--max-age: %v", err)
		}
		age = d
	}
	if f.trend < 1 {
		return nil, nil, nil, usageError("--trend %d: show at least 1 point", f.trend)
	}
	lib, err := a.loadLibrary(ctx, libraryOptions{})
	if err != nil {
		return nil, nil, nil, err
	}
	fw, err := lib.Frameworks.Lookup(f.framework)
	if err != nil {
		return nil, nil, nil, usageError("--framework: %v", err)
	}
	st, _, err := a.openStore(ctx, f.dsn)
	if err != nil {
		return nil, nil, nil, err
	}
	rep, ev, err := audit.Build(ctx, st, audit.Options{Framework: fw, Rules: lib.Rules(), Now: a.clock(), MaxAge: time.Duration(age),
		TrendPoints: f.trend, Version: a.version})
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	return rep, ev, st, nil
}

func (a *app) reportComplianceCommand() *cobra.Command {
	var (
		f        reportFlags
		minScore float64
		out      *output
	)
	cmd := &cobra.Command{
		Use:   "compliance",
		Short: "Judge every requirement of a framework version from the store",
		Long: `Report every requirement of one framework version with its status, the
resources evaluated and failing, and the scans that are its evidence, with a
score per section and overall and the score's trend over the last scans.

Statuses: fail (an open finding of its rules in a fresh scope), excepted
(failing only under unexpired exceptions), pass (resources evaluated, none
failing), not_covered (no rule decides it, no fresh scan, or its types were
not read in full), not_applicable (no resource its rules judge exists in a
fresh scope), manual (not automated). Score = passed / (passed + failed +
excepted). Findings are read as 'findings list' reads them: excepted ones
count as excepted, never as pass.`,
		Example: `  vigil report compliance --framework cis-kubernetes-1.12
  vigil report compliance --framework cis-aws-7.0 --format html --output cis-aws.html
  vigil report compliance --framework cis-aws-7.0 --format csv --max-age 1d
  vigil report compliance --framework pss-restricted --format json --min-score 90`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := out.check(); err != nil {
				return err
			}
			if minScore < 0 || minScore > 100 {
				return usageError("--min-score %v: give a percentage from 0 to 100", minScore)
			}
			rep, _, st, err := a.buildReport(cmd.Context(), &f)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := a.writeOutput(out, func(w io.Writer, _ bool) error { return audit.Write(w, rep, out.format) }); err != nil {
				return err
			}
			a.warnStale(rep)
			if minScore > 0 && (rep.Score.Percent == nil || *rep.Score.Percent < minScore) {
				return &exitError{code: ExitGate, err: fmt.Errorf("score %s is below --min-score %v", scoreText(rep.Score), minScore)}
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().Float64Var(&minScore, "min-score", 0, "exit 1 when the overall score is below this percentage (0: never)")
	out = outputFlags(cmd, audit.Formats, "table, json (versioned, see docs/reports.md), csv (one row per requirement), html (self-contained, printable)")
	return cmd
}

func scoreText(s audit.Score) string {
	if s.Percent == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", *s.Percent)
}

// warnStale says on stderr which scopes were not counted, and what else
// the report could not take into account.
func (a *app) warnStale(rep *audit.Report) {
	for _, w := range rep.Warnings {
		a.log.Warn("report incomplete", "reason", w)
	}
	for _, s := range rep.Scopes {
		if s.State == audit.ScopeStale {
			a.log.Warn("scope is stale: its findings are not counted; scan it again", "scope", s.Name(), "scan", s.Scan.ID,
				"finished", s.Scan.FinishedAt.Format(time.RFC3339), "max_age", rep.MaxAge)
		}
	}
}

func (a *app) reportEvidenceCommand() *cobra.Command {
	var (
		f             reportFlags
		signKey, path string
	)
	cmd := &cobra.Command{
		Use:   "evidence",
		Short: "Write a signed evidence bundle (tar.gz) for a framework version",
		Long: `Write a tar.gz holding the compliance report (report.json, report.html), every
finding of the framework's rules (findings.json: open, excepted with their
exception, and resolved within --max-age), the exceptions in force
(exceptions.json), the scans used with their rules version and hash
(scans.json), the signer's public key (public-key.pem), and manifest.json
listing every file's SHA-256 and size, signed with Ed25519 (manifest.sig).
The run and its duration are recorded in the store.

--sign-key is a PKCS #8 PEM file (vigil report keygen writes one), or
env:NAME for a PEM held in an environment variable; without it, vigil.yaml's
reports.sign_key ({file: PATH} or {env: NAME}) is used.`,
		Example: `  vigil report evidence --framework cis-kubernetes-1.12 --sign-key key.pem --output evidence.tar.gz
  VIGIL_SIGN_KEY=env:EVIDENCE_KEY vigil report evidence --framework cis-aws-7.0 --output cis-aws.tar.gz`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			start := time.Now()
			if path == "" || path == "-" {
				return usageError("--output is required: the bundle is a file, e.g. --output evidence.tar.gz")
			}
			priv, err := a.readSignKey(signKey)
			if err != nil {
				return err
			}
			pub := priv.Public().(ed25519.PublicKey)
			rep, ev, st, err := a.buildReport(cmd.Context(), &f)
			if err != nil {
				return err
			}
			defer st.Close()
			files, err := audit.EvidenceFiles(rep, ev, pub)
			if err != nil {
				return err
			}
			m := audit.NewManifest(rep.Framework, a.clock(), a.version, pub, files)
			var size int64
			err = a.write(path, func(w io.Writer, _ bool) error {
				cw := &countingWriter{w: w}
				err := audit.WriteBundle(cw, files, m, priv)
				size = cw.n
				return err
			})
			if err != nil {
				return err
			}
			a.warnStale(rep)
			run := store.ReportRun{Kind: store.ReportEvidence, Framework: rep.Framework.ID, At: a.clock(), Duration: time.Since(start),
				Scans: len(ev.Scans), Findings: len(ev.Findings), Bytes: size, KeyFingerprint: m.PublicKeyFingerprint}
			if err := st.RecordReport(cmd.Context(), run); err != nil {
				return err
			}
			if !a.quiet {
				fmt.Fprintf(a.io.Err, "wrote %s: %s %s, %d files, %d %s, %d %s, signed by %s (%s)\n", path, rep.Framework.ID, scoreText(rep.Score),
					len(m.Files)+2, len(ev.Findings), plural(len(ev.Findings), "finding", "findings"), len(ev.Scans), plural(len(ev.Scans), "scan", "scans"), m.PublicKeyFingerprint, run.Duration.Round(time.Millisecond))
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&signKey, "sign-key", "", "Ed25519 private key: a PKCS #8 PEM file, or env:NAME (default: vigil.yaml's reports.sign_key)")
	cmd.Flags().StringVarP(&path, "output", "o", "", "the bundle to write, e.g. evidence.tar.gz (required)")
	_ = cmd.MarkFlagFilename("sign-key", "pem")
	return cmd
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// maxKeyFile bounds a key file.
const maxKeyFile = 64 << 10

// readSignKey reads --sign-key: env:NAME, or a file (a warning when
// other users may read it); without the flag, vigil.yaml's
// reports.sign_key.
func (a *app) readSignKey(ref string) (ed25519.PrivateKey, error) {
	var data []byte
	switch name, isEnv := strings.CutPrefix(ref, "env:"); {
	case ref == "" && a.cfg.Reports.SignKey != nil:
		v, err := a.cfg.Reports.SignKey.Resolve(a.log)
		if err != nil {
			return nil, &exitError{code: ExitError, err: err}
		}
		priv, err := audit.ParsePrivateKey([]byte(v))
		if err != nil {
			return nil, &exitError{code: ExitError, err: fmt.Errorf("reports.sign_key (%s): %v", a.cfg.Reports.SignKey, err)}
		}
		return priv, nil
	case ref == "":
		return nil, usageError("--sign-key is required: a PKCS #8 PEM file or env:NAME (vigil report keygen --output key.pem writes one), or reports.sign_key in vigil.yaml")
	case isEnv:
		v, set := os.LookupEnv(name)
		if !set || v == "" {
			return nil, usageError("--sign-key %s: environment variable %s is not set or empty: export the PEM private key in it", ref, name)
		}
		data = []byte(v)
	default:
		p := strings.TrimPrefix(ref, "file:")
		fi, err := os.Stat(p)
		if err != nil {
			return nil, usageError("--sign-key %s: %v (vigil report keygen --output %s writes a key)", p, errors.Unwrap(err), p)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			a.log.Warn("signing key file is readable by other users: chmod 600 it", "file", p)
		}
		data, err = readLimited(p, maxKeyFile)
		if err != nil {
			return nil, usageError("--sign-key: %v", err)
		}
	}
	priv, err := audit.ParsePrivateKey(data)
	if err != nil {
		return nil, usageError("--sign-key %s: %v", ref, err)
	}
	return priv, nil
}

// readLimited reads a file of at most limit bytes.
func readLimited(p string, limit int64) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s is larger than %d KiB: is it the right file?", p, limit>>10)
	}
	return data, nil
}

func (a *app) reportVerifyCommand() *cobra.Command {
	var (
		pubPath, fingerprint string
		out                  *output
	)
	cmd := &cobra.Command{
		Use:   "verify BUNDLE",
		Short: "Verify an evidence bundle with the signer's public key",
		Long: `Verify an evidence bundle: the Ed25519 signature of manifest.json with the key
you trust, then every file's SHA-256 and size against the manifest. Every
file that changed, is missing or is not in the manifest is named. The key
comes from you, never from the bundle alone: --public-key is the signer's
.pub file; --public-key-fingerprint (sha256:…, as keygen prints) accepts the
key the bundle carries only if its fingerprint is the one you give, so a
bundle changed and signed again with another key fails either way.

Exit 0 when the bundle is intact and signed by the key, 1 when it is not (or
is not a readable bundle), 2 for usage errors.`,
		Example: `  vigil report verify evidence.tar.gz --public-key key.pub
  vigil report verify evidence.tar.gz --public-key-fingerprint sha256:3b1f…
  vigil report verify evidence.tar.gz --public-key key.pub --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := out.check(); err != nil {
				return err
			}
			if (pubPath == "") == (fingerprint == "") {
				return usageError("give the signer's key: --public-key FILE or --public-key-fingerprint sha256:… (one of them)")
			}
			var pub ed25519.PublicKey
			if pubPath != "" {
				data, err := readLimited(pubPath, maxKeyFile)
				if err != nil {
					return usageError("--public-key: %v", err)
				}
				if pub, err = audit.ParsePublicKey(data); err != nil {
					return usageError("--public-key %s: %v", pubPath, err)
				}
			}
			f, err := os.Open(args[0])
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return usageError("bundle %s does not exist: check the path", args[0])
				}
				return usageError("open bundle: %v", err)
			}
			defer f.Close()
			v := &audit.Verification{}
			b, err := audit.ReadBundle(f, audit.DefaultLimits)
			if err == nil && pub == nil {
				pub, err = audit.BundleKey(b, fingerprint)
			}
			if err != nil {
				v.Problems = []string{err.Error()}
			} else {
				v = audit.Verify(b, pub)
			}
			if err := a.writeOutput(out, func(w io.Writer, _ bool) error { return verifyReport(w, out.format, args[0], v) }); err != nil {
				return err
			}
			if !v.OK() {
				more := ""
				if n := len(v.Problems) - 1; n > 0 {
					more = fmt.Sprintf(" (and %d more %s)", n, plural(n, "problem", "problems"))
				}
				return &exitError{code: ExitGate, err: fmt.Errorf("%s does not verify: %s%s", args[0], v.Problems[0], more)}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&pubPath, "public-key", "", "the signer's Ed25519 public key, PKIX PEM (the .pub keygen writes)")
	cmd.Flags().StringVar(&fingerprint, "public-key-fingerprint", "", "the signer's key fingerprint, sha256:<hex> as keygen prints; the bundle's own key must have it")
	out = outputFlags(cmd, tableJSON, "")
	return cmd
}

func verifyReport(w io.Writer, format, name string, v *audit.Verification) error {
	if format == "json" {
		problems := v.Problems
		if problems == nil {
			problems = []string{}
		}
		doc := map[string]any{"schema_version": 1, "bundle": name, "valid": v.OK(), "signature_valid": v.SignatureValid,
			"key_fingerprint": v.KeyFingerprint, "changed": nonNil(v.Changed), "missing": nonNil(v.Missing), "extra": nonNil(v.Extra), "problems": problems}
		if v.Manifest != nil {
			doc["framework"], doc["created_at"], doc["files"] = v.Manifest.Framework.ID, v.Manifest.CreatedAt, len(v.Manifest.Files)
		}
		return writeJSON(w, doc)
	}
	var b bytes.Buffer
	if v.OK() {
		fmt.Fprintf(&b, "%s: valid — %d files match the manifest signed by %s\n", name, len(v.Manifest.Files), v.KeyFingerprint)
		fmt.Fprintf(&b, "framework %s, created %s by Vigil %s\n", v.Manifest.Framework.ID, v.Manifest.CreatedAt.Format(time.RFC3339), v.Manifest.VigilVersion)
	} else {
		fmt.Fprintf(&b, "%s: NOT VALID\n", name)
		for _, p := range v.Problems {
			fmt.Fprintf(&b, "  - %s\n", p)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (a *app) reportKeygenCommand() *cobra.Command {
	var (
		path  string
		force bool
	)
	cmd := &cobra.Command{
		Use:   "keygen",
		Short: "Create an Ed25519 key pair for signing evidence bundles",
		Long: `Write a new Ed25519 private key (PKCS #8 PEM, mode 0600) to --output and its
public key (PKIX PEM) beside it with the extension .pub, and print the public
key's fingerprint (sha256: and the SHA-256 of its DER form). Give auditors
the .pub file or the fingerprint; keep the private key secret.`,
		Example: `  vigil report keygen --output key.pem
  vigil report keygen --output /run/secrets/evidence.pem --force`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if path == "" {
				return usageError("--output is required: where to write the private key, e.g. --output key.pem")
			}
			pubPath := strings.TrimSuffix(path, ".pem") + ".pub"
			if !force {
				for _, p := range []string{path, pubPath} {
					if _, err := os.Lstat(p); err == nil {
						return usageError("%s exists: keygen never overwrites a key (pass --force to replace it)", p)
					}
				}
			}
			privPEM, pubPEM, err := audit.GenerateKey()
			if err != nil {
				return err
			}
			if err := writeFileMode(path, privPEM, 0o600); err != nil {
				return err
			}
			if err := writeFileMode(pubPath, pubPEM, 0o644); err != nil {
				return err
			}
			pub, err := audit.ParsePublicKey(pubPEM)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.io.Out, "private key: %s\npublic key:  %s\nfingerprint: %s\n", path, pubPath, audit.Fingerprint(pub))
			return err
		},
	}
	cmd.Flags().StringVarP(&path, "output", "o", "", "the private key file to write (required); the public key goes beside it as .pub")
	cmd.Flags().BoolVar(&force, "force", false, "replace existing key files")
	return cmd
}

// writeFileMode writes data to a new file with mode perm, replacing any
// old one (through a temporary file, so the mode holds from the start).
func writeFileMode(p string, data []byte, perm os.FileMode) error {
	tmp := p + ".tmp"
	_ = os.Remove(tmp)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", p, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", p, err)
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", p, err)
	}
	return nil
}
