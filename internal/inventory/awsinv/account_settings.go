package awsinv

// aws.account.settings: the account's contacts, read with
// account:GetAlternateContact and account:GetContactInformation.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/account"
	accounttypes "github.com/aws/aws-sdk-go-v2/service/account/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectAccountSettings(ctx context.Context, s *Session) error {
	c := account.NewFromConfig(s.Config)
	var st awsmodel.AccountSettings
	var unread []string
	contacts := []struct {
		typ  accounttypes.AlternateContactType
		attr string
		dst  **accounttypes.AlternateContact
	}{
		{accounttypes.AlternateContactTypeSecurity, "security_contact", &st.SecurityContact},
		{accounttypes.AlternateContactTypeBilling, "billing_contact", &st.BillingContact},
		{accounttypes.AlternateContactTypeOperations, "operations_contact", &st.OperationsContact},
	}
	failed := 0
	for _, ct := range contacts {
		out, err := c.GetAlternateContact(ctx, &account.GetAlternateContactInput{AlternateContactType: ct.typ})
		switch {
		case err == nil && out.AlternateContact != nil:
			contact := *out.AlternateContact
			contact.AlternateContactType = ct.typ
			*ct.dst = &contact
		case err == nil || IsNotFound(err):
		default:
			failed++
			s.Fail("account:GetAlternateContact", err)
			unread = append(unread, ct.attr)
		}
	}
	out, err := c.GetContactInformation(ctx, &account.GetContactInformationInput{})
	switch {
	case err == nil:
		st.ContactInformation = out.ContactInformation
	case IsNotFound(err):
	default:
		if failed == len(contacts) {
			return err // nothing could be read
		}
		s.Fail("account:GetContactInformation", err)
		unread = append(unread, "contact_information")
	}
	s.Emit(s.New(awsmodel.TypeAccountSettings, awsmodel.SettingsID("account", s.Account, "", "settings"), s.Account, nil, unread, st))
	return nil
}
