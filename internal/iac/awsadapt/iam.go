package awsadapt

import (
	"crypto/x509"
	"encoding/pem"
	"slices"
	"sort"
	"strings"
	"time"

	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// The source types that link IAM users, roles and groups to their
// policies and to each other.
var (
	tfIAMLinks = []string{
		"aws_iam_user_policy", "aws_iam_role_policy", "aws_iam_group_policy",
		"aws_iam_user_policy_attachment", "aws_iam_role_policy_attachment", "aws_iam_group_policy_attachment",
		"aws_iam_policy_attachment", "aws_iam_group_membership", "aws_iam_user_group_membership", "aws_iam_access_key",
	}
	cfnIAMLinks = []string{"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::AccessKey", "AWS::IAM::UserToGroupAddition",
		"AWS::IAM::UserPolicy", "AWS::IAM::RolePolicy", "AWS::IAM::GroupPolicy"}
)

func iamAdapters() []adapter {
	entities := append(append([]string{"aws_iam_user", "aws_iam_role", "aws_iam_group", "AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group"}, tfIAMLinks...), cfnIAMLinks...)
	return []adapter{
		{Target: awsmodel.TypeIAMUser, Consumes: entities, Adapt: func(ix *Index) []*model.Resource { return adaptIAMEntities(ix, iamUserKind) }},
		{Target: awsmodel.TypeIAMRole, Consumes: entities, Adapt: func(ix *Index) []*model.Resource { return adaptIAMEntities(ix, iamRoleKind) }},
		{Target: awsmodel.TypeIAMGroup, Consumes: entities, Adapt: func(ix *Index) []*model.Resource { return adaptIAMEntities(ix, iamGroupKind) }},
		{Target: awsmodel.TypeIAMPolicy, Consumes: append([]string{"aws_iam_policy", "aws_iam_role", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"}, append(tfIAMLinks, cfnIAMLinks...)...), Adapt: adaptIAMPolicies},
		{Target: awsmodel.TypeIAMAccountSettings, Consumes: []string{"aws_iam_account_password_policy"}, Adapt: adaptIAMPasswordPolicy},
		{Target: awsmodel.TypeIAMServerCertificate, Consumes: []string{"aws_iam_server_certificate", "AWS::IAM::ServerCertificate"}, Adapt: adaptServerCertificates},
		{Target: awsmodel.TypeAccessAnalyzerRegionalSettings, Consumes: []string{"aws_accessanalyzer_analyzer", "AWS::AccessAnalyzer::Analyzer"}, Adapt: adaptAccessAnalyzers},
	}
}

// --- links between instances -------------------------------------------

// refersTo reports whether v (a Ref, a known string, or a list of them)
// designates target: a Ref to its address or a string equal to one of
// its identifying values.
func refersTo(ix *Index, from *cloudres.Instance, v any, target *cloudres.Instance, ids ...string) bool {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if refersTo(ix, from, e, target, ids...) {
				return true
			}
		}
	case cloudres.Ref:
		to, ok := ix.Resolve(from, x)
		return ok && to == target
	case string:
		for _, id := range ids {
			if id != "" && x == id {
				return true
			}
		}
	}
	return false
}

// linked returns the instances of type t in target's scope whose attr
// (a value or a list) designates target.
func linked(ix *Index, t, attr string, target *cloudres.Instance, ids ...string) []*cloudres.Instance {
	var out []*cloudres.Instance
	for _, in := range ix.OfType(t) {
		if scopeKey(in) != scopeKey(target) {
			continue
		}
		if v, ok := in.Get(attr); ok && refersTo(ix, in, v, target, ids...) {
			ix.claim(in, attr)
			out = append(out, in)
		}
	}
	return out
}

// knownStr returns the string at path when the source knows it.
func knownStr(in *cloudres.Instance, path string) string {
	v, _ := in.Get(path)
	s, _ := v.(string)
	return s
}

// labelOr returns the value at path when known, else the instance's name
// label or logical ID.
func labelOr(in *cloudres.Instance, path string) string {
	if s := knownStr(in, path); s != "" {
		return s
	}
	return in.Name
}

// setAtApply stands for a value that exists but is known only after
// apply (a key or ARN created by the same configuration).
const setAtApply = "(set at apply)"

// presentStr reads a string whose presence matters even when its value is
// unknown (a KMS key id): an unknown or referenced value marks attr unread
// and yields setAtApply.
func presentStr(b *builder, path, attr string) (string, bool) {
	v, ok := b.in.Get(path)
	if !ok || v == nil {
		return "", false
	}
	if s, ok := b.str(path, attr); ok {
		return s, s != ""
	}
	if hasUnknown(v) {
		b.locate(attr, path)
		return setAtApply, true
	}
	return "", false
}

func strp(s string) *string { return &s }

// override drops attr from b's unread attributes: a satellite resource
// (a separate policy resource) declares the value the main resource left
// unknown (a computed policy in a plan).
func override(b *builder, attr string) {
	out := b.unread[:0]
	for _, a := range b.unread {
		if a != attr {
			out = append(out, a)
		}
	}
	b.unread = out
}

// listLen counts the entries of a list value (0 for anything else).
func listLen(v any) int {
	l, _ := v.([]any)
	return len(l)
}

// --- users, roles, groups ----------------------------------------------

type iamKind struct {
	typ              string // aws.iam.*
	tf, cfn          string // main types
	cfnName          string // CloudFormation name property
	linkAttr         string // aws_iam_<kind>_policy's attribute naming the entity
	listAttr         string // plural, in lists (aws_iam_policy_attachment, AWS::IAM::Policy)
	inlineAttr       string // model attribute of inline policies
	tfInline, tfAtt  string
	cfnPolicyListKey string // AWS::IAM::Policy / ManagedPolicy key
	cfnInline        string // AWS::IAM::<Kind>Policy, one inline policy naming the entity by cfnName
}

var (
	iamUserKind  = iamKind{awsmodel.TypeIAMUser, "aws_iam_user", "AWS::IAM::User", "UserName", "user", "users", "user_policy_list", "aws_iam_user_policy", "aws_iam_user_policy_attachment", "Users", "AWS::IAM::UserPolicy"}
	iamRoleKind  = iamKind{awsmodel.TypeIAMRole, "aws_iam_role", "AWS::IAM::Role", "RoleName", "role", "roles", "role_policy_list", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "Roles", "AWS::IAM::RolePolicy"}
	iamGroupKind = iamKind{awsmodel.TypeIAMGroup, "aws_iam_group", "AWS::IAM::Group", "GroupName", "group", "groups", "group_policy_list", "aws_iam_group_policy", "aws_iam_group_policy_attachment", "Groups", "AWS::IAM::GroupPolicy"}
)

// iamEntity is what the sources say of a user, role or group.
type iamEntity struct {
	name     string
	inline   []awsmodel.InlinePolicy
	attached []iamtypes.AttachedPolicy
}

// addInline adds the inline policy written at path (its document at
// docPath; "" is the block of a satellite policy resource) to the model
// list attr, and records where the entry and its document are written
// (attr.<index>, attr.<index>.policy_document), so evidence about one
// inline policy points at that policy.
func (e *iamEntity) addInline(b *builder, name, path, docPath, attr string) {
	at := attr + "." + itoa(len(e.inline))
	b.locate(at, path)
	doc := b.policy(docPath, attr, "")
	if doc != nil {
		b.locate(at+".policy_document", docPath)
	}
	e.inline = append(e.inline, awsmodel.InlinePolicy{PolicyName: name, PolicyDocument: doc})
}

// attachedPolicy reads a policy ARN: a literal ARN, a reference to a
// policy of the same configuration (its name; the ARN is set at apply),
// or an unknown value.
func attachedPolicy(ix *Index, from *cloudres.Instance, v any) iamtypes.AttachedPolicy {
	switch x := v.(type) {
	case string:
		return iamtypes.AttachedPolicy{PolicyArn: strp(x), PolicyName: strp(x[strings.LastIndex(x, "/")+1:])}
	case cloudres.Ref:
		if to, ok := ix.Resolve(from, x); ok {
			return iamtypes.AttachedPolicy{PolicyName: strp(policyName(to))}
		}
	}
	return iamtypes.AttachedPolicy{PolicyName: strp(setAtApply)}
}

func policyName(in *cloudres.Instance) string {
	return labelOr(in, spell(in, "name", "ManagedPolicyName"))
}

func adaptIAMEntities(ix *Index, k iamKind) []*model.Resource {
	var out []*model.Resource
	for _, in := range ix.OfType(k.tf) {
		out = append(out, tfIAMEntity(ix, k, in))
	}
	for _, in := range ix.OfType(k.cfn) {
		out = append(out, cfnIAMEntity(ix, k, in))
	}
	return out
}

func tfIAMEntity(ix *Index, k iamKind, in *cloudres.Instance) *model.Resource {
	b := newBuilder(in)
	e := iamEntity{name: labelOr(in, "name")}
	path := knownStr(in, "path")
	if path == "" {
		path = "/" // provider default
	}
	if k == iamRoleKind {
		for i := range b.list("inline_policy", k.inlineAttr) {
			p := "inline_policy." + itoa(i)
			name, _ := b.str(p+".name", k.inlineAttr)
			if _, ok := in.Get(p + ".policy"); ok {
				e.addInline(b, name, p, p+".policy", k.inlineAttr)
			}
		}
		if v, ok := b.value("managed_policy_arns", k.inlineAttr); ok {
			l, _ := v.([]any)
			for _, arn := range l {
				e.attached = append(e.attached, attachedPolicy(ix, in, arn))
			}
		}
	}
	for _, sat := range linked(ix, k.tfInline, k.linkAttr, in, e.name) {
		sb := newBuilder(sat)
		e.addInline(sb, labelOr(sat, "name"), "", "policy", k.inlineAttr)
		b.merge(sb)
	}
	for _, sat := range linked(ix, k.tfAtt, k.linkAttr, in, e.name) {
		v, _ := sat.Get("policy_arn")
		e.attached = append(e.attached, attachedPolicy(ix, sat, v))
	}
	for _, sat := range linked(ix, "aws_iam_policy_attachment", k.listAttr, in, e.name) {
		v, _ := sat.Get("policy_arn")
		e.attached = append(e.attached, attachedPolicy(ix, sat, v))
	}
	var groups, members []string
	switch k {
	case iamUserKind:
		for _, sat := range linked(ix, "aws_iam_user_group_membership", "user", in, e.name) {
			v, _ := sat.Get("groups")
			groups = append(groups, iamNames(ix, sat, v, "name")...)
		}
		for _, m := range ix.OfType("aws_iam_group_membership") {
			if v, ok := m.Get("users"); ok && scopeKey(m) == scopeKey(in) && refersTo(ix, m, v, in, e.name) {
				ix.claim(m, "users")
				g, _ := m.Get("group")
				groups = append(groups, iamNames(ix, m, []any{g}, "name")...)
			}
		}
	case iamGroupKind:
		for _, sat := range linked(ix, "aws_iam_group_membership", "group", in, e.name) {
			v, _ := sat.Get("users")
			members = append(members, iamNames(ix, sat, v, "name")...)
		}
		for _, m := range ix.OfType("aws_iam_user_group_membership") {
			if v, ok := m.Get("groups"); ok && scopeKey(m) == scopeKey(in) && refersTo(ix, m, v, in, e.name) {
				ix.claim(m, "groups")
				u, _ := m.Get("user")
				members = append(members, iamNames(ix, m, []any{u}, "name")...)
			}
		}
	}
	return finishIAMEntity(ix, k, in, b, e, path, "assume_role_policy", "permissions_boundary", groups, members)
}

func cfnIAMEntity(ix *Index, k iamKind, in *cloudres.Instance) *model.Resource {
	b := newBuilder(in)
	e := iamEntity{name: labelOr(in, k.cfnName)}
	path := knownStr(in, "Path")
	if path == "" {
		path = "/" // CloudFormation default
	}
	for i := range b.list("Policies", k.inlineAttr) {
		p := "Policies." + itoa(i)
		name, _ := b.str(p+".PolicyName", k.inlineAttr)
		e.addInline(b, name, p, p+".PolicyDocument", k.inlineAttr)
	}
	if v, ok := b.value("ManagedPolicyArns", k.inlineAttr); ok {
		l, _ := v.([]any)
		for _, arn := range l {
			e.attached = append(e.attached, attachedPolicy(ix, in, arn))
		}
	}
	// AWS::IAM::Policy names its entities in lists; AWS::IAM::RolePolicy
	// (UserPolicy, GroupPolicy) names one.
	sats := append(linked(ix, "AWS::IAM::Policy", k.cfnPolicyListKey, in, e.name), linked(ix, k.cfnInline, k.cfnName, in, e.name)...)
	for _, sat := range sats {
		sb := newBuilder(sat)
		e.addInline(sb, labelOr(sat, "PolicyName"), "", "PolicyDocument", k.inlineAttr)
		b.merge(sb)
	}
	for _, sat := range linked(ix, "AWS::IAM::ManagedPolicy", k.cfnPolicyListKey, in, e.name) {
		e.attached = append(e.attached, iamtypes.AttachedPolicy{PolicyName: strp(policyName(sat))})
	}
	var groups, members []string
	switch k {
	case iamUserKind:
		if v, ok := b.value("Groups", "group_list"); ok {
			groups = append(groups, iamNames(ix, in, v, "GroupName")...)
		}
		for _, sat := range linked(ix, "AWS::IAM::UserToGroupAddition", "Users", in, e.name) {
			g, _ := sat.Get("GroupName")
			groups = append(groups, iamNames(ix, sat, []any{g}, "GroupName")...)
		}
	case iamGroupKind:
		for _, u := range ix.OfType("AWS::IAM::User") {
			if v, ok := u.Get("Groups"); ok && scopeKey(u) == scopeKey(in) && refersTo(ix, u, v, in, e.name) {
				members = append(members, labelOr(u, "UserName"))
			}
		}
		for _, sat := range linked(ix, "AWS::IAM::UserToGroupAddition", "GroupName", in, e.name) {
			v, _ := sat.Get("Users")
			members = append(members, iamNames(ix, sat, v, "UserName")...)
		}
	}
	return finishIAMEntity(ix, k, in, b, e, path, "AssumeRolePolicyDocument", "PermissionsBoundary", groups, members)
}

// iamNames reads entity names from a list of names or references.
func iamNames(ix *Index, from *cloudres.Instance, v any, nameAttr string) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		switch x := e.(type) {
		case string:
			out = append(out, x)
		case cloudres.Ref:
			if to, ok := ix.Resolve(from, x); ok {
				out = append(out, labelOr(to, nameAttr))
			}
		}
	}
	return out
}

