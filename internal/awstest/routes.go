package awstest

// Routes lists the REST operations the server recognises, by service.
// RPC protocols (query, EC2, JSON) need no routes: the operation is in
// the request.
func Routes() []*Route {
	var out []*Route
	for _, group := range [][]*Route{s3Routes(), iamRoutes(), ec2Routes(), loggingRoutes(), servicesRoutes()} {
		out = append(out, group...)
	}
	return out
}

func s3Routes() []*Route {
	r := func(method, path, query, op string) *Route {
		rt := &Route{Service: "s3", Method: method, Path: path, Op: op, Protocol: RESTXML}
		if query != "" {
			rt.Query = []string{query}
		}
		return rt
	}
	return []*Route{
		// S3 Control (account-level settings) first: its paths are fixed.
		{Service: "s3", Name: "s3control", Method: "GET", Path: "/v20180820/configuration/publicAccessBlock", Op: "GetPublicAccessBlock", Protocol: RESTXMLWrapped},
		r("GET", "/", "", "ListBuckets"),
		r("GET", "/{Bucket}", "location", "GetBucketLocation"),
		r("GET", "/{Bucket}", "policyStatus", "GetBucketPolicyStatus"),
		r("GET", "/{Bucket}", "policy", "GetBucketPolicy"),
		r("GET", "/{Bucket}", "publicAccessBlock", "GetPublicAccessBlock"),
		r("GET", "/{Bucket}", "acl", "GetBucketAcl"),
		r("GET", "/{Bucket}", "encryption", "GetBucketEncryption"),
		r("GET", "/{Bucket}", "versioning", "GetBucketVersioning"),
		r("GET", "/{Bucket}", "logging", "GetBucketLogging"),
		r("GET", "/{Bucket}", "object-lock", "GetObjectLockConfiguration"),
		r("GET", "/{Bucket}", "tagging", "GetBucketTagging"),
		r("GET", "/{Bucket}", "ownershipControls", "GetBucketOwnershipControls"),
		r("GET", "/{Bucket}", "lifecycle", "GetBucketLifecycleConfiguration"),
	}
}
