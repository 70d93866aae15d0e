package cli

import (
	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/iac"
	"github.com/vigil-cspm/vigil/internal/model"
)

func (a *app) scanIaCCommand() *cobra.Command {
	var (
		f           scanFlags
		maxFileSize int64
	)
	cmd := &cobra.Command{
		Use:   "iac PATH... | -",
		Short: "Scan Kubernetes manifests: files, directories, or stdin",
		Long: `Scan Kubernetes manifests (YAML or JSON, multi-document, kind: List) in files
and directories, or on stdin with "-" — for instance Helm or Kustomize output.
Every finding carries the file and line of its object. Files that cannot be
read or parsed are reported with file:line and make the exit code 2; the rest
is still scanned. Objects of kinds Vigil does not model (CRDs) are listed as
skipped in the scan's coverage.

Exit codes: 0 no gate hit, 1 a finding at or above --fail-on, 2 an input error
or a usage/runtime error.`,
		Example: `  vigil scan iac examples/
  vigil scan iac deploy/ --fail-on high --format sarif --output vigil.sarif
  helm template ./chart | vigil scan iac -
  kustomize build overlays/prod | vigil scan iac - --framework pss-restricted`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, _, err := f.validate(); err != nil {
				return err
			}
			ctx := cmd.Context()
			lib, err := loadLibrary(ctx, f.policyDirs, f.framework)
			if err != nil {
				return err
			}
			scan := newScan("iac", "")
			sc := newIaCScanner(maxFileSize << 20)
			res := sc.Scan(ctx, args, a.io.In)
			scan.Coverage = res.Coverage
			scan.Errors = res.Errors
			if len(res.Errors) > 0 {
				scan.Status = model.ScanPartial
			}
			if res.Files == 0 && len(res.Errors) == 0 {
				a.log.Warn("no manifest files found", "paths", args)
			}
			locate := func(fs []model.Finding) { sc.LocateEvidence(sc.Parser.Catalog(), fs) }
			return a.evaluate(ctx, &f, lib, collected{scan: scan, resources: res.Resources, locate: locate}, f.store != "")
		},
	}
	f.register(cmd)
	cmd.Flags().Int64Var(&maxFileSize, "max-file-size", iac.DefaultMaxFileSize>>20, "largest file to read, in MiB")
	return cmd
}
