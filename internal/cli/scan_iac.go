package cli

import (
	"os"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/iac"
	"github.com/vigil-cspm/vigil/internal/iac/helm"
)

func (a *app) scanIaCCommand() *cobra.Command {
	var (
		f           scanFlags
		maxFileSize int64
		cfnParams   []string
		varFiles    []string
		vars        []string
		accountID   string
		helmValues  []string
		helmSet     []string
		helmRelease string
		helmNS      string
		pf          pushFlags
	)
	cmd := &cobra.Command{
		Use:   "iac PATH... | -",
		Short: "Scan infrastructure as code: Kubernetes manifests, Terraform plans and state, CloudFormation",
		Long: `Scan infrastructure as code in files and directories, or on stdin with "-":
Kubernetes manifests (YAML or JSON, multi-document, kind: List; Helm or
Kustomize output), Helm charts (every directory with a Chart.yaml, rendered
offline as 'helm template' would: values.yaml, then --helm-values files,
then --helm-set; release --helm-release in --helm-namespace; subcharts
from charts/; findings name the template and the line of its rendered
text), Terraform configurations (every root module directory,
with variables, modules already fetched by terraform init, count, for_each
and dynamic blocks; never a network call), Terraform plan and state JSON
(terraform show -json), and
CloudFormation templates (YAML or JSON, short-form tags, parameters,
conditions, the SAM transform). Formats are detected from the content. Cloud
resources are adapted into the same aws.* model the live AWS scan produces,
so the same rules fire before deployment; a value known only after apply
makes the checks that need it inconclusive instead of guessing.

Every finding carries the file and line of its object (and of the offending
attribute when known). A comment "# vigil:ignore <rule-id> [until YYYY-MM-DD]
<reason>" right above a resource (or on the offending line) accepts that
risk: the finding is reported as excepted, with the reason, and does not
fail --fail-on; after the date it is open again (with exceptions.require_expiry
in vigil.yaml, one without until is an input error). --exceptions FILE applies
governed exceptions (see vigil exceptions --help). Files that cannot be read
or parsed, and vigil:ignore comments without a reason, with a date that is
not YYYY-MM-DD or naming a rule the library does not have, are reported with
file:line and make the exit code 2; the rest is still scanned. Kinds and
resource types no rule reads are listed as skipped in the scan's coverage.

Exit codes: 0 no gate hit, 1 a finding at or above --fail-on, 2 an input error
or a usage/runtime error.`,
		Example: `  vigil scan iac examples/
  vigil scan iac deploy/ --fail-on high --format sarif --output vigil.sarif
  vigil scan iac ./charts/web --helm-values prod-values.yaml --helm-set image.tag=1.4.2 --helm-release web --helm-namespace shop
  helm template ./chart | vigil scan iac -
  kustomize build overlays/prod | vigil scan iac - --framework pss-restricted
  vigil scan iac ./infra --var-file prod.tfvars --var env=prod --fail-on high --format sarif --output vigil.sarif
  terraform show -json plan.out | vigil scan iac - --fail-on high
  vigil scan iac stack.yaml --cfn-param Environment=prod --framework cis-aws-7.0
  vigil scan iac ./infra --aws-account-id 111122223333
  vigil scan iac deploy/ --store vigil.db --exceptions vigil-exceptions.yaml
  vigil scan iac ./infra --push https://vigil.example.com --token-file ci.token --repo org/infra --ref main --commit "$GITHUB_SHA"`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := f.validate(); err != nil {
				return err
			}
			params, err := keyValues("--cfn-param", cfnParams)
			if err != nil {
				return err
			}
			tfVars, err := keyValues("--var", vars)
			if err != nil {
				return err
			}
			var env []string
			for _, kv := range os.Environ() {
				if strings.HasPrefix(kv, "TF_VAR_") {
					env = append(env, kv)
				}
			}
			if accountID != "" && !awsAccountID.MatchString(accountID) {
				return usageError("--aws-account-id %q: want the 12-digit AWS account ID the configuration deploys to", accountID)
			}
			helmOpts := helm.Options{ValueFiles: helmValues, Set: helmSet, Release: helmRelease, Namespace: helmNS}
			if err := helm.Check(helmOpts); err != nil {
				return usageError("%v", err)
			}
			ctx := cmd.Context()
			lib, err := a.loadLibrary(ctx, f.library())
			if err != nil {
				return err
			}
			sc := newIaCScanner(maxFileSize<<20, iac.CloudOptions{CFNParams: params, TFVarFiles: varFiles, TFVars: tfVars, TFEnv: env, AWSAccountID: accountID})
			sc.Known, sc.References = lib.Known, lib.Engine.RelatedTypes()
			sc.RequireExpiry = a.cfg.Exceptions.RequireExpiry
			sc.Helm = helmOpts
			src := sc.Source(args, a.io.In)
			var pushing *pushing
			job := scanJob{kind: "iac", source: src, store: f.store != "" || a.configuresStore()}
			if pf.url != "" {
				if pushing, err = pf.start(src, args, a.version); err != nil {
					return err
				}
				defer pushing.discard()
				job.source = pushing.rec
			}
			err = a.runScan(ctx, &f, lib, job)
			if src.Files() == 0 && err == nil {
				a.log.Warn("no infrastructure-as-code files found", "paths", args)
			}
			if pushing != nil {
				if perr := a.push(ctx, pushing); perr != nil {
					return perr
				}
			}
			return err
		},
	}
	f.register(cmd)
	cmd.Flags().Int64Var(&maxFileSize, "max-file-size", iac.DefaultMaxFileSize>>20, "largest file to read, in MiB")
	cmd.Flags().StringArrayVar(&varFiles, "var-file", nil, "Terraform variable file for every root module scanned (repeatable; terraform.tfvars and *.auto.tfvars are read anyway)")
	cmd.Flags().StringArrayVar(&vars, "var", nil, "Terraform variable value, name=value (repeatable; TF_VAR_name is honoured too)")
	cmd.Flags().StringVar(&accountID, "aws-account-id", "", "the AWS account the configuration deploys to: decides which role trust principals are other accounts (without it that check is inconclusive), and is CloudFormation's AWS::AccountId")
	cmd.Flags().StringArrayVar(&helmValues, "helm-values", nil, "values file for every Helm chart scanned, merged over its values.yaml (repeatable)")
	cmd.Flags().StringArrayVar(&helmSet, "helm-set", nil, "Helm value for every chart scanned, key=value in helm's --set syntax (repeatable; applied last)")
	cmd.Flags().StringVar(&helmRelease, "helm-release", "release-name", "release name charts are rendered for (.Release.Name), as helm template's NAME")
	cmd.Flags().StringVar(&helmNS, "helm-namespace", "default", "namespace charts are rendered for (.Release.Namespace), as helm template --namespace")
	pf.register(cmd)
	cmd.Flags().StringArrayVar(&cfnParams, "cfn-param", nil, "CloudFormation parameter value, Name=Value (repeatable; also AWS::Region and AWS::AccountId)")
	return cmd
}

// awsAccountID is the form of an AWS account ID.
var awsAccountID = regexp.MustCompile(`^[0-9]{12}$`)

// keyValues parses repeated Name=Value flags.
func keyValues(flag string, kvs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usageError("%s %q: want Name=Value", flag, kv)
		}
		out[k] = v
	}
	return out, nil
}
