package awsadapt

import (
	"slices"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestACMCertificates(t *testing.T) {
	insts := []cloudres.Instance{
		tf("aws_acm_certificate", "aws_acm_certificate.www", 1, props{"domain_name": "www.example.com", "validation_method": "DNS"}),
		tf("aws_acm_certificate", "aws_acm_certificate.old", 10, props{"domain_name": "old.example.com", "key_algorithm": "RSA_1024"}),
		tf("aws_acm_certificate", "aws_acm_certificate.imported", 20, props{"private_key": cloudres.Unknown{}, "certificate_body": cloudres.Unknown{}}),
		cfnRes("AWS::CertificateManager::Certificate", "Cert", 1, props{"DomainName": "cfn.example.com", "KeyAlgorithm": "EC_secp384r1"}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-acm-rsa-key-length", []string{"old.example.com"}, []string{"www.example.com", "aws_acm_certificate.imported", "cfn.example.com"})
	assertFires(t, got, "aws-acm-expiry", nil, []string{"www.example.com", "old.example.com", "aws_acm_certificate.imported", "cfn.example.com"})
	if a := find(t, res, "www.example.com").Attributes; a["key_algorithm"] != "RSA_2048" || a["key_bits"] != int64(2048) {
		t.Errorf("www: %v", a)
	}
	if u := unreadAttrs(t, res, "aws_acm_certificate.imported"); !slices.Contains(u, any("key_algorithm")) {
		t.Errorf("imported: unread %v", u)
	}
}
