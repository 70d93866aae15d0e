package awsinv

// aws.kms.key: KMS keys, read with kms:ListKeys, kms:DescribeKey,
// kms:ListAliases, kms:GetKeyRotationStatus and kms:GetKeyPolicy.

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectKMSKeys lists the region's keys and describes each; customer
// managed keys also get their rotation status and key policy. Aliases
// come from one paginated ListAliases.
func collectKMSKeys(ctx context.Context, s *Session) error {
	c := kms.NewFromConfig(s.Config)
	var keys []kmstypes.KeyListEntry
	p := kms.NewListKeysPaginator(c, &kms.ListKeysInput{Limit: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		keys = append(keys, page.Keys...)
	}
	aliases := map[string][]string{}
	aliasesUnread := false
	ap := kms.NewListAliasesPaginator(c, &kms.ListAliasesInput{Limit: aws.Int32(100)})
	for ap.HasMorePages() {
		page, err := ap.NextPage(ctx)
		if err != nil {
			s.Fail("kms:ListAliases", err)
			aliasesUnread = true
			break
		}
		for _, a := range page.Aliases {
			if a.TargetKeyId != nil {
				aliases[*a.TargetKeyId] = append(aliases[*a.TargetKeyId], aws.ToString(a.AliasName))
			}
		}
	}
	parallel(len(keys), func(i int) {
		id := aws.ToString(keys[i].KeyId)
		arn := aws.ToString(keys[i].KeyArn)
		var unread []string
		if aliasesUnread {
			unread = append(unread, "aliases")
		}
		out, err := c.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(arn)})
		if err != nil {
			s.Fail("kms:DescribeKey", fmt.Errorf("key %s: %w", id, err))
			unread = append(unread, "key_manager", "key_state", "key_spec", "policy", "key_rotation_enabled", "customer_managed", "rotation_applicable")
			s.Emit(s.New(awsmodel.TypeKMSKey, arn, id, nil, unread, awsmodel.KMSKey{KeyMetadata: kmstypes.KeyMetadata{KeyId: aws.String(id), Arn: aws.String(arn)}, Aliases: aliases[id]}))
			return
		}
		k := awsmodel.KMSKey{KeyMetadata: *out.KeyMetadata, Aliases: aliases[id]}
		if k.KeyManager == kmstypes.KeyManagerTypeCustomer && k.KeyState != kmstypes.KeyStatePendingDeletion && k.KeyState != kmstypes.KeyStatePendingReplicaDeletion {
			if k.KeySpec == kmstypes.KeySpecSymmetricDefault && k.Origin == kmstypes.OriginTypeAwsKms {
				rot, err := c.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: aws.String(arn)})
				switch {
				case err == nil:
					k.KeyRotationEnabled, k.RotationPeriodInDays = aws.Bool(rot.KeyRotationEnabled), rot.RotationPeriodInDays
				case errorCode(err) == "KMSInvalidStateException" || errorCode(err) == "UnsupportedOperationException":
				default:
					s.Fail("kms:GetKeyRotationStatus", fmt.Errorf("key %s: %w", id, err))
					unread = append(unread, "key_rotation_enabled")
				}
			}
			pol, err := c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(arn), PolicyName: aws.String("default")})
			if err != nil {
				s.Fail("kms:GetKeyPolicy", fmt.Errorf("key %s: %w", id, err))
				unread = append(unread, "policy")
			} else if doc, perr := awsmodel.ParsePolicy(aws.ToString(pol.Policy), s.Account); perr != nil {
				s.Fail("kms:GetKeyPolicy", fmt.Errorf("key %s policy: %w", id, perr))
				unread = append(unread, "policy")
			} else {
				k.Policy = doc
			}
		}
		name := id
		if len(k.Aliases) > 0 {
			name = strings.TrimPrefix(k.Aliases[0], "alias/")
		}
		s.Emit(s.New(awsmodel.TypeKMSKey, arn, name, nil, unread, k))
	})
	return nil
}
