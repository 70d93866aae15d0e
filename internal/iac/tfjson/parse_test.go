package tfjson

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestGolden(t *testing.T) {
	for _, name := range []string{"plan.json", "terraform.tfstate"} {
		t.Run(name, func(t *testing.T) {
			ins, errs := Parse(name, readTestdata(t, name))
			if len(errs) != 0 {
				t.Fatalf("errors: %v", errs)
			}
			golden(t, name+".golden", render(ins))
		})
	}
}

func TestPlanSemantics(t *testing.T) {
	ins, errs := Parse("plan.json", readTestdata(t, "plan.json"))
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	got := byAddress(ins)
	for _, absent := range []string{"aws_s3_bucket.legacy", "data.aws_caller_identity.current"} {
		if _, ok := got[absent]; ok {
			t.Errorf("%s emitted; delete-only changes and data sources are not", absent)
		}
	}
	tests := []struct {
		addr, path string
		want       any
	}{
		{"aws_s3_bucket.logs", "bucket", "acme-prod-logs"},
		{"aws_s3_bucket.logs", "id", cloudres.Unknown{}},
		{"aws_s3_bucket.logs", "tags.Environment", "prod"},
		{"aws_s3_bucket_versioning.logs", "bucket", cloudres.Ref{Address: "aws_s3_bucket.logs", Attr: "id"}},
		{"aws_s3_bucket_versioning.logs", "versioning_configuration.0.status", "Enabled"},
		{"aws_s3_bucket_versioning.logs", "versioning_configuration.0.mfa_delete", cloudres.Unknown{}},
		{"aws_s3_bucket_server_side_encryption_configuration.logs", "rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id", cloudres.Ref{Address: "aws_kms_key.logs", Attr: "arn"}},
		// Through a module output.
		{"aws_s3_bucket_policy.site", "bucket", cloudres.Ref{Address: "module.site.aws_s3_bucket.content[0]", Attr: "id"}},
		// Through a module input variable.
		{`module.site.aws_s3_bucket_public_access_block.each["media"]`, "bucket", cloudres.Ref{Address: "aws_s3_bucket.logs", Attr: "id"}},
		// A dynamic index: Terraform records the resource without it.
		{"module.site.aws_s3_bucket_logging.content[0]", "bucket", cloudres.Ref{Address: "module.site.aws_s3_bucket.content"}},
		// A no-op change keeps its known values.
		{"module.site.aws_s3_bucket.content[1]", "bucket", "acme-prod-content-1"},
		{"aws_kms_key.logs", "deletion_window_in_days", float64(10)},
	}
	for _, tt := range tests {
		t.Run(tt.addr+"/"+tt.path, func(t *testing.T) {
			in, ok := got[tt.addr]
			if !ok {
				t.Fatalf("no instance %s", tt.addr)
			}
			v, ok := in.Get(tt.path)
			if !ok || !reflect.DeepEqual(v, tt.want) {
				t.Errorf("%s = %#v (%v), want %#v", tt.path, v, ok, tt.want)
			}
		})
	}
	v := got["aws_s3_bucket_versioning.logs"]
	if v.Line != 98 || v.LineOf("versioning_configuration.0.status") != 110 || v.CallLine != 0 {
		t.Errorf("versioning at %d, status at %d, call %d; want 98, 110, 0", v.Line, v.LineOf("versioning_configuration.0.status"), v.CallLine)
	}
	m := got["module.site.aws_s3_bucket.content[0]"]
	if m.CallFile != "plan.json" || m.CallLine != 137 || m.Source != cloudres.TerraformPlan || m.Type != "aws_s3_bucket" || m.Name != "content" {
		t.Errorf("module instance = %+v", m)
	}
}

func TestStateSemantics(t *testing.T) {
	ins, errs := Parse("terraform.tfstate", readTestdata(t, "terraform.tfstate"))
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	got := byAddress(ins)
	if len(ins) != 5 {
		t.Errorf("got %d instances, want 5 (data source and deposed object skipped)", len(ins))
	}
	db := got["aws_db_instance.main"]
	if p, _ := db.Get("password"); p != "hunter2hunter2" {
		t.Errorf("sensitive attribute not kept as is: %v", p)
	}
	pab := got[`module.site.aws_s3_bucket_public_access_block.each["assets"]`]
	if pab.Line != 128 || pab.LineOf("bucket") != 133 || pab.Source != cloudres.TerraformState {
		t.Errorf("for_each instance = %+v", pab)
	}
	if _, ok := got["module.site.aws_s3_bucket.content[1]"]; !ok {
		t.Errorf("count instance missing: %v", ins)
	}
}

