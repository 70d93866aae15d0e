package awsadapt

import (
	"strings"

	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// tfS3Satellites are the Terraform resources an S3 bucket is spread
// over.
func tfS3Satellites() []string {
	return []string{"aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration",
		"aws_s3_bucket_versioning", "aws_s3_bucket_logging", "aws_s3_bucket_policy", "aws_s3_bucket_acl",
		"aws_s3_bucket_object_lock_configuration"}
}

// s3Bucket reads an aws_s3_bucket with the aws_s3_bucket_* resources it
// is spread over, or an AWS::S3::Bucket with its AWS::S3::BucketPolicy.
func s3Bucket(ix *Index, b *builder) (string, any) {
	if cfn(b.in) {
		return cfnS3Bucket(ix, b)
	}
	return tfS3Bucket(ix, b)
}

// bucketName is the bucket's name when the source knows it.
func bucketName(b *builder, path string) string {
	if v, ok := b.in.Get(path); ok {
		if s, ok := v.(string); ok {
			return s
		}
	}
	return b.in.Name
}

// tfS3Bucket reads aws_s3_bucket, its inline (provider v3) arguments
// first, then the aws_s3_bucket_* resources of provider v4+.
func tfS3Bucket(ix *Index, b *builder) (string, any) {
	in := b.in
	name := bucketName(b, "bucket")
	bk := awsmodel.S3Bucket{Name: name, ARN: "arn:aws:s3:::" + name}
	// Inline (provider v3) arguments first; the separate resources of
	// provider v4+ override them.
	readEncryption(b, &bk, "server_side_encryption_configuration.0.")
	if en, ok := b.boolean("versioning.0.enabled", "versioning"); ok {
		bk.Versioning = &awsmodel.BucketVersioning{Status: map[bool]string{true: "Enabled", false: "Suspended"}[en]}
		if mfa, ok := b.boolean("versioning.0.mfa_delete", "versioning"); ok && mfa {
			bk.Versioning.MFADelete = "Enabled"
		}
	}
	if tb, ok := b.str("logging.0.target_bucket", "logging"); ok {
		prefix, _ := b.str("logging.0.target_prefix", "logging")
		bk.Logging = &s3types.LoggingEnabled{TargetBucket: &tb, TargetPrefix: &prefix}
	}
	if doc := b.policy("policy", "policy"); doc != nil {
		bk.Policy = doc
	}
	if acl, ok := b.str("acl", "acl"); ok {
		bk.ACL = cannedACL(acl)
	}
	for _, t := range tfS3Satellites() {
		for _, sat := range ix.Satellites(t, "bucket", in, name) {
			readS3Satellite(b, &bk, sat)
		}
	}
	if en, ok := b.boolean("object_lock_enabled", "object_lock"); ok && en && bk.ObjectLock == nil {
		bk.ObjectLock = &s3types.ObjectLockConfiguration{ObjectLockEnabled: s3types.ObjectLockEnabledEnabled}
	}
	return finishBucket(ix, b, bk)
}

// readS3Satellite merges one aws_s3_bucket_* resource (or an
// AWS::S3::BucketPolicy) into the bucket b builds.
func readS3Satellite(b *builder, bk *awsmodel.S3Bucket, sat *cloudres.Instance) {
	sb := newBuilder(sat)
	defer b.merge(sb)
	switch sat.Type {
	case "aws_s3_bucket_public_access_block":
		p, known := readPAB(sb, "")
		bk.PublicAccessBlock = p
		if !known {
			b.unread = append(b.unread, "public_access_block")
		}
	case "aws_s3_bucket_server_side_encryption_configuration":
		readEncryption(sb, bk, "")
	case "aws_s3_bucket_versioning":
		bk.Versioning = &awsmodel.BucketVersioning{}
		if st, ok := sb.str("versioning_configuration.0.status", "versioning"); ok && st != "Disabled" {
			bk.Versioning.Status = st
		}
		if mfa, ok := sb.str("versioning_configuration.0.mfa_delete", "versioning"); ok {
			bk.Versioning.MFADelete = mfa
		}
	case "aws_s3_bucket_logging":
		tb, ok := sb.str("target_bucket", "logging")
		if !ok {
			tb = "(set at apply)"
		}
		prefix, _ := sb.str("target_prefix", "logging")
		bk.Logging = &s3types.LoggingEnabled{TargetBucket: &tb, TargetPrefix: &prefix}
	case "aws_s3_bucket_policy":
		bk.Policy = sb.policy("policy", "policy")
	case "AWS::S3::BucketPolicy":
		bk.Policy = sb.policy("PolicyDocument", "policy")
	case "aws_s3_bucket_acl":
		if acl, ok := sb.str("acl", "acl"); ok {
			bk.ACL = cannedACL(acl)
		}
		for _, g := range sb.list("access_control_policy.0.grant", "acl") {
			gm, _ := g.(map[string]any)
			grantee, _ := gm["grantee"].([]any)
			if len(grantee) == 0 {
				continue
			}
			gg, _ := grantee[0].(map[string]any)
			uri, _ := gg["uri"].(string)
			perm, _ := gm["permission"].(string)
			if bk.ACL == nil {
				bk.ACL = &awsmodel.BucketACL{}
			}
			bk.ACL.Grants = append(bk.ACL.Grants, grant(uri, perm))
		}
	case "aws_s3_bucket_object_lock_configuration":
		bk.ObjectLock = &s3types.ObjectLockConfiguration{ObjectLockEnabled: s3types.ObjectLockEnabledEnabled}
	}
}

// readPAB reads the four switches under prefix, in S3's order (the
// first written locates public_access_block); known is false when one is
// set to a value known only at deploy time.
func readPAB(b *builder, prefix string) (*awsmodel.PublicAccessBlock, bool) {
	var p awsmodel.PublicAccessBlock
	known := true
	for _, sw := range []struct {
		tf, cf string
		dst    *bool
	}{
		{"block_public_acls", "BlockPublicAcls", &p.BlockPublicAcls},
		{"ignore_public_acls", "IgnorePublicAcls", &p.IgnorePublicAcls},
		{"block_public_policy", "BlockPublicPolicy", &p.BlockPublicPolicy},
		{"restrict_public_buckets", "RestrictPublicBuckets", &p.RestrictPublicBuckets},
	} {
		key := prefix + spell(b.in, sw.tf, sw.cf)
		v, ok := b.boolean(key, "public_access_block")
		if !ok {
			if _, set := b.in.Get(key); set {
				known = false
			}
			continue
		}
		*sw.dst = v
	}
	return &p, known
}

// readEncryption reads a bucket's default-encryption rules under
// prefix, when any.
func readEncryption(b *builder, bk *awsmodel.S3Bucket, prefix string) {
	path := prefix + spell(b.in, "rule", "BucketEncryption.ServerSideEncryptionConfiguration")
	rules := b.list(path, "encryption")
	if len(rules) == 0 {
		return
	}
	cfg := &s3types.ServerSideEncryptionConfiguration{}
	for i := range rules {
		p := path + "." + itoa(i) + "."
		var r s3types.ServerSideEncryptionRule
		if algo, ok := b.str(p+spell(b.in, "apply_server_side_encryption_by_default.0.sse_algorithm", "ServerSideEncryptionByDefault.SSEAlgorithm"), "encryption"); ok {
			r.ApplyServerSideEncryptionByDefault = &s3types.ServerSideEncryptionByDefault{SSEAlgorithm: s3types.ServerSideEncryption(algo)}
			if key, ok := b.str(p+spell(b.in, "apply_server_side_encryption_by_default.0.kms_master_key_id", "ServerSideEncryptionByDefault.KMSMasterKeyID"), ""); ok {
				r.ApplyServerSideEncryptionByDefault.KMSMasterKeyID = &key
			}
		}
		if bke, ok := b.boolean(p+spell(b.in, "bucket_key_enabled", "BucketKeyEnabled"), ""); ok {
			r.BucketKeyEnabled = &bke
		}
		cfg.Rules = append(cfg.Rules, r)
	}
	bk.Encryption = cfg
}

// cfnS3Bucket reads AWS::S3::Bucket with the AWS::S3::BucketPolicy that
// names it.
func cfnS3Bucket(ix *Index, b *builder) (string, any) {
	in := b.in
	name := bucketName(b, "BucketName")
	bk := awsmodel.S3Bucket{Name: name, ARN: "arn:aws:s3:::" + name}
	if _, ok := in.Get("PublicAccessBlockConfiguration"); ok {
		bk.PublicAccessBlock, _ = readPAB(b, "PublicAccessBlockConfiguration.")
	}
	readEncryption(b, &bk, "")
	if st, ok := b.str("VersioningConfiguration.Status", "versioning"); ok {
		bk.Versioning = &awsmodel.BucketVersioning{Status: st}
	}
	if _, ok := in.Get("LoggingConfiguration"); ok {
		tb, ok := b.str("LoggingConfiguration.DestinationBucketName", "logging")
		if !ok {
			tb = "(set at deploy)"
		}
		prefix, _ := b.str("LoggingConfiguration.LogFilePrefix", "logging")
		bk.Logging = &s3types.LoggingEnabled{TargetBucket: &tb, TargetPrefix: &prefix}
	}
	if acl, ok := b.str("AccessControl", "acl"); ok {
		bk.ACL = cannedACL(acl)
	}
	if en, ok := b.boolean("ObjectLockEnabled", "object_lock"); ok && en {
		bk.ObjectLock = &s3types.ObjectLockConfiguration{ObjectLockEnabled: s3types.ObjectLockEnabledEnabled}
	}
	for _, pol := range ix.Satellites("AWS::S3::BucketPolicy", "Bucket", in, name) {
		readS3Satellite(b, &bk, pol)
	}
	return finishBucket(ix, b, bk)
}

// finishBucket gives the bucket the account's block, from which its
// effective block and public state derive. Without an account-level
// block in the same scope (or with one whose switches are known only at
// apply), the account's setting is unknown: the effective block is the
// bucket's own and is marked unread unless the bucket's own block turns
// all four switches on, which no account setting can weaken. The
// block-public-access rule then judges the bucket's own block; an
// explicitly public policy or ACL still counts.
func finishBucket(ix *Index, b *builder, bk awsmodel.S3Bucket) (string, any) {
	acct, known := accountBlock(ix, b.in)
	bk.AccountPublicAccessBlock = acct
	if !known && !ownBlockAll(b, bk) {
		b.unknown("effective_public_access_block")
	}
	return bk.Name, bk
}

// ownBlockAll reports whether the bucket's own block is known and turns
// every switch on.
func ownBlockAll(b *builder, bk awsmodel.S3Bucket) bool {
	for _, u := range b.unread {
		if u == "public_access_block" {
			return false
		}
	}
	return bk.PublicAccessBlock != nil && bk.PublicAccessBlock.All()
}

// cannedACL expands a canned ACL into the grants S3 would create.
func cannedACL(acl string) *awsmodel.BucketACL {
	out := &awsmodel.BucketACL{}
	switch strings.ToLower(strings.ReplaceAll(acl, "-", "")) {
	case "publicread":
		out.Grants = append(out.Grants, grant(awsmodel.AllUsersGroup, "READ"))
	case "publicreadwrite":
		out.Grants = append(out.Grants, grant(awsmodel.AllUsersGroup, "READ"), grant(awsmodel.AllUsersGroup, "WRITE"))
	case "authenticatedread":
		out.Grants = append(out.Grants, grant(awsmodel.AuthUsersGroup, "READ"))
	}
	return out
}

// grant is an ACL grant of perm to the group uri ("": no grantee).
func grant(uri, perm string) s3types.Grant {
	g := s3types.Grant{Permission: s3types.Permission(perm)}
	if uri != "" {
		g.Grantee = &s3types.Grantee{Type: s3types.TypeGroup, URI: &uri}
	}
	return g
}
