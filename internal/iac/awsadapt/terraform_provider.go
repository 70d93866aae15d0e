package awsadapt

import "github.com/vigil-cspm/vigil/internal/awsmodel"

// terraformProvider reads a provider "aws" block: its alias, region and
// profile, and the credentials it writes. The names the detector judges
// them under are the AWS CLI's, so a placeholder ("test", as LocalStack
// configurations write) is not taken for a key.
func terraformProvider(ix *Index, b *builder) (string, any) {
	in := b.in
	p := awsmodel.TerraformProvider{}
	p.Alias, _ = b.str("alias", "")
	p.Region, _ = b.str("region", "")
	p.Profile, _ = b.str("profile", "")
	for _, c := range []struct{ arg, name string }{
		{"access_key", "aws_access_key_id"}, {"secret_key", "aws_secret_access_key"}, {"token", "aws_session_token"},
	} {
		p.Credentials = append(p.Credentials, writtenSecret(ix, b, c.arg, "credentials", c.name, "")...)
	}
	return in.Name, p
}