func TestParseCases(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		addrs []string
		errs  []string // "line: substring"
	}{
		{name: "empty file", src: " \n"},
		{name: "invalid json", src: "{\n  \"version\": 4,\n  \"resources\": [\n", errs: []string{"3: cannot parse JSON: unexpected end of file"}},
		{name: "syntax error line", src: "{\n\"version\": 4,\n\"serial\": 1 2\n}", errs: []string{"3: cannot parse JSON"}},
		{name: "trailing data", src: "{\"version\":4}\n{}", errs: []string{"2: unexpected data after"}},
		{name: "not an object", src: "[1]", errs: []string{"1: the JSON is not an object"}},
		{name: "neither", src: "{\"a\": 1}", errs: []string{"1: no format_version or version"}},
		{name: "invalid utf8", src: "{\n\"version\": 4, \"x\": \"\xff\"}", errs: []string{"2: not valid UTF-8"}},
		{name: "state v3", src: "{\n  \"version\": 3,\n  \"modules\": []\n}", errs: []string{"2: state format version 3 is not supported, only version 4"}},
		{name: "format version 2", src: "{\n  \"format_version\": \"2.0\",\n  \"planned_values\": {}\n}", errs: []string{"2: format_version \"2.0\" is not supported: this reader understands format versions 0.x and 1.x"}},
		{name: "format version 0.1", src: `{"format_version": "0.1", "planned_values": {"root_module": {"resources": [{"address": "aws_s3_bucket.a", "mode": "managed", "type": "aws_s3_bucket", "name": "a", "values": {"bucket": "a"}}]}}}`, addrs: []string{"aws_s3_bucket.a"}},
		{name: "compact plan", src: `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_s3_bucket.a","mode":"managed","type":"aws_s3_bucket","name":"a","values":{"bucket":"a"}}]}},"resource_changes":[{"address":"aws_s3_bucket.a","change":{"actions":["create"],"after_unknown":{"id":true}}}]}`, addrs: []string{"aws_s3_bucket.a"}},
		{name: "resource without type", src: "{\"format_version\":\"1.0\",\"planned_values\":{\"root_module\":{\"resources\":[\n{\"address\":\"x.y\",\"name\":\"y\"},\n{\"address\":\"aws_s3_bucket.b\",\"type\":\"aws_s3_bucket\",\"name\":\"b\"}]}}}", addrs: []string{"aws_s3_bucket.b"}, errs: []string{"2: resource without type or name"}},
		{name: "state resource without name", src: "{\"version\":4,\"resources\":[\n{\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"instances\":[{}]}]}", errs: []string{"2: state resource without type or name"}},
		{name: "flat attributes", src: "{\"version\":4,\"resources\":[{\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"name\":\"a\",\"instances\":[\n{\"attributes_flat\":{\"bucket\":\"a\"}}]}]}", errs: []string{"2: aws_s3_bucket.a has only flat attributes"}},
		{name: "show json of state", src: `{"format_version":"1.0","terraform_version":"1.7.5","values":{"root_module":{"resources":[{"address":"aws_s3_bucket.a","mode":"managed","type":"aws_s3_bucket","name":"a","values":{"bucket":"a"}}],"child_modules":[{"address":"module.m[\"k\"]","resources":[{"address":"module.m[\"k\"].aws_s3_bucket.b[0]","mode":"managed","type":"aws_s3_bucket","name":"b","index":0,"values":{}}]}]}}}`, addrs: []string{"aws_s3_bucket.a", `module.m["k"].aws_s3_bucket.b[0]`}},
		{name: "show json of empty state", src: `{"format_version":"1.0"}`},
		{name: "address built when missing", src: `{"version":4,"resources":[{"module":"module.a[1].module.b","mode":"managed","type":"t_x","name":"n","instances":[{"index_key":"a\"b","attributes":{}}]}]}`, addrs: []string{`module.a[1].module.b.t_x.n["a\"b"]`}},
		{name: "plan without planned_values", src: `{"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.a","mode":"managed","type":"aws_s3_bucket","name":"a","change":{"actions":["create"],"after":{"bucket":"a"},"after_unknown":{"id":true}}},{"address":"aws_s3_bucket.d","mode":"managed","type":"aws_s3_bucket","name":"d","change":{"actions":["delete"],"after":null}}]}`, addrs: []string{"aws_s3_bucket.a"}},
		{name: "forget only", src: `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_s3_bucket.f","mode":"managed","type":"aws_s3_bucket","name":"f","values":{}}]}},"resource_changes":[{"address":"aws_s3_bucket.f","change":{"actions":["forget"]}}]}`},
		{name: "replace is emitted", src: `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_s3_bucket.r","mode":"managed","type":"aws_s3_bucket","name":"r","values":{}}]}},"resource_changes":[{"address":"aws_s3_bucket.r","change":{"actions":["delete","create"]}}]}`, addrs: []string{"aws_s3_bucket.r"}},
		{name: "deep nesting", src: strings.Repeat("[", MaxDepth+5), errs: []string{"1: JSON is nested more than"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ins, errs := Parse("f.json", []byte(tt.src))
			var addrs []string
			for _, in := range ins {
				addrs = append(addrs, in.Address)
				if in.File != "f.json" || in.Line <= 0 {
					t.Errorf("%s is not located: %s:%d", in.Address, in.File, in.Line)
				}
			}
			if !reflect.DeepEqual(addrs, tt.addrs) {
				t.Errorf("addresses = %q, want %q", addrs, tt.addrs)
			}
			if len(errs) != len(tt.errs) {
				t.Fatalf("errors = %v, want %v", errs, tt.errs)
			}
			for i, e := range errs {
				line, sub, _ := strings.Cut(tt.errs[i], ": ")
				if e.File != "f.json" || strconv.Itoa(e.Line) != line || !strings.Contains(e.Message, sub) {
					t.Errorf("error %d = %v, want line %s containing %q", i, e, line, sub)
				}
			}
		})
	}
}

