package awsinv

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	smithyendpoints "github.com/aws/smithy-go/endpoints"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func s3Collectors() []Collector {
	return []Collector{
		{
			Service: "s3", Global: true,
			Types:   []string{awsmodel.TypeS3AccountSettings},
			Actions: []string{"s3:GetAccountPublicAccessBlock"},
			Collect: collectS3AccountSettings,
		},
		{
			Service: "s3", Global: true,
			Types: []string{awsmodel.TypeS3Bucket},
			Actions: []string{"s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketPolicy", "s3:GetBucketPolicyStatus",
				"s3:GetBucketPublicAccessBlock", "s3:GetBucketAcl", "s3:GetEncryptionConfiguration", "s3:GetBucketVersioning",
				"s3:GetBucketLogging", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketTagging", "s3:GetAccountPublicAccessBlock"},
			Collect: collectS3Buckets,
		},
	}
}

// accountBlock reads the account-level public access block once per
// account. A missing configuration is nil, not an error.
func accountBlock(ctx context.Context, s *Session) (*awsmodel.PublicAccessBlock, error) {
	v, err := s.Shared("s3:account-public-access-block", func() (any, error) {
		c := s3control.NewFromConfig(s.Config, func(o *s3control.Options) {
			if s.Config.BaseEndpoint != nil {
				o.EndpointResolverV2 = emulatorControlEndpoint{s3control.NewDefaultEndpointResolverV2()}
			}
		})
		out, err := c.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(s.Account)})
		if err != nil {
			if IsNotFound(err, "NoSuchPublicAccessBlockConfiguration") {
				return (*awsmodel.PublicAccessBlock)(nil), nil
			}
			return nil, err
		}
		p := out.PublicAccessBlockConfiguration
		return &awsmodel.PublicAccessBlock{
			BlockPublicAcls: aws.ToBool(p.BlockPublicAcls), IgnorePublicAcls: aws.ToBool(p.IgnorePublicAcls),
			BlockPublicPolicy: aws.ToBool(p.BlockPublicPolicy), RestrictPublicBuckets: aws.ToBool(p.RestrictPublicBuckets),
		}, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*awsmodel.PublicAccessBlock), nil
}

// emulatorControlEndpoint keeps a custom endpoint's host as given: S3
// Control puts the account ID in front of the host ("1111.host"), which
// an emulator on localhost cannot resolve; the account also travels in
// the x-amz-account-id header.
type emulatorControlEndpoint struct{ s3control.EndpointResolverV2 }

func (e emulatorControlEndpoint) ResolveEndpoint(ctx context.Context, p s3control.EndpointParameters) (smithyendpoints.Endpoint, error) {
	ep, err := e.EndpointResolverV2.ResolveEndpoint(ctx, p)
	if err == nil && p.AccountId != nil {
		ep.URI.Host = strings.TrimPrefix(ep.URI.Host, *p.AccountId+".")
	}
	return ep, err
}
