package params

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Kind is the type of a parameter's value.
type Kind string

// Kinds. Values are held as Go int, []int, []string and bool.
const (
	Int     Kind = "int"
	Ints    Kind = "list of ints"
	Strings Kind = "list of strings"
	Bool    Kind = "bool"
)

// Def declares one parameter.
type Def struct {
	Name string
	Kind Kind
	// Default is the value when no configuration sets one.
	Default any
	// Description says what the parameter changes, for people.
	Description string
	// Rules are the IDs of the rules that read it (the library's test
	// checks this against the rules' calls).
	Rules []string
	// Check, when set, rejects values of the right kind that make no
	// sense (a negative number of days, port 0).
	Check func(v any) error
}

// Registry returns every parameter the rule library reads, sorted by
// name. It is the one list: configuration values and rules' calls are
// checked against it.
func Registry() []Def {
	return []Def{
		{Name: "acm_min_days_to_expiry", Kind: Int, Default: 30, Check: between(1, 365),
			Description: "an ACM certificate that expires within this many days is reported",
			Rules:       []string{"aws-acm-expiry"}},
		{Name: "admin_ports", Kind: Ints, Default: []int{22, 3389}, Check: each(port),
			Description: "remote administration ports that must not be open to the whole internet",
			Rules:       []string{"aws-ec2-nacl-admin-ports", "aws-ec2-sg-admin-ports-ipv4", "aws-ec2-sg-admin-ports-ipv6"}},
		{Name: "allowed_image_registries", Kind: Strings, Default: []string{}, Check: each(registry),
			Description: "registries (or registry/path prefixes) container images may come from; empty turns the check off. Docker Hub short names count as docker.io (nginx is docker.io/library/nginx)",
			Rules:       []string{"k8s-image-registry-not-allowed"}},
		{Name: "cognito_min_password_length", Kind: Int, Default: 8, Check: between(6, 99),
			Description: "shortest password a Cognito user pool's password policy may allow",
			Rules:       []string{"aws-cognito-password-policy"}},
		{Name: "max_access_key_age_days", Kind: Int, Default: 90, Check: atLeast(1),
			Description: "days after which an active IAM access key must have been rotated",
			Rules:       []string{"aws-iam-access-key-rotation"}},
		{Name: "max_credential_idle_days", Kind: Int, Default: 45, Check: atLeast(1),
			Description: "days an enabled IAM password or access key may go unused",
			Rules:       []string{"aws-iam-unused-credentials"}},
		{Name: "max_secret_rotation_days", Kind: Int, Default: 90, Check: atLeast(1),
			Description: "longest rotation interval, and oldest current value, of a Secrets Manager secret",
			Rules:       []string{"aws-secretsmanager-rotation"}},
		{Name: "min_kinesis_retention_hours", Kind: Int, Default: 168, Check: between(24, 8760),
			Description: "shortest record retention, in hours, of a Kinesis data stream",
			Rules:       []string{"aws-kinesis-retention"}},
		{Name: "min_password_length", Kind: Int, Default: 14, Check: between(6, 128),
			Description: "shortest IAM user password the account's password policy may allow",
			Rules:       []string{"aws-iam-password-min-length"}},
		{Name: "password_reuse_prevention", Kind: Int, Default: 24, Check: between(1, 24),
			Description: "how many previous passwords the IAM password policy must keep users from reusing",
			Rules:       []string{"aws-iam-password-reuse-prevention"}},
		{Name: "root_use_window_days", Kind: Int, Default: 90, Check: atLeast(1),
			Description: "a root user credential used within this many days is reported",
			Rules:       []string{"aws-iam-root-recent-use"}},
	}
}

// Lookup returns the parameter with this name.
func Lookup(name string) (Def, bool) {
	for _, d := range Registry() {
		if d.Name == name {
			return d, true
		}
	}
	return Def{}, false
}

// Names returns the parameters' names, sorted.
func Names() []string {
	var out []string
	for _, d := range Registry() {
		out = append(out, d.Name)
	}
	return out
}

// Validate checks that v is a value of d's kind that passes its check,
// and returns it in its Go form (a list's elements are copied).
func (d Def) Validate(v any) (any, error) {
	ok := false
	switch d.Kind {
	case Int:
		_, ok = v.(int)
	case Ints:
		var l []int
		l, ok = v.([]int)
		v = slices.Clone(l)
	case Strings:
		var l []string
		l, ok = v.([]string)
		v = slices.Clone(l)
	case Bool:
		_, ok = v.(bool)
	}
	if !ok {
		return nil, fmt.Errorf("%s is a %s", d.Name, d.Kind)
	}
	if d.Check != nil {
		if err := d.Check(v); err != nil {
			return nil, fmt.Errorf("%s: %w", d.Name, err)
		}
	}
	return v, nil
}

// Example is a value of the kind, as written in YAML, for messages.
func (k Kind) Example() string {
	switch k {
	case Int:
		return "a whole number, e.g. 30"
	case Ints:
		return "a list of whole numbers, e.g. [22, 3389]"
	case Strings:
		return `a list of strings, e.g. ["registry.example.com"]`
	case Bool:
		return "true or false"
	}
	return string(k)
}

func atLeast(min int) func(any) error {
	return func(v any) error {
		if n := v.(int); n < min {
			return fmt.Errorf("%d is too small: use %d or more", n, min)
		}
		return nil
	}
}

func between(min, max int) func(any) error {
	return func(v any) error {
		if n := v.(int); n < min || n > max {
			return fmt.Errorf("%d is out of range: use %d to %d", n, min, max)
		}
		return nil
	}
}

func port(n int) error {
	if n < 1 || n > 65535 {
		return fmt.Errorf("port %d is out of range: use 1 to 65535", n)
	}
	return nil
}

// each checks every element of a list with check.
func each[T any](check func(T) error) func(any) error {
	return func(v any) error {
		for _, e := range v.([]T) {
			if err := check(e); err != nil {
				return err
			}
		}
		return nil
	}
}

// registry checks an allowed registry: a host with an optional path, no
// scheme, tag or digest.
func registry(s string) error {
	switch {
	case s == "" || strings.Trim(s, "/") == "":
		return errors.New("an empty registry would allow every image: name a registry host, e.g. registry.example.com")
	case strings.Contains(s, "://"):
		return fmt.Errorf("%q: write the registry without a scheme, e.g. %s", s, s[strings.Index(s, "://")+3:])
	case strings.ContainsAny(s, " \t\n@"):
		return fmt.Errorf("%q is not a registry: write a host with an optional path, e.g. registry.example.com/team", s)
	}
	return nil
}
