package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// Partial resources: orphan satellites (see satellites) that name their
// main resource by a literal identifier — a bucket name, a role name, a
// security group ID — build that resource as far as they describe it.
// Every other attribute a rule may read is unread (partialUnread), so
// rules guarded by aws.known are inconclusive on it, never a false
// positive; the rules that read these types without a guard only fire on
// what is present (a public policy, an admin inline policy, an open
// ingress rule), which the satellites do say. The resource is located at
// its first satellite, each attribute at the satellite that set it.

// partialTarget is a main resource an orphan names: which kind, and its
// identifier.
type partialTarget struct{ kind, id string }

// Partial kinds: the aws.* type built.
const (
	partialBucket = awsmodel.TypeS3Bucket
	partialRole   = awsmodel.TypeIAMRole
	partialUser   = awsmodel.TypeIAMUser
	partialGroup  = awsmodel.TypeIAMGroup
	partialSG     = awsmodel.TypeEC2SecurityGroup
)

// partialUnread lists, per kind, the attributes rules may read that a
// partial resource does not know (the satellites' own are removed).
var partialUnread = map[string][]string{
	partialBucket: {"public_access_block", "effective_public_access_block", "encryption", "versioning", "logging", "policy", "acl", "object_lock", "policy_status"},
	partialRole: {"assume_role_policy_document", "trust", "attached_managed_policies", "role_policy_list", "permissions_boundary", "path",
		"instance_profile_list", "role_last_used", "role_last_used_days", "service_linked", "wildcard_pass_role"},
	partialUser: {"user_policy_list", "attached_managed_policies", "group_list", "permissions_boundary", "path", "credentials",
		"direct_policies", "active_access_keys", "wildcard_pass_role"},
	partialGroup: {"group_policy_list", "attached_managed_policies", "users", "path", "wildcard_pass_role"},
	partialSG:    {"ip_permissions", "ip_permissions_egress", "group_name", "vpc_id", "description", "is_default"},
}

// s3SatelliteAttr is the bucket attribute each S3 satellite sets whole.
var s3SatelliteAttr = map[string]string{
	"aws_s3_bucket_public_access_block": "public_access_block", "aws_s3_bucket_server_side_encryption_configuration": "encryption",
	"aws_s3_bucket_versioning": "versioning", "aws_s3_bucket_logging": "logging", "aws_s3_bucket_policy": "policy",
	"AWS::S3::BucketPolicy": "policy", "aws_s3_bucket_acl": "acl", "aws_s3_bucket_object_lock_configuration": "object_lock",
}

// iamTargetLists are the attributes of satellites naming several IAM
// entities, with the kind they name.
var iamTargetLists = map[string]string{"users": partialUser, "roles": partialRole, "groups": partialGroup,
	"Users": partialUser, "Roles": partialRole, "Groups": partialGroup}

// partialTargets returns the main resources an orphan satellite names by
// literal identifiers; ok is false when it names one that is unknown
// (or a reference), or its type builds no partial resource.
func partialTargets(in *cloudres.Instance) (out []partialTarget, attrs []string, ok bool) {
	one := func(kind, attr string) ([]partialTarget, []string, bool) {
		v, _ := in.Get(attr)
		s, isStr := v.(string)
		if !isStr || s == "" {
			return nil, nil, false
		}
		return []partialTarget{{kind, s}}, []string{attr}, true
	}
	switch in.Type {
	case "AWS::S3::BucketPolicy":
		return one(partialBucket, "Bucket")
	case "aws_iam_role_policy", "aws_iam_role_policy_attachment":
		return one(partialRole, "role")
	case "aws_iam_user_policy", "aws_iam_user_policy_attachment":
		return one(partialUser, "user")
	case "aws_iam_group_policy", "aws_iam_group_policy_attachment":
		return one(partialGroup, "group")
	case "AWS::IAM::RolePolicy":
		return one(partialRole, "RoleName")
	case "AWS::IAM::UserPolicy":
		return one(partialUser, "UserName")
	case "AWS::IAM::GroupPolicy":
		return one(partialGroup, "GroupName")
	case "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule":
		return one(partialSG, "security_group_id")
	case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
		return one(partialSG, "GroupId")
	case "aws_iam_policy_attachment", "AWS::IAM::Policy":
		for _, attr := range satellites[in.Type].attrs {
			v, set := in.Get(attr)
			if !set || v == nil {
				continue
			}
			l, isList := v.([]any)
			if !isList {
				return nil, nil, false
			}
			for _, e := range l {
				s, isStr := e.(string)
				if !isStr || s == "" {
					return nil, nil, false
				}
				out = append(out, partialTarget{iamTargetLists[attr], s})
			}
			attrs = append(attrs, attr)
		}
		return out, attrs, len(out) > 0
	}
	if _, s3 := s3SatelliteAttr[in.Type]; s3 {
		return one(partialBucket, "bucket")
	}
	return nil, nil, false
}

