package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
)

// xmlNode is an element read back generically: its name, attributes
// and children.
type xmlNode struct {
	Name     string
	Attrs    map[string]string
	Children []*xmlNode
	Text     string
}

func readXML(t *testing.T, b []byte) *xmlNode {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	var stack []*xmlNode
	var root *xmlNode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{Name: tok.Name.Local, Attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.Attrs[a.Name.Local] = a.Value
			}
			if len(stack) == 0 {
				if root != nil {
					t.Fatal("more than one root element")
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tok)
			}
		}
	}
	return root
}

// junitShape is the JUnit schema CI systems read (the testsuites /
// testsuite / testcase XSD Jenkins and GitLab follow): each element's
// required attributes, optional attributes and allowed children.
var junitShape = map[string]struct{ required, optional, children []string }{
	"testsuites": {[]string{"tests"}, []string{"name", "failures", "errors", "skipped", "disabled", "time"}, []string{"testsuite"}},
	"testsuite": {[]string{"name", "tests", "failures", "errors"}, []string{"skipped", "disabled", "time", "timestamp", "hostname", "id", "package", "file"},
		[]string{"properties", "testcase", "system-out", "system-err"}},
	"properties": {nil, nil, []string{"property"}},
	"property":   {[]string{"name", "value"}, nil, nil},
	"testcase":   {[]string{"name", "classname"}, []string{"time", "file", "line", "assertions", "status"}, []string{"skipped", "error", "failure", "system-out", "system-err"}},
	"failure":    {nil, []string{"message", "type"}, nil},
	"error":      {nil, []string{"message", "type"}, nil},
	"skipped":    {nil, []string{"message"}, nil},
	"system-out": {nil, nil, nil},
	"system-err": {nil, nil, nil},
}

// checkJUnit returns where a document departs from junitShape, and
// where a suite's counts are not its cases'.
func checkJUnit(n *xmlNode, path string) []string {
	var errs []string
	shape, ok := junitShape[n.Name]
	if !ok {
		return []string{path + ": no element " + n.Name + " in JUnit"}
	}
	for _, a := range shape.required {
		if _, ok := n.Attrs[a]; !ok {
			errs = append(errs, fmt.Sprintf("%s: %s lacks %s", path, n.Name, a))
		}
	}
	for a := range n.Attrs {
		if !slices.Contains(shape.required, a) && !slices.Contains(shape.optional, a) {
			errs = append(errs, fmt.Sprintf("%s: %s has no attribute %s", path, n.Name, a))
		}
	}
	for _, a := range []string{"tests", "failures", "errors", "skipped"} {
		if v, ok := n.Attrs[a]; ok {
			if _, err := strconv.Atoi(v); err != nil {
				errs = append(errs, fmt.Sprintf("%s: %s=%q is not a count", path, a, v))
			}
		}
	}
	if v, ok := n.Attrs["time"]; ok {
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			errs = append(errs, fmt.Sprintf("%s: time=%q is not seconds", path, v))
		}
	}
	outcomes := 0
	for i, c := range n.Children {
		if !slices.Contains(shape.children, c.Name) {
			errs = append(errs, fmt.Sprintf("%s: %s may not hold %s", path, n.Name, c.Name))
		}
		if c.Name == "failure" || c.Name == "error" || c.Name == "skipped" {
			outcomes++
		}
		errs = append(errs, checkJUnit(c, fmt.Sprintf("%s/%s[%d]", path, c.Name, i))...)
	}
	if outcomes > 1 {
		errs = append(errs, path+": a test case has more than one outcome")
	}
	if n.Name == "testsuite" || n.Name == "testsuites" {
		count := map[string]int{}
		walkJUnit(n, func(c *xmlNode) {
			switch c.Name {
			case "testcase":
				count["tests"]++
			case "failure":
				count["failures"]++
			case "error":
				count["errors"]++
			case "skipped":
				count["skipped"]++
			}
		})
		for _, a := range []string{"tests", "failures", "errors", "skipped"} {
			if v, ok := n.Attrs[a]; ok && v != strconv.Itoa(count[a]) {
				errs = append(errs, fmt.Sprintf("%s: %s=%s, but it holds %d", path, a, v, count[a]))
			}
		}
	}
	return errs
}

func walkJUnit(n *xmlNode, f func(*xmlNode)) {
	for _, c := range n.Children {
		f(c)
		walkJUnit(c, f)
	}
}

// TestJUnitShape: the JUnit report of the sample is well-formed XML of
// the shape CI systems read, with counts that add up; every finding is
// a case of its rule's suite, open ones failing with their message and
// details, the excepted one skipped with its reason, the resolved one
// passing; text comes back as written, escaped.
func TestJUnitShape(t *testing.T) {
	r := formatsSample()
	out := render(t, "junit", r)
	root := readXML(t, out)
	if root.Name != "testsuites" {
		t.Fatalf("root is %s", root.Name)
	}
	for _, err := range checkJUnit(root, "testsuites") {
		t.Error(err)
	}
	cases := map[string]*xmlNode{}
	walkJUnit(root, func(n *xmlNode) {
		if n.Name == "testcase" {
			cases[n.Attrs["classname"]+" "+n.Attrs["name"]] = n
		}
	})
	if len(cases) != len(r.Findings)+len(r.Resolved) {
		t.Errorf("%d test cases for %d findings and %d resolved", len(cases), len(r.Findings), len(r.Resolved))
	}
	outcome := func(rule, name string) (string, *xmlNode) {
		c := cases[rule+" "+name]
		if c == nil {
			t.Fatalf("no test case %s %s", rule, name)
		}
		if len(c.Children) == 0 {
			return "pass", c
		}
		return c.Children[0].Name, c.Children[0]
	}
	sg := r.Findings[4]
	if kind, n := outcome(sg.RuleID, "AWS::EC2::SecurityGroup admin (infra/main.tf:4)"); kind != "failure" || n.Attrs["message"] != sg.Message ||
		!strings.Contains(n.Text, "location: infra/main.tf:6\n") || !strings.Contains(n.Text, "id: "+sg.Fingerprint) {
		t.Errorf("the security group case is %s %q %q", kind, n.Attrs, n.Text)
	}
	if kind, n := outcome("aws-iam-user-mfa", "arn:aws:iam::111111111111:user/ci"); kind != "skipped" || n.Attrs["message"] != `excepted until 2026-12-31: break-glass user <ops> & "on-call"` {
		t.Errorf("the excepted case is %s %q", kind, n.Attrs)
	}
	if kind, _ := outcome("aws-s3-public-bucket", "arn:aws:s3:::acme-old"); kind != "system-out" {
		t.Errorf("the resolved case is %s, want a pass with its note", kind)
	}
	if bytes.Contains(out, []byte("<script>")) {
		t.Error("markup in a message was not escaped")
	}
}

// TestJUnitInvalidCharacters: characters XML 1.0 cannot hold (NUL,
// escape codes) do not make the document malformed.
func TestJUnitInvalidCharacters(t *testing.T) {
	r := &Report{Findings: []model.Finding{{RuleID: "r\x00", Message: "\x1b[31mred\x1b[0m ]]> \x00", Remediation: "a\x0bb",
		Resource: &model.Resource{ID: "x\x07"}}}}
	root := readXML(t, render(t, "junit", r))
	for _, err := range checkJUnit(root, "testsuites") {
		t.Error(err)
	}
}
