package cli

import "github.com/spf13/cobra"

// reportParent is vigil report: reports computed from the store.
func (a *app) reportParent() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "report",
		Short:   "Reports computed from the store: the service-level metrics",
		Example: "  vigil report metrics --since 30d",
		Args:    cobra.NoArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.reportMetricsCommand())
	return cmd
}
