package awsmodel

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/vigil-cspm/vigil/internal/wildcard"
)

// PolicyDocument is an IAM identity, trust or resource policy in one
// normalised shape: every Action, Resource and principal list is a list,
// conditions are flattened to (operator, key, values), and Analysis holds
// what rules ask of a policy, computed here once.
type PolicyDocument struct {
	Version    string
	Statements []Statement
	Analysis   PolicyAnalysis
}

// Statement is one policy statement.
type Statement struct {
	Sid          string
	Effect       string
	Principal    *Principal
	NotPrincipal *Principal
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	Condition    []Condition
}

// Principal lists who a statement applies to. All is "Principal": "*"
// or {"AWS": "*"}.
type Principal struct {
	All           bool
	AWS           []string `attr:"aws"`
	Service       []string
	Federated     []string
	CanonicalUser []string
}

// Condition is one condition operator applied to one key.
type Condition struct {
	Operator string
	Key      string
	Values   []string
}

// PolicyAnalysis is what rules ask of a policy.
type PolicyAnalysis struct {
	// FullAdmin: an Allow of Action "*" on Resource "*" with no condition.
	FullAdmin bool
	// Public: an Allow to any principal ("*", {"AWS":"*"}) not narrowed by a
	// condition on the caller's account, organisation, source or network.
	Public bool
	// PublicActions are the actions of the public statements.
	PublicActions []string
	// ExternalAccounts are the account IDs other than the owner's named as
	// principals of Allow statements.
	ExternalAccounts []string
	// WildcardPassRole: iam:PassRole is allowed on every resource.
	WildcardPassRole bool
	// AllowsAll: some Allow statement grants every action (Action "*" or
	// NotAction) whatever its resource or condition.
	AllowsAll bool
	// ServiceWildcards are the services (action prefixes, lower case,
	// sorted) of which an Allow statement with no condition grants every
	// action ("s3:*") on Resource "*". Action "*" and "*:*" name no
	// service: they are FullAdmin.
	ServiceWildcards []string
}

// ParsePolicy decodes a policy document as the APIs return it: JSON,
// URL-encoded JSON (IAM), with single values or lists. owner is the
// account that owns the policy; principals of other accounts are
// reported as external.
func ParsePolicy(text, owner string) (*PolicyDocument, error) {
	s := strings.TrimSpace(text)
	if strings.HasPrefix(s, "%7B") || strings.HasPrefix(s, "%7b") {
		if dec, err := url.QueryUnescape(s); err == nil {
			s = dec
		}
	}
	var raw struct {
		Version   string          `json:"Version"`
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, fmt.Errorf("policy document is not JSON: %w", err)
	}
	var stmts []map[string]json.RawMessage
	if len(raw.Statement) > 0 && raw.Statement[0] == '{' {
		var one map[string]json.RawMessage
		if err := json.Unmarshal(raw.Statement, &one); err != nil {
			return nil, fmt.Errorf("policy Statement: %w", err)
		}
		stmts = append(stmts, one)
	} else if len(raw.Statement) > 0 {
		if err := json.Unmarshal(raw.Statement, &stmts); err != nil {
			return nil, fmt.Errorf("policy Statement must be an object or a list of objects: %w", err)
		}
	}
	doc := &PolicyDocument{Version: raw.Version}
	for i, m := range stmts {
		st, err := parseStatement(m)
		if err != nil {
			return nil, fmt.Errorf("policy Statement[%d]: %w", i, err)
		}
		doc.Statements = append(doc.Statements, st)
	}
	doc.Analysis = analyze(doc, owner)
	return doc, nil
}

