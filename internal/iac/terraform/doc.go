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
// of objects), and one per provider block (type "provider.<name>",
// address provider.<name> or provider.<name>.<alias>). An attribute that
// reads a variable given at scan time (--var, --var-file, TF_VAR_*), even
// through locals and module inputs, is named in Instance.Supplied; the
// directory's own terraform.tfvars and *.auto.tfvars count as written. A
// template attribute left unknown by a part known only after apply keeps
// its known text in Instance.Partial.
//
// Dynamic blocks expand the same way in both syntaxes (in JSON,
// "dynamic": {"<type>": {"for_each": …, "iterator": …, "content": {…}}},
// an array of such objects, or an array of bodies per type): the
// iterator named by iterator or by the type, key and value (key is the
// value for a set), dynamic blocks inside content, static blocks of the
// same type kept in written order. A for_each not known before apply
// makes the attribute Unknown; one with more than MaxInstances elements
// is an error, and the work budget bounds nested expansions. A dynamic
// block giving labels is an error, as in Terraform: no nested block of a
// resource takes labels.
//
// Terraform 0.11's quoted forms are read as Terraform 0.12 to 0.14 read
// them: a type constraint "string", "list" or "map" (list(any) and
// map(any)); quoted references in depends_on, provider, a module's
// providers and lifecycle ignore_changes, which are not evaluated. Each
// is handed to Options.Warn, located, with what to write instead; none
// is an input error.
//
// Override files (override.tf, *_override.tf, .tf.json forms) are merged
// after the other files in lexical order, as Terraform does: arguments
// replace arguments, a nested block type replaces all blocks of that type,
// locals are replaced one by one, a variable's type and default are
// checked together, and an override without a base block is an error.
// Values from an override carry its file and lines (Instance.Files and
// Lines; Instance.File stays the original block's file).
//
// Not supported (precisely): overrides of terraform, provider and the
// ignored block types below (lifecycle, provisioner and connection
// blocks are not evaluated, so their special merge rules do not apply);
// without a schema, an argument of a JSON override also replaces the
// nested blocks of its name; provider schemas, so provider defaults and
// computed attributes are absent or Unknown, "${x}" keeps x's type, and
// in .tf.json files a nested block keeps the shape it is written in
// (object or list) unless a dynamic block shows it is one (one of its
// type beside it, or one inside it: then it is a list of blocks, as in
// native syntax); moved, import, removed, check and ephemeral blocks
// are ignored; yamldecode, yamlencode, fileset, templatestring,
// transpose, matchkeys and provider-defined functions yield Unknown.
// Resources and module calls containing a syntax error are skipped
// (their values would be guesses); a count or for_each that is unknown
// (a variable without a value) is an error and the resource's instances
// are not produced.
//
// Invariants: ParseDir never panics, never hangs (module depth, expansion
// sizes, nesting and file sizes are bounded) and never reads the network.
// A value not known before apply is cloudres.Unknown; an attribute that is
// exactly a reference to another resource's unknown attribute is a
// cloudres.Ref naming that resource. Every problem is a model.InputError
// with file and line, and the rest of the directory is still evaluated.
package terraform
