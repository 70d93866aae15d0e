package awstest

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadErrorsNameTheFile(t *testing.T) {
	for _, tc := range []struct{ name, scenario, file, want string }{
		{"no accounts", "accounts: []\n", "", "no accounts"},
		{"bad yaml", "accounts: [\n", "", "scenario.yaml"},
		{"bad api", "accounts: [{id: \"1\"}]\n", "- api: ListBuckets\n", "s/x.yaml: response 1: api \"ListBuckets\" must be service:Operation"},
		{"not a list", "accounts: [{id: \"1\"}]\n", "api: s3:ListBuckets\n", "s/x.yaml: want a list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"s/scenario.yaml": {Data: []byte(tc.scenario)}}
			if tc.file != "" {
				fsys["s/x.yaml"] = &fstest.MapFile{Data: []byte(tc.file)}
			}
			_, err := Load(fsys, "s")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestMatchPrefersSpecific(t *testing.T) {
	fsys := fstest.MapFS{
		"s/scenario.yaml": {Data: []byte("accounts: [{id: \"1\"}]\n")},
		"s/x.yaml": {Data: []byte(`- api: iam:ListUsers
  body: {Users: [{UserName: a}], IsTruncated: true, Marker: p2}
- api: iam:ListUsers
  params: {Marker: p2}
  body: {Users: [{UserName: b}]}
- api: iam:ListUsers
  account: "2"
  body: {Users: []}
`)},
	}
	sc, err := Load(fsys, "s")
	if err != nil {
		t.Fatal(err)
	}
	if r := sc.match("iam:ListUsers", "1", "us-east-1", map[string]string{}); r == nil || r.line != 1 {
		t.Errorf("first page: %+v", r)
	}
	if r := sc.match("iam:ListUsers", "1", "us-east-1", map[string]string{"Marker": "p2"}); r == nil || r.line != 3 {
		t.Errorf("second page: %+v", r)
	}
	if r := sc.match("iam:ListUsers", "2", "us-east-1", map[string]string{}); r == nil || r.line != 6 {
		t.Errorf("account-specific: %+v", r)
	}
	b, _, err := render(Query, "ListUsers", &sc.responses["iam:ListUsers"][0].Body)
	if err != nil || !strings.Contains(string(b), "<ListUsersResult><IsTruncated>true</IsTruncated><Marker>p2</Marker><Users><member><UserName>a</UserName></member></Users></ListUsersResult>") {
		t.Errorf("query rendering: %s %v", b, err)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add("accounts: [{id: \"1\", regions: [us-east-1]}]\nfaults: {throttle: 0.5}\n", "- api: s3:ListBuckets\n  body: {ListAllMyBucketsResult: {Buckets: {Bucket: [{Name: a}]}}}\n")
	f.Add("accounts: [{id: \"1\"}]\ninclude: [x]\n", "- api: iam:GetUser\n  error: NoSuchEntity\n")
	f.Fuzz(func(t *testing.T, scenario, responses string) {
		fsys := fstest.MapFS{"s/scenario.yaml": {Data: []byte(scenario)}, "s/r.yaml": {Data: []byte(responses)}}
		sc, err := Load(fsys, "s")
		if err != nil {
			return
		}
		for _, api := range sc.APIs() {
			for _, r := range sc.responses[api] {
				for _, p := range []Protocol{Query, EC2Query, JSON, RESTXML} {
					_, _, _ = render(p, "Op", &r.Body)
				}
			}
		}
	})
}
