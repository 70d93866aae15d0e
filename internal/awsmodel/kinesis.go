package awsmodel

import (
	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// TypeKinesisStream is a Kinesis data stream.
const TypeKinesisStream = "aws.kinesis.stream"

func kinesisTypes() []Type {
	return []Type{typeOf[KinesisStream](TypeKinesisStream, "AWS::Kinesis::Stream", false)}
}

// KinesisStream is aws.kinesis.stream: DescribeStreamSummary's
// description of the stream.
type KinesisStream struct {
	kinesistypes.StreamDescriptionSummary
	// Encrypted: records are encrypted at rest with a KMS key (the AWS
	// managed alias/aws/kinesis or a customer managed key).
	Encrypted bool
}

// Derive computes the stream's derived fields.
func (s *KinesisStream) Derive() {
	s.Encrypted = s.EncryptionType == kinesistypes.EncryptionTypeKms
}
