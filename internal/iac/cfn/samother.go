package cfn

import "github.com/vigil-cspm/vigil/internal/iac/cloudres"

// stateMachine expands an AWS::Serverless::StateMachine into its
// AWS::StepFunctions::StateMachine and, without a Role, the execution
// role SAM generates (trusted by Step Functions, with the Policies).
// Api events need the implicit API; the rules and roles other events
// create are not emitted.
func (g *samGen) stateMachine() {
	sm := g.instance("AWS::StepFunctions::StateMachine", g.in.Address, 0)
	for from, to := range map[string]string{"Name": "StateMachineName", "Type": "StateMachineType", "Definition": "Definition",
		"DefinitionSubstitutions": "DefinitionSubstitutions", "Logging": "LoggingConfiguration", "Tracing": "TracingConfiguration",
		"Role": "RoleArn"} {
		g.copy(&sm, from, to)
	}
	g.s3Location(&sm, "DefinitionUri", "DefinitionS3Location", [3]string{"Bucket", "Key", "Version"})
	_, hasRole := sm.Values["RoleArn"]
	if !hasRole {
		sm.Values["RoleArn"] = cloudres.Ref{Address: g.in.Address + "Role", Attr: "Arn"}
	}
	g.tagList(&sm, "stateMachine:createdBy", "SAM")
	g.emit(sm)
	if !hasRole {
		g.executionRole("states.amazonaws.com", nil, "stateMachine:createdBy")
	}
	for _, ev := range g.events() {
		g.apiEvent(ev)
	}
}

// simpleTable expands an AWS::Serverless::SimpleTable into the
// AWS::DynamoDB::Table SAM creates: a hash key (PrimaryKey, id of type
// String by default), provisioned throughput when given, else
// on-demand billing.
func (g *samGen) simpleTable() {
	t := g.instance("AWS::DynamoDB::Table", g.in.Address, 0)
	var name, typ any = "id", "S"
	if v, ok := g.in.Get("PrimaryKey.Name"); ok {
		name = v
	}
	if v, ok := g.in.Get("PrimaryKey.Type"); ok {
		typ = v
		if s, isStr := v.(string); isStr {
			typ = map[string]any{"String": "S", "Number": "N", "Binary": "B"}[s]
			if typ == nil {
				typ = s
			}
		}
	}
	g.set(&t, "AttributeDefinitions", []any{map[string]any{"AttributeName": name, "AttributeType": typ}}, "PrimaryKey")
	g.set(&t, "KeySchema", []any{map[string]any{"AttributeName": name, "KeyType": "HASH"}}, "PrimaryKey")
	if !g.copy(&t, "ProvisionedThroughput", "ProvisionedThroughput") {
		t.Values["BillingMode"] = "PAY_PER_REQUEST"
	}
	g.copyAll(&t, "TableName", "SSESpecification", "PointInTimeRecoverySpecification")
	g.tagList(&t)
	g.emit(t)
}

// layerVersion expands an AWS::Serverless::LayerVersion into its
// AWS::Lambda::LayerVersion. SAM appends a hash of the content to the
// logical ID and rewrites references; the scan keeps the ID, so
// references resolve.
func (g *samGen) layerVersion() {
	l := g.instance("AWS::Lambda::LayerVersion", g.in.Address, 0)
	g.copyAll(&l, "LayerName", "Description", "CompatibleRuntimes", "CompatibleArchitectures", "LicenseInfo")
	g.s3Location(&l, "ContentUri", "Content", [3]string{"S3Bucket", "S3Key", "S3ObjectVersion"})
	g.emit(l)
}
