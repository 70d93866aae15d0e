package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// rdsBool reads a boolean, applying the default AWS (or the provider)
// applies when the source omits it; nil when the value is unknown.
func rdsBool(b *builder, path, attr string, def bool) *bool {
	if v, ok := b.boolean(path, attr); ok {
		return aws.Bool(v)
	}
	if _, set := b.in.Get(path); set {
		return nil // unknown: marked unread
	}
	return aws.Bool(def)
}

// rdsRetention reads the days automated backups are kept, default def;
// unknown is unread.
func rdsRetention(b *builder, path string, def int32) *int32 {
	if v, ok := b.integer(path, "backup_retention_period"); ok {
		return aws.Int32(int32(v))
	}
	if _, set := b.in.Get(path); set {
		b.unknown("backup_retention_period")
		return nil
	}
	return aws.Int32(def)
}

// rdsEncrypted reads storage encryption, default false; a database
// restored from a snapshot or replicating another inherits its source's
// encryption, which the source does not tell: unread.
func rdsEncrypted(b *builder, path string, inherits ...string) *bool {
	if _, set := b.in.Get(path); !set {
		for _, p := range inherits {
			if v, set := b.in.Get(p); p != "" && set && v != nil && v != "" {
				b.unknown("storage_encrypted")
				return nil
			}
		}
	}
	return rdsBool(b, path, "storage_encrypted", false)
}

// readSnapshot reads a database snapshot's identifier (at idKey, else
// the name label) and the accounts it is shared with.
func readSnapshot(b *builder, idKey string) (string, []string) {
	id, _ := b.str(idKey, "")
	if id == "" {
		id = b.in.Name
	}
	restore, _ := sharedAccounts(b)
	return id, restore
}

// sharedAccounts reads shared_accounts; an unknown list leaves public
// unread.
func sharedAccounts(b *builder) ([]string, bool) {
	v, ok := b.in.Get("shared_accounts")
	if !ok || v == nil {
		return nil, true
	}
	if cloudres.IsUnknown(v) {
		b.unknown("public")
		b.unknown("restore_accounts")
		return nil, false
	}
	var out []string
	for _, e := range b.list("shared_accounts", "restore_accounts") {
		s, ok := e.(string)
		if !ok {
			b.unknown("public")
			continue
		}
		out = append(out, s)
	}
	return out, true
}
