package awsmodel

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func mustParse(t *testing.T, doc string) *PolicyDocument {
	t.Helper()
	d, err := ParsePolicy(doc, "111111111111")
	if err != nil {
		t.Fatalf("parse %s: %v", doc, err)
	}
	return d
}

func TestPolicyAnalysis(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		check     func(PolicyAnalysis) bool
	}{
		{"full admin", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			func(a PolicyAnalysis) bool { return a.FullAdmin && a.AllowsAll }},
		{"admin with condition is not full admin", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`,
			func(a PolicyAnalysis) bool { return !a.FullAdmin && a.AllowsAll }},
		{"service wildcard is not full admin", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
			func(a PolicyAnalysis) bool {
				return !a.FullAdmin && !a.AllowsAll && slices.Equal(a.ServiceWildcards, []string{"s3"})
			}},
		{"service wildcards named once, lower case", `{"Statement":[{"Effect":"Allow","Action":["EC2:*","s3:*","ec2:*","s3:Get*"],"Resource":["arn:aws:s3:::b","*"]}]}`,
			func(a PolicyAnalysis) bool { return slices.Equal(a.ServiceWildcards, []string{"ec2", "s3"}) }},
		{"service wildcard on one resource", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}`,
			func(a PolicyAnalysis) bool { return len(a.ServiceWildcards) == 0 }},
		{"service wildcard with condition", `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`,
			func(a PolicyAnalysis) bool { return len(a.ServiceWildcards) == 0 }},
		{"full admin and prefix patterns name no service", `{"Statement":[{"Effect":"Allow","Action":["*:*","*","s3*:*","s3:Get*"],"Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}`,
			func(a PolicyAnalysis) bool { return a.FullAdmin && len(a.ServiceWildcards) == 0 }},
		{"NotAction allow grants nearly everything", `{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`,
			func(a PolicyAnalysis) bool { return a.AllowsAll && !a.FullAdmin }},
		{"public principal", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"*"}]}`,
			func(a PolicyAnalysis) bool {
				return a.Public && slices.Equal(a.PublicActions, []string{"sqs:SendMessage"})
			}},
		{"AWS star is public", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"s3:GetObject"}]}`,
			func(a PolicyAnalysis) bool { return a.Public }},
		{"source account narrows", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish","Condition":{"StringEquals":{"aws:SourceAccount":"111111111111"}}}]}`,
			func(a PolicyAnalysis) bool { return !a.Public }},
		{"org id narrows", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-abc"]}}}]}`,
			func(a PolicyAnalysis) bool { return !a.Public }},
		{"wildcard condition value does not narrow", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"StringLike":{"aws:PrincipalArn":"*"}}}]}`,
			func(a PolicyAnalysis) bool { return a.Public }},
		{"IfExists does not narrow", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111111111111"}}}]}`,
			func(a PolicyAnalysis) bool { return a.Public }},
		{"negated operator does not narrow", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"StringNotEquals":{"aws:SourceAccount":"999999999999"}}}]}`,
			func(a PolicyAnalysis) bool { return a.Public }},
		{"unrelated condition does not narrow", `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`,
			func(a PolicyAnalysis) bool { return a.Public }},
		{"deny to everyone is not public", `{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
			func(a PolicyAnalysis) bool { return !a.Public }},
		{"external accounts", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::222222222222:root","333333333333","arn:aws:iam::111111111111:role/x"]},"Action":"sts:AssumeRole"}]}`,
			func(a PolicyAnalysis) bool {
				return slices.Equal(a.ExternalAccounts, []string{"222222222222", "333333333333"}) && !a.Public
			}},
		{"wildcard PassRole", `{"Statement":[{"Effect":"Allow","Action":["iam:Pass*","ec2:RunInstances"],"Resource":"*"}]}`,
			func(a PolicyAnalysis) bool { return a.WildcardPassRole }},
		{"PassRole on one role", `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111111111111:role/app"}]}`,
			func(a PolicyAnalysis) bool { return !a.WildcardPassRole }},
		{"PassRole denied", `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:PassRole","Resource":"*"}]}`,
			func(a PolicyAnalysis) bool { return !a.WildcardPassRole && a.FullAdmin }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if a := mustParse(t, tc.doc).Analysis; !tc.check(a) {
				t.Errorf("analysis %+v", a)
			}
		})
	}
}