// partials builds the partial resources of the scan's orphan
// satellites and claims those satellites.
func partials(ix *Index, instances []cloudres.Instance) []*model.Resource {
	type group struct {
		partialTarget
		sats []*cloudres.Instance
	}
	var groups []*group
	byKey := map[string]*group{}
	var used []*cloudres.Instance
	var usedAttrs [][]string
	for i := range instances {
		in := &instances[i]
		if _, orphan := ix.orphaned(in); !orphan {
			continue
		}
		targets, attrs, ok := partialTargets(in)
		if !ok {
			continue
		}
		for _, t := range targets {
			key := scopeKey(in) + "\x00" + t.kind + "\x00" + t.id
			g := byKey[key]
			if g == nil {
				g = &group{partialTarget: t}
				byKey[key] = g
				groups = append(groups, g)
			}
			g.sats = append(g.sats, in)
		}
		used, usedAttrs = append(used, in), append(usedAttrs, attrs)
	}
	var out []*model.Resource
	for _, g := range groups {
		b := newBuilder(g.sats[0])
		var r *model.Resource
		switch g.kind {
		case partialBucket:
			r = partialS3Bucket(ix, b, g.sats, g.id)
		case partialSG:
			r = partialSecurityGroup(b, g.sats, g.id)
		default:
			r = partialIAMEntity(ix, b, g.kind, g.sats, g.id)
		}
		out = append(out, r)
	}
	for i, in := range used {
		for _, a := range usedAttrs[i] {
			ix.claim(in, a)
		}
	}
	return out
}

// partialID is the ID of a partial resource: unique per scope, type and
// identifier, and never a source address.
func partialID(first *cloudres.Instance, typ, id string) string {
	return "iac:" + scopeKey(first) + "#" + typ + "/" + id
}

// markPartial lists kind's unread attributes in b, but those set.
func markPartial(b *builder, kind string, set map[string]bool) {
	for _, a := range partialUnread[kind] {
		if !set[a] {
			b.unknown(a)
		}
	}
}

// partialS3Bucket builds a bucket from its orphan satellites.
func partialS3Bucket(ix *Index, b *builder, sats []*cloudres.Instance, name string) *model.Resource {
	bk := awsmodel.S3Bucket{Name: name, ARN: "arn:aws:s3:::" + name}
	set := map[string]bool{}
	for _, sat := range sats {
		readS3Satellite(b, &bk, sat)
		set[s3SatelliteAttr[sat.Type]] = true
	}
	acct, known := accountBlock(ix, sats[0])
	bk.AccountPublicAccessBlock = acct
	// The bucket's own block, when a satellite declares it, and the
	// account's, when the scope does, decide the effective block; so
	// does the bucket's own alone when it turns every switch on.
	set["effective_public_access_block"] = set["public_access_block"] && (known || ownBlockAll(b, bk))
	markPartial(b, partialBucket, set)
	return b.derived(awsmodel.TypeS3Bucket, partialID(sats[0], awsmodel.TypeS3Bucket, name), name, nil, bk)
}

// partialSecurityGroup builds a security group from its orphan rules.
func partialSecurityGroup(b *builder, sats []*cloudres.Instance, id string) *model.Resource {
	g := awsmodel.EC2SecurityGroup{}
	g.GroupId = aws.String(id)
	for _, sat := range sats {
		readSGRule(b, &g, sat, id)
	}
	markPartial(b, partialSG, nil)
	return b.derived(awsmodel.TypeEC2SecurityGroup, partialID(sats[0], awsmodel.TypeEC2SecurityGroup, id), id, nil, g)
}

// partialIAMEntity builds a user, role or group from its orphan
// policies and attachments.
func partialIAMEntity(ix *Index, b *builder, kind string, sats []*cloudres.Instance, name string) *model.Resource {
	k := map[string]iamKind{partialRole: iamRoleKind, partialUser: iamUserKind, partialGroup: iamGroupKind}[kind]
	e := iamEntity{name: name}
	for _, sat := range sats {
		switch sat.Type {
		case k.tfInline, k.cfnInline, "AWS::IAM::Policy":
			e.addSatellite(b, sat, k.inlineAttr)
		case k.tfAtt, "aws_iam_policy_attachment":
			v, _ := sat.Get("policy_arn")
			e.attached = append(e.attached, attachedPolicy(ix, sat, v))
		}
	}
	markPartial(b, kind, nil)
	id := partialID(sats[0], kind, name)
	switch kind {
	case partialUser:
		u := awsmodel.IAMUser{UserName: name, AttachedManagedPolicies: e.attached, UserPolicyList: e.inline}
		return b.derived(kind, id, name, nil, u)
	case partialRole:
		r := awsmodel.IAMRole{RoleName: name, AttachedManagedPolicies: e.attached, RolePolicyList: e.inline}
		return b.derived(kind, id, name, nil, r)
	default:
		g := awsmodel.IAMGroup{GroupName: name, AttachedManagedPolicies: e.attached, GroupPolicyList: e.inline}
		return b.derived(kind, id, name, nil, g)
	}
}
