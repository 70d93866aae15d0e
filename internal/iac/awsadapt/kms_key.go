package awsadapt

import (
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// kmsKey reads a KMS key with its policy and aliases.
func kmsKey(ix *Index, b *builder) (string, any) {
	in := b.in
	c := cfn(in)
	// Defaults of both sources: a symmetric encryption key
	// (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT) with key material from
	// KMS, enabled, no automatic rotation.
	k := awsmodel.KMSKey{KeyMetadata: kmstypes.KeyMetadata{KeyManager: kmstypes.KeyManagerTypeCustomer,
		KeySpec: kmstypes.KeySpecSymmetricDefault, KeyUsage: kmstypes.KeyUsageTypeEncryptDecrypt,
		Origin: kmstypes.OriginTypeAwsKms, KeyState: kmstypes.KeyStateEnabled, Enabled: true}}
	if s, ok := b.str(spell(in, "customer_master_key_spec", "KeySpec"), "key_spec"); ok {
		k.KeySpec = kmstypes.KeySpec(s)
	} else if _, set := in.Get(spell(in, "customer_master_key_spec", "KeySpec")); set {
		b.unknown("rotation_applicable")
	}
	if s, ok := b.str(spell(in, "key_usage", "KeyUsage"), "key_usage"); ok {
		k.KeyUsage = kmstypes.KeyUsageType(s)
	}
	if en, ok := b.boolean(spell(in, "is_enabled", "Enabled"), "key_state"); ok && !en {
		k.Enabled, k.KeyState = false, kmstypes.KeyStateDisabled
	} else if _, set := in.Get(spell(in, "is_enabled", "Enabled")); set && !ok {
		b.unknown("rotation_applicable")
	}
	if c {
		if s, ok := b.str("Origin", "origin"); ok {
			k.Origin = kmstypes.OriginType(s)
		}
	} else if v, set := in.Get("custom_key_store_id"); set && v != nil {
		// A custom key store: CloudHSM, or an external key store
		// when xks_key_id is set (a plan lists both as null when
		// they are not).
		k.Origin = kmstypes.OriginTypeAwsCloudhsm
		if v, xks := in.Get("xks_key_id"); xks && v != nil {
			k.Origin = kmstypes.OriginTypeExternalKeyStore
		}
	}
	b.setStr(&k.Description, spell(in, "description", "Description"), "description")
	if mr, ok := b.boolean(spell(in, "multi_region", "MultiRegion"), "multi_region"); ok {
		k.MultiRegion = &mr
	}
	rot := false
	if v, ok := b.boolean(spell(in, "enable_key_rotation", "EnableKeyRotation"), "key_rotation_enabled"); ok {
		rot = v
	} else if _, set := in.Get(spell(in, "enable_key_rotation", "EnableKeyRotation")); set {
		b.unknown("key_rotation_enabled")
	}
	k.KeyRotationEnabled = &rot
	if rot {
		days := int32(365) // default rotation period of both sources
		if n, ok := b.integer(spell(in, "rotation_period_in_days", "RotationPeriodInDays"), "rotation_period_in_days"); ok {
			days = int32(n)
		}
		k.RotationPeriodInDays = &days
	}
	// No policy declared: KMS's default key policy, which gives the
	// account (its IAM policies) access and is never public.
	k.Policy = b.policy(spell(in, "policy", "KeyPolicy"), "policy")
	for _, sat := range linked(ix, "aws_kms_key_policy", "key_id", in, knownStr(in, "key_id")) {
		k.Policy = b.policyOf(sat, "policy", "policy", true)
	}
	aliases := linked(ix, spell(in, "aws_kms_alias", "AWS::KMS::Alias"), spell(in, "target_key_id", "TargetKeyId"), in,
		knownStr(in, spell(in, "key_id", "KeyId")), knownStr(in, "arn"))
	for _, a := range aliases {
		if n := knownStr(a, spell(a, "name", "AliasName")); n != "" {
			k.Aliases = append(k.Aliases, n)
		} else {
			b.unknown("aliases")
		}
	}
	name := in.Name
	if len(k.Aliases) > 0 {
		name = k.Aliases[0]
	}
	return name, k
}
