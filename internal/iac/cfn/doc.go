// Package cfn reads AWS CloudFormation templates — YAML (with the short
// intrinsic tags !Ref, !Sub, !GetAtt …) or JSON — into cloudres.Instances:
// one per resource the template declares, after Conditions, with its
// Properties as written and intrinsic functions resolved as far as the
// template and the given parameters allow. SAM templates
// (Transform: AWS::Serverless-2016-10-31) have their functions expanded
// into the Lambda resources SAM would create.
//
// Invariants: a value that is only known at deployment (an unset
// parameter, the account, GetAZs, ImportValue …) is cloudres.Unknown; a
// Ref or GetAtt to a resource of the template is a cloudres.Ref, except
// inside a string (Sub, Join), which is then Unknown as a whole. Parse
// never panics and never hangs on hostile input: nesting, alias expansion
// and string growth are bounded, and every problem is a model.InputError
// with the file and line.
package cfn