func finishIAMEntity(ix *Index, k iamKind, in *cloudres.Instance, b *builder, e iamEntity, path, trustPath, boundaryPath string, groups, members []string) *model.Resource {
	var boundary *iamtypes.AttachedPermissionsBoundary
	if s, ok := presentStr(b, boundaryPath, "permissions_boundary"); ok {
		boundary = &iamtypes.AttachedPermissionsBoundary{PermissionsBoundaryArn: strp(s), PermissionsBoundaryType: iamtypes.PermissionsBoundaryAttachmentTypePolicy}
	}
	switch k {
	case iamUserKind:
		u := awsmodel.IAMUser{UserName: e.name, Path: path, GroupList: awsmodel.SortedUnique(groups), AttachedManagedPolicies: e.attached,
			UserPolicyList: e.inline, PermissionsBoundary: boundary}
		// The credential report (passwords, MFA, key ages and use) exists
		// only once the user does.
		b.unknown("credentials")
		u.ActiveAccessKeys = activeAccessKeys(ix, in, b, e.name)
		return b.resource(k.typ, e.name, u)
	case iamRoleKind:
		r := awsmodel.IAMRole{RoleName: e.name, Path: path, AttachedManagedPolicies: e.attached, RolePolicyList: e.inline,
			PermissionsBoundary: boundary}
		r.AssumeRolePolicyDocument = b.policy(trustPath, "assume_role_policy_document", "")
		if r.AssumeRolePolicyDocument != nil {
			r.Trust = awsmodel.AnalyzeTrust(r.AssumeRolePolicyDocument, ix.account)
			// Unless the user gives the deploying account, it is unknown
			// before deployment: an account principal may be that account
			// itself, so which accounts are external cannot be decided
			// (unless anyone may assume the role anyway).
			if ix.account == "" && len(r.Trust.ExternalAccountsWithoutExternalID) > 0 && !r.Trust.AnyPrincipal {
				b.unknown("trust")
			}
		} else if _, ok := in.Get(trustPath); ok {
			b.unknown("trust")
		}
		b.unknown("role_last_used_days")
		return b.resource(k.typ, e.name, r)
	default:
		g := awsmodel.IAMGroup{GroupName: e.name, Path: path, AttachedManagedPolicies: e.attached, GroupPolicyList: e.inline,
			Users: awsmodel.SortedUnique(members)}
		return b.resource(k.typ, e.name, g)
	}
}

