package terraform

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// TestDynamicJSONMatchesNative: the same configuration written in native
// syntax and in JSON syntax yields the same values, dynamic blocks
// expanded alike.
func TestDynamicJSONMatchesNative(t *testing.T) {
	cases := []struct {
		name       string
		hcl, json  string
		addr, path string
		want       any // a value both must have at path
	}{
		{
			name: "default iterator over a list",
			hcl: `variable "ports" { default = [22, 443] }
resource "aws_security_group" "sg" {
  name = "web"
  dynamic "ingress" {
    for_each = var.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
      description = "rule ${ingress.key}"
    }
  }
}
`,
			json: `{
  "variable": {"ports": {"default": [22, 443]}},
  "resource": {"aws_security_group": {"sg": {
    "name": "web",
    "dynamic": {"ingress": {
      "for_each": "${var.ports}",
      "content": {
        "from_port": "${ingress.value}",
        "to_port": "${ingress.value}",
        "protocol": "tcp",
        "cidr_blocks": ["0.0.0.0/0"],
        "description": "rule ${ingress.key}"
      }
    }}
  }}}
}`,
			addr: "aws_security_group.sg", path: "ingress",
			want: []any{
				map[string]any{"from_port": int64(22), "to_port": int64(22), "protocol": "tcp", "cidr_blocks": []any{"0.0.0.0/0"}, "description": "rule 0"},
				map[string]any{"from_port": int64(443), "to_port": int64(443), "protocol": "tcp", "cidr_blocks": []any{"0.0.0.0/0"}, "description": "rule 1"},
			},
		},
		{
			name: "named iterators and a dynamic block inside content",
			hcl: `locals {
  rules = {
    web = { port = 443, cidrs = ["10.0.0.0/8", "192.168.0.0/16"] }
    ssh = { port = 22, cidrs = ["0.0.0.0/0"] }
  }
}
resource "aws_wafv2_web_acl" "a" {
  name = "acl"
  dynamic "rule" {
    for_each = local.rules
    iterator = r
    content {
      name     = r.key
      priority = r.value.port
      dynamic "source" {
        for_each = r.value.cidrs
        iterator = c
        content {
          cidr  = c.value
          label = "${r.key}-${c.key}"
        }
      }
    }
  }
}
`,
			json: `{
  "locals": {"rules": {
    "web": {"port": 443, "cidrs": ["10.0.0.0/8", "192.168.0.0/16"]},
    "ssh": {"port": 22, "cidrs": ["0.0.0.0/0"]}
  }},
  "resource": {"aws_wafv2_web_acl": {"a": {
    "name": "acl",
    "dynamic": {"rule": {
      "for_each": "${local.rules}",
      "iterator": "r",
      "content": {
        "name": "${r.key}",
        "priority": "${r.value.port}",
        "dynamic": {"source": {
          "for_each": "${r.value.cidrs}",
          "iterator": "c",
          "content": {"cidr": "${c.value}", "label": "${r.key}-${c.key}"}
        }}
      }
    }}
  }}}
}`,
			addr: "aws_wafv2_web_acl.a", path: "rule.1.source.1",
			want: map[string]any{"cidr": "192.168.0.0/16", "label": "web-1"},
		},
		{
			name: "static and dynamic blocks of one type in order, several dynamic blocks per label",
			hcl: `resource "aws_security_group" "sg" {
  ingress {
    description = "static"
  }
  dynamic "ingress" {
    for_each = toset(["a", "b"])
    content { description = ingress.key }
  }
  dynamic "ingress" {
    for_each = [1]
    content { description = "second ${ingress.value}" }
  }
  dynamic "egress" {
    for_each = [0]
    content { from_port = egress.value }
  }
}
`,
			json: `{"resource": {"aws_security_group": {"sg": {
  "ingress": [{"description": "static"}],
  "dynamic": [
    {"ingress": [
      {"for_each": "${toset([\"a\", \"b\"])}", "content": {"description": "${ingress.key}"}},
      {"for_each": [1], "content": {"description": "second ${ingress.value}"}}
    ]},
    {"egress": {"for_each": [0], "content": {"from_port": "${egress.value}"}}}
  ]
}}}}`,
			addr: "aws_security_group.sg", path: "ingress",
			want: []any{map[string]any{"description": "static"}, map[string]any{"description": "a"}, map[string]any{"description": "b"}, map[string]any{"description": "second 1"}},
		},
		{
			name: "for_each unknown before apply",
			hcl: `variable "rules" { type = list(number) }
resource "aws_security_group" "sg" {
  name = "x"
  dynamic "ingress" {
    for_each = var.rules
    content { from_port = ingress.value }
  }
}
`,
			json: `{
  "variable": {"rules": {"type": "list(number)"}},
  "resource": {"aws_security_group": {"sg": {
    "name": "x",
    "dynamic": {"ingress": {"for_each": "${var.rules}", "content": {"from_port": "${ingress.value}"}}}
  }}}
}`,
			addr: "aws_security_group.sg", path: "ingress",
			want: cloudres.Unknown{},
		},
		{
			name: "a dynamic block inside a static block",
			hcl: `resource "aws_lb_listener" "l" {
  default_action {
    type = "forward"
    dynamic "forward" {
      for_each = ["tg1"]
      content { target_group = forward.value }
    }
  }
}
`,
			json: `{"resource": {"aws_lb_listener": {"l": {
  "default_action": {
    "type": "forward",
    "dynamic": {"forward": {"for_each": ["tg1"], "content": {"target_group": "${forward.value}"}}}
  }
}}}}`,
			addr: "aws_lb_listener.l", path: "default_action",
			want: []any{map[string]any{"type": "forward", "forward": []any{map[string]any{"target_group": "tg1"}}}},
		},
		{
			name: "each inside dynamic blocks, references to other resources",
			hcl: `resource "aws_s3_bucket" "b" { bucket = "b" }
resource "aws_x" "y" {
  for_each = { one = 1, two = 2 }
  dynamic "target" {
    for_each = range(each.value)
    content {
      arn = aws_s3_bucket.b.arn
      n   = "${each.key}-${target.value}"
    }
  }
}
`,
			json: `{"resource": {
  "aws_s3_bucket": {"b": {"bucket": "b"}},
  "aws_x": {"y": {
    "for_each": {"one": 1, "two": 2},
    "dynamic": {"target": {
      "for_each": "${range(each.value)}",
      "content": {"arn": "${aws_s3_bucket.b.arn}", "n": "${each.key}-${target.value}"}
    }}
  }}
}}`,
			addr: `aws_x.y["two"]`, path: "target.1",
			want: map[string]any{"arn": cloudres.Ref{Address: "aws_s3_bucket.b", Attr: "arn"}, "n": "two-1"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			native, errs := ParseDir(writeTree(t, map[string]string{"main.tf": c.hcl}), Options{})
			if len(errs) != 0 {
				t.Fatalf("native syntax errors:\n%s", errText(errs))
			}
			js, errs := ParseDir(writeTree(t, map[string]string{"main.tf.json": c.json}), Options{})
			if len(errs) != 0 {
				t.Fatalf("JSON syntax errors:\n%s", errText(errs))
			}
			if got, want := addresses(js), addresses(native); !reflect.DeepEqual(got, want) {
				t.Fatalf("JSON addresses %q, native %q", got, want)
			}
			n, j := byAddress(native), byAddress(js)
			for addr, in := range n {
				if !reflect.DeepEqual(j[addr].Values, in.Values) {
					t.Errorf("%s:\nJSON   %#v\nnative %#v", addr, j[addr].Values, in.Values)
				}
			}
			if got := get(t, n, c.addr, c.path); !reflect.DeepEqual(got, c.want) {
				t.Errorf("%s %s = %#v, want %#v", c.addr, c.path, got, c.want)
			}
		})
	}
}

