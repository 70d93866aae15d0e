package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/inventory/awsinv"
)

func (a *app) awsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "aws",
		Short: "AWS helpers: the IAM permissions Vigil needs",
		Example: `  vigil aws permissions > vigil-policy.json
  vigil aws permissions --org --role-name VigilAudit`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.awsPermissionsCommand())
	return cmd
}

// iamPolicy is an IAM policy document as printed.
type iamPolicy struct {
	Version   string         `json:"Version"`
	Statement []iamStatement `json:"Statement"`
}

type iamStatement struct {
	Sid      string   `json:"Sid"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource string   `json:"Resource"`
}

func (a *app) awsPermissionsCommand() *cobra.Command {
	var (
		services []string
		org      bool
		roleName string
		out      *output
	)
	cmd := &cobra.Command{
		Use:   "permissions",
		Short: "Print the least-privilege IAM policy for `vigil scan aws`",
		Long: `Print the IAM policy that allows exactly the read-only calls Vigil's
collectors make (a test fails when a collector calls an API this policy
lacks). Attach it to the scanning identity; with --org, attach it to the role
in every member account and give the management-account identity the
sts:AssumeRole statement as well.

Services: ` + strings.Join(awsinv.ServiceNames(awsinv.Collectors()), ", ") + `.`,
		Example: `  vigil aws permissions > vigil-policy.json
  aws iam create-policy --policy-name VigilReadOnly --policy-document file://vigil-policy.json
  vigil aws permissions --services s3,iam
  vigil aws permissions --org --role-name VigilAudit
  vigil aws permissions --format text`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := out.check(); err != nil {
				return err
			}
			if org && roleName == "" {
				return usageError("--org needs --role-name: the role Vigil assumes in each member account")
			}
			cs := awsinv.Collectors()
			if len(services) > 0 {
				sel, err := awsinv.Select(cs, services)
				if err != nil {
					return usageError("%v", err)
				}
				cs = sel
			}
			actions := awsinv.Actions(cs, org)
			pol := iamPolicy{Version: "2012-10-17", Statement: []iamStatement{{Sid: "VigilReadOnly", Effect: "Allow", Action: without(actions, "sts:AssumeRole"), Resource: "*"}}}
			if org {
				pol.Statement = append(pol.Statement, iamStatement{Sid: "VigilAssumeMemberRole", Effect: "Allow", Action: []string{"sts:AssumeRole"}, Resource: "arn:aws:iam::*:role/" + roleName})
			}
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "text" {
					for _, act := range actions {
						fmt.Fprintln(w, act)
					}
					return nil
				}
				return writeJSON(w, pol)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&services, "services", nil, "only the permissions of these services")
	fl.BoolVar(&org, "org", false, "add what an organization scan needs (organizations:ListAccounts, sts:AssumeRole)")
	fl.StringVar(&roleName, "role-name", "", "with --org, the member role Vigil assumes")
	out = outputFlags(cmd, []string{"json", "text"}, "json (an IAM policy document) or text (one action per line)")
	_ = cmd.RegisterFlagCompletionFunc("services", cobra.FixedCompletions(awsinv.ServiceNames(awsinv.Collectors()), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func without(list []string, drop string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}
