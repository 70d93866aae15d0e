package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/inventory/awsinv"
)

// awsFlags select what an AWS scan covers and how hard it pushes.
type awsFlags struct {
	cfg awsinv.Config
}

func (f *awsFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.cfg.Profile, "profile", "", "AWS shared-config profile (default: the SDK's chain: AWS_PROFILE, environment, SSO, web identity, instance role)")
	fl.StringSliceVar(&f.cfg.Regions, "regions", nil, "regions to scan (default: every region enabled for the account)")
	fl.StringSliceVar(&f.cfg.Services, "services", nil, "services to scan (default: all); see `vigil aws permissions --help` for the list")
	fl.BoolVar(&f.cfg.Org, "org", false, "scan every active account of the AWS Organization, assuming --role-name in each member")
	fl.StringVar(&f.cfg.RoleName, "role-name", "", "role to assume in member accounts with --org (e.g. VigilAudit)")
	fl.StringVar(&f.cfg.ExternalID, "external-id", "", "external ID the member accounts' role requires")
	fl.StringVar(&f.cfg.SessionName, "session-name", "vigil-scan", "role session name, visible in the members' CloudTrail")
	fl.StringSliceVar(&f.cfg.Accounts, "accounts", nil, "with --org, scan only these account IDs")
	fl.IntVar(&f.cfg.AccountConcurrency, "account-concurrency", 4, "accounts scanned at once")
	fl.IntVar(&f.cfg.Concurrency, "concurrency", 16, "collectors running at once in one account")
	fl.Float64Var(&f.cfg.Rate, "rate", 25, "API requests per second per account, region and service")
	fl.IntVar(&f.cfg.InFlight, "in-flight", 8, "API requests in flight per account, region and service")
	fl.IntVar(&f.cfg.MaxAttempts, "max-attempts", 10, "attempts per API call (throttling and transient errors are retried with jittered backoff)")
	fl.DurationVar(&f.cfg.MaxBackoff, "max-backoff", 20*time.Second, "longest wait between retries")
	_ = cmd.RegisterFlagCompletionFunc("services", cobra.FixedCompletions(awsinv.ServiceNames(awsinv.Collectors()), cobra.ShellCompDirectiveNoFileComp))
}

func (a *app) scanAWSCommand() *cobra.Command {
	var (
		f  scanFlags
		af awsFlags
	)
	cmd := &cobra.Command{
		Use:   "aws",
		Short: "Scan an AWS account or a whole AWS Organization",
		Long: `Scan AWS through its APIs with the SDK's default credential chain
(environment, ~/.aws/config profiles, SSO, web identity, container and
instance roles). Vigil only calls read-only APIs; ` + "`vigil aws permissions`" + ` prints
the IAM policy it needs. Every region enabled for the account is scanned
unless --regions narrows it; global services (IAM, S3 listing, CloudFront,
Organizations) are read once per account.

With --org, Vigil lists the organization's accounts from the management
account (or a delegated administrator), skips suspended ones and assumes
--role-name in each member. An account, region or API that cannot be read
(AccessDenied, a disabled region, throttling beyond the retry budget) becomes
a coverage record, the scan is reported "partial", the rest is evaluated, and
no finding is resolved in a scope that was not read.

AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> point Vigil at an emulator
(LocalStack, moto); S3 then uses path-style requests.`,
		Example: `  vigil scan aws
  vigil scan aws --profile prod --regions eu-west-1,us-east-1 --services s3,iam,ec2
  vigil scan aws --org --role-name VigilAudit --external-id X --accounts 111111111111,222222222222
  vigil scan aws --framework cis-aws-7.0 --format json --output cis.json
  AWS_ENDPOINT_URL=http://localhost:4566 vigil scan aws --regions us-east-1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := f.validate(); err != nil {
				return err
			}
			if af.cfg.Org && af.cfg.RoleName == "" {
				return usageError("--org needs --role-name: the role Vigil assumes in each member account")
			}
			if len(af.cfg.Accounts) > 0 && !af.cfg.Org {
				return usageError("--accounts narrows an organization scan; add --org and --role-name")
			}
			ctx := cmd.Context()
			lib, err := a.loadLibrary(ctx, f.library())
			if err != nil {
				return err
			}
			af.cfg.Log = a.log
			sc, err := awsinv.New(ctx, af.cfg, awsinv.Collectors())
			if err != nil {
				return usageError("%v", err)
			}
			account, err := sc.Identify(ctx)
			if err != nil {
				return err
			}
			sc.Progress = a.progress(account)
			return a.runScan(ctx, &f, lib, scanJob{kind: "aws", account: account, source: sc, store: true,
				unread: fmt.Sprintf("scan AWS %s: nothing could be read; check the credentials' permissions with `vigil aws permissions`", account)})
		},
	}
	f.register(cmd)
	af.register(cmd)
	return cmd
}
