package awsinv

// aws.kinesis.stream: Kinesis data streams, listed with
// kinesis:ListStreams (paged, 100 a page) and read with
// kinesis:DescribeStreamSummary, one call per stream: the list carries
// neither encryption nor retention, and no batch describe exists. Tags
// come from the region's tagging API read.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectKinesisStreams(ctx context.Context, s *Session) error {
	c := kinesis.NewFromConfig(s.Config)
	var streams []kinesistypes.StreamSummary
	p := kinesis.NewListStreamsPaginator(c, &kinesis.ListStreamsInput{Limit: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		streams = append(streams, page.StreamSummaries...)
	}
	servicesEach(ctx, streams, 8, func(st kinesistypes.StreamSummary) {
		name := aws.ToString(st.StreamName)
		out, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: st.StreamName})
		if err != nil {
			if !IsNotFound(err) { // a stream deleted since it was listed is gone, not unread
				s.Fail("kinesis:DescribeStreamSummary", err)
			}
			return
		}
		if out.StreamDescriptionSummary == nil {
			return
		}
		s.Emit(s.New(awsmodel.TypeKinesisStream, aws.ToString(st.StreamARN), name, nil, nil,
			&awsmodel.KinesisStream{StreamDescriptionSummary: *out.StreamDescriptionSummary}))
	})
	return ctx.Err()
}
