package awsmodel

import (
	"strings"
	"time"

	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// Type names of IAM and the account-level services next to it (Access
// Analyzer, Account, Organizations).
const (
	TypeIAMAccountSettings             = "aws.iam.account_settings"
	TypeIAMUser                        = "aws.iam.user"
	TypeIAMRole                        = "aws.iam.role"
	TypeIAMGroup                       = "aws.iam.group"
	TypeIAMPolicy                      = "aws.iam.policy"
	TypeIAMServerCertificate           = "aws.iam.server_certificate"
	TypeAccessAnalyzerRegionalSettings = "aws.accessanalyzer.regional_settings"
	TypeAccountSettings                = "aws.account.settings"
	TypeOrganization                   = "aws.organizations.organization"
)

func iamTypes() []Type {
	return []Type{
		typeOf[IAMAccountSettings](TypeIAMAccountSettings, "Vigil::IAM::AccountSettings", true),
		typeOf[IAMUser](TypeIAMUser, "AWS::IAM::User", true),
		typeOf[IAMRole](TypeIAMRole, "AWS::IAM::Role", true),
		typeOf[IAMGroup](TypeIAMGroup, "AWS::IAM::Group", true),
		typeOf[IAMPolicy](TypeIAMPolicy, "AWS::IAM::ManagedPolicy", true),
		typeOf[IAMServerCertificate](TypeIAMServerCertificate, "AWS::IAM::ServerCertificate", true),
		typeOf[AccessAnalyzerRegionalSettings](TypeAccessAnalyzerRegionalSettings, "Vigil::AccessAnalyzer::RegionalSettings", false),
		typeOf[AccountSettings](TypeAccountSettings, "Vigil::Account::Settings", true),
		typeOf[Organization](TypeOrganization, "AWS::Organizations::Organization", true),
	}
}

// ElapsedDays returns the whole days from t to now (nil when t is nil): the
// derived *_days fields rules compare, so fixtures do not go stale.
func ElapsedDays(t *time.Time, now time.Time) *int64 {
	if t == nil || t.IsZero() {
		return nil
	}
	d := int64(now.Sub(*t) / (24 * time.Hour))
	return &d
}

// IAMAccountSettings is aws.iam.account_settings: the account's IAM
// summary, password policy, root user and federation.
type IAMAccountSettings struct {
	// SummaryMap is GetAccountSummary's map (AccountMFAEnabled,
	// AccountAccessKeysPresent, Users …).
	SummaryMap map[string]int32
	// RootAccessKeysPresent and RootMFAEnabled are derived from it.
	RootAccessKeysPresent bool
	RootMFAEnabled        bool `attr:"root_mfa_enabled"`
	// RootHardwareMFA: root has MFA and it is not a virtual device
	// (ListVirtualMFADevices shows none assigned to root).
	RootHardwareMFA bool `attr:"root_hardware_mfa"`
	// PasswordPolicy is nil when the account has none (IAM defaults).
	PasswordPolicy *iamtypes.PasswordPolicy
	// Root is the credential report's <root_account> row.
	Root *CredentialReportEntry
	// ConsoleUsers counts IAM users with a console password (credential
	// report).
	ConsoleUsers int
	// SupportRoleAttached: AWSSupportAccess is attached to some user,
	// group or role; SupportAccessEntities says to which.
	SupportRoleAttached   bool
	SupportAccessEntities *PolicyEntities
	// CloudShellFullAccessEntities hold AWSCloudShellFullAccess.
	CloudShellFullAccessEntities *PolicyEntities `attr:"cloudshell_full_access_entities"`
	SAMLProviders                []iamtypes.SAMLProviderListEntry
	OIDCProviders                []iamtypes.OpenIDConnectProviderListEntry `attr:"oidc_providers"`
	// FederationConfigured: a SAML or OIDC identity provider exists.
	FederationConfigured bool
	// OrganizationsFeatures are the centralised root access features
	// (RootCredentialsManagement, RootSessions) enabled for the
	// organization; empty outside an organization or when not enabled.
	OrganizationsFeatures []string
	// RootCredentialsManagement: that feature is enabled.
	RootCredentialsManagement bool
}

// PolicyEntities are the users, groups and roles a managed policy is
// attached to (names).
type PolicyEntities struct {
	Users  []string
	Groups []string
	Roles  []string
	Count  int
}

// InlinePolicy is an inline (embedded) policy of a user, group or role.
type InlinePolicy struct {
	PolicyName     string
	PolicyDocument *PolicyDocument
}

// IAMUser is aws.iam.user: GetAccountAuthorizationDetails' UserDetail
// joined with the user's credential report row.
type IAMUser struct {
	UserName                string
	UserId                  string
	Arn                     string
	Path                    string
	CreateDate              *time.Time
	GroupList               []string
	AttachedManagedPolicies []iamtypes.AttachedPolicy
	UserPolicyList          []InlinePolicy
	PermissionsBoundary     *iamtypes.AttachedPermissionsBoundary
	// Credentials is the user's credential report row (nil when the
	// report lacks the user, e.g. created after it was generated).
	Credentials *CredentialReportEntry
	// DirectPolicies counts managed and inline policies attached to the
	// user itself rather than through a group.
	DirectPolicies int
	// ActiveAccessKeys counts active access keys (0-2).
	ActiveAccessKeys int
	// WildcardPassRole: an inline policy allows iam:PassRole on "*".
	WildcardPassRole bool
}

// Derive counts the user's own policies and looks for iam:PassRole on
// "*" in its inline ones.
func (u *IAMUser) Derive() {
	u.DirectPolicies = len(u.AttachedManagedPolicies) + len(u.UserPolicyList)
	u.WildcardPassRole = passesAnyRole(u.UserPolicyList)
}

// passesAnyRole reports whether an inline policy allows iam:PassRole on
// every resource.
func passesAnyRole(inline []InlinePolicy) bool {
	for _, p := range inline {
		if p.PolicyDocument != nil && p.PolicyDocument.Analysis.WildcardPassRole {
			return true
		}
	}
	return false
}

// IAMRole is aws.iam.role.
type IAMRole struct {
	RoleName   string
	RoleId     string
	Arn        string
	Path       string
	CreateDate *time.Time
	// AssumeRolePolicyDocument is the trust policy, parsed.
	AssumeRolePolicyDocument *PolicyDocument
	AttachedManagedPolicies  []iamtypes.AttachedPolicy
	RolePolicyList           []InlinePolicy
	InstanceProfileList      []InstanceProfileRef
	PermissionsBoundary      *iamtypes.AttachedPermissionsBoundary
	RoleLastUsed             *iamtypes.RoleLastUsed
	RoleLastUsedDays         *int64
	// ServiceLinked: a role under /aws-service-role/, managed by AWS.
	ServiceLinked bool
	// Trust is what the trust policy lets assume the role, analysed
	// against OwnerAccount.
	Trust TrustAnalysis
	// OwnerAccount is the account the role belongs to, when known (a
	// template's is known only if the user gives it). It is not an
	// attribute: Derive analyses the trust policy against it.
	OwnerAccount string `attr:"-"`
	// WildcardPassRole: an inline policy allows iam:PassRole on "*".
	WildcardPassRole bool
}

// Derive computes the role's derived fields, its trust analysis
// included; RoleLastUsedDays counts up to now.
func (r *IAMRole) Derive(now time.Time) {
	r.Trust = AnalyzeTrust(r.AssumeRolePolicyDocument, r.OwnerAccount)
	r.RoleLastUsedDays = nil
	if r.RoleLastUsed != nil {
		r.RoleLastUsedDays = ElapsedDays(r.RoleLastUsed.LastUsedDate, now)
	}
	r.ServiceLinked = strings.HasPrefix(r.Path, "/aws-service-role/")
	r.WildcardPassRole = passesAnyRole(r.RolePolicyList)
}

// InstanceProfileRef names an instance profile a role belongs to.
type InstanceProfileRef struct {
	InstanceProfileName string
	Arn                 string
}

// IAMGroup is aws.iam.group.
type IAMGroup struct {
	GroupName               string
	GroupId                 string
	Arn                     string
	Path                    string
	CreateDate              *time.Time
	AttachedManagedPolicies []iamtypes.AttachedPolicy
	GroupPolicyList         []InlinePolicy
	// Users are the members' names (from the users' group lists).
	Users            []string
	WildcardPassRole bool
}

// Derive looks for iam:PassRole on "*" in the group's inline policies.
func (g *IAMGroup) Derive() { g.WildcardPassRole = passesAnyRole(g.GroupPolicyList) }

// IAMPolicy is aws.iam.policy: a customer-managed policy, or an
// AWS-managed one attached in the account.
type IAMPolicy struct {
	PolicyName                    string
	PolicyId                      string
	Arn                           string
	Path                          string
	Description                   *string
	DefaultVersionId              string
	AttachmentCount               int32
	PermissionsBoundaryUsageCount int32
	IsAttachable                  bool
	CreateDate                    *time.Time
	UpdateDate                    *time.Time
	// AWSManaged: owned by AWS (arn:aws:iam::aws:policy/…).
	AWSManaged bool `attr:"aws_managed"`
	// Document is the default version's document, parsed.
	Document *PolicyDocument
}

// IAMServerCertificate is aws.iam.server_certificate.
type IAMServerCertificate struct {
	iamtypes.ServerCertificateMetadata
	// Expired: Expiration is in the past.
	Expired bool
	// ExpiresInDays is negative once expired.
	ExpiresInDays *int64
}

// Derive computes Expired and ExpiresInDays.
func (c *IAMServerCertificate) Derive(now time.Time) {
	if c.Expiration == nil {
		return
	}
	c.Expired = !c.Expiration.After(now)
	d := int64(c.Expiration.Sub(now) / (24 * time.Hour))
	c.ExpiresInDays = &d
}

// AccessAnalyzerRegionalSettings is aws.accessanalyzer.regional_settings:
// the analyzers of one region.
type AccessAnalyzerRegionalSettings struct {
	Analyzers []Analyzer
	// ExternalAccessActive: an ACCOUNT or ORGANIZATION (external access)
	// analyzer is ACTIVE in the region.
	ExternalAccessActive bool
}

// Analyzer is one Access Analyzer analyzer (ListAnalyzers summary).
type Analyzer struct {
	Arn                    string
	Name                   string
	Type                   string
	Status                 string
	StatusReason           *string
	CreatedAt              *time.Time
	LastResourceAnalyzedAt *time.Time
}

// ExternalAccess reports whether the analyzer is an active external
// access analyzer (of type ACCOUNT or ORGANIZATION).
func (z Analyzer) ExternalAccess() bool {
	return z.Status == "ACTIVE" && (z.Type == "ACCOUNT" || z.Type == "ORGANIZATION")
}

// Derive computes ExternalAccessActive.
func (a *AccessAnalyzerRegionalSettings) Derive() {
	for _, z := range a.Analyzers {
		if z.ExternalAccess() {
			a.ExternalAccessActive = true
		}
	}
}
