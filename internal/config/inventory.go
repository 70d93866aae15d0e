package config

import (
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// Inventory is what the scans are expected to cover: the AWS accounts
// and organizations and the Kubernetes clusters (by the name scans give
// them: --cluster-name, else the context's cluster). vigil report metrics measures
// inventory coverage (M1) against it.
type Inventory struct {
	Accounts      []string `yaml:"accounts" json:"accounts"`
	Organizations []string `yaml:"organizations" json:"organizations"`
	Clusters      []string `yaml:"clusters" json:"clusters"`
}

var (
	accountID      = regexp.MustCompile(`^[0-9]{12}$`)
	organizationID = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
)

func decodeInventory(d *decoder, n *yaml.Node, c *Config, path string) {
	d.object(n, path,
		field{"accounts", func(v *yaml.Node, p string) {
			c.Inventory.Accounts = d.ids(v, p, func(s string) string {
				if !accountID.MatchString(s) {
					return "is not an AWS account ID: write its 12 digits, quoted (\"012345678901\") so a leading zero stays"
				}
				return ""
			})
		}},
		field{"organizations", func(v *yaml.Node, p string) {
			c.Inventory.Organizations = d.ids(v, p, func(s string) string {
				if !organizationID.MatchString(s) {
					return "is not an AWS organization ID: it looks like o-a1b2c3d4e5"
				}
				return ""
			})
		}},
		field{"clusters", func(v *yaml.Node, p string) {
			c.Inventory.Clusters = d.ids(v, p, func(s string) string {
				if strings.TrimSpace(s) == "" {
					return "is empty: give the cluster's name as scans record it (--cluster-name)"
				}
				return ""
			})
		}},
	)
}

// ids reads a list of identifiers, each checked by bad (which says what
// is wrong, or ""), none twice.
func (d *decoder) ids(n *yaml.Node, path string, bad func(string) string) []string {
	out := []string{}
	seen := map[string]int{}
	d.list(n, path, "strings", func(i int, e *yaml.Node, p string) {
		s, ok := d.str(e, p)
		if !ok {
			return
		}
		if why := bad(s); why != "" {
			d.fail(d.Resolve(e), "%s: %q %s", p, s, why)
			return
		}
		if first, dup := seen[s]; dup {
			d.fail(d.Resolve(e), "%s: %q is listed twice (first at [%d]): keep one", p, s, first)
			return
		}
		seen[s] = i
		out = append(out, s)
	})
	return out
}