func parseStatement(m map[string]json.RawMessage) (Statement, error) {
	var st Statement
	var err error
	if v, ok := m["Sid"]; ok {
		_ = json.Unmarshal(v, &st.Sid)
	}
	if err := json.Unmarshal(m["Effect"], &st.Effect); err != nil {
		return st, fmt.Errorf("the Effect must be \"Allow\" or \"Deny\"")
	}
	if st.Effect != "Allow" && st.Effect != "Deny" {
		return st, fmt.Errorf("the Effect is %q; want \"Allow\" or \"Deny\"", st.Effect)
	}
	for key, dst := range map[string]*[]string{"Action": &st.Action, "NotAction": &st.NotAction, "Resource": &st.Resource, "NotResource": &st.NotResource} {
		if v, ok := m[key]; ok {
			if *dst, err = stringList(v); err != nil {
				return st, fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	if v, ok := m["Principal"]; ok {
		if st.Principal, err = parsePrincipal(v); err != nil {
			return st, fmt.Errorf("Principal: %w", err)
		}
	}
	if v, ok := m["NotPrincipal"]; ok {
		if st.NotPrincipal, err = parsePrincipal(v); err != nil {
			return st, fmt.Errorf("NotPrincipal: %w", err)
		}
	}
	if v, ok := m["Condition"]; ok && string(v) != "null" {
		var cond map[string]map[string]json.RawMessage
		if err := json.Unmarshal(v, &cond); err != nil {
			return st, fmt.Errorf("Condition must map operators to {key: values}: %w", err)
		}
		for _, op := range keys(cond) {
			for _, key := range keys(cond[op]) {
				vals, err := stringList(cond[op][key])
				if err != nil {
					return st, fmt.Errorf("Condition %s %s: %w", op, key, err)
				}
				st.Condition = append(st.Condition, Condition{Operator: op, Key: key, Values: vals})
			}
		}
	}
	return st, nil
}

// stringList accepts a string, a list of strings, or scalars (conditions
// may hold booleans and numbers), returning them as strings.
func stringList(v json.RawMessage) ([]string, error) {
	var one any
	if err := json.Unmarshal(v, &one); err != nil {
		return nil, err
	}
	switch x := one.(type) {
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, err := scalar(e)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, nil
	default:
		s, err := scalar(x)
		if err != nil {
			return nil, err
		}
		return []string{s}, nil
	}
}

func scalar(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case bool, float64:
		return fmt.Sprint(x), nil
	default:
		return "", fmt.Errorf("want a string or a list of strings, got %T", v)
	}
}

func parsePrincipal(v json.RawMessage) (*Principal, error) {
	var s string
	if json.Unmarshal(v, &s) == nil {
		if s != "*" {
			return nil, fmt.Errorf("a string principal must be \"*\", got %q", s)
		}
		return &Principal{All: true}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(v, &m); err != nil {
		return nil, fmt.Errorf("want \"*\" or an object of principal lists")
	}
	p := &Principal{}
	for k, raw := range m {
		vals, err := stringList(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		switch k {
		case "AWS":
			p.AWS = vals
			for _, a := range vals {
				if a == "*" {
					p.All = true
				}
			}
		case "Service":
			p.Service = vals
		case "Federated":
			p.Federated = vals
		case "CanonicalUser":
			p.CanonicalUser = vals
		default:
			return nil, fmt.Errorf("unknown principal type %q", k)
		}
	}
	return p, nil
}

// restrictingKeys are condition keys that, compared for equality or
// match with concrete values, narrow a public principal to known
// callers.
var restrictingKeys = map[string]bool{
	"aws:sourceaccount": true, "aws:sourcearn": true, "aws:sourceowner": true,
	"aws:principalorgid": true, "aws:principalaccount": true, "aws:principalarn": true,
	"aws:principalorgpaths": true, "aws:sourcevpc": true, "aws:sourcevpce": true,
	"aws:sourceip": true, "aws:sourceorgid": true, "aws:sourceorgpaths": true,
	"aws:userid": true, "aws:username": true, "kms:calleraccount": true,
	"aws:resourceaccount": false, "aws:securetransport": false,
}

// Restricts reports whether a condition narrows who may call: a
// positive comparison (Equals, Like, IpAddress …, not IfExists, not a
// negation) of a caller-identifying key against values none of which is
// a bare wildcard.
func (c Condition) Restricts() bool {
	op := strings.ToLower(c.Operator)
	op = strings.TrimPrefix(strings.TrimPrefix(op, "forallvalues:"), "foranyvalue:")
	if strings.HasSuffix(op, "ifexists") || strings.Contains(op, "not") || op == "null" {
		return false
	}
	if !restrictingKeys[strings.ToLower(c.Key)] {
		return false
	}
	if len(c.Values) == 0 {
		return false
	}
	for _, v := range c.Values {
		if v == "*" || v == "" {
			return false
		}
	}
	return true
}

// Matches reports whether a policy pattern (with * and ? wildcards,
// case-insensitive as IAM compares actions) matches s.
func Matches(pattern, s string) bool {
	return wildcard.Match(strings.ToLower(pattern), strings.ToLower(s))
}

// AppliesTo reports whether the statement covers action on resource
// ("" matches any resource, for resource policies that omit it).
func (st Statement) AppliesTo(action, resource string) bool {
	if len(st.Action) > 0 && !anyMatch(st.Action, action) {
		return false
	}
	if len(st.NotAction) > 0 && anyMatch(st.NotAction, action) {
		return false
	}
	if len(st.Action) == 0 && len(st.NotAction) == 0 {
		return false
	}
	if resource == "" {
		return true
	}
	if len(st.Resource) > 0 && !anyMatch(st.Resource, resource) {
		return false
	}
	if len(st.NotResource) > 0 && anyMatch(st.NotResource, resource) {
		return false
	}
	return true
}

func anyMatch(patterns []string, s string) bool {
	for _, p := range patterns {
		if Matches(p, s) {
			return true
		}
	}
	return false
}

// Allows reports whether the document allows action on resource
// unconditionally: an unconditioned Allow applies and no Deny applies.
// A conditioned Allow does not count; a conditioned Deny does not block.
func (d *PolicyDocument) Allows(action, resource string) bool {
	allowed := false
	for _, st := range d.Statements {
		if !st.AppliesTo(action, resource) {
			continue
		}
		if st.Effect == "Deny" && len(st.Condition) == 0 {
			return false
		}
		if st.Effect == "Allow" && len(st.Condition) == 0 {
			allowed = true
		}
	}
	return allowed
}

// public reports whether the statement is an Allow to anyone that no
// condition narrows.
func (st Statement) public() bool {
	if st.Effect != "Allow" || st.Principal == nil || !st.Principal.All {
		return false
	}
	for _, c := range st.Condition {
		if c.Restricts() {
			return false
		}
	}
	return true
}

func analyze(d *PolicyDocument, owner string) PolicyAnalysis {
	var a PolicyAnalysis
	actions := map[string]bool{}
	external := map[string]bool{}
	services := map[string]bool{}
	for _, st := range d.Statements {
		if st.Effect != "Allow" {
			continue
		}
		if len(st.Condition) == 0 && contains(st.Resource, "*") {
			for _, x := range st.Action {
				if svc, ok := serviceWildcard(x); ok {
					services[svc] = true
				}
			}
		}
		if len(st.NotAction) > 0 || contains(st.Action, "*") {
			a.AllowsAll = true
		}
		if len(st.Condition) == 0 && (contains(st.Action, "*") || contains(st.Action, "*:*")) && contains(st.Resource, "*") {
			a.FullAdmin = true
		}
		if st.public() {
			a.Public = true
			for _, x := range st.Action {
				actions[x] = true
			}
			if len(st.NotAction) > 0 {
				actions["NotAction:"+strings.Join(st.NotAction, ",")] = true
			}
		}
		if st.Principal != nil {
			for _, p := range st.Principal.AWS {
				if acct := principalAccount(p); acct != "" && acct != owner {
					external[acct] = true
				}
			}
		}
	}
	a.WildcardPassRole = d.Allows("iam:PassRole", "*") && passRoleOnAny(d)
	a.PublicActions = keys(actions)
	a.ExternalAccounts = keys(external)
	a.ServiceWildcards = keys(services)
	return a
}

// serviceWildcard returns the service of an action that names every
// action of one service ("s3:*"); ok is false for any other action,
// "*:*" and prefixes with wildcards ("s3*:*") included.
func serviceWildcard(action string) (string, bool) {
	svc, rest, ok := strings.Cut(strings.ToLower(action), ":")
	if !ok || rest != "*" || svc == "" || strings.ContainsAny(svc, "*?") {
		return "", false
	}
	return svc, true
}

// passRoleOnAny: some unconditioned Allow grants iam:PassRole with a
// wildcard-only resource.
func passRoleOnAny(d *PolicyDocument) bool {
	for _, st := range d.Statements {
		if st.Effect == "Allow" && len(st.Condition) == 0 && st.AppliesTo("iam:PassRole", "") && contains(st.Resource, "*") {
			return true
		}
	}
	return false
}

// principalAccount extracts the account of an AWS principal: a bare
// 12-digit ID or an arn:aws:iam::ID:… ARN. "*" yields "".
func principalAccount(p string) string {
	if IsAccountID(p) {
		return p
	}
	parts := strings.Split(p, ":")
	if len(parts) >= 5 && parts[0] == "arn" && IsAccountID(parts[4]) {
		return parts[4]
	}
	return ""
}

// IsAccountID reports whether s is an AWS account ID: twelve digits.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// SortedUnique returns the distinct values of list, sorted.
func SortedUnique(list []string) []string {
	m := map[string]bool{}
	for _, s := range list {
		m[s] = true
	}
	return keys(m) // sorted
}
