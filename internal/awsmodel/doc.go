// Package awsmodel owns the shape of AWS resources as rules see them:
// one Go type per resource type (aws.<service>.<kind>), built from the
// aws-sdk-go-v2 API shapes, converted to snake_case attributes by one
// reflective walk, and described by JSON Schemas generated from the same
// types. Live collectors (internal/inventory/aws) fill these types from
// API responses; the Terraform and CloudFormation adapters fill them from
// templates. Derived fields that rules need (a policy document's
// statements and what they allow, a bucket's effective public access
// block) are computed here, once, so no rule re-implements them:
// ParsePolicy analyses a document as it parses it, and NewResource calls
// the shape's Derive method (Deriver, AgeDeriver) for every resource it
// builds, so no collector or adapter can build one without them.
//
// Invariants: attribute keys are snake_case forms of the API's field
// names; nil pointers, empty slices and empty (unset) string fields are
// left out, never rendered as zero values; a field that could not be read is listed in the
// resource's "unread" attribute instead of looking absent.
package awsmodel
