package cfn

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// intrinsicTemplate wraps an expression as the property P of resource R,
// with parameters, mappings and conditions to refer to.
const intrinsicTemplate = `Parameters:
  Env: {Type: String, Default: prod}
  Unset: {Type: String}
  Port: {Type: Number, Default: 443}
  Zones: {Type: CommaDelimitedList, Default: "a,b,c"}
Mappings:
  Regions:
    prod: {Ami: ami-1, Sizes: [m5.large, m5.xlarge]}
    dev: {Ami: ami-2}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [dev, !Ref Env]
  Maybe: !Equals [!Ref Unset, x]
Resources:
  Other:
    Type: AWS::Test::Other
  R:
    Type: AWS::Test::Thing
    Properties:
      P: %s
`

func TestIntrinsics(t *testing.T) {
	u := cloudres.Unknown{}
	cases := []struct {
		name, expr string
		want       any // absent when want is noValue{}
	}{
		// Ref
		{"ref param", "!Ref Env", "prod"},
		{"ref param long", "{Ref: Env}", "prod"},
		{"ref unset param", "!Ref Unset", u},
		{"ref number param", "!Ref Port", int64(443)},
		{"ref list param", "!Ref Zones", []any{"a", "b", "c"}},
		{"ref resource", "!Ref Other", cloudres.Ref{Address: "Other"}},
		{"ref region", "!Ref AWS::Region", u},
		{"ref account", "{Ref: AWS::AccountId}", u},
		{"ref partition", "!Ref AWS::Partition", "aws"},
		{"ref stack id", "!Ref AWS::StackId", u},
		{"ref notification arns", "!Ref AWS::NotificationARNs", u},
		{"ref novalue", "!Ref AWS::NoValue", noValue{}},
		// GetAtt
		{"getatt dotted", "!GetAtt Other.Arn", cloudres.Ref{Address: "Other", Attr: "Arn"}},
		{"getatt nested attr", "!GetAtt Other.Endpoint.Address", cloudres.Ref{Address: "Other", Attr: "Endpoint.Address"}},
		{"getatt list", "!GetAtt [Other, Arn]", cloudres.Ref{Address: "Other", Attr: "Arn"}},
		{"getatt long", "{Fn::GetAtt: [Other, Arn]}", cloudres.Ref{Address: "Other", Attr: "Arn"}},
		{"getatt attr from ref", "!GetAtt [Other, !Ref Env]", cloudres.Ref{Address: "Other", Attr: "prod"}},
		// Sub
		{"sub param", `!Sub "app-${Env}"`, "app-prod"},
		{"sub spaces", `!Sub "app-${ Env }"`, "app-prod"},
		{"sub literal", `!Sub "${!Env}-${Env}"`, "${Env}-prod"},
		{"sub pseudo known", `!Sub "arn:${AWS::Partition}:s3:::b"`, "arn:aws:s3:::b"},
		{"sub pseudo unknown", `!Sub "${AWS::Region}-x"`, u},
		{"sub resource", `!Sub "${Other}-x"`, u},
		{"sub getatt", `!Sub "${Other.Arn}/*"`, u},
		{"sub number", `!Sub "port ${Port}"`, "port 443"},
		{"sub vars", `!Sub ["${A}-${Env}", {A: !Ref Port}]`, "443-prod"},
		{"sub var overrides param", `!Sub ["${Env}", {Env: x}]`, "x"},
		{"sub var unknown", `!Sub ["${A}", {A: !Ref Unset}]`, u},
		{"sub long", `{Fn::Sub: "${Env}"}`, "prod"},
		{"sub no placeholders", `!Sub plain`, "plain"},
		{"sub unterminated", `!Sub "a-${Env"`, "a-${Env"},
		// If and conditions
		{"if true", "!If [IsProd, yes, no]", "yes"},
		{"if false", "!If [IsDev, yes, no]", "no"},
		{"if unknown", "!If [Maybe, yes, no]", u},
		{"if unknown same branches", "!If [Maybe, same, same]", "same"},
		{"if novalue", "!If [IsDev, x, !Ref AWS::NoValue]", noValue{}},
		{"if long", "{Fn::If: [IsProd, {a: 1}, {b: 2}]}", map[string]any{"a": int64(1)}},
		{"equals", "!Equals [a, a]", true},
		{"equals number text", "!Equals [!Ref Port, '443']", true},
		{"equals unknown", "!Equals [!Ref Unset, a]", u},
		{"equals lists", "!Equals [[a, b], !Ref Zones]", false},
		{"and", "!And [!Condition IsProd, !Equals [a, a]]", true},
		{"and false wins over unknown", "!And [!Condition Maybe, !Condition IsDev]", false},
		{"and unknown", "!And [!Condition Maybe, !Condition IsProd]", u},
		{"or", "!Or [!Condition IsDev, !Condition IsProd]", true},
		{"or true wins over unknown", "{Fn::Or: [{Condition: Maybe}, {Condition: IsProd}]}", true},
		{"or unknown", "!Or [!Condition Maybe, !Condition IsDev]", u},
		{"not", "!Not [!Condition IsDev]", true},
		{"not unknown", "{Fn::Not: [{Condition: Maybe}]}", u},
		{"condition", "!Condition IsProd", true},
		// Select, Join, Split
		{"select", "!Select [1, [a, b, c]]", "b"},
		{"select text index", "!Select ['2', !Ref Zones]", "c"},
		{"select unknown list", "!Select [0, !GetAZs '']", u},
		{"select ref element", "!Select [0, [!Ref Other]]", cloudres.Ref{Address: "Other"}},
		{"select long", "{Fn::Select: [0, {Fn::Split: [',', 'x,y']}]}", "x"},
		{"join", `!Join [",", [a, !Ref Env, 1]]`, "a,prod,1"},
		{"join list param", `!Join ["|", !Ref Zones]`, "a|b|c"},
		{"join with ref", `!Join ["", [!GetAtt Other.Arn, "/*"]]`, u},
		{"join with unknown", `!Join ["", [!Ref Unset, x]]`, u},
		{"join empty", `!Join ["-", []]`, ""},
		{"join drops novalue", `!Join ["-", [a, !Ref AWS::NoValue, b]]`, "a-b"},
		{"split", `!Split [",", "a,b"]`, []any{"a", "b"}},
		{"split unknown", `!Split [",", !Ref Unset]`, u},
		{"split join", `!Split ["|", !Join ["|", !Ref Zones]]`, []any{"a", "b", "c"}},
		// FindInMap
		{"findinmap", "!FindInMap [Regions, !Ref Env, Ami]", "ami-1"},
		{"findinmap list", "!FindInMap [Regions, prod, Sizes]", []any{"m5.large", "m5.xlarge"}},
		{"findinmap unknown key", "!FindInMap [Regions, !Ref Unset, Ami]", u},
		{"findinmap default", "!FindInMap [Regions, dev, Sizes, {DefaultValue: [t3.micro]}]", []any{"t3.micro"}},
		{"findinmap long", "{Fn::FindInMap: [Regions, dev, Ami]}", "ami-2"},
		// Functions whose value is only known at deployment
		{"getazs", "!GetAZs ''", u},
		{"getazs region", "{Fn::GetAZs: {Ref: AWS::Region}}", u},
		{"importvalue", "!ImportValue shared-vpc", u},
		{"importvalue sub", "{Fn::ImportValue: !Sub '${Env}-vpc'}", u},
		{"transform", "{Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/k}}}", u},
		{"transform short", "!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}", u},
		// Base64, Cidr, language extensions
		{"base64", "!Base64 hello", "aGVsbG8="},
		{"base64 sub", `{Fn::Base64: !Sub "#!/bin/sh\necho ${Env}"}`, "IyEvYmluL3NoCmVjaG8gcHJvZA=="},
		{"base64 unknown", "!Base64 {Ref: Unset}", u},
		{"cidr", "!Cidr [10.0.0.0/16, 3, 8]", []any{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"}},
		{"cidr small", "{Fn::Cidr: [192.168.0.0/24, 2, 6]}", []any{"192.168.0.0/26", "192.168.0.64/26"}},
		{"cidr ipv6", "!Cidr ['2001:db8::/56', 2, 64]", []any{"2001:db8::/64", "2001:db8:0:1::/64"}},
		{"cidr unknown", "!Cidr [!Ref Unset, 2, 8]", u},
		{"length", "!Length [a, b]", int64(2)},
		{"tojsonstring", "!ToJsonString {a: [1, x]}", `{"a":[1,"x"]}`},
		// Plain values
		{"timestamp stays text", "2012-10-17", "2012-10-17"},
		{"leading zero stays text", "012345678901", "012345678901"},
		{"float", "1.5", 1.5},
		{"null", "null", nil},
		{"quoted number", "'80'", "80"},
		{"merge key", "{<<: {a: 1, b: 2}, b: 3}", map[string]any{"a": int64(1), "b": int64(3)}},
		{"novalue in list", "[a, !Ref AWS::NoValue, b]", []any{"a", "b"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ins, errs := Parse("i.yaml", []byte(sprintf(intrinsicTemplate, c.expr)), nil)
			if len(errs) != 0 {
				t.Fatalf("errors:\n%s", errText(errs))
			}
			m := byAddress(t, ins)
			got, ok := m["R"].Values["P"]
			if _, drop := c.want.(noValue); drop {
				if ok {
					t.Fatalf("P = %s, want it removed", show(got))
				}
				return
			}
			if !ok {
				t.Fatalf("P removed, want %s", show(c.want))
			}
			if show(got) != show(c.want) {
				t.Errorf("P = %s, want %s", show(got), show(c.want))
			}
		})
	}
}

// TestIntrinsicsJSON: the long forms in a JSON template.
func TestIntrinsicsJSON(t *testing.T) {
	src := `{"Parameters": {"Env": {"Type": "String", "Default": "prod"}},
 "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
 "Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {
   "A": {"Fn::If": ["IsProd", {"Fn::Join": ["-", [{"Ref": "Env"}, "x"]]}, "y"]},
   "N": 3, "F": 2.5, "T": true, "L": [1, {"Ref": "AWS::NoValue"}, 2]}}}}`
	ins, errs := Parse("t.json", []byte(src), nil)
	if len(errs) != 0 || len(ins) != 1 {
		t.Fatalf("%d instances; errors:\n%s", len(ins), errText(errs))
	}
	want := `{"A":"prod-x","F":"2.5 (float)","L":["1 (int)","2 (int)"],"N":"3 (int)","T":true}`
	if got := show(ins[0].Values); got != want {
		t.Errorf("values = %s, want %s", got, want)
	}
	if ins[0].Line != 3 || ins[0].Lines["A"] != 4 || ins[0].Lines["L.1"] != 5 {
		t.Errorf("line %d, lines %v", ins[0].Line, ins[0].Lines)
	}
}
