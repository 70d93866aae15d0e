package awstest

// ec2Routes are the REST-JSON operations of the ec2 family: EFS and
// EKS. EC2 (ec2Query) and RDS (query) need no routes.
func ec2Routes() []*Route {
	return []*Route{
		{Service: "elasticfilesystem", Method: "GET", Path: "/2015-02-01/file-systems", Op: "DescribeFileSystems", Protocol: RESTJSON},
		{Service: "eks", Method: "GET", Path: "/clusters", Op: "ListClusters", Protocol: RESTJSON},
		{Service: "eks", Method: "GET", Path: "/clusters/{name}", Op: "DescribeCluster", Protocol: RESTJSON},
		{Service: "eks", Method: "GET", Path: "/clusters/{name}/node-groups", Op: "ListNodegroups", Protocol: RESTJSON},
		{Service: "eks", Method: "GET", Path: "/clusters/{name}/node-groups/{nodegroupName}", Op: "DescribeNodegroup", Protocol: RESTJSON},
	}
}
