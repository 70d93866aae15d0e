package cfn

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary bytes to the template parser: it must never
// panic or hang, every error must be located in the file, and every
// instance must be located and hold only contract values (no internal
// markers such as AWS::NoValue).
func FuzzParse(f *testing.F) {
	for _, name := range []string{"testdata/app.yaml", "testdata/bucket.json", "testdata/foreach.yaml", "testdata/sam.yaml"} {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties: {A: !Sub '${X}', B: !If [C, !Ref AWS::NoValue, [!Ref AWS::NoValue]]}\n",
		"Conditions: {C: !Equals [!Ref P, x], D: !Or [!Condition C, !Not [!Condition D]]}\nParameters: {P: {Type: Number}}\nResources: {R: {Type: AWS::A::B, Condition: D, Properties: !If [C, {a: 1}, !Ref AWS::NoValue]}}\n",
		"Mappings: {M: {a: {b: [1, 2]}}}\nResources: {R: {Type: AWS::A::B, Properties: {X: !Select [1, !FindInMap [M, a, b]], Y: !Cidr [10.0.0.0/8, 256, 16]}}}\n",
		"a: &a [x, x]\nb: &b [*a, *a]\nResources: {R: {Type: AWS::A::B, Properties: {P: [*b, *b], Q: {<<: {z: 1}}}}}\n",
		"Transform: AWS::Serverless-2016-10-31\nGlobals: {Function: {Timeout: 3}}\nResources: {F: {Type: AWS::Serverless::Function, Properties: {CodeUri: ., FunctionUrlConfig: {AuthType: NONE}}}}\n",
		`{"Resources": {"R": {"Type": "AWS::A::B", "Properties": {"P": {"Fn::Join": ["", [{"Fn::GetAtt": ["R", "Arn"]}]]}}}}}`,
		"Resources: {R: {Type: AWS::A::B, Properties: {P: !Base64 {Fn::ToJsonString: [!Length [a]]}}}}\n",
		"Transform: AWS::LanguageExtensions\nParameters: {L: {Type: CommaDelimitedList, Default: 'a-1,b'}}\nConditions: {Fn::ForEach::C: [c, [x], {'Is${c}': !Equals [a, a]}]}\nResources:\n  Fn::ForEach::O: [I, !Ref L, {Fn::ForEach::N: [J, [p, q], {'R&{I}${J}': {Type: AWS::A::B, Condition: Isx, Properties: {P: !Ref I, Fn::ForEach::K: [K, [k], {'Q${K}': '${J}'}]}}}]}]\n",
		"- [\n",
		"\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tm := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("input took over 10s: %q", data)) })
		defer tm.Stop()
		ins, errs := Parse("fuzz.yaml", data, map[string]string{"AWS::Region": "eu-west-1"})
		for _, e := range errs {
			if e.File != "fuzz.yaml" || e.Message == "" || e.Line < 0 {
				t.Fatalf("unlocated error %+v", e)
			}
		}
		for _, in := range ins {
			if in.File != "fuzz.yaml" || in.Line <= 0 || in.Address == "" || in.Type == "" || in.Values == nil {
				t.Fatalf("unlocated instance %+v", in)
			}
			checkValues(t, in.Address, any(in.Values), 0)
			for p, l := range in.Lines {
				if l <= 0 {
					t.Fatalf("%s: line %d for %s", in.Address, l, p)
				}
			}
		}
		Detect("fuzz.yaml", data)
	})
}

// FuzzDetect: any bytes give an answer, never a panic.
func FuzzDetect(f *testing.F) {
	f.Add([]byte("AWSTemplateFormatVersion: x\n"))
	f.Add([]byte("Resources: {a: {Type: AWS::S3::Bucket}}"))
	f.Add([]byte("apiVersion: v1\nkind: Pod\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		Detect("f", data)
	})
}
