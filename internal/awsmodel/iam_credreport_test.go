package awsmodel

import (
	"strings"
	"testing"
	"time"
)

const sampleReport = `user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,2026-01-20T08:00:00+00:00,not_supported,not_supported,false,true,2020-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
alice,arn:aws:iam::111111111111:user/alice,2025-01-01T00:00:00+00:00,true,no_information,2025-01-01T00:00:00+00:00,N/A,false,true,2025-06-01T00:00:00+00:00,2026-01-30T12:00:00+00:00,us-east-1,s3,true,2025-12-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A
`

func TestParseCredentialReport(t *testing.T) {
	now := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	rows, err := ParseCredentialReport([]byte(sampleReport), now)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("got %d rows", len(rows))
	}
	root := rows[0]
	if root.User != RootUser || root.PasswordEnabled || !root.AccessKey1Active || root.AccessKey2Active || root.MFAActive {
		t.Errorf("root row: %+v", root)
	}
	if root.PasswordLastUsedDays == nil || *root.PasswordLastUsedDays != 11 {
		t.Errorf("root password last used days = %v", root.PasswordLastUsedDays)
	}
	if root.AccessKey1LastUsedDate != nil || root.AccessKey1LastUsedRegion != nil {
		t.Errorf("N/A should be absent: %v %v", root.AccessKey1LastUsedDate, root.AccessKey1LastUsedRegion)
	}
	if root.AccessKey1IdleDays == nil || *root.AccessKey1IdleDays != 2223 {
		t.Errorf("root key idle days = %v", root.AccessKey1IdleDays)
	}
	a := rows[1]
	if a.User != "alice" || !a.PasswordEnabled || a.PasswordLastUsed != nil || a.ActiveAccessKeys() != 2 {
		t.Errorf("alice: %+v", a)
	}
	// Never used password: idle since it was set.
	if a.PasswordIdleDays == nil || *a.PasswordIdleDays != 396 {
		t.Errorf("alice password idle = %v", a.PasswordIdleDays)
	}
	if a.AccessKey1LastUsedDays == nil || *a.AccessKey1LastUsedDays != 1 || *a.AccessKey1LastUsedService != "s3" {
		t.Errorf("alice key 1: %v %q", a.AccessKey1LastUsedDays, *a.AccessKey1LastUsedService)
	}
	if a.AccessKey2IdleDays == nil || *a.AccessKey2IdleDays != 62 {
		t.Errorf("alice key 2 idle (never used) = %v", a.AccessKey2IdleDays)
	}
	attrs := Attributes(a)
	if attrs["access_key_1_active"] != true || attrs["mfa_active"] != false {
		t.Errorf("attribute keys follow the report's columns: %v", attrs)
	}
}

func TestParseCredentialReportColumnsByName(t *testing.T) {
	rows, err := ParseCredentialReport([]byte("arn,mfa_active,user\narn:aws:iam::1:user/bob,true,bob\n"), time.Now())
	if err != nil || len(rows) != 1 || rows[0].User != "bob" || !rows[0].MFAActive {
		t.Fatalf("rows %+v, err %v", rows, err)
	}
}

func TestParseCredentialReportErrors(t *testing.T) {
	for _, in := range []string{"", "foo,bar\n1,2\n", "user,arn\n\"unterminated,x\n"} {
		if _, err := ParseCredentialReport([]byte(in), time.Now()); err == nil {
			t.Errorf("%q: want an error", in)
		}
	}
}

func FuzzParseCredentialReport(f *testing.F) {
	f.Add([]byte(sampleReport))
	f.Add([]byte("user,arn\n"))
	f.Add([]byte("user,arn,password_last_used\nx,y,2026-13-45T99:99:99+00:00\n"))
	f.Add([]byte(strings.Repeat(",", 40) + "\n"))
	now := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseCredentialReport(data, now)
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.User == "" {
				t.Fatal("rows without a user must be skipped")
			}
			if r.PasswordIdleDays != nil && !r.PasswordEnabled {
				t.Fatal("idle days without a password")
			}
			_ = Attributes(r)
		}
	})
}
