// Package tfjson reads Terraform's machine-readable JSON — the output of
// `terraform show -json <planfile>` (a plan), terraform.tfstate (state
// format version 4) and `terraform show -json` of a state — into
// cloudres.Instances, one per managed resource instance, each located at
// the line of its object in the JSON file.
//
// Plans: instances come from planned_values (root module and child
// modules, recursively); data sources are skipped, and so is a resource
// whose only planned action is delete (or forget). Attributes marked
// unknown in resource_changes[].change.after_unknown become
// cloudres.Unknown; an unknown attribute whose configuration expression
// refers to exactly one resource (directly, or through a module's input
// variable or output) becomes a cloudres.Ref to that resource's absolute
// address. A reference the configuration writes with a dynamic index
// (aws_s3_bucket.logs[count.index].id, …[each.key]) is recorded by
// Terraform without the index and without the attribute, so the Ref keeps
// the address as written (module prefix added, no index) and Attr "".
// Ref.Attr is the dotted attribute path after the address ("id",
// "versioning.0.enabled").
//
// The plan JSON cannot tell `aws_s3_bucket.logs.id` from
// "${aws_s3_bucket.logs.id}-suffix": both list the same references. A Ref
// therefore says "derived from that attribute only", which is what
// linking split resources (a bucket and its versioning) needs.
//
// States: resources[].instances[] become instances with the index_key in
// the address and the attributes as Values; deposed objects are skipped.
// Sensitive values (sensitive_attributes in a state, sensitive_values in
// a plan) are kept as they are: the JSON holds them in clear text and
// adapters never print values.
//
// Not resolved (the attribute stays Unknown): references to locals,
// root-module variables, path.* and terraform.*; expressions referring to
// two or more things; module outputs reached through a dynamic module
// index. A reference to a data source gives a Ref to
// "data.TYPE.NAME" (data sources are not emitted as instances).
//
// Numbers are float64, as encoding/json decodes them. Line is the line of
// the resource's (state: the instance's) opening brace; Lines maps every
// attribute path of Values ("versioning.0.enabled") to the line where its
// value starts; attributes made unknown point into resource_changes.
// `terraform show -json` writes a single line, so every line is 1 unless
// the JSON is pretty-printed (jq . plan.json). CallFile/CallLine of a
// resource in a module locate the top-level child module object of
// planned_values (values, for show -json of a state); a tfstate has no
// module objects, so they are 0 there.
//
// Invariants: Parse never panics and never hangs: nesting is bounded by
// MaxDepth, reference resolution by a fixed depth, and every problem is a
// model.InputError with the file and, when known, the line.
package tfjson