func TestDetect(t *testing.T) {
	plan := readTestdata(t, "plan.json")
	state := readTestdata(t, "terraform.tfstate")
	tests := []struct {
		name, file, src string
		want            string
	}{
		{"plan", "plan.json", string(plan), cloudres.TerraformPlan},
		{"state", "terraform.tfstate", string(state), cloudres.TerraformState},
		{"state any name", "prod.json", string(state), cloudres.TerraformState},
		{"truncated plan", "plan.json", string(plan[:600]), cloudres.TerraformPlan},
		{"truncated state", "x.json", string(state[:200]), cloudres.TerraformState},
		{"broken tfstate", "terraform.tfstate", "{\"version\": ", cloudres.TerraformState},
		{"empty tfstate", "terraform.tfstate.backup", "", cloudres.TerraformState},
		{"show json of state", "s.json", `{"format_version":"1.0","terraform_version":"1.7.5","values":{}}`, cloudres.TerraformState},
		{"show json of empty state", "s.json", `{"format_version":"1.0","terraform_version":"1.7.5"}`, cloudres.TerraformState},
		{"cloudformation json", "t.json", `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}`, ""},
		{"provider schemas", "s.json", `{"format_version":"1.0","provider_schemas":{}}`, ""},
		{"validate output", "v.json", `{"format_version":"1.0","valid":true,"error_count":0}`, ""},
		{"package.json", "package.json", `{"name":"x","version":"1.0.0"}`, ""},
		{"k8s json", "pod.json", `{"apiVersion":"v1","kind":"Pod"}`, ""},
		{"yaml", "a.yaml", "version: 4\n", ""},
		{"array", "a.json", "[]", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, ok := Detect(tt.file, []byte(tt.src))
			if kind != tt.want || ok != (tt.want != "") {
				t.Errorf("Detect = %q, %v; want %q", kind, ok, tt.want)
			}
		})
	}
}

