package awsmodel

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
)

// RootUser is the credential report's name for the root user.
const RootUser = "<root_account>"

// CredentialReportEntry is one row of the IAM credential report. Keys
// are the report's column names; timestamps absent from the report
// ("N/A", "no_information", "not_supported") are left out. The *_days
// fields are derived from the time the report was read.
type CredentialReportEntry struct {
	User                 string     `attr:"user"`
	Arn                  string     `attr:"arn"`
	UserCreationTime     *time.Time `attr:"user_creation_time"`
	PasswordEnabled      bool       `attr:"password_enabled"`
	PasswordLastUsed     *time.Time `attr:"password_last_used"`
	PasswordLastChanged  *time.Time `attr:"password_last_changed"`
	PasswordNextRotation *time.Time `attr:"password_next_rotation"`
	MFAActive            bool       `attr:"mfa_active"`

	AccessKey1Active          bool       `attr:"access_key_1_active"`
	AccessKey1LastRotated     *time.Time `attr:"access_key_1_last_rotated"`
	AccessKey1LastUsedDate    *time.Time `attr:"access_key_1_last_used_date"`
	AccessKey1LastUsedRegion  *string    `attr:"access_key_1_last_used_region"`
	AccessKey1LastUsedService *string    `attr:"access_key_1_last_used_service"`
	AccessKey2Active          bool       `attr:"access_key_2_active"`
	AccessKey2LastRotated     *time.Time `attr:"access_key_2_last_rotated"`
	AccessKey2LastUsedDate    *time.Time `attr:"access_key_2_last_used_date"`
	AccessKey2LastUsedRegion  *string    `attr:"access_key_2_last_used_region"`
	AccessKey2LastUsedService *string    `attr:"access_key_2_last_used_service"`
	Cert1Active               bool       `attr:"cert_1_active"`
	Cert1LastRotated          *time.Time `attr:"cert_1_last_rotated"`
	Cert2Active               bool       `attr:"cert_2_active"`
	Cert2LastRotated          *time.Time `attr:"cert_2_last_rotated"`

	// Derived: days since each timestamp.
	UserCreationDays          *int64 `attr:"user_creation_days"`
	PasswordLastUsedDays      *int64 `attr:"password_last_used_days"`
	PasswordLastChangedDays   *int64 `attr:"password_last_changed_days"`
	AccessKey1LastRotatedDays *int64 `attr:"access_key_1_last_rotated_days"`
	AccessKey1LastUsedDays    *int64 `attr:"access_key_1_last_used_days"`
	AccessKey2LastRotatedDays *int64 `attr:"access_key_2_last_rotated_days"`
	AccessKey2LastUsedDays    *int64 `attr:"access_key_2_last_used_days"`
	// Idle days: since last use, or, never used, since the credential
	// was set (password last changed or user created; key rotated).
	// Absent when the credential is not enabled.
	PasswordIdleDays   *int64 `attr:"password_idle_days"`
	AccessKey1IdleDays *int64 `attr:"access_key_1_idle_days"`
	AccessKey2IdleDays *int64 `attr:"access_key_2_idle_days"`
}

// ParseCredentialReport decodes the CSV report GetCredentialReport
// returns (already base64-decoded by the SDK) and derives the *_days
// fields against now. Columns are found by name, so AWS adding or
// reordering columns does not break it.
func ParseCredentialReport(data []byte, now time.Time) ([]CredentialReportEntry, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("credential report header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, need := range []string{"user", "arn"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("credential report: no %q column", need)
		}
	}
	var out []CredentialReportEntry
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("credential report line %d: %w", line, err)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		e := CredentialReportEntry{User: get("user"), Arn: get("arn")}
		if e.User == "" {
			continue
		}
		e.UserCreationTime = reportTime(get("user_creation_time"))
		e.PasswordEnabled = get("password_enabled") == "true"
		e.PasswordLastUsed = reportTime(get("password_last_used"))
		e.PasswordLastChanged = reportTime(get("password_last_changed"))
		e.PasswordNextRotation = reportTime(get("password_next_rotation"))
		e.MFAActive = get("mfa_active") == "true"
		e.AccessKey1Active = get("access_key_1_active") == "true"
		e.AccessKey1LastRotated = reportTime(get("access_key_1_last_rotated"))
		e.AccessKey1LastUsedDate = reportTime(get("access_key_1_last_used_date"))
		e.AccessKey1LastUsedRegion = reportString(get("access_key_1_last_used_region"))
		e.AccessKey1LastUsedService = reportString(get("access_key_1_last_used_service"))
		e.AccessKey2Active = get("access_key_2_active") == "true"
		e.AccessKey2LastRotated = reportTime(get("access_key_2_last_rotated"))
		e.AccessKey2LastUsedDate = reportTime(get("access_key_2_last_used_date"))
		e.AccessKey2LastUsedRegion = reportString(get("access_key_2_last_used_region"))
		e.AccessKey2LastUsedService = reportString(get("access_key_2_last_used_service"))
		e.Cert1Active = get("cert_1_active") == "true"
		e.Cert1LastRotated = reportTime(get("cert_1_last_rotated"))
		e.Cert2Active = get("cert_2_active") == "true"
		e.Cert2LastRotated = reportTime(get("cert_2_last_rotated"))
		e.Derive(now)
		out = append(out, e)
	}
	return out, nil
}

// Derive computes the *_days fields against now.
func (e *CredentialReportEntry) Derive(now time.Time) {
	e.UserCreationDays = ElapsedDays(e.UserCreationTime, now)
	e.PasswordLastUsedDays = ElapsedDays(e.PasswordLastUsed, now)
	e.PasswordLastChangedDays = ElapsedDays(e.PasswordLastChanged, now)
	e.AccessKey1LastRotatedDays = ElapsedDays(e.AccessKey1LastRotated, now)
	e.AccessKey1LastUsedDays = ElapsedDays(e.AccessKey1LastUsedDate, now)
	e.AccessKey2LastRotatedDays = ElapsedDays(e.AccessKey2LastRotated, now)
	e.AccessKey2LastUsedDays = ElapsedDays(e.AccessKey2LastUsedDate, now)
	e.PasswordIdleDays, e.AccessKey1IdleDays, e.AccessKey2IdleDays = nil, nil, nil
	if e.PasswordEnabled {
		e.PasswordIdleDays = firstDays(e.PasswordLastUsedDays, e.PasswordLastChangedDays, e.UserCreationDays)
	}
	if e.AccessKey1Active {
		e.AccessKey1IdleDays = firstDays(e.AccessKey1LastUsedDays, e.AccessKey1LastRotatedDays, e.UserCreationDays)
	}
	if e.AccessKey2Active {
		e.AccessKey2IdleDays = firstDays(e.AccessKey2LastUsedDays, e.AccessKey2LastRotatedDays, e.UserCreationDays)
	}
}

// ActiveAccessKeys counts the active keys.
func (e *CredentialReportEntry) ActiveAccessKeys() int {
	n := 0
	if e.AccessKey1Active {
		n++
	}
	if e.AccessKey2Active {
		n++
	}
	return n
}

func firstDays(ds ...*int64) *int64 {
	for _, d := range ds {
		if d != nil {
			return d
		}
	}
	return nil
}

// reportTime parses a report timestamp; the report's placeholders
// ("N/A", "no_information", "not_supported") and anything unparsable
// are nil.
func reportTime(s string) *time.Time {
	if s == "" {
		return nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.UTC()
			return &t
		}
	}
	return nil
}

func reportString(s string) *string {
	switch s {
	case "", "N/A", "no_information", "not_supported":
		return nil
	}
	return &s
}
