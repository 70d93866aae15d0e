// Package awsadapt turns cloud IaC instances (package cloudres: Terraform
// HCL, plan and state, CloudFormation) into resources of the live AWS
// model (package awsmodel), so the rules written for live accounts fire
// unchanged before deployment.
//
// One adapter per aws.* type reads every source type that contributes to
// it — Terraform spreads an S3 bucket over aws_s3_bucket and a handful of
// aws_s3_bucket_* resources, CloudFormation keeps it in one
// AWS::S3::Bucket. adapters.go lists them all; each type's adapter is in
// the file named after the type, as its live collector is (s3_bucket.go
// for aws.s3.bucket): a Build function that reads one main instance with
// a builder and returns the resource's name and shape, and, for
// resources that are not one per instance, an Extra function. What
// adapters share is in builder.go (reading values, recording where each
// model attribute was set), index.go (finding instances and linking
// satellites to their resource), source.go (naming attributes, known and
// unknown values), orphans.go and partial.go (satellites whose resource
// the scope does not declare), and a few files named for their family
// (iam_entity.go, rds.go, apigateway.go).
//
// Adapters name what they read one way, spell(in, terraform,
// cloudformation): both names side by side, full paths for nested blocks
// and properties. A reader shared by resource types of different layouts
// (security group rules, NACL entries, routes) takes a table of their
// field names instead.
//
// Invariants: adapters fill only what the source says; derived fields
// (a bucket's effective public access block, a trail's coverage) are
// computed by awsmodel.NewResource, never by an adapter. A value the
// source cannot know (cloudres.Unknown, an unresolvable Ref) is never
// guessed: the attribute it feeds is listed in the resource's "unread"
// attributes, so rules guarded by aws.known do not fire on it and the
// scan reports the check as inconclusive; a source type no adapter
// consumes becomes a "skipped" coverage record ("iac-type:<type>"), and
// so does every satellite (the types listed in satellites) that no
// adapter merged into a main resource — its main resource is declared by
// another configuration, or named by a value known only at apply
// ("iac-satellite:<type>", naming the satellite's address, file:line and
// what it names). Adapters record each match with Index.claim;
// Satellites, linked and linkOf do it for them. Orphans of the S3, IAM
// and security group satellites that name their resource by a literal
// identifier build it partially instead (partial.go): only what they say
// is set, every other attribute rules read is unread.
package awsadapt
