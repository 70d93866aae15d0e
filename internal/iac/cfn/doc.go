// Package cfn reads AWS CloudFormation templates — YAML (with the short
// intrinsic tags !Ref, !Sub, !GetAtt …) or JSON — into cloudres.Instances:
// one per resource the template declares, after Conditions, with its
// Properties as written and intrinsic functions resolved as far as the
// template and the given parameters allow. A top-level property that
// refers to a parameter given at scan time (Ref, Fn::Sub) is named in
// Instance.Supplied (not for resources a SAM transform generates).
//
// SAM templates (Transform: AWS::Serverless-2016-10-31) are expanded the
// way the transform does, as far as rules can see it, with Globals
// applied (Function, Api, HttpApi, SimpleTable, StateMachine; Api and
// HttpApi also to the implicit APIs):
//   - Function: the AWS::Lambda::Function; without Role, the execution
//     role <ID>Role (Lambda trust, the basic execution policy, X-Ray for
//     active Tracing, VPC access for VpcConfig, the poller policy of SQS,
//     Kinesis, DynamoDB and MSK events, PermissionsBoundary, RolePath)
//     whose Policies are managed policy names or ARNs (attached) and
//     documents or SAM policy templates (inline <ID>RolePolicy<index>);
//     FunctionUrlConfig's AWS::Lambda::Url and, for AuthType NONE, its
//     public permission; per event, the AWS::Lambda::Permission of a
//     pushing source (Api, HttpApi, S3, SNS, Schedule, EventBridgeRule,
//     CloudWatchEvent, CloudWatchLogs, IoTRule, AlexaSkill, Cognito), the
//     SNS subscription, and the implicit ServerlessRestApi (stage Prod)
//     or ServerlessHttpApi ($default stage) of Api and HttpApi events
//     that name no API.
//   - Api: RestApi, Deployment, Stage (<ID><StageName>Stage) and the
//     permissions of Lambda authorizers; HttpApi: ApiGatewayV2 Api and
//     Stage (<ID>ApiGatewayDefaultStage without StageName), and the
//     authorizer permissions.
//   - StateMachine: the Step Functions state machine and, without Role,
//     its generated role; SimpleTable: the DynamoDB table; LayerVersion:
//     the Lambda layer version (under the SAM logical ID, without SAM's
//     content hash, so references resolve).
//
// A policy template the scan does not know, or a Policies entry known
// only at deployment, becomes an inline policy whose document is
// Unknown. Generated instances are located at the SAM resource, or at the
// event or property that causes them (the implicit APIs at the first
// event that needs them). What the transform also creates but no rule
// reads is not emitted: event source mappings, EventBridge rules and
// schedules, bucket notifications, the inline policies SAM adds for
// dead-letter queues and some event sources (they grant access to that
// source only), aliases and versions, deployment groups, usage plans,
// domains. Other SAM types (Application, Connector, GraphQLApi) are kept
// as written, and reported as not evaluated. Logical IDs SAM builds with
// a hash (deployments, stage names with other than letters and digits)
// are written without it; a Ref to a SAM resource's generated resource
// (MyApi.Stage, MyFunction.Alias) is Unknown. A generated logical ID the template declares
// itself is reported, as the transform fails on it.
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
