package awsadapt

import (
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// lambdaFunction reads a Lambda function with its permissions (the
// resource policy) and function URLs.
func lambdaFunction(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(b.in, spell(in, "function_name", "FunctionName"))
	fnARN := "arn:aws:lambda:::function:" + name
	cfg := lambdatypes.FunctionConfiguration{FunctionName: aws.String(name), FunctionArn: aws.String(fnARN)}
	// Zip packages by default (both sources); images have no runtime.
	cfg.PackageType = lambdatypes.PackageTypeZip
	if s, ok := b.str(spell(in, "package_type", "PackageType"), ""); ok {
		cfg.PackageType = lambdatypes.PackageType(s)
	}
	if s, ok := b.str(spell(in, "runtime", "Runtime"), "runtime"); ok {
		cfg.Runtime = lambdatypes.Runtime(s)
	}
	b.setStr(&cfg.Handler, spell(in, "handler", "Handler"), "")
	if s, ok := b.strOrRef(spell(in, "role", "Role"), "role"); ok {
		cfg.Role = aws.String(s)
	}
	envPath := spell(in, "environment.0.variables", "Environment.Variables")
	if vars := b.variables(envPath, "environment"); vars != nil {
		cfg.Environment = &lambdatypes.EnvironmentResponse{Variables: vars}
		b.locate("credentials", envPath)
	}
	// Redaction and the runtime deprecation table, as the collector does.
	f := awsmodel.NewLambdaFunction(cfg, ix.secrets(), time.Now())

	// The resource policy: one statement per permission.
	var statements []any
	undecidedPolicy, undecidedURL := false, false
	for _, t := range []string{"aws_lambda_permission", "AWS::Lambda::Permission"} {
		for _, p := range ix.inScope(t, in) {
			switch fnLink(ix, p, spell(p, "function_name", "FunctionName"), in, name) {
			case linkTarget:
				pb := newBuilder(p)
				if st, ok := permissionStatement(pb, fnARN); ok {
					statements = append(statements, st)
				} else {
					undecidedPolicy = true // decided below, with the known statements
				}
				pb.unread = slices.DeleteFunc(pb.unread, func(a string) bool { return a == "policy" })
				b.merge(pb)
				b.locateBlock("policy", p)
			case linkUnknown:
				undecidedPolicy = true
			}
		}
	}
	if len(statements) > 0 {
		doc, err := awsmodel.ParsePolicy(mustJSON(map[string]any{"Version": "2012-10-17", "Statement": statements}), "")
		if err != nil {
			b.unknown("policy")
		}
		f.Policy = doc
	}
	// A permission that cannot be read (its function, principal, action
	// or a condition is unknown) leaves the policy unread — unless the
	// known statements already make it public: permissions only add
	// Allow statements, so no unknown one can take that back.
	if undecidedPolicy && (f.Policy == nil || !f.Policy.Analysis.Public) {
		b.unknown("policy")
	}
	// Function URLs.
	for _, t := range []string{"aws_lambda_function_url", "AWS::Lambda::Url"} {
		for _, u := range ix.inScope(t, in) {
			switch fnLink(ix, u, spell(u, "function_name", "TargetFunctionArn"), in, name) {
			case linkTarget:
				ub := newBuilder(u)
				if a, ok := ub.str(spell(u, "authorization_type", "AuthType"), "url_configs"); ok {
					f.URLConfigs = append(f.URLConfigs, lambdatypes.FunctionUrlConfig{AuthType: lambdatypes.FunctionUrlAuthType(a),
						FunctionArn: aws.String(fnARN), FunctionUrl: aws.String(u.Address + " (URL assigned at deploy)")})
				}
				b.merge(ub)
				b.locateBlock("url_configs", u)
			case linkUnknown:
				undecidedURL = true
			}
		}
	}
	if undecidedURL && !f.HasPublicURL() {
		b.unknown("url_configs")
		b.unknown("public_url")
	}
	return name, f
}

// fnLink tells whether a satellite's function reference names fn: a
// Ref to it, its name, or an ARN (optionally qualified) ending in it.
func fnLink(ix *Index, sat *cloudres.Instance, attr string, fn *cloudres.Instance, name string) linkState {
	st := ix.linkOf(sat, attr, fn, name)
	if st != linkOther {
		return st
	}
	if s, ok := sat.Values[attr].(string); ok {
		if i := strings.Index(s, ":function:"); i >= 0 {
			rest := s[i+len(":function:"):]
			if j := strings.Index(rest, ":"); j >= 0 {
				rest = rest[:j]
			}
			if rest == name {
				ix.claim(sat, attr)
				return linkTarget
			}
		}
	}
	return linkOther
}

// permissionStatement builds the statement Lambda adds for one
// permission (AddPermission): the principal, the action on the
// function, and the source ARN / account / organization conditions.
func permissionStatement(b *builder, fnARN string) (map[string]any, bool) {
	in := b.in
	before := len(b.unread)
	principal, okP := b.str(spell(in, "principal", "Principal"), "policy")
	action, okA := b.str(spell(in, "action", "Action"), "policy")
	if !okP || !okA {
		b.unknown("policy")
		return nil, false
	}
	st := map[string]any{"Effect": "Allow", "Principal": lambdaPrincipal(principal), "Action": action, "Resource": fnARN}
	if sid := spell(in, "statement_id", ""); sid != "" {
		if s, ok := b.str(sid, ""); ok {
			st["Sid"] = s
		}
	}
	cond := map[string]map[string]any{}
	add := func(op, key, path string) {
		var s string
		var ok bool
		if v, _ := b.in.Get(path); cloudres.IsUnknown(v) && principal != "*" {
			// A condition only narrows who may call: on a principal that
			// is not everyone, its value decides nothing the analysis
			// reports (public access), so it may stay unknown.
			s, ok = cloudres.UnknownInDocument, true
		} else {
			s, ok = b.strOrRef(path, "policy")
		}
		if ok && s != "" {
			if cond[op] == nil {
				cond[op] = map[string]any{}
			}
			cond[op][key] = s
		}
	}
	add("ArnLike", "AWS:SourceArn", spell(in, "source_arn", "SourceArn"))
	add("StringEquals", "AWS:SourceAccount", spell(in, "source_account", "SourceAccount"))
	add("StringEquals", "aws:PrincipalOrgID", spell(in, "principal_org_id", "PrincipalOrgID"))
	add("StringEquals", "lambda:FunctionUrlAuthType", spell(in, "function_url_auth_type", "FunctionUrlAuthType"))
	if len(cond) > 0 {
		c := map[string]any{}
		for op, m := range cond {
			c[op] = m
		}
		st["Condition"] = c
	}
	if len(b.unread) > before {
		return nil, false
	}
	return st, true
}

// lambdaPrincipal writes a permission's principal as Lambda's policy
// does: "*", an account as its root ARN, a service, or an ARN.
func lambdaPrincipal(p string) any {
	switch {
	case p == "*":
		return "*"
	case len(p) == 12 && strings.Trim(p, "0123456789") == "":
		return map[string]any{"AWS": "arn:aws:iam::" + p + ":root"}
	case strings.HasSuffix(p, ".amazonaws.com") || strings.HasSuffix(p, ".amazonaws.com.cn"):
		return map[string]any{"Service": p}
	}
	return map[string]any{"AWS": p}
}