// TestRefsInCountedModule: references inside a module instance are
// absolute with the module's key; a reference to a resource elsewhere is
// not guessed.
func TestRefsInCountedModule(t *testing.T) {
	src := `{
  "format_version": "1.2",
  "planned_values": {"root_module": {"child_modules": [{"address": "module.b[1]", "resources": [
    {"address": "module.b[1].aws_s3_bucket_versioning.v", "mode": "managed", "type": "aws_s3_bucket_versioning", "name": "v", "values": {}}
  ]}]}},
  "resource_changes": [{"address": "module.b[1].aws_s3_bucket_versioning.v", "change": {"actions": ["create"],
    "after_unknown": {"bucket": true, "expected_bucket_owner": true, "mfa": true, "id": true}}}],
  "configuration": {"root_module": {"module_calls": {"b": {"count_expression": {"constant_value": 2}, "expressions": {"owner": {"references": ["data.aws_caller_identity.me.account_id", "data.aws_caller_identity.me"]}}, "module": {"resources": [
    {"address": "aws_s3_bucket_versioning.v", "mode": "managed", "type": "aws_s3_bucket_versioning", "name": "v", "expressions": {
      "bucket": {"references": ["aws_s3_bucket.this.id", "aws_s3_bucket.this"]},
      "expected_bucket_owner": {"references": ["var.owner"]},
      "mfa": {"references": ["aws_s3_bucket.this.id", "aws_s3_bucket.this", "aws_s3_bucket.other.id", "aws_s3_bucket.other"]}
    }}
  ]}}}}}
}`
	ins, errs := Parse("p.json", []byte(src))
	if len(errs) != 0 || len(ins) != 1 {
		t.Fatalf("got %v, %v", ins, errs)
	}
	want := map[string]any{
		"bucket":                cloudres.Ref{Address: "module.b[1].aws_s3_bucket.this", Attr: "id"},
		"expected_bucket_owner": cloudres.Ref{Address: "data.aws_caller_identity.me", Attr: "account_id"},
		"mfa":                   cloudres.Unknown{},
		"id":                    cloudres.Unknown{},
	}
	if !reflect.DeepEqual(ins[0].Values, want) {
		t.Errorf("values = %#v, want %#v", ins[0].Values, want)
	}
	if ins[0].Line != 4 || ins[0].CallLine != 3 || ins[0].LineOf("bucket") != 7 {
		t.Errorf("lines: resource %d call %d bucket %d", ins[0].Line, ins[0].CallLine, ins[0].LineOf("bucket"))
	}
}

// largePlan is a plan of n module calls, each with a resource, an
// unknown value and a reference through a module variable: the shape of
// a hostile or very large plan.
func largePlan(n int) []byte {
	var pv, rc, mc strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			pv.WriteByte(',')
			rc.WriteByte(',')
			mc.WriteByte(',')
		}
		fmt.Fprintf(&pv, `{"address":"module.m%d","resources":[{"address":"module.m%d.t_x.n","mode":"managed","type":"t_x","name":"n","values":{}}]}`, i, i)
		fmt.Fprintf(&rc, `{"address":"module.m%d.t_x.n","change":{"actions":["create"],"after_unknown":{"a":true,"b":[[[true]]]}}}`, i)
		fmt.Fprintf(&mc, `"m%d":{"expressions":{"v":{"references":["t_x.root.id"]}},"module":{"resources":[{"address":"t_x.n","mode":"managed","expressions":{"a":{"references":["var.v"]}}}]}}`, i)
	}
	return []byte(`{"format_version":"1.2","planned_values":{"root_module":{"child_modules":[` + pv.String() + `]}},"resource_changes":[` + rc.String() + `],"configuration":{"root_module":{"module_calls":{` + mc.String() + `}}}}`)
}

// TestLargeInputsStayLinear: many module calls, resources and unknowns
// parse right, and the work grows linearly: twice the plan costs about
// twice the allocations (a count, unlike time, is the same on any
// machine under any load; BenchmarkLargePlan times it).
func TestLargeInputsStayLinear(t *testing.T) {
	const n = 4000
	ins, errs := Parse("big.json", largePlan(n))
	if len(errs) != 0 || len(ins) != n {
		t.Fatalf("got %d instances, errors %v", len(ins), errs)
	}
	if v, _ := ins[n-1].Get("a"); v != (cloudres.Ref{Address: "t_x.root", Attr: "id"}) {
		t.Errorf("a = %#v", v)
	}
	if v, _ := ins[0].Get("b.0.0.0"); v != (cloudres.Unknown{}) {
		t.Errorf("b.0.0.0 = %#v", v)
	}
	allocs := func(n int) float64 {
		src := largePlan(n)
		return testing.AllocsPerRun(1, func() { Parse("big.json", src) })
	}
	small, big := allocs(n/4), allocs(n/2)
	if ratio := big / small; ratio > 2.5 {
		t.Errorf("twice the plan took %.1f times the allocations (%.0f for %d calls, %.0f for %d)", ratio, small, n/4, big, n/2)
	}
}

// BenchmarkLargePlan parses a plan of 20,000 module calls.
func BenchmarkLargePlan(b *testing.B) {
	src := largePlan(20000)
	b.ReportAllocs()
	for b.Loop() {
		if ins, errs := Parse("big.json", src); len(ins) != 20000 || len(errs) > 0 {
			b.Fatalf("%d instances, %v", len(ins), errs)
		}
	}
}
