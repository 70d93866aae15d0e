package cfn

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestGolden parses every template under testdata and compares the
// instances with testdata/<name>.golden.json (go test -update rewrites).
func TestGolden(t *testing.T) {
	cases := []struct {
		file, golden string
		params       map[string]string
	}{
		{"app.yaml", "app.golden.json", nil},
		{"app.yaml", "app-prod.golden.json", map[string]string{"Environment": "prod", "KmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/k1", "AWS::Region": "eu-west-1", "AWS::AccountId": "111122223333"}},
		{"bucket.json", "bucket.golden.json", nil},
		{"foreach.yaml", "foreach.golden.json", nil},
		{"sam.yaml", "sam.golden.json", nil},
	}
	for _, c := range cases {
		t.Run(c.golden, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			ins, errs := Parse(c.file, data, c.params)
			if len(errs) != 0 {
				t.Fatalf("errors:\n%s", errText(errs))
			}
			type row struct {
				Type, Address string
				Line          int
				Values        any
				Lines         map[string]int
			}
			var rows []row
			for _, in := range ins {
				if in.Source != cloudres.CloudFormation || in.File != c.file || in.Name != in.Address || in.Line <= 0 {
					t.Errorf("bad instance header %+v", in)
				}
				checkValues(t, in.Address, any(in.Values), 0)
				for p, l := range in.Lines {
					if _, ok := in.Get(p); !ok {
						t.Errorf("%s: Lines has %s (line %d), which is not in Values", in.Address, p, l)
					}
				}
				rows = append(rows, row{in.Type, in.Address, in.Line, plain(in.Values), in.Lines})
			}
			got, _ := json.MarshalIndent(rows, "", "  ")
			got = append(got, '\n')
			path := filepath.Join("testdata", c.golden)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("instances differ from %s (go test -update rewrites it); got:\n%s", path, got)
			}
		})
	}
}

// TestAppTemplate checks the facts the golden file encodes that matter
// most, so a careless -update cannot hide a regression.
func TestAppTemplate(t *testing.T) {
	data, _ := os.ReadFile("testdata/app.yaml")
	ins, errs := Parse("app.yaml", data, nil)
	if len(errs) != 0 {
		t.Fatal(errText(errs))
	}
	m := byAddress(t, ins)
	for _, absent := range []string{"ProdAlarmTopic", "OrdersFunctionRole"} {
		if _, ok := m[absent]; ok {
			t.Errorf("%s emitted", absent)
		}
	}
	want := map[string]string{
		"Vpc": "AWS::EC2::VPC", "DebugSecurityGroup": "AWS::EC2::SecurityGroup", "OrdersFunction": "AWS::Lambda::Function",
		"OrdersFunctionUrl": "AWS::Lambda::Url", "OrdersFunctionUrlPublicPermissions": "AWS::Lambda::Permission", "OrdersApi": "AWS::ApiGateway::RestApi",
		"OrdersApidevStage": "AWS::ApiGateway::Stage",
	}
	for addr, typ := range want {
		if m[addr].Type != typ {
			t.Errorf("%s type = %q, want %s", addr, m[addr].Type, typ)
		}
	}
	checks := []struct {
		addr, path string
		want       any
		line       int
	}{
		{"Vpc", "CidrBlock", "10.20.0.0/16", 52},
		{"Vpc", "Tags.0.Value", "orders-dev", 56},
		{"PrivateSubnet", "VpcId", cloudres.Ref{Address: "Vpc"}, 61},
		{"PrivateSubnet", "CidrBlock", "10.20.0.0/24", 62},
		{"PrivateSubnet", "AvailabilityZone", cloudres.Unknown{}, 63},
		{"AdminSecurityGroup", "SecurityGroupIngress.1.CidrIp", "198.51.100.7/32", 78},
		{"AdminSecurityGroup", "SecurityGroupIngress.2.FromPort", int64(3389), 82},
		{"DataBucket", "BucketName", cloudres.Unknown{}, 99},
		{"DataBucket", "VersioningConfiguration.Status", "Suspended", 101},
		{"DataBucket", "BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm", cloudres.Unknown{}, 105},
		{"DataBucketPolicy", "PolicyDocument.Version", "2012-10-17", 118},
		{"DataBucketPolicy", "PolicyDocument.Statement.0.Resource.0", cloudres.Ref{Address: "DataBucket", Attr: "Arn"}, 125},
		{"DataBucketPolicy", "PolicyDocument.Statement.0.Resource.1", cloudres.Unknown{}, 126},
		{"OrdersRole", "ManagedPolicyArns.0", "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", 141},
		{"OrdersRole", "Policies.0.PolicyDocument.Statement.0.Resource", cloudres.Unknown{}, 149},
		{"OrdersFunction", "Role", cloudres.Ref{Address: "OrdersRole", Attr: "Arn"}, 157},
		{"OrdersFunction", "MemorySize", int64(256), 158},
		{"OrdersFunction", "Timeout", int64(30), 42},
		{"OrdersFunction", "TracingConfig.Mode", "Active", 43},
		{"OrdersFunction", "Environment.Variables.STAGE", "dev", 46},
		{"OrdersFunction", "Environment.Variables.BUCKET", cloudres.Ref{Address: "DataBucket"}, 161},
		{"OrdersFunction", "Code.S3Bucket", "orders-artifacts", 156},
		{"OrdersFunctionUrl", "AuthType", "NONE", 163},
		{"OrdersFunctionUrl", "TargetFunctionArn", cloudres.Ref{Address: "OrdersFunction"}, 162},
	}
	for _, c := range checks {
		in := m[c.addr]
		got, ok := in.Get(c.path)
		if !ok || show(got) != show(c.want) {
			t.Errorf("%s.%s = %s (present %v), want %s", c.addr, c.path, show(got), ok, show(c.want))
		}
		if l := in.LineOf(c.path); l != c.line {
			t.Errorf("%s.%s line = %d, want %d", c.addr, c.path, l, c.line)
		}
	}
	if n := len(m["AdminSecurityGroup"].Values["SecurityGroupIngress"].([]any)); n != 3 {
		t.Errorf("dev ingress rules = %d, want 3", n)
	}
}

