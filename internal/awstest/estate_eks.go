package awstest

import (
	"fmt"
	"strconv"
	"strings"
)

// registerEKS generates EKS managed node groups: a tenth of the Kinesis
// streams' share (0.1% of the estate), five to a cluster, one in four
// with SSH open to the internet. Each costs its describe call, and each
// cluster a DescribeCluster and a ListNodegroups call: about 1.4 calls
// per node group.
func (e Estate) registerEKS(s *Server, counts map[string]int) {
	groups := counts["kinesis:ListStreams"] / 10
	const perCluster = 5
	clusters := (groups + perCluster - 1) / perCluster
	cluster := func(i int) string { return fmt.Sprintf("eks-%d", i) }
	s.Handle("eks:ListClusters", func(req *Request) *Reply {
		from, _ := strconv.Atoi(strings.TrimPrefix(req.Params["nextToken"], "t"))
		to := min(from+100, clusters)
		names := make([]any, 0, to-from)
		for i := from; i < to; i++ {
			names = append(names, cluster(i))
		}
		body := map[string]any{"clusters": names}
		if to < clusters {
			body["nextToken"] = "t" + strconv.Itoa(to)
		}
		return &Reply{Body: body}
	})
	s.Handle("eks:DescribeCluster", func(req *Request) *Reply {
		n := req.Params["name"]
		return &Reply{Body: map[string]any{"cluster": map[string]any{
			"name": n, "arn": fmt.Sprintf("arn:aws:eks:%s:%s:cluster/%s", req.Region, req.Account, n), "status": "ACTIVE",
			"resourcesVpcConfig": map[string]any{"endpointPublicAccess": false, "endpointPrivateAccess": true},
		}}}
	})
	s.Handle("eks:ListNodegroups", func(req *Request) *Reply {
		c, _ := strconv.Atoi(strings.TrimPrefix(req.Params["name"], "eks-"))
		var names []any
		for i := c * perCluster; i < min((c+1)*perCluster, groups); i++ {
			names = append(names, fmt.Sprintf("ng-%d", i))
		}
		return &Reply{Body: map[string]any{"nodegroups": names}}
	})
	s.Handle("eks:DescribeNodegroup", func(req *Request) *Reply {
		c, n := req.Params["name"], req.Params["nodegroupName"]
		i, _ := strconv.Atoi(strings.TrimPrefix(n, "ng-"))
		ra := map[string]any{"ec2SshKey": "ops", "sourceSecurityGroups": []any{"sg-bastion"}}
		if i%4 == 0 {
			ra = map[string]any{"ec2SshKey": "ops"}
		}
		return &Reply{Body: map[string]any{"nodegroup": map[string]any{
			"nodegroupName": n, "clusterName": c, "status": "ACTIVE", "remoteAccess": ra,
			"nodegroupArn": fmt.Sprintf("arn:aws:eks:%s:%s:nodegroup/%s/%s/0000-%d", req.Region, req.Account, c, n, i),
			"nodeRole":     fmt.Sprintf("arn:aws:iam::%s:role/eks-nodes", req.Account),
		}}}
	})
}
