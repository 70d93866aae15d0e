// Package cloudres is the contract between the cloud IaC front-ends
// (Terraform HCL, Terraform plan and state JSON, CloudFormation) and the
// adapters that turn their resources into the live model's aws.* types.
//
// A front-end yields Instances: one per resource instance it declares
// (after count/for_each expansion in Terraform; after Conditions in
// CloudFormation), with values in the source's own shape. Terraform
// values follow `terraform show -json` (snake_case attributes, nested
// blocks as lists of objects); CloudFormation values are the resource's
// Properties as written (PascalCase), intrinsic functions resolved.
//
// Where each attribute was written: Lines maps attribute paths to lines
// in File, except the paths Files names another file for. A value can
// come from another file than its resource block's: in Terraform, an
// override file (main_override.tf) replacing an argument or a nested
// block type. At gives a path's file and line together; adapters record
// both for every model attribute they set (model.Source.Lines and
// Files), so findings and inline exceptions point at the file that set
// the offending value.
//
// What was written and what was given: values that depend on a variable
// or parameter given at scan time are named in Supplied, so a rule about
// secrets written in a configuration can tell a literal (or a default
// written in the files) from a value the scan was handed.
//
// Invariants: a value known only after apply is Unknown, never a guess;
// a reference to another resource that cannot be resolved to a value is
// a Ref, so adapters can still link split resources (an S3 bucket and
// its versioning block) by address; lines are 1-based and 0 when unknown;
// Files holds only paths of Lines, and only those not in File.
package cloudres

import "strings"

// Source kinds of instances.
const (
	Terraform      = "terraform"       // HCL configuration
	TerraformPlan  = "terraform-plan"  // terraform show -json of a plan
	TerraformState = "terraform-state" // terraform.tfstate (v4)
	CloudFormation = "cloudformation"  // template, YAML or JSON
)

// Instance is one resource instance declared by an IaC source.
type Instance struct {
	Source string
	// Type is the source's type name: aws_s3_bucket, AWS::S3::Bucket.
	Type string
	// Address is the Terraform address (module.logs.aws_s3_bucket.this[0])
	// or the CloudFormation logical ID.
	Address string
	// Name is the resource's name label (Terraform) or logical ID.
	Name string
	// File and Line locate the resource block; for resources inside a
	// Terraform module, CallFile and CallLine locate the module call.
	File     string
	Line     int
	CallFile string
	CallLine int
	// Values are the resource's attributes (Terraform) or Properties
	// (CloudFormation).
	Values map[string]any
	// Lines maps attribute paths ("versioning.0.enabled",
	// "VersioningConfiguration.Status") to their lines, when known.
	Lines map[string]int
	// Files maps the paths of Lines whose line is in another file than
	// File to that file (a Terraform override file); nil when all are in
	// File.
	Files map[string]string
	// Supplied holds the attribute paths whose value depends on a value
	// given at scan time, not written in the files scanned: Terraform
	// variables set with --var, --var-file or TF_VAR_*, CloudFormation
	// parameters set with --cfn-param. A path stands for its children;
	// nil when nothing is.
	Supplied map[string]bool
	// Partial holds, for string attributes that are Unknown because a
	// part of them is known only after apply (a Terraform template
	// interpolating another resource's endpoint), the known parts with
	// UnknownInDocument in place of each unknown one. It is for reading
	// what a text writes literally (credentials in a script), never a
	// value to model: the attribute stays Unknown.
	Partial map[string]string
}

// IsSupplied reports whether the value at path, or at a parent of it,
// depends on a value given at scan time (see Supplied).
func (in *Instance) IsSupplied(path string) bool {
	for p := path; p != ""; {
		if in.Supplied[p] {
			return true
		}
		i := strings.LastIndex(p, ".")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return false
}

// Unknown is a value known only after apply.
type Unknown struct{}

// UnknownInDocument stands for a value known only after apply inside an
// otherwise known JSON document — a policy whose Resource is another
// resource's ARN — so the known parts (principals, actions, conditions)
// can still be analysed. The policy analysis treats it as a concrete
// value that matches nothing: never "*", never an account.
const UnknownInDocument = "${vigil:unknown}"

// Ref is a reference to another resource of the same source that could
// not be resolved to a value: Terraform aws_s3_bucket.logs.id, or
// CloudFormation !Ref Logs / !GetAtt Logs.Arn.
type Ref struct {
	// Address of the referenced instance (Terraform address without the
	// attribute; CloudFormation logical ID).
	Address string
	// Attr is the attribute referred to ("id", "arn", "Arn"; "" for a
	// CloudFormation Ref).
	Attr string
}

// IsUnknown reports whether v is Unknown.
func IsUnknown(v any) bool {
	_, ok := v.(Unknown)
	return ok
}

// Get returns the value at a dotted path ("versioning.0.enabled"),
// indexing lists by number; ok is false when a step is missing. An
// object where a list of blocks is expected stands for a list of one
// (Terraform's JSON syntax may write a single block that way).
func (in *Instance) Get(path string) (v any, ok bool) {
	v = in.Values
	for _, step := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			if e, has := x[step]; has {
				v = e
				continue
			}
			// A nested block written once as an object (Terraform JSON
			// syntax) is the first element of its block list.
			if step == "0" {
				continue
			}
			return nil, false
		case []any:
			i := 0
			for _, r := range step {
				if r < '0' || r > '9' {
					return nil, false
				}
				i = i*10 + int(r-'0')
			}
			if i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// LineOf returns the line of path or of its nearest written parent, else
// the resource's line.
func (in *Instance) LineOf(path string) int {
	_, l := in.At(path)
	return l
}

// At returns the file and line of path or of its nearest written parent,
// else the resource's.
func (in *Instance) At(path string) (file string, line int) {
	for p := path; p != ""; {
		if l, ok := in.Lines[p]; ok && l > 0 {
			if f, ok := in.Files[p]; ok {
				return f, l
			}
			return in.File, l
		}
		i := strings.LastIndex(p, ".")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return in.File, in.Line
}