func TestAppTemplateProd(t *testing.T) {
	data, _ := os.ReadFile("testdata/app.yaml")
	ins, errs := Parse("app.yaml", data, map[string]string{"Environment": "prod", "KmsKeyArn": "arn:aws:kms:cn-north-1:1:key/k", "AWS::Region": "cn-north-1", "AWS::AccountId": "111122223333"})
	if len(errs) != 0 {
		t.Fatal(errText(errs))
	}
	m := byAddress(t, ins)
	bucket, role := m["DataBucket"], m["OrdersRole"]
	if _, ok := m["DebugSecurityGroup"]; ok {
		t.Error("DebugSecurityGroup emitted in prod")
	}
	if _, ok := m["ProdAlarmTopic"]; !ok {
		t.Error("ProdAlarmTopic missing in prod with a key")
	}
	for path, want := range map[string]any{
		"BucketName":                     "orders-data-111122223333-cn-north-1",
		"VersioningConfiguration.Status": "Enabled",
		"BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.KMSMasterKeyID": "arn:aws:kms:cn-north-1:1:key/k",
	} {
		if got, _ := bucket.Get(path); show(got) != show(want) {
			t.Errorf("DataBucket.%s = %s, want %s", path, show(got), show(want))
		}
	}
	if got, _ := role.Get("ManagedPolicyArns.0"); !strings.HasPrefix(got.(string), "arn:aws-cn:") {
		t.Errorf("partition in cn-north-1 = %v", got)
	}
	if n := len(m["AdminSecurityGroup"].Values["SecurityGroupIngress"].([]any)); n != 2 {
		t.Errorf("prod ingress rules = %d, want 2 (NoValue removes the third)", n)
	}
}

