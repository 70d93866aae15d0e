package awsmodel

import (
	accounttypes "github.com/aws/aws-sdk-go-v2/service/account/types"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// AccountSettings is aws.account.settings: the account's contacts
// (AWS Account Management).
type AccountSettings struct {
	// SecurityContact, BillingContact and OperationsContact are the
	// alternate contacts (nil: not set).
	SecurityContact   *accounttypes.AlternateContact
	BillingContact    *accounttypes.AlternateContact
	OperationsContact *accounttypes.AlternateContact
	// ContactInformation is the primary contact.
	ContactInformation *accounttypes.ContactInformation
}

// Organization is aws.organizations.organization, as seen from the
// scanned account. Policies and delegated administrators can only be
// listed from the management account or a delegated administrator.
type Organization struct {
	orgtypes.Organization
	// IsManagementAccount: the scanned account is the management
	// account.
	IsManagementAccount bool
	// ServiceControlPolicies and ResourceControlPolicies with their
	// targets (roots, OUs, accounts).
	ServiceControlPolicies  []OrganizationPolicy
	ResourceControlPolicies []OrganizationPolicy
	DelegatedAdministrators []orgtypes.DelegatedAdministrator
}

// OrganizationPolicy is an SCP or RCP and where it is attached.
type OrganizationPolicy struct {
	orgtypes.PolicySummary
	Targets []orgtypes.PolicyTargetSummary
}
