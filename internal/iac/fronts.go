package iac

import (
	"github.com/vigil-cspm/vigil/internal/iac/cfn"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/iac/terraform"
	"github.com/vigil-cspm/vigil/internal/iac/tfjson"
	"github.com/vigil-cspm/vigil/internal/model"
)

// CloudOptions are the inputs of cloud IaC evaluation a user gives.
type CloudOptions struct {
	// CFNParams are CloudFormation parameter values (--cfn-param).
	CFNParams map[string]string
	// TFVarFiles and TFVars are Terraform variable files and values
	// (--var-file, --var); TFEnv holds the TF_VAR_* environment.
	TFVarFiles []string
	TFVars     map[string]string
	TFEnv      []string
	// AWSAccountID is the account the configuration deploys to
	// (--aws-account-id): it decides which trust principals are other
	// accounts, and is CloudFormation's AWS::AccountId unless CFNParams
	// gives one.
	AWSAccountID string
}

// NewCloud wires the cloud IaC front-ends: Terraform configurations
// (each root module directory), Terraform plan and state JSON and
// CloudFormation (tried in that order before Kubernetes manifests).
func NewCloud(opts CloudOptions) *Cloud {
	tf := terraform.Options{VarFiles: opts.TFVarFiles, Vars: opts.TFVars, Env: opts.TFEnv}
	if opts.AWSAccountID != "" {
		if _, set := opts.CFNParams["AWS::AccountId"]; !set {
			params := map[string]string{"AWS::AccountId": opts.AWSAccountID}
			for k, v := range opts.CFNParams {
				params[k] = v
			}
			opts.CFNParams = params
		}
	}
	return &Cloud{
		AWSAccountID: opts.AWSAccountID,
		Terraform: func(dir string, read func(string, []byte), warn func(model.InputError)) ([]cloudres.Instance, []model.InputError) {
			o := tf
			o.Read, o.Warn = read, warn
			return terraform.ParseDir(dir, o)
		},
		ModuleDirs: terraform.ModuleDirs,
		Files: []FileFormat{
			{Name: "terraform-json", Detect: func(name string, data []byte) bool { _, ok := tfjson.Detect(name, data); return ok }, Parse: tfjson.Parse},
			{Name: "cloudformation", Detect: cfn.Detect, Parse: func(file string, data []byte) ([]cloudres.Instance, []model.InputError) {
				return cfn.Parse(file, data, opts.CFNParams)
			}},
		},
	}
}
