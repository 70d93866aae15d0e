package awsmodel

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite generated files")

// TestSchemasUpToDate keeps schemas/aws.*.json equal to what the Go types
// generate; run with -update after changing a type.
func TestSchemasUpToDate(t *testing.T) {
	dir := filepath.Join("..", "..", "schemas")
	want := map[string]bool{}
	for _, typ := range Types() {
		want[typ.Name+".json"] = true
		b, err := json.MarshalIndent(typ.Schema(), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		b = append(b, '\n')
		file := filepath.Join(dir, typ.Name+".json")
		if *update {
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(file)
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s is out of date: run go test ./internal/awsmodel -run TestSchemasUpToDate -update", file)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "aws.") && !want[e.Name()] {
			if *update {
				_ = os.Remove(filepath.Join(dir, e.Name()))
				continue
			}
			t.Errorf("%s has no type any more: run with -update to remove it", e.Name())
		}
	}
}

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"KMSMasterKeyID": "kms_master_key_id", "Ipv6Ranges": "ipv6_ranges", "S3BucketName": "s3_bucket_name",
		"MFADelete": "mfa_delete", "IsMultiRegionTrail": "is_multi_region_trail", "HttpTokens": "http_tokens",
		"ARN": "arn", "CidrIpv6": "cidr_ipv6", "EC2": "ec2", "Name": "name",
	} {
		if got := Snake(in); got != want {
			t.Errorf("Snake(%q) = %q, want %q", in, got, want)
		}
	}
}
