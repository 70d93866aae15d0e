package secrets

import (
	"reflect"
	"strings"
	"testing"
)

func TestDetectText(t *testing.T) {
	d := New()
	for _, tc := range []struct {
		name, text string
		want       []Found
	}{
		{"shell exports", "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMAAA\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMAAAKEY\nexport AWS_DEFAULT_REGION=us-west-2\n",
			[]Found{{2, "AWS_ACCESS_KEY_ID", KindAWSAccessKey, "AKIA****[REDACTED]"}, {3, "AWS_SECRET_ACCESS_KEY", KindAWSSecretKey, "****[REDACTED]"}}},
		{"PHP define", "<?php\ndefine('DB_SERVER', 'db.example.internal');\ndefine('DB_PASSWORD', 'Aa1234321Bb');\n?>",
			[]Found{{3, "DB_PASSWORD", KindPassword, "****[REDACTED]"}}},
		{"flags, YAML and JSON", "mysql --password=S3cr3tPw -h db\ndb_password: hunter2hunter\n{\"api_token\": \"0123456789abcdef\"}\n",
			[]Found{{1, "password", KindPassword, "****[REDACTED]"}, {2, "db_password", KindPassword, "****[REDACTED]"}, {3, "api_token", KindToken, "****[REDACTED]"}}},
		{"key by form alone", "aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE",
			[]Found{{1, "", KindAWSAccessKey, "AKIA****[REDACTED]"}}},
		{"references and placeholders", "export DB_PASSWORD=${DB_PASSWORD}\nPASSWORD=$(aws secretsmanager get-secret-value --secret-id db)\npassword: <set me>\nPASSWORD_FILE=/run/secrets/db\nSECRET_NAME=prod/db\nexport PGPASSWORD=$DB_PASSWORD\n",
			nil},
		{"no secrets", "#!/bin/bash\nyum -y install httpd\nsystemctl start httpd\necho \"<h1>hello</h1>\" > /var/www/html/index.html\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := d.DetectText(tc.text)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestDetectTextBounds(t *testing.T) {
	d := New()
	text := strings.Repeat("export PASSWORD=Sup3rSecret\n", 1000)
	if got := d.DetectText(text); len(got) != maxFound {
		t.Errorf("%d found, want the bound %d", len(got), maxFound)
	}
}

func FuzzDetectText(f *testing.F) {
	f.Add("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMAAA\ndefine('DB_PASSWORD', 'Aa1234321Bb');")
	f.Add("password: \"x'\"\n({'a', \"b\",")
	d := New()
	f.Fuzz(func(t *testing.T, text string) {
		for _, x := range d.DetectText(text) {
			if !strings.HasSuffix(x.Redacted, "****[REDACTED]") || x.Line < 1 {
				t.Fatalf("bad result %+v", x)
			}
		}
	})
}
