// Package terraform reads a Terraform root module directory (*.tf and
// *.tf.json) and evaluates it the way `terraform plan` would before apply,
// but without provider schemas and without the network: variables from
// defaults, tfvars files, options and TF_VAR_* environment entries;
// locals; count, for_each and dynamic blocks; local modules and modules
// already fetched by `terraform init`; Terraform's built-in functions
// (those that need the network or the clock yield Unknown).
//
// It yields one cloudres.Instance per managed resource instance, with
// values in the shape of `terraform show -json` (nested blocks are lists
// of objects).
//
// Invariants: ParseDir never panics, never hangs (module depth, expansion
// sizes, nesting and file sizes are bounded) and never reads the network.
// A value not known before apply is cloudres.Unknown; an attribute that is
// exactly a reference to another resource's unknown attribute is a
// cloudres.Ref naming that resource. Every problem is a model.InputError
// with file and line, and the rest of the directory is still evaluated.
package terraform