// activeAccessKeys counts the user's access keys whose status is Active
// (the default of aws_iam_access_key status and AWS::IAM::AccessKey
// Status); an unknown status makes the count unread.
func activeAccessKeys(ix *Index, user *cloudres.Instance, b *builder, name string) int {
	n := 0
	keys := linked(ix, spell(user, "aws_iam_access_key", "AWS::IAM::AccessKey"), spell(user, "user", "UserName"), user, name)
	for _, k := range keys {
		status := spell(k, "status", "Status")
		kb := newBuilder(k)
		st, ok := kb.str(status, "active_access_keys")
		if _, set := k.Get(status); !set {
			st, ok = "Active", true
		}
		if ok && strings.EqualFold(st, "Active") {
			n++
		}
		b.merge(kb)
	}
	return n
}

// --- managed policies --------------------------------------------------

func adaptIAMPolicies(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range ix.OfType("aws_iam_policy") {
		b := newBuilder(in)
		name := policyName(in)
		p := awsmodel.IAMPolicy{PolicyName: name, Path: "/", IsAttachable: true, DefaultVersionId: "v1"}
		if s := knownStr(in, "path"); s != "" {
			p.Path = s
		}
		if d, ok := b.str("description", "description"); ok && d != "" {
			p.Description = &d
		}
		if arn := knownStr(in, "arn"); arn != "" {
			p.Arn = arn
		}
		p.Document = b.policy("policy", "document", "")
		n := 0
		for _, t := range []string{"aws_iam_user_policy_attachment", "aws_iam_role_policy_attachment", "aws_iam_group_policy_attachment"} {
			n += len(linked(ix, t, "policy_arn", in, p.Arn))
		}
		for _, a := range linked(ix, "aws_iam_policy_attachment", "policy_arn", in, p.Arn) {
			for _, l := range []string{"users", "roles", "groups"} {
				v, _ := a.Get(l)
				n += listLen(v)
			}
		}
		n += len(linked(ix, "aws_iam_role", "managed_policy_arns", in, p.Arn))
		p.AttachmentCount = int32(n)
		out = append(out, b.resource(awsmodel.TypeIAMPolicy, name, p))
	}
	for _, in := range ix.OfType("AWS::IAM::ManagedPolicy") {
		b := newBuilder(in)
		name := policyName(in)
		p := awsmodel.IAMPolicy{PolicyName: name, Path: "/", IsAttachable: true, DefaultVersionId: "v1"}
		if s := knownStr(in, "Path"); s != "" {
			p.Path = s
		}
		if d, ok := b.str("Description", "description"); ok && d != "" {
			p.Description = &d
		}
		p.Document = b.policy("PolicyDocument", "document", "")
		n := 0
		for _, l := range []string{"Users", "Roles", "Groups"} {
			v, _ := in.Get(l)
			n += listLen(v)
		}
		for _, t := range []string{"AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Group"} {
			n += len(linked(ix, t, "ManagedPolicyArns", in))
		}
		p.AttachmentCount = int32(n)
		out = append(out, b.resource(awsmodel.TypeIAMPolicy, name, p))
	}
	return append(out, adaptKnownAWSPolicies(ix)...)
}

