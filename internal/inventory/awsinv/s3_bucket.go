package awsinv

// aws.s3.bucket: S3 buckets, listed with s3:ListAllMyBuckets and read one by
// one with s3:GetBucketLocation, s3:GetBucketPolicy, s3:GetBucketPolicyStatus,
// s3:GetBucketPublicAccessBlock, s3:GetBucketAcl, s3:GetEncryptionConfiguration,
// s3:GetBucketVersioning, s3:GetBucketLogging,
// s3:GetBucketObjectLockConfiguration and s3:GetBucketTagging.

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// s3Client returns an S3 client for region. With a custom endpoint (an
// emulator) requests use path-style addressing.
func s3Client(cfg aws.Config, region string) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.Region = region
		if cfg.BaseEndpoint != nil {
			o.UsePathStyle = true
		}
	})
}

func collectS3Buckets(ctx context.Context, s *Session) error {
	home := s3Client(s.Config, s.Region)
	var buckets []s3types.Bucket
	p := s3.NewListBucketsPaginator(home, &s3.ListBucketsInput{MaxBuckets: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		buckets = append(buckets, page.Buckets...)
	}
	acct, err := accountBlock(ctx, s)
	acctUnread := err != nil
	if acctUnread {
		s.Fail("s3:GetAccountPublicAccessBlock", err)
	}
	clients := map[string]*s3.Client{}
	var mu sync.Mutex
	clientFor := func(region string) *s3.Client {
		mu.Lock()
		defer mu.Unlock()
		if c := clients[region]; c != nil {
			return c
		}
		c := s3Client(s.Config, region)
		clients[region] = c
		return c
	}
	// Buckets are read a few at a time: each needs ~10 calls and the
	// limiter paces them per region.
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, b := range buckets {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			s.Emit(readBucket(ctx, s, home, clientFor, b, acct, acctUnread))
		}()
	}
	wg.Wait()
	return nil
}

// bucketCall runs one per-bucket read; absent configuration is not a
// failure, anything else marks the attribute unread.
func bucketCall(s *Session, unread *[]string, attr, api string, err error, absent ...string) bool {
	if err == nil {
		return true
	}
	if IsNotFound(err, absent...) {
		return false
	}
	*unread = append(*unread, attr)
	s.Fail(api, fmt.Errorf("bucket: %w", err))
	return false
}

func readBucket(ctx context.Context, s *Session, home *s3.Client, clientFor func(string) *s3.Client, b s3types.Bucket, acct *awsmodel.PublicAccessBlock, acctUnread bool) *modelResource {
	name := aws.ToString(b.Name)
	in := aws.String(name)
	var unread []string
	region := aws.ToString(b.BucketRegion)
	if region == "" {
		loc, err := home.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: in})
		if bucketCall(s, &unread, "region", "s3:GetBucketLocation", err) {
			region = string(loc.LocationConstraint)
			if region == "" {
				region = "us-east-1"
			}
		}
	}
	if region == "" {
		region = s.Region
	}
	c := clientFor(region)
	bk := awsmodel.S3Bucket{Name: name, ARN: "arn:" + partitionOf(region) + ":s3:::" + name, Region: region, CreationDate: b.CreationDate}
	if out, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: in}); bucketCall(s, &unread, "public_access_block", "s3:GetPublicAccessBlock", err, "NoSuchPublicAccessBlockConfiguration") {
		p := out.PublicAccessBlockConfiguration
		bk.PublicAccessBlock = &awsmodel.PublicAccessBlock{
			BlockPublicAcls: aws.ToBool(p.BlockPublicAcls), IgnorePublicAcls: aws.ToBool(p.IgnorePublicAcls),
			BlockPublicPolicy: aws.ToBool(p.BlockPublicPolicy), RestrictPublicBuckets: aws.ToBool(p.RestrictPublicBuckets),
		}
	}
	if out, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: in}); bucketCall(s, &unread, "policy", "s3:GetBucketPolicy", err, "NoSuchBucketPolicy") {
		doc, perr := awsmodel.ParsePolicy(aws.ToString(out.Policy), s.Account)
		if perr != nil {
			unread = append(unread, "policy")
			s.Fail("s3:GetBucketPolicy", fmt.Errorf("bucket %s: %w", name, perr))
		} else {
			bk.Policy = doc
		}
	}
	if out, err := c.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: in}); bucketCall(s, &unread, "policy_status", "s3:GetBucketPolicyStatus", err, "NoSuchBucketPolicy") {
		bk.PolicyStatus = out.PolicyStatus
	}
	if out, err := c.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: in}); bucketCall(s, &unread, "acl", "s3:GetBucketAcl", err) {
		bk.ACL = &awsmodel.BucketACL{Owner: out.Owner, Grants: out.Grants}
	}
	if out, err := c.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: in}); bucketCall(s, &unread, "encryption", "s3:GetBucketEncryption", err, "ServerSideEncryptionConfigurationNotFoundError") {
		bk.Encryption = out.ServerSideEncryptionConfiguration
	}
	if out, err := c.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: in}); bucketCall(s, &unread, "versioning", "s3:GetBucketVersioning", err) {
		bk.Versioning = &awsmodel.BucketVersioning{Status: string(out.Status), MFADelete: string(out.MFADelete)}
	}
	if out, err := c.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: in}); bucketCall(s, &unread, "logging", "s3:GetBucketLogging", err) {
		bk.Logging = out.LoggingEnabled
	}
	if out, err := c.GetObjectLockConfiguration(ctx, &s3.GetObjectLockConfigurationInput{Bucket: in}); bucketCall(s, &unread, "object_lock", "s3:GetObjectLockConfiguration", err, "ObjectLockConfigurationNotFoundError") {
		bk.ObjectLock = out.ObjectLockConfiguration
	}
	var tags map[string]string
	if out, err := c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: in}); bucketCall(s, &unread, "tags", "s3:GetBucketTagging", err, "NoSuchTagSet") {
		tags = map[string]string{}
		for _, t := range out.TagSet {
			tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	bk.AccountPublicAccessBlock = acct
	if acctUnread {
		unread = append(unread, "effective_public_access_block")
	}
	r := s.New(awsmodel.TypeS3Bucket, bk.ARN, name, tags, unread, bk)
	r.Region = region
	return r
}
