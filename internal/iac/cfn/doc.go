// Package cfn reads AWS CloudFormation templates — YAML (with the short
// intrinsic tags !Ref, !Sub, !GetAtt …) or JSON — into cloudres.Instances:
// one per resource the template declares, after Conditions, with its
// Properties as written and intrinsic functions resolved as far as the
// template and the given parameters allow. SAM templates
// (Transform: AWS::Serverless-2016-10-31) have their functions expanded
// into the Lambda resources SAM would create.
//
// Fn::ForEach loops (AWS::LanguageExtensions) are expanded in Resources,
// Conditions and resource Properties, nested up to CloudFormation's 5
// levels: each generated entry is a copy of the OutputMap entry it comes
// from, with ${Identifier} replaced by the item, &{Identifier} by the item
// without its non-alphanumeric characters and Ref Identifier by the item,
// and it keeps that entry's lines. The collection is a list or any
// function resolving to one (Ref to a CommaDelimitedList parameter,
// Fn::FindInMap …); when it is only known at deployment the loop is
// reported and skipped. A loop without the transform is reported (the
// template would be rejected) but still expanded, so its resources are
// scanned. All loops of a template generate at most 10,000 entries.
//
// Not supported: Fn::ForEach in Outputs (outputs are not read), and the
// other AWS::LanguageExtensions features beyond Fn::Length and
// Fn::ToJsonString (DeletionPolicy or UpdateReplacePolicy given by a
// function, which the scan does not use).
//
// Invariants: a value that is only known at deployment (an unset
// parameter, the account, GetAZs, ImportValue …) is cloudres.Unknown; a
// Ref or GetAtt to a resource of the template is a cloudres.Ref, except
// inside a string (Sub, Join), which is then Unknown as a whole. Parse
// never panics and never hangs on hostile input: nesting, alias expansion,
// loop expansion and string growth are bounded, and every problem is a
// model.InputError with the file and line.
package cfn