// --- account settings: the password policy only -------------------------

func adaptIAMPasswordPolicy(ix *Index) []*model.Resource {
	var out []*model.Resource
	t, _ := awsmodel.Lookup(awsmodel.TypeIAMAccountSettings)
	props, _ := t.Schema()["properties"].(map[string]any)
	attrs, _ := props["attributes"].(map[string]any)
	fields, _ := attrs["properties"].(map[string]any)
	for _, in := range ix.OfType("aws_iam_account_password_policy") {
		b := newBuilder(in)
		// Provider defaults: allow_users_to_change_password true, the
		// require_* flags and hard_expiry false; the API's defaults for
		// what the provider leaves unset: minimum length 6, no reuse
		// prevention, no expiry (UpdateAccountPasswordPolicy).
		pp := &iamtypes.PasswordPolicy{AllowUsersToChangePassword: true, MinimumPasswordLength: int32p(6)}
		boolField := func(key string, dst *bool) {
			if v, ok := b.boolean(key, "password_policy"); ok {
				*dst = v
			}
		}
		boolField("allow_users_to_change_password", &pp.AllowUsersToChangePassword)
		boolField("require_lowercase_characters", &pp.RequireLowercaseCharacters)
		boolField("require_uppercase_characters", &pp.RequireUppercaseCharacters)
		boolField("require_numbers", &pp.RequireNumbers)
		boolField("require_symbols", &pp.RequireSymbols)
		if v, ok := b.boolean("hard_expiry", "password_policy"); ok {
			pp.HardExpiry = &v
		}
		if n, ok := b.integer("minimum_password_length", "password_policy"); ok {
			pp.MinimumPasswordLength = int32p(n)
		}
		if n, ok := b.integer("password_reuse_prevention", "password_policy"); ok && n > 0 {
			pp.PasswordReusePrevention = int32p(n)
		}
		if n, ok := b.integer("max_password_age", "password_policy"); ok && n > 0 {
			pp.MaxPasswordAge = int32p(n)
			pp.ExpirePasswords = true
		}
		// Everything else of the account (root user, credential report,
		// federation, policy holders) is not declared by a template.
		for key := range fields {
			if key != "password_policy" && key != "unread" {
				b.unknown(key)
			}
		}
		out = append(out, b.resource(awsmodel.TypeIAMAccountSettings, "account", awsmodel.IAMAccountSettings{PasswordPolicy: pp}))
	}
	return out
}

