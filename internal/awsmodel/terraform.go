package awsmodel

// TypeTerraformProvider is the AWS provider configuration of a Terraform
// module: not an AWS resource, but where a configuration may write the
// credentials it deploys with.
const TypeTerraformProvider = "aws.terraform.provider"

func terraformTypes() []Type {
	return []Type{typeOf[TerraformProvider](TypeTerraformProvider, "Vigil::Terraform::Provider", false)}
}

// TerraformProvider is aws.terraform.provider: one provider "aws" block,
// built by the Terraform front-end only.
type TerraformProvider struct {
	// Alias is the configuration's alias ("" for the default one).
	Alias string
	// Region is the region it deploys to, when written.
	Region string
	// Profile is the shared-credentials profile it names, if any.
	Profile string
	// Credentials are the access key, secret key and session token the
	// block writes as literals, redacted; values from variables given at
	// scan time are not counted.
	Credentials []Credential
}
