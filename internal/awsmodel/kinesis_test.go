package awsmodel

import (
	"testing"

	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

func TestKinesisStreamDerive(t *testing.T) {
	for enc, want := range map[kinesistypes.EncryptionType]bool{"": false, "NONE": false, "KMS": true} {
		s := KinesisStream{StreamDescriptionSummary: kinesistypes.StreamDescriptionSummary{EncryptionType: enc}}
		s.Derive()
		if s.Encrypted != want {
			t.Errorf("encryption type %q: encrypted %v, want %v", enc, s.Encrypted, want)
		}
	}
}