func int32p[T int | int64](n T) *int32 { v := int32(n); return &v }

// --- server certificates -------------------------------------------------

func adaptServerCertificates(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range append(append([]*cloudres.Instance{}, ix.OfType("aws_iam_server_certificate")...), ix.OfType("AWS::IAM::ServerCertificate")...) {
		b := newBuilder(in)
		name := labelOr(in, spell(in, "name", "ServerCertificateName"))
		c := awsmodel.IAMServerCertificate{ServerCertificateMetadata: iamtypes.ServerCertificateMetadata{ServerCertificateName: strp(name), Path: strp("/")}}
		if p := knownStr(in, spell(in, "path", "Path")); p != "" {
			c.Path = &p
		}
		// Expiration: given (Terraform state), else the body's NotAfter,
		// which is what IAM reports; otherwise unread.
		var exp *time.Time
		if s, ok := b.str("expiration", "expiration"); ok {
			if t, err := time.Parse(time.RFC3339, s); err == nil {
				exp = &t
			}
		}
		if exp == nil {
			if body, ok := b.str(spell(in, "certificate_body", "CertificateBody"), "expiration"); ok {
				if blk, _ := pem.Decode([]byte(body)); blk != nil {
					if cert, err := x509.ParseCertificate(blk.Bytes); err == nil {
						t := cert.NotAfter.UTC()
						exp = &t
					}
				}
			}
		}
		if exp == nil {
			b.unknown("expiration")
			b.unknown("expired")
			b.unknown("expires_in_days")
		}
		c.Expiration = exp
		out = append(out, b.resource(awsmodel.TypeIAMServerCertificate, name, c))
	}
	return out
}

