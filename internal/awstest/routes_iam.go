package awstest

// iamRoutes are the REST operations of the IAM family: Access Analyzer
// and Account Management speak REST-JSON (IAM itself is query,
// Organizations JSON: no routes).
func iamRoutes() []*Route {
	return []*Route{
		{Service: "access-analyzer", Method: "GET", Path: "/analyzer", Op: "ListAnalyzers", Protocol: RESTJSON},
		{Service: "account", Method: "POST", Path: "/getAlternateContact", Op: "GetAlternateContact", Protocol: RESTJSON},
		{Service: "account", Method: "POST", Path: "/getContactInformation", Op: "GetContactInformation", Protocol: RESTJSON},
	}
}
