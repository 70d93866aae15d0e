package cfn

import "testing"

func TestSupplied(t *testing.T) {
	tmpl := `
Parameters:
  Given: {Type: String, Default: written-default}
  Defaulted: {Type: String, Default: written}
  Other: {Type: String}
Resources:
  DB:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: !Ref Given
      MasterUsername: !Ref Defaulted
      DBName: !Sub "db-${Other}"
      Tags:
        - Key: k
          Value: {"Fn::Sub": ["${X}-x", {X: {Ref: Given}}]}
      Engine: postgres
`
	ins, errs := Parse("t.yaml", []byte(tmpl), map[string]string{"Given": "from-cli", "Other": "o", "AWS::Region": "eu-west-1"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	in := ins[0]
	for path, want := range map[string]bool{
		"MasterUserPassword": true, "MasterUsername": false, "DBName": true,
		"Tags": true, "Tags.0.Value": true, "Engine": false,
	} {
		if got := in.IsSupplied(path); got != want {
			t.Errorf("%s: supplied %v, want %v", path, got, want)
		}
	}
	ins, _ = Parse("t.yaml", []byte(tmpl), nil)
	if ins[0].Supplied != nil {
		t.Errorf("nothing given, Supplied %v", ins[0].Supplied)
	}
}