// --- Access Analyzer -----------------------------------------------------

// adaptAccessAnalyzers reports the analyzers a scope declares. The region
// is unknown and other analyzers may exist, so only the positive fact
// counts: a scope with no external access analyzer yields no resource
// (the not-enabled rule cannot be guarded by aws.known).
func adaptAccessAnalyzers(ix *Index) []*model.Resource {
	byScope := map[string][]*cloudres.Instance{}
	for _, t := range []string{"aws_accessanalyzer_analyzer", "AWS::AccessAnalyzer::Analyzer"} {
		for _, in := range ix.OfType(t) {
			byScope[scopeKey(in)] = append(byScope[scopeKey(in)], in)
		}
	}
	var out []*model.Resource
	for _, scope := range sortedKeys(byScope) {
		ins := byScope[scope]
		var set awsmodel.AccessAnalyzerRegionalSettings
		var first *builder
		for _, in := range ins {
			b := newBuilder(in)
			typeKey := spell(in, "type", "Type")
			typ, ok := b.str(typeKey, "analyzers")
			if _, set := in.Get(typeKey); !set {
				typ, ok = "ACCOUNT", true // default of both sources
			}
			if !ok {
				continue
			}
			set.Analyzers = append(set.Analyzers, awsmodel.Analyzer{Name: labelOr(in, spell(in, "analyzer_name", "AnalyzerName")), Type: typ, Status: "ACTIVE"})
			if first == nil {
				first = b
			}
		}
		if !slices.ContainsFunc(set.Analyzers, awsmodel.Analyzer.ExternalAccess) || first == nil {
			continue
		}
		sort.Slice(set.Analyzers, func(i, j int) bool { return set.Analyzers[i].Name < set.Analyzers[j].Name })
		out = append(out, first.resource(awsmodel.TypeAccessAnalyzerRegionalSettings, first.in.Name, set))
	}
	return out
}