// TestDynamicJSONLines: blocks generated from a JSON dynamic block carry
// the lines of their content's arguments.
func TestDynamicJSONLines(t *testing.T) {
	dir := writeTree(t, map[string]string{"main.tf.json": `{"resource": {"aws_security_group": {"sg": {
  "dynamic": {
    "ingress": {
      "for_each": [22, 3389],
      "content": {
        "from_port": "${ingress.value}",
        "cidr_blocks": ["0.0.0.0/0"]
      }
    }
  }
}}}}`})
	insts, errs := ParseDir(dir, Options{})
	if len(errs) != 0 {
		t.Fatalf("errors:\n%s", errText(errs))
	}
	sg := byAddress(insts)["aws_security_group.sg"]
	for path, line := range map[string]int{"ingress": 3, "ingress.1": 3, "ingress.1.from_port": 6, "ingress.0.cidr_blocks": 7} {
		if got := sg.LineOf(path); got != line {
			t.Errorf("line of %s = %d, want %d", path, got, line)
		}
	}
}

// TestDynamicErrors: a dynamic block Terraform would reject, in either
// syntax, is reported where it is wrong and generates nothing; the
// resource is still produced.
func TestDynamicErrors(t *testing.T) {
	cases := []struct {
		name      string
		hcl, json string
		line      int // of the error, in both syntaxes
		msg       string
	}{
		{
			name: "labels",
			hcl:  "resource \"a_b\" \"c\" {\n  dynamic \"d\" {\n    for_each = [1]\n    labels   = [\"x\"]\n    content {}\n  }\n}\n",
			json: "{\"resource\": {\"a_b\": {\"c\": {\n  \"dynamic\": {\"d\": {\n    \"for_each\": [1],\n    \"labels\": [\"x\"],\n    \"content\": {}\n  }}\n}}}}\n",
			line: 4, msg: "Unsupported dynamic block labels",
		},
		{
			name: "too many blocks",
			hcl:  "resource \"a_b\" \"c\" {\n  dynamic \"d\" {\n    for_each = flatten([for i in range(11) : range(1000)])\n    content {}\n  }\n}\n",
			json: "{\"resource\": {\"a_b\": {\"c\": {\n  \"dynamic\": {\"d\": {\n    \"for_each\": \"${flatten([for i in range(11) : range(1000)])}\",\n    \"content\": {}\n  }}\n}}}}\n",
			line: 3, msg: "more than 10000 elements",
		},
		{
			name: "no content",
			hcl:  "resource \"a_b\" \"c\" {\n  dynamic \"d\" {\n    for_each = [1]\n  }\n}\n",
			json: "{\"resource\": {\"a_b\": {\"c\": {\n  \"dynamic\": {\"d\": {\n    \"for_each\": [1]\n  }}\n}}}}\n",
			line: 2, msg: "exactly one content block",
		},
		{
			name: "iterator not a name",
			hcl:  "resource \"a_b\" \"c\" {\n  dynamic \"d\" {\n    for_each = [1]\n    iterator = a.b\n    content {}\n  }\n}\n",
			json: "{\"resource\": {\"a_b\": {\"c\": {\n  \"dynamic\": {\"d\": {\n    \"for_each\": [1],\n    \"iterator\": \"a.b\",\n    \"content\": {}\n  }}\n}}}}\n",
			line: 4, msg: "Invalid dynamic iterator name",
		},
		{
			name: "null for_each",
			hcl:  "resource \"a_b\" \"c\" {\n  dynamic \"d\" {\n    for_each = null\n    content {}\n  }\n}\n",
			json: "{\"resource\": {\"a_b\": {\"c\": {\n  \"dynamic\": {\"d\": {\n    \"for_each\": null,\n    \"content\": {}\n  }}\n}}}}\n",
			line: 3, msg: "for_each must not be null",
		},
		{
			name: "unknown argument",
			hcl:  "resource \"a_b\" \"c\" {\n  dynamic \"d\" {\n    for_each = [1]\n    for_eech = [2]\n    content {}\n  }\n}\n",
			json: "{\"resource\": {\"a_b\": {\"c\": {\n  \"dynamic\": {\"d\": {\n    \"for_each\": [1],\n    \"for_eech\": [2],\n    \"content\": {}\n  }}\n}}}}\n",
			line: 4, msg: "for_eech",
		},
	}
	for _, c := range cases {
		for _, f := range []struct{ name, src string }{{"main.tf", c.hcl}, {"main.tf.json", c.json}} {
			t.Run(c.name+"/"+f.name, func(t *testing.T) {
				dir := writeTree(t, map[string]string{f.name: f.src})
				insts, errs := ParseDir(dir, Options{})
				found := false
				for _, e := range errs {
					if strings.Contains(e.Message, c.msg) {
						found = true
						if e.File != filepath.Join(dir, f.name) || e.Line != c.line {
							t.Errorf("error at %s:%d, want line %d", e.File, e.Line, c.line)
						}
					}
				}
				if !found {
					t.Errorf("no error containing %q in:\n%s", c.msg, errText(errs))
				}
				if len(insts) != 1 {
					t.Fatalf("instances %q", addresses(insts))
				}
				if _, ok := insts[0].Values["d"]; ok {
					t.Errorf("the broken dynamic block generated %v", insts[0].Values["d"])
				}
			})
		}
	}
}
