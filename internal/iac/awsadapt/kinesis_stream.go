package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// kinesisStream reads a stream's encryption and retention. Omitted, a
// stream is not encrypted and keeps records 24 hours (the API's
// defaults, which the provider and CloudFormation document).
func kinesisStream(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "Name"))
	s := kinesistypes.StreamDescriptionSummary{StreamName: aws.String(name), EncryptionType: kinesistypes.EncryptionTypeNone,
		RetentionPeriodHours: aws.Int32(24)}
	if arn := knownStr(in, "arn"); arn != "" {
		s.StreamARN = &arn
	}
	if n, ok := b.integer(spell(in, "retention_period", "RetentionPeriodHours"), "retention_period_hours"); ok {
		s.RetentionPeriodHours = aws.Int32(int32(n))
	}
	enc := spell(in, "", "StreamEncryption.")
	if v, ok := b.str(enc+spell(in, "encryption_type", "EncryptionType"), "encrypted"); ok {
		s.EncryptionType = kinesistypes.EncryptionType(v)
	}
	if k, ok := presentStr(b, enc+spell(in, "kms_key_id", "KeyId"), "encrypted"); ok {
		s.KeyId = &k
	}
	if m, ok := b.str(spell(in, "stream_mode_details.0.stream_mode", "StreamModeDetails.StreamMode"), ""); ok {
		s.StreamModeDetails = &kinesistypes.StreamModeDetails{StreamMode: kinesistypes.StreamMode(m)}
	}
	return name, awsmodel.KinesisStream{StreamDescriptionSummary: s}
}