func TestParameters(t *testing.T) {
	tmpl := `Parameters:
  Str: {Type: String, Default: 10}
  Num: {Type: Number, Default: "8080"}
  Flt: {Type: Number, Default: 1.5}
  List: {Type: CommaDelimitedList, Default: "a, b,c"}
  Nums: {Type: List<Number>, Default: "1,2"}
  SGs: {Type: List<AWS::EC2::SecurityGroup::Id>}
  Unset: {Type: String}
  Ssm: {Type: "AWS::SSM::Parameter::Value<String>", Default: /x/y}
  Empty: {Type: CommaDelimitedList, Default: ""}
Resources:
  R:
    Type: AWS::Test::Thing
    Properties:
      Str: !Ref Str
      Num: !Ref Num
      Flt: !Ref Flt
      List: !Ref List
      Nums: !Ref Nums
      SGs: !Ref SGs
      Unset: !Ref Unset
      Ssm: !Ref Ssm
      Empty: !Ref Empty
      Stack: !Ref AWS::StackName
      Partition: !Ref AWS::Partition
      Suffix: !Ref AWS::URLSuffix
`
	cases := []struct {
		name   string
		params map[string]string
		want   map[string]any
	}{
		{"defaults", nil, map[string]any{
			"Str": "10", "Num": int64(8080), "Flt": 1.5, "List": []any{"a", "b", "c"}, "Nums": []any{int64(1), int64(2)},
			"SGs": cloudres.Unknown{}, "Unset": cloudres.Unknown{}, "Ssm": cloudres.Unknown{}, "Empty": []any{},
			"Stack": cloudres.Unknown{}, "Partition": "aws", "Suffix": "amazonaws.com",
		}},
		{"overrides", map[string]string{"Str": "x", "Num": "1", "SGs": "sg-1,sg-2", "Unset": "u", "Ssm": "ami-1", "AWS::StackName": "st", "AWS::Region": "us-gov-west-1"}, map[string]any{
			"Str": "x", "Num": int64(1), "SGs": []any{"sg-1", "sg-2"}, "Unset": "u", "Ssm": "ami-1", "Stack": "st", "Partition": "aws-us-gov",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ins, errs := Parse("p.yaml", []byte(tmpl), c.params)
			if len(errs) != 0 || len(ins) != 1 {
				t.Fatalf("%d instances, errors:\n%s", len(ins), errText(errs))
			}
			for k, w := range c.want {
				if got := ins[0].Values[k]; show(got) != show(w) {
					t.Errorf("%s = %s, want %s", k, show(got), show(w))
				}
			}
		})
	}
}

