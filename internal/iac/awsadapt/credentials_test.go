package awsadapt

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// TestWrittenCredentials: a literal (or written default) is reported,
// redacted; a value given at scan time, a dynamic reference, an unknown
// and a plan's value are not.
func TestWrittenCredentials(t *testing.T) {
	const pw = "Aa1234321Bb"
	given := tf("aws_db_instance", "aws_db_instance.given", 10, props{"identifier": "given", "password": pw})
	given.Supplied = map[string]bool{"password": true}
	plan := tf("aws_db_instance", "aws_db_instance.plan", 20, props{"identifier": "plan", "password": pw})
	plan.Source = cloudres.TerraformPlan
	givenKey := tf("provider.aws", "provider.aws.given", 40, props{"alias": "given", "access_key": "AKIAIOSFODNN7EXAMPLE"})
	givenKey.Supplied = map[string]bool{"access_key": true}
	partial := tf("aws_instance", "aws_instance.partial", 50, props{"user_data": cloudres.Unknown{}})
	partial.Partial = map[string]string{"user_data": "host=" + cloudres.UnknownInDocument + "\nexport DB_PASSWORD=" + pw + "\n"}
	insts := []cloudres.Instance{
		tf("aws_db_instance", "aws_db_instance.written", 1, props{"identifier": "written", "password": pw}),
		given, plan,
		tf("aws_db_instance", "aws_db_instance.unknown", 30, props{"identifier": "unknown", "password": cloudres.Unknown{}}),
		cfnRes("AWS::RDS::DBCluster", "Resolved", 1, props{"MasterUserPassword": "{{resolve:secretsmanager:db:SecretString:password}}"}),
		cfnRes("AWS::RDS::DBCluster", "Literal", 10, props{"MasterUserPassword": pw}),
		tf("provider.aws", "provider.aws", 30, props{"region": "eu-west-1", "access_key": "AKIAIOSFODNN7EXAMPLE", "secret_key": "test"}),
		givenKey,
		partial,
		tf("aws_instance", "aws_instance.unknown", 60, props{"user_data": cloudres.Unknown{}}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-rds-master-password-written", []string{"written", "Literal"}, []string{"given", "plan", "unknown", "Resolved"})
	assertFires(t, got, "aws-terraform-provider-credentials", []string{"provider.aws"}, []string{"given"})
	assertFires(t, got, "aws-ec2-user-data-credentials", []string{"aws_instance.partial"}, []string{"aws_instance.unknown"})
	for _, r := range res.Resources {
		b, _ := json.Marshal(r.Attributes)
		if strings.Contains(string(b), pw) || strings.Contains(string(b), "IOSFODNN7EXAMPLE") {
			t.Errorf("%s holds a secret: %s", r.Name, b)
		}
	}
	if c, _ := find(t, res, "provider.aws").Attributes["credentials"].([]any); len(c) != 1 {
		t.Errorf("provider credentials %v: want the access key only (the secret key is a placeholder)", c)
	}
}
