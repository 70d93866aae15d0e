package cfn

import (
	"sort"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// samSame are the AWS::Serverless::Function properties that
// AWS::Lambda::Function has under the same name.
var samSame = []string{
	"Architectures", "CodeSigningConfigArn", "DeadLetterConfig", "Description", "Environment",
	"EphemeralStorage", "FileSystemConfigs", "FunctionName", "Handler", "ImageConfig",
	"KmsKeyArn", "Layers", "LoggingConfig", "MemorySize", "PackageType", "RecursiveLoop",
	"ReservedConcurrentExecutions", "Role", "Runtime", "RuntimeManagementConfig", "SnapStart",
	"Timeout", "TracingConfig", "VpcConfig",
}

// function expands an AWS::Serverless::Function: the
// AWS::Lambda::Function, the execution role SAM generates when Role is
// absent, the function URL (and its public permission when AuthType is
// NONE), and what its Events create that the scan reads: the implicit
// APIs, Lambda permissions and SNS subscriptions.
func (g *samGen) function() {
	fn := g.instance("AWS::Lambda::Function", g.in.Address, 0)
	g.copyAll(&fn, samSame...)
	_, hasRole := fn.Values["Role"]
	if !hasRole {
		fn.Values["Role"] = cloudres.Ref{Address: g.in.Address + "Role", Attr: "Arn"}
	}
	if g.copy(&fn, "Tracing", "TracingConfig.Mode") {
		fn.Lines["TracingConfig"] = g.line("Tracing")
	}
	if g.copy(&fn, "DeadLetterQueue.TargetArn", "DeadLetterConfig.TargetArn") {
		fn.Lines["DeadLetterConfig"] = g.line("DeadLetterQueue")
	}
	g.code(&fn)
	g.tagList(&fn, "lambda:createdBy", "SAM")
	g.emit(fn)

	events := g.events()
	if !hasRole {
		g.executionRole("lambda.amazonaws.com", g.functionManagedPolicies(events), "lambda:createdBy")
	}
	g.functionURL()
	for _, ev := range events {
		g.event(ev)
	}
}

// code turns CodeUri, InlineCode and ImageUri into Code.
func (g *samGen) code(fn *cloudres.Instance) {
	g.s3Location(fn, "CodeUri", "Code", [3]string{"S3Bucket", "S3Key", "S3ObjectVersion"})
	if g.copy(fn, "InlineCode", "Code.ZipFile") {
		fn.Lines["Code"] = g.line("InlineCode")
	}
	if g.copy(fn, "ImageUri", "Code.ImageUri") {
		fn.Lines["Code"] = g.line("ImageUri")
	}
}

// functionURL expands FunctionUrlConfig into an AWS::Lambda::Url and,
// when AuthType is NONE, the permission SAM adds for anyone to call it.
func (g *samGen) functionURL() {
	url, ok := g.in.Values["FunctionUrlConfig"].(map[string]any)
	if !ok {
		return
	}
	line := g.line("FunctionUrlConfig")
	u := g.instance("AWS::Lambda::Url", g.in.Address+"Url", line)
	u.Values["TargetFunctionArn"] = cloudres.Ref{Address: g.in.Address}
	for _, k := range []string{"AuthType", "Cors", "InvokeMode"} {
		g.copy(&u, "FunctionUrlConfig."+k, k)
	}
	g.emit(u)
	if url["AuthType"] == "NONE" {
		perm := g.permission(g.in.Address+"UrlPublicPermissions", line, cloudres.Ref{Address: g.in.Address}, "*", "lambda:InvokeFunctionUrl")
		g.set(&perm, "FunctionUrlAuthType", "NONE", "FunctionUrlConfig.AuthType")
		g.emit(perm)
	}
}

// permission starts an AWS::Lambda::Permission on a function.
func (g *samGen) permission(id string, line int, function any, principal, action string) cloudres.Instance {
	p := g.instance("AWS::Lambda::Permission", id, line)
	p.Values["Action"] = action
	p.Values["FunctionName"] = function
	p.Values["Principal"] = principal
	return p
}

// samEvent is one entry of a function's (or state machine's) Events.
type samEvent struct {
	name, typ string
	props     map[string]any
	path      string // Events.<name>
	line      int
}

// prop is the path of one of the event's properties.
func (ev samEvent) prop(k string) string { return ev.path + ".Properties." + k }

// events lists the resource's events in the order they are written.
func (g *samGen) events() []samEvent {
	m, _ := g.in.Values["Events"].(map[string]any)
	var out []samEvent
	for name, v := range m {
		e, _ := v.(map[string]any)
		typ, _ := e["Type"].(string)
		props, _ := e["Properties"].(map[string]any)
		path := "Events." + name
		out = append(out, samEvent{name: name, typ: typ, props: props, path: path, line: g.line(path)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].line != out[j].line {
			return out[i].line < out[j].line
		}
		return out[i].name < out[j].name
	})
	return out
}

// apiEvent records the implicit API an Api or HttpApi event that names
// no API needs.
func (g *samGen) apiEvent(ev samEvent) {
	key, api := "RestApiId", implicitRestAPI
	switch ev.typ {
	case "Api":
	case "HttpApi":
		key, api = "ApiId", implicitHTTPAPI
	default:
		return
	}
	if _, ok := ev.props[key]; !ok {
		g.p.sam.needAPI(api, ev.line)
	}
}

// eventPrincipals are the services SAM lets invoke the function for
// each event type that pushes to it (stream and queue events poll with
// the function's role instead).
var eventPrincipals = map[string]string{
	"Api":             "apigateway.amazonaws.com",
	"HttpApi":         "apigateway.amazonaws.com",
	"S3":              "s3.amazonaws.com",
	"SNS":             "sns.amazonaws.com",
	"Schedule":        "events.amazonaws.com",
	"CloudWatchEvent": "events.amazonaws.com",
	"EventBridgeRule": "events.amazonaws.com",
	"CloudWatchLogs":  "logs.amazonaws.com",
	"IoTRule":         "iot.amazonaws.com",
	"AlexaSkill":      "alexa-appkit.amazon.com",
	"Cognito":         "cognito-idp.amazonaws.com",
}

// event expands one function event into the permission that lets its
// source invoke the function and, for SNS, the subscription. What else
// events create (event source mappings, EventBridge rules, bucket
// notifications) no rule reads, and is not emitted.
func (g *samGen) event(ev samEvent) {
	g.apiEvent(ev)
	principal, ok := eventPrincipals[ev.typ]
	if !ok {
		return
	}
	suffix := "Permission"
	if ev.typ == "Api" {
		suffix = "PermissionProd" // SAM's name, whatever the stage
	}
	p := g.permission(g.in.Address+ev.name+suffix, ev.line, cloudres.Ref{Address: g.in.Address}, principal, "lambda:InvokeFunction")
	account, _ := g.p.ev.pseudo(pAccount)
	switch ev.typ {
	case "S3", "IoTRule":
		// The source is scoped to the deploying account.
		p.Values["SourceAccount"] = account
	case "SNS":
		g.copy(&p, ev.prop("Topic"), "SourceArn")
		if sqs, _ := ev.props["SqsSubscription"].(bool); !sqs {
			g.subscription(ev)
		}
	case "Schedule", "CloudWatchEvent", "EventBridgeRule":
		// The rule SAM generates for the event.
		p.Values["SourceArn"] = cloudres.Ref{Address: g.in.Address + ev.name, Attr: "Arn"}
	case "Cognito":
		if r, ok := ev.props["UserPool"].(cloudres.Ref); ok {
			p.Values["SourceArn"] = cloudres.Ref{Address: r.Address, Attr: "Arn"}
		} else {
			p.Values["SourceArn"] = cloudres.Unknown{}
		}
	case "AlexaSkill":
		g.copy(&p, ev.prop("SkillId"), "EventSourceToken")
	default:
		// The API route's or log group's ARN: it holds the API ID or
		// the account, known at deployment.
		p.Values["SourceArn"] = cloudres.Unknown{}
	}
	g.emit(p)
}

// subscription is the AWS::SNS::Subscription of an SNS event.
func (g *samGen) subscription(ev samEvent) {
	s := g.instance("AWS::SNS::Subscription", g.in.Address+ev.name, ev.line)
	s.Values["Protocol"] = "lambda"
	s.Values["Endpoint"] = cloudres.Ref{Address: g.in.Address, Attr: "Arn"}
	g.copy(&s, ev.prop("Topic"), "TopicArn")
	for _, k := range []string{"FilterPolicy", "FilterPolicyScope", "Region", "RedrivePolicy"} {
		g.copy(&s, ev.prop(k), k)
	}
	g.emit(s)
}

// managedPolicy is an AWS managed policy SAM attaches to a role it
// generates, with the property that causes it.
type managedPolicy struct{ name, cause string }

// functionManagedPolicies are the AWS managed policies of a function's
// generated role: basic execution (logs), X-Ray for active tracing, VPC
// access for VpcConfig, and the poller's policy of stream and queue
// events.
func (g *samGen) functionManagedPolicies(events []samEvent) []managedPolicy {
	out := []managedPolicy{{"AWSLambdaBasicExecutionRole", ""}}
	if g.in.Values["Tracing"] == "Active" {
		out = append(out, managedPolicy{"AWSXrayWriteOnlyAccess", "Tracing"})
	}
	if _, ok := g.in.Values["VpcConfig"]; ok {
		out = append(out, managedPolicy{"AWSLambdaVPCAccessExecutionRole", "VpcConfig"})
	}
	seen := map[string]bool{}
	for _, ev := range events {
		if name, ok := pollerPolicies[ev.typ]; ok && !seen[name] {
			seen[name] = true
			out = append(out, managedPolicy{name, ev.path})
		}
	}
	return out
}

// pollerPolicies are the managed policies SAM attaches for stream and
// queue events (the others get inline policies scoped to their source,
// which are not emitted: they grant only reading that source).
var pollerPolicies = map[string]string{
	"SQS":      "AWSLambdaSQSQueueExecutionRole",
	"Kinesis":  "AWSLambdaKinesisExecutionRole",
	"DynamoDB": "AWSLambdaDynamoDBExecutionRole",
	"MSK":      "AWSLambdaMSKExecutionRole",
}