func TestErrors(t *testing.T) {
	res := func(props string) string {
		return "Resources:\n  R:\n    Type: AWS::Test::Thing\n    Properties:\n      P: " + props + "\n"
	}
	cases := []struct {
		name, src string
		line      int
		want      string
	}{
		{"not a mapping", "- a\n- b\n", 1, "not a mapping"},
		{"no resources", "AWSTemplateFormatVersion: 2010-09-09\n", 1, "no Resources section"},
		{"resources not a mapping", "Resources: [a]\n", 1, "Resources must be a mapping"},
		{"resource without type", "Resources:\n  R:\n    Properties: {}\n", 2, "has no Type"},
		{"type not a string", "Resources:\n  R:\n    Type: [a]\n", 3, "Type must be"},
		{"resource not a mapping", "Resources:\n  R: 3\n", 2, "must be a mapping"},
		{"unknown intrinsic", res("{Fn::Frobnicate: [a]}"), 5, "unknown intrinsic function Fn::Frobnicate"},
		{"unknown tag", res("!Frob x"), 5, "unknown YAML tag !Frob"},
		{"ref undefined", res("!Ref Nope"), 5, "Ref to Nope"},
		{"ref not a name", res("{Ref: [a]}"), 5, "Ref takes the name"},
		{"getatt undefined", res("!GetAtt Nope.Arn"), 5, "not a resource"},
		{"getatt no attr", res("!GetAtt Nope"), 5, "Resource.Attribute"},
		{"sub undefined", res(`!Sub "${Nope}-x"`), 5, "${Nope} names no parameter"},
		{"if arity", res("!If [a, b]"), 5, "Fn::If takes 3 arguments, got 2"},
		{"if undefined condition", res("!If [Nope, a, b]"), 5, "condition Nope is not defined"},
		{"equals arity", res("!Equals [a]"), 5, "Fn::Equals takes 2 arguments"},
		{"and arity", res("!And [!Equals [a, a]]"), 5, "Fn::And takes 2 to 10 arguments"},
		{"not a list", res("!Join a"), 5, "Fn::Join takes a list"},
		{"select out of range", res("!Select [3, [a, b]]"), 5, "out of range"},
		{"findinmap missing map", res("!FindInMap [Nope, a, b]"), 5, "no map Nope"},
		{"findinmap missing key", "Mappings:\n  M: {a: {b: 1}}\n" + res("!FindInMap [M, a, c]"), 7, "has no entry a/c"},
		{"circular conditions", "Conditions:\n  A: !Condition B\n  B: !Condition A\n" + "Resources:\n  R:\n    Type: AWS::Test::Thing\n    Condition: A\n", 3, "depends on itself"},
		{"resource condition undefined", "Resources:\n  R:\n    Type: AWS::Test::Thing\n    Condition: Nope\n", 4, "condition Nope is not defined"},
		{"number parameter", "Parameters:\n  N: {Type: Number, Default: abc}\n" + res("!Ref N"), 2, "must be a number"},
		{"disallowed default", "Parameters:\n  E: {Type: String, Default: x, AllowedValues: [a, b]}\n" + res("!Ref E"), 2, "not one of its AllowedValues"},
		{"duplicate key", res("{a: 1, a: 2}"), 5, "written twice"},
		{"duplicate resource", "Resources:\n  R: {Type: AWS::A::B}\n  R: {Type: AWS::A::B}\n", 3, "declared twice"},
		{"syntax", "Resources:\n  R: [\n", 2, "cannot parse"},
		{"invalid utf8", "Resources:\n  R: \xff\n", 2, "not valid UTF-8"},
		{"empty", "", 1, "empty"},
		{"empty logical id", "Resources:\n  '': {Type: AWS::A::B}\n", 2, "empty logical ID"},
		{"logical id not alphanumeric", "Resources:\n  my-bucket: {Type: AWS::S3::Bucket}\n", 2, "must be alphanumeric"},
		{"foreach unknown collection", "Transform: AWS::LanguageExtensions\nParameters:\n  L: {Type: CommaDelimitedList}\nResources:\n  Fn::ForEach::Topics: [T, !Ref L, {}]\n", 5, "--cfn-param L=a,b,c"},
		{"sub list var", "Parameters:\n  L: {Type: CommaDelimitedList, Default: a}\n" + res(`!Sub "${L}"`), 7, "not a string"},
		{"condition not boolean", "Conditions:\n  C: yes-please\n" + res("!If [C, a, b]"), 2, "must be a condition function"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := Parse("t.yaml", []byte(c.src), nil)
			for _, e := range errs {
				if strings.Contains(e.Message, c.want) {
					if e.File != "t.yaml" || e.Line != c.line {
						t.Errorf("error at %s:%d, want line %d: %s", e.File, e.Line, c.line, e.Message)
					}
					return
				}
			}
			t.Errorf("no error containing %q; got:\n%s", c.want, errText(errs))
		})
	}
}

