package awstest

// loggingRoutes are the REST-JSON operations of the logging and
// monitoring family (CloudTrail, CloudWatch, SNS, Config and KMS speak
// RPC protocols and need none).
func loggingRoutes() []*Route {
	return []*Route{
		{Service: "securityhub", Method: "GET", Path: "/accounts", Op: "DescribeHub", Protocol: RESTJSON},
		{Service: "macie2", Method: "GET", Path: "/macie", Op: "GetMacieSession", Protocol: RESTJSON},
		{Service: "guardduty", Method: "GET", Path: "/detector", Op: "ListDetectors", Protocol: RESTJSON},
		{Service: "guardduty", Method: "GET", Path: "/detector/{DetectorId}", Op: "GetDetector", Protocol: RESTJSON},
	}
}
