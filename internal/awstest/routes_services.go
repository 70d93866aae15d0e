package awstest

// servicesRoutes are the REST operations of the application services
// family. SQS, Secrets Manager, ECR and EventBridge speak JSON and ELBv2 the
// query protocol: they need no routes.
func servicesRoutes() []*Route {
	return []*Route{
		// Lambda (restJson1).
		{Service: "lambda", Method: "GET", Path: "/2015-03-31/functions", Op: "ListFunctions", Protocol: RESTJSON},
		{Service: "lambda", Method: "GET", Path: "/2015-03-31/functions/{FunctionName}/policy", Op: "GetPolicy", Protocol: RESTJSON},
		{Service: "lambda", Method: "GET", Path: "/2021-10-31/functions/{FunctionName}/urls", Op: "ListFunctionUrlConfigs", Protocol: RESTJSON},
		// Glacier (restJson1); the SDK sends account "-" for the caller's.
		{Service: "glacier", Method: "GET", Path: "/{accountId}/vaults", Op: "ListVaults", Protocol: RESTJSON},
		{Service: "glacier", Method: "GET", Path: "/{accountId}/vaults/{vaultName}/access-policy", Op: "GetVaultAccessPolicy", Protocol: RESTJSON},
		// OpenSearch Service (restJson1; signing name es).
		{Service: "es", Method: "GET", Path: "/2021-01-01/domain", Op: "ListDomainNames", Protocol: RESTJSON},
		{Service: "es", Method: "POST", Path: "/2021-01-01/opensearch/domain-info", Op: "DescribeDomains", Protocol: RESTJSON},
		// CloudFront (restXml, 2020-05-31 API; errors come wrapped in
		// <ErrorResponse>, which the SDK expects).
		{Service: "cloudfront", Method: "GET", Path: "/2020-05-31/distribution", Op: "ListDistributions", Protocol: RESTXMLWrapped},
		{Service: "cloudfront", Method: "GET", Path: "/2020-05-31/distribution/{Id}/config", Op: "GetDistributionConfig", Protocol: RESTXMLWrapped},
		{Service: "route53", Method: "GET", Path: "/2013-04-01/hostedzone", Op: "ListHostedZones", Protocol: RESTXMLWrapped},
		{Service: "route53", Method: "GET", Path: "/2013-04-01/queryloggingconfig", Op: "ListQueryLoggingConfigs", Protocol: RESTXMLWrapped},
		// API Gateway v1 and v2 share the signing name; v2 answers are
		// keyed "apigatewayv2:<Op>".
		{Service: "apigateway", Method: "GET", Path: "/restapis", Op: "GetRestApis", Protocol: RESTJSON},
		{Service: "apigateway", Method: "GET", Path: "/restapis/{restApiId}/stages", Op: "GetStages", Protocol: RESTJSON},
		{Service: "apigateway", Name: "apigatewayv2", Method: "GET", Path: "/v2/apis", Op: "GetApis", Protocol: RESTJSON},
		{Service: "apigateway", Name: "apigatewayv2", Method: "GET", Path: "/v2/apis/{ApiId}/stages", Op: "GetStages", Protocol: RESTJSON},
		// Amazon MSK (restJson1; signing name kafka).
		{Service: "kafka", Method: "GET", Path: "/api/v2/clusters", Op: "ListClustersV2", Protocol: RESTJSON},
		// AWS Backup (restJson1).
		{Service: "backup", Method: "GET", Path: "/backup-vaults", Op: "ListBackupVaults", Protocol: RESTJSON},
		{Service: "backup", Method: "GET", Path: "/backup-vaults/{BackupVaultName}/recovery-points", Op: "ListRecoveryPointsByBackupVault", Protocol: RESTJSON},
	}
}
