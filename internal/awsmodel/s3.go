package awsmodel

import (
	"strings"
	"time"

	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Type names of S3.
const (
	TypeS3Bucket          = "aws.s3.bucket"
	TypeS3AccountSettings = "aws.s3.account_settings"
)

func s3Types() []Type {
	return []Type{
		typeOf[S3Bucket](TypeS3Bucket, "AWS::S3::Bucket", true),
		typeOf[S3AccountSettings](TypeS3AccountSettings, "Vigil::S3::AccountSettings", true),
	}
}

// PublicAccessBlock is S3's four switches, bucket- or account-level.
type PublicAccessBlock struct {
	BlockPublicAcls       bool
	IgnorePublicAcls      bool
	BlockPublicPolicy     bool
	RestrictPublicBuckets bool
}

// All reports whether every switch is on.
func (p PublicAccessBlock) All() bool {
	return p.BlockPublicAcls && p.IgnorePublicAcls && p.BlockPublicPolicy && p.RestrictPublicBuckets
}

// Merge returns the effective block of two levels: a switch is on when
// either level turns it on.
func (p PublicAccessBlock) Merge(o PublicAccessBlock) PublicAccessBlock {
	return PublicAccessBlock{
		BlockPublicAcls:       p.BlockPublicAcls || o.BlockPublicAcls,
		IgnorePublicAcls:      p.IgnorePublicAcls || o.IgnorePublicAcls,
		BlockPublicPolicy:     p.BlockPublicPolicy || o.BlockPublicPolicy,
		RestrictPublicBuckets: p.RestrictPublicBuckets || o.RestrictPublicBuckets,
	}
}

// S3AccountSettings is aws.s3.account_settings: the account-level
// public access block (S3 Control).
type S3AccountSettings struct {
	// PublicAccessBlock is nil when the account has none configured.
	PublicAccessBlock *PublicAccessBlock
}

// S3Bucket is aws.s3.bucket.
type S3Bucket struct {
	Name         string
	ARN          string `attr:"arn"`
	Region       string
	CreationDate *time.Time
	// PublicAccessBlock is the bucket's own block (nil: none).
	PublicAccessBlock *PublicAccessBlock
	// AccountPublicAccessBlock is the account's block (nil: none, or not
	// known). It is not an attribute: Derive merges it into
	// EffectivePublicAccessBlock.
	AccountPublicAccessBlock *PublicAccessBlock `attr:"-"`
	// EffectivePublicAccessBlock merges the bucket's and the account's.
	EffectivePublicAccessBlock PublicAccessBlock
	// Policy is the bucket policy, parsed (nil: none).
	Policy *PolicyDocument
	// PolicyStatus is S3's own verdict on the policy.
	PolicyStatus *s3types.PolicyStatus
	// ACL grants, with PublicACL derived: a grant to AllUsers or
	// AuthenticatedUsers.
	ACL        *BucketACL `attr:"acl"`
	Encryption *s3types.ServerSideEncryptionConfiguration
	Versioning *BucketVersioning
	Logging    *s3types.LoggingEnabled
	ObjectLock *s3types.ObjectLockConfiguration
	// SecureTransportRequired: the policy denies requests made without
	// TLS (aws:SecureTransport false) to everyone, or the bucket policy
	// allows only TLS.
	SecureTransportRequired bool
	// Public sums it up: reachable by anyone through its policy or ACL,
	// after the effective public access block.
	Public bool
}

// BucketACL is a bucket's access control list.
type BucketACL struct {
	Owner     *s3types.Owner
	Grants    []s3types.Grant
	PublicACL bool `attr:"public_acl"`
}

// BucketVersioning is a bucket's versioning state.
type BucketVersioning struct {
	Status    string
	MFADelete string `attr:"mfa_delete"`
}

// The groups whose grants make an ACL public.
const (
	AllUsersGroup  = "http://acs.amazonaws.com/groups/global/AllUsers"
	AuthUsersGroup = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
)

// Derive computes the bucket's derived fields from what was read: the
// effective block (the bucket's merged with AccountPublicAccessBlock), a
// public ACL, TLS enforcement and the public verdict.
func (b *S3Bucket) Derive() {
	var eff PublicAccessBlock
	if b.PublicAccessBlock != nil {
		eff = *b.PublicAccessBlock
	}
	if b.AccountPublicAccessBlock != nil {
		eff = eff.Merge(*b.AccountPublicAccessBlock)
	}
	b.EffectivePublicAccessBlock = eff
	if b.ACL != nil {
		for _, g := range b.ACL.Grants {
			if g.Grantee != nil && g.Grantee.URI != nil && (*g.Grantee.URI == AllUsersGroup || *g.Grantee.URI == AuthUsersGroup) {
				b.ACL.PublicACL = true
			}
		}
	}
	b.SecureTransportRequired = b.Policy != nil && deniesInsecureTransport(b.Policy)
	policyPublic := b.Policy != nil && b.Policy.Analysis.Public && !eff.RestrictPublicBuckets
	aclPublic := b.ACL != nil && b.ACL.PublicACL && !eff.IgnorePublicAcls
	b.Public = policyPublic || aclPublic
}

// deniesInsecureTransport: a Deny to everyone of S3 actions when
// aws:SecureTransport is false.
func deniesInsecureTransport(d *PolicyDocument) bool {
	for _, st := range d.Statements {
		if st.Effect != "Deny" || st.Principal == nil || !st.Principal.All {
			continue
		}
		if !st.AppliesTo("s3:GetObject", "") {
			continue
		}
		for _, c := range st.Condition {
			if strings.EqualFold(c.Key, "aws:SecureTransport") && strings.EqualFold(c.Operator, "Bool") && len(c.Values) == 1 && strings.EqualFold(c.Values[0], "false") {
				return true
			}
		}
	}
	return false
}