func TestPolicyAllowsAndMatching(t *testing.T) {
	d := mustParse(t, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"},
		{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::secret/*"},
		{"Effect":"Allow","NotAction":["iam:*","s3:*"],"Resource":"*"},
		{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.eu-west-1.amazonaws.com"}}}]}`)
	for _, tc := range []struct {
		action, resource string
		want             bool
	}{
		{"s3:GetObject", "arn:aws:s3:::public/a", true},
		{"S3:getobject", "arn:aws:s3:::public/a", true}, // actions compare case-insensitively
		{"s3:GetObject", "arn:aws:s3:::secret/a", false},
		{"s3:PutObject", "arn:aws:s3:::public/a", false},
		{"ec2:RunInstances", "*", true}, // NotAction
		{"iam:CreateUser", "*", false},
		{"kms:Decrypt", "*", true}, // through the NotAction statement
	} {
		if got := d.Allows(tc.action, tc.resource); got != tc.want {
			t.Errorf("Allows(%s, %s) = %v, want %v", tc.action, tc.resource, got, tc.want)
		}
	}
	cond := mustParse(t, `{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.eu-west-1.amazonaws.com"}}}]}`)
	if cond.Allows("kms:Decrypt", "*") {
		t.Error("a conditioned Allow must not count as unconditional")
	}
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true}, {"a*c", "abbbc", true}, {"a?c", "abc", true}, {"a?c", "ac", false},
		{"*:*", "s3:x", true}, {"s3:*Object", "s3:GetObject", true}, {"s3:*Object", "s3:GetObjects", false},
	} {
		if got := Matches(tc.pattern, tc.s); got != tc.want {
			t.Errorf("Matches(%q, %q) = %v", tc.pattern, tc.s, got)
		}
	}
}

func TestParsePolicyForms(t *testing.T) {
	enc := url.QueryEscape(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
	d := mustParse(t, enc)
	if len(d.Statements) != 1 || d.Statements[0].Principal.Service[0] != "ec2.amazonaws.com" {
		t.Errorf("URL-encoded trust policy: %+v", d.Statements)
	}
	for _, bad := range []string{``, `[]`, `{"Statement":[{"Effect":"Maybe","Action":"*"}]}`, `{"Statement":[{"Effect":"Allow","Principal":"someone"}]}`,
		`{"Statement":[{"Effect":"Allow","Action":{"a":1}}]}`, `{"Statement":[{"Effect":"Allow","Principal":{"Alien":"x"}}]}`} {
		if _, err := ParsePolicy(bad, ""); err == nil {
			t.Errorf("ParsePolicy(%q) accepted bad input", bad)
		}
	}
	d = mustParse(t, `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Condition":{"NumericLessThan":{"s3:TlsVersion":1.2},"Bool":{"aws:SecureTransport":true}}}]}`)
	if c := d.Statements[0].Condition; len(c) != 2 || c[0].Operator != "Bool" || c[0].Values[0] != "true" || c[1].Values[0] != "1.2" {
		t.Errorf("conditions with scalar values: %+v", c)
	}
}

func FuzzParsePolicy(f *testing.F) {
	for _, seed := range []string{
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
		`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}]}`,
		`%7B%22Statement%22%3A%5B%5D%7D`,
		`{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"NotAction":"*","NotResource":"*"}]}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		d, err := ParsePolicy(doc, "111111111111")
		if err != nil {
			if d != nil {
				t.Fatal("a document with an error")
			}
			return
		}
		for _, st := range d.Statements {
			if st.Effect != "Allow" && st.Effect != "Deny" {
				t.Fatalf("effect %q accepted", st.Effect)
			}
		}
		_ = d.Allows("s3:GetObject", "*")
		if d.Analysis.FullAdmin && !d.Analysis.AllowsAll {
			t.Fatal("full admin implies allows all")
		}
		_ = strings.Join(d.Analysis.PublicActions, ",")
	})
}