func TestHostileInput(t *testing.T) {
	bomb := "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 1; i < 10; i++ {
		prev := "*a" + string(rune('0'+i-1))
		name := "a" + string(rune('0'+i))
		bomb += name + ": &" + name + " [" + strings.Repeat(prev+", ", 9) + prev + "]\n"
	}
	bomb += "Resources:\n  R:\n    Type: AWS::Test::Thing\n    Properties: {P: *a9}\n"
	deep := "Resources:\n  R:\n    Type: AWS::Test::Thing\n    Properties: {P: " + strings.Repeat("[", 150) + strings.Repeat("]", 150) + "}\n"
	joinBomb := "s0: &s0 " + strings.Repeat("x", 1000) + "\n"
	for i := 1; i < 8; i++ {
		prev := "*s" + string(rune('0'+i-1))
		name := "s" + string(rune('0'+i))
		joinBomb += name + ": &" + name + " !Join ['', [" + strings.Repeat(prev+", ", 19) + prev + "]]\n"
	}
	joinBomb += "Resources:\n  R:\n    Type: AWS::Test::Thing\n    Properties: {P: *s7}\n"
	condChain := "Conditions:\n"
	for i := 0; i < 300; i++ {
		condChain += "  C" + itoa(i) + ": !Condition C" + itoa(i+1) + "\n"
	}
	condChain += "  C300: !Equals [a, a]\nResources:\n  R:\n    Type: AWS::Test::Thing\n    Condition: C0\n"
	bigList := "Parameters:\n  Big: {Type: CommaDelimitedList, Default: \"" + strings.Repeat("a,", 200_000) + "a\"}\n"
	bigList += "e0: &e0 [!Equals [!Ref Big, !Ref Big], !Join [',', [!Select [0, !Ref Big]]]]\n"
	for i := 1; i < 8; i++ {
		prev := "*e" + itoa(i-1)
		bigList += "e" + itoa(i) + ": &e" + itoa(i) + " [" + strings.Repeat(prev+", ", 9) + prev + "]\n"
	}
	bigList += "Resources:\n  R:\n    Type: AWS::Test::Thing\n    Properties: {P: *e7}\n"
	for name, src := range map[string]string{"alias bomb": bomb, "shared list amplification": bigList, "deep nesting": deep, "join bomb": joinBomb, "condition chain": condChain} {
		t.Run(name, func(t *testing.T) {
			ins, errs := Parse("h.yaml", []byte(src), nil)
			if len(errs) == 0 {
				t.Fatalf("no error; %d instances", len(ins))
			}
			for _, e := range errs {
				if e.File != "h.yaml" || e.Line <= 0 {
					t.Errorf("unlocated error %+v", e)
				}
			}
			t.Logf("%s", errText(errs))
		})
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func TestDetect(t *testing.T) {
	cases := []struct {
		name, src string
		want      bool
	}{
		{"yaml with version", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", true},
		{"yaml resources only", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n", true},
		{"custom resource", "Resources:\n  B:\n    Type: Custom::Thing\n    Properties: {ServiceToken: x}\n", true},
		{"json", `{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}`, true},
		{"json with tabs", "{\n\t\"AWSTemplateFormatVersion\": \"2010-09-09\",\n\t\"Resources\": {}\n}", true},
		{"sam", "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n", true},
		{"kubernetes", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    resources: {limits: {cpu: 1}}\n", false},
		{"kubernetes list with Resources word", "apiVersion: v1\nkind: ConfigMap\ndata: {Resources: x}\n", false},
		{"plain yaml", "name: x\nResources: [a, b]\n", false},
		{"resources without aws types", "Resources:\n  a: {Type: thing}\n", false},
		{"terraform plan", `{"format_version":"1.2","resource_changes":[{"type":"aws_s3_bucket","change":{"after":{"bucket":"Resources"}}}]}`, false},
		{"not yaml", "Resources: [\n", false},
		{"empty", "", false},
		{"byte order mark", "\ufeffAWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Detect("x", []byte(c.src)); got != c.want {
				t.Errorf("Detect = %v, want %v", got, c.want)
			}
		})
	}
	for _, f := range []string{"app.yaml", "bucket.json"} {
		data, _ := os.ReadFile(filepath.Join("testdata", f))
		if !Detect(f, data) {
			t.Errorf("Detect(%s) = false", f)
		}
	}
}

// TestJSONTabsAndBOM: JSON indented with tabs (not YAML indentation) and
// a leading byte order mark still parse, escaped tabs in strings stay.
func TestJSONTabsAndBOM(t *testing.T) {
	ins, errs := Parse("b.json", []byte("\ufeff{\n\t\"Resources\": {\n\t\t\"B\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"X\": \"a\\tb\"}}}\n}"), nil)
	if len(errs) != 0 || len(ins) != 1 {
		t.Fatalf("%d instances; errors:\n%s", len(ins), errText(errs))
	}
	if ins[0].Values["X"] != "a\tb" || ins[0].Line != 3 || ins[0].Lines["X"] != 3 {
		t.Errorf("instance %+v", ins[0])
	}
}
