package config

import (
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Admission is how vigil admission serve judges requests: the cluster
// floor of modes (Default, Frameworks, Rules: audit, warn or enforce),
// who is never judged (Exempt), the webhook's failure policy and
// timeout (written into its manifests), and where decisions go.
type Admission struct {
	// Default is the mode of a rule no framework or rule entry names.
	Default    string            `yaml:"default" json:"default"`
	Frameworks map[string]string `yaml:"frameworks" json:"frameworks"`
	Rules      map[string]string `yaml:"rules" json:"rules"`
	Exempt     AdmissionExempt   `yaml:"exempt" json:"exempt"`
	// FailurePolicy is Ignore (allow when the webhook cannot answer) or
	// Fail (refuse).
	FailurePolicy string   `yaml:"failure_policy" json:"failure_policy"`
	Timeout       Duration `yaml:"timeout" json:"timeout"`
	// Decisions, when set, is the vigil serve the decisions are posted
	// to, and whose approved exceptions are read.
	Decisions *AdmissionDecisions `yaml:"decisions,omitempty" json:"decisions,omitempty"`
	// ExceptionsRefresh is how often the approved exceptions of the
	// Decisions service are read again.
	ExceptionsRefresh Duration `yaml:"exceptions_refresh" json:"exceptions_refresh"`
}

// AdmissionExempt are the requests never judged.
type AdmissionExempt struct {
	Namespaces []string `yaml:"namespaces" json:"namespaces"`
	Users      []string `yaml:"users" json:"users"`
	Groups     []string `yaml:"groups" json:"groups"`
	// ServiceAccounts are namespace/name, or namespace/* for all of a
	// namespace's.
	ServiceAccounts []string `yaml:"service_accounts" json:"service_accounts"`
}

// AdmissionDecisions is the service decisions are sent to.
type AdmissionDecisions struct {
	// URL is vigil serve's base URL.
	URL string `yaml:"url" json:"url"`
	// TokenFile holds an API token with the operator role.
	TokenFile string `yaml:"token_file" json:"token_file"`
}

// admissionModes are the modes' names.
var admissionModes = []string{"audit", "warn", "enforce"}

func defaultAdmission() Admission {
	return Admission{
		Default: "audit", Frameworks: map[string]string{}, Rules: map[string]string{},
		Exempt: AdmissionExempt{Namespaces: []string{"kube-system"}, Users: []string{}, Groups: []string{"system:nodes"},
			ServiceAccounts: []string{}},
		FailurePolicy: "Ignore", Timeout: Duration(5 * time.Second), ExceptionsRefresh: Duration(time.Minute),
	}
}

func decodeAdmission(d *decoder, n *yaml.Node, c *Config, path string) {
	a := &c.Admission
	mode := func(v *yaml.Node, p string) (string, bool) {
		s, ok := d.str(v, p)
		if !ok {
			return "", false
		}
		for _, m := range admissionModes {
			if s == m {
				return s, true
			}
		}
		d.fail(d.Resolve(v), "%s: %q is not a mode: use %s", p, s, strings.Join(admissionModes, ", "))
		return "", false
	}
	modes := func(v *yaml.Node, p, what string, into map[string]string) {
		rn := d.Resolve(v)
		if rn == nil {
			return
		}
		if rn.Kind != yaml.MappingNode {
			d.fail(rn, "%s must be a mapping of %s to a mode, such as {%s: enforce}", p, what, map[string]string{"framework": "pss-baseline", "rule": "k8s-privileged-container"}[what])
			return
		}
		for i := 0; i+1 < len(rn.Content); i += 2 {
			k := rn.Content[i]
			if m, ok := mode(rn.Content[i+1], join(p, k.Value)); ok {
				into[k.Value] = m
			}
		}
	}
	d.fields(n, path,
		field{"default", func(v *yaml.Node, p string) {
			if m, ok := mode(v, p); ok {
				a.Default = m
			}
		}},
		field{"frameworks", func(v *yaml.Node, p string) { modes(v, p, "framework", a.Frameworks) }},
		field{"rules", func(v *yaml.Node, p string) { modes(v, p, "rule", a.Rules) }},
		field{"exempt", func(v *yaml.Node, p string) {
			d.object(v, p,
				field{"namespaces", func(v *yaml.Node, p string) {
					if s, ok := d.strs(v, p); ok {
						a.Exempt.Namespaces = s
					}
				}},
				field{"users", func(v *yaml.Node, p string) {
					if s, ok := d.strs(v, p); ok {
						a.Exempt.Users = s
					}
				}},
				field{"groups", func(v *yaml.Node, p string) {
					if s, ok := d.strs(v, p); ok {
						a.Exempt.Groups = s
					}
				}},
				field{"service_accounts", func(v *yaml.Node, p string) {
					a.Exempt.ServiceAccounts = d.ids(v, p, func(s string) string {
						ns, name, ok := strings.Cut(s, "/")
						if !ok || ns == "" || name == "" {
							return "is not namespace/name: write it as payments/deployer, or payments/* for the namespace's every one"
						}
						return ""
					})
				}},
			)
		}},
		field{"failure_policy", func(v *yaml.Node, p string) {
			s, ok := d.str(v, p)
			if !ok {
				return
			}
			if s != "Ignore" && s != "Fail" {
				d.fail(d.Resolve(v), "%s: %q is not a failure policy: use Ignore (allow when the webhook cannot answer) or Fail (refuse)", p, s)
				return
			}
			a.FailurePolicy = s
		}},
		field{"timeout", func(v *yaml.Node, p string) {
			t, ok := d.duration(v, p)
			if !ok {
				return
			}
			if time.Duration(t) < time.Second || time.Duration(t) > 30*time.Second || time.Duration(t)%time.Second != 0 {
				d.fail(d.Resolve(v), "%s: the API server takes whole seconds from 1s to 30s; keep it short, such as 5s", p)
				return
			}
			a.Timeout = t
		}},
		field{"exceptions_refresh", func(v *yaml.Node, p string) {
			t, ok := d.duration(v, p)
			if !ok {
				return
			}
			if time.Duration(t) < 10*time.Second || time.Duration(t) > 24*time.Hour {
				d.fail(d.Resolve(v), "%s: read the service's exceptions every 10s to 24h; an approval takes effect within it, such as 1m", p)
				return
			}
			a.ExceptionsRefresh = t
		}},
		field{"decisions", func(v *yaml.Node, p string) {
			dec := &AdmissionDecisions{}
			complete := d.fields(v, p,
				field{"url", func(v *yaml.Node, p string) { dec.URL, _ = d.url(v, p, false) }},
				field{"token_file", func(v *yaml.Node, p string) {
					dec.TokenFile, _ = d.name(v, p, "the path of a file holding a vigil serve API token with the operator role")
				}},
			)
			if complete && dec.URL != "" && dec.TokenFile != "" {
				a.Decisions = dec
			} else if rn := d.Resolve(v); rn != nil && (dec.URL == "") != (dec.TokenFile == "") {
				d.fail(rn, "%s needs both url and token_file", p)
			}
		}},
	)
}
