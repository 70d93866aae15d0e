package awstest

import (
	"fmt"
	"strconv"
	"strings"
)

// registerDataServices generates ElastiCache replication groups and
// their member clusters (half the groups without an AUTH token, so the
// group collector reads the members' versions), Redshift clusters (half
// on a custom parameter group) and MSK clusters, each listed 100 to a
// page as the real APIs allow.
func (e Estate) registerDataServices(s *Server, counts map[string]int) {
	groups, clusters := counts["elasticache:DescribeReplicationGroups"], counts["elasticache:DescribeCacheClusters"]
	marker := func(req *Request, key string, total int) (from, to int, next string) {
		from, _ = strconv.Atoi(strings.TrimPrefix(req.Params[key], "m"))
		to = min(from+100, total)
		if to < total {
			next = "m" + strconv.Itoa(to)
		}
		return from, to, next
	}
	query := func(op, list, items, next string) *Reply {
		m := ""
		if next != "" {
			m = "<Marker>" + next + "</Marker>"
		}
		return &Reply{Body: fmt.Sprintf(`<%[1]sResponse><%[1]sResult>%[2]s<%[3]s>%[4]s</%[3]s></%[1]sResult></%[1]sResponse>`, op, m, list, items)}
	}
	s.Handle("elasticache:DescribeReplicationGroups", func(req *Request) *Reply {
		from, to, next := marker(req, "Marker", groups)
		var b strings.Builder
		for i := from; i < to; i++ {
			fmt.Fprintf(&b, `<ReplicationGroup><ReplicationGroupId>rg-%[1]d</ReplicationGroupId><ARN>arn:aws:elasticache:%[2]s:%[3]s:replicationgroup:rg-%[1]d</ARN><Status>available</Status><Engine>redis</Engine><MemberClusters><ClusterId>rg-%[1]d-001</ClusterId><ClusterId>rg-%[1]d-002</ClusterId></MemberClusters><AutomaticFailover>enabled</AutomaticFailover><SnapshotRetentionLimit>7</SnapshotRetentionLimit><AuthTokenEnabled>%[4]t</AuthTokenEnabled><TransitEncryptionEnabled>true</TransitEncryptionEnabled><AtRestEncryptionEnabled>%[5]t</AtRestEncryptionEnabled></ReplicationGroup>`,
				i, req.Region, req.Account, i%2 == 0, i%10 != 0)
		}
		return query(req.Op, "ReplicationGroups", b.String(), next)
	})
	s.Handle("elasticache:DescribeCacheClusters", func(req *Request) *Reply {
		from, to, next := marker(req, "Marker", clusters)
		var b strings.Builder
		for i := from; i < to; i++ {
			fmt.Fprintf(&b, `<CacheCluster><CacheClusterId>rg-%[1]d-00%[2]d</CacheClusterId><ARN>arn:aws:elasticache:%[3]s:%[4]s:cluster:rg-%[1]d-00%[2]d</ARN><CacheClusterStatus>available</CacheClusterStatus><Engine>redis</Engine><EngineVersion>%[5]s</EngineVersion><ReplicationGroupId>rg-%[1]d</ReplicationGroupId><CacheSubnetGroupName>%[6]s</CacheSubnetGroupName><AutoMinorVersionUpgrade>true</AutoMinorVersionUpgrade></CacheCluster>`,
				i/2, i%2+1, req.Region, req.Account, []string{"7.1.0", "5.0.6"}[i%20/19], []string{"cache-private", "default"}[i%25/24])
		}
		return query(req.Op, "CacheClusters", b.String(), next)
	})
	rs := counts["redshift:DescribeClusters"]
	s.Handle("redshift:DescribeClusters", func(req *Request) *Reply {
		from, to, next := marker(req, "Marker", rs)
		var b strings.Builder
		for i := from; i < to; i++ {
			fmt.Fprintf(&b, `<Cluster><ClusterIdentifier>dw-%[1]d</ClusterIdentifier><NodeType>ra3.xlplus</NodeType><ClusterStatus>available</ClusterStatus><MasterUsername>dw_admin</MasterUsername><DBName>sales</DBName><Endpoint><Address>dw-%[1]d.example</Address><Port>5491</Port></Endpoint><PubliclyAccessible>%[2]t</PubliclyAccessible><Encrypted>true</Encrypted><KmsKeyId>arn:aws:kms:%[3]s:%[4]s:key/k</KmsKeyId><AutomatedSnapshotRetentionPeriod>7</AutomatedSnapshotRetentionPeriod><EnhancedVpcRouting>true</EnhancedVpcRouting><AllowVersionUpgrade>true</AllowVersionUpgrade><ClusterParameterGroups><ClusterParameterGroup><ParameterGroupName>%[5]s</ParameterGroupName></ClusterParameterGroup></ClusterParameterGroups><Tags><Tag><Key>team</Key><Value>team-%[6]d</Value></Tag></Tags></Cluster>`,
				i, i%20 == 0, req.Region, req.Account, []string{"dw-ssl", "default.redshift-1.0"}[i%2], i%50)
		}
		return query(req.Op, "Clusters", b.String(), next)
	})
	s.Handle("redshift:DescribeLoggingStatus", func(req *Request) *Reply {
		return &Reply{Body: `<DescribeLoggingStatusResponse><DescribeLoggingStatusResult><LoggingEnabled>true</LoggingEnabled><LogDestinationType>cloudwatch</LogDestinationType></DescribeLoggingStatusResult></DescribeLoggingStatusResponse>`}
	})
	s.Handle("redshift:DescribeClusterParameters", func(req *Request) *Reply {
		return &Reply{Body: `<DescribeClusterParametersResponse><DescribeClusterParametersResult><Parameters><Parameter><ParameterName>require_ssl</ParameterName><ParameterValue>true</ParameterValue><Source>user</Source></Parameter></Parameters></DescribeClusterParametersResult></DescribeClusterParametersResponse>`}
	})
	msk := counts["kafka:ListClustersV2"]
	s.Handle("kafka:ListClustersV2", func(req *Request) *Reply {
		from, to, next := marker(req, "nextToken", msk)
		items := make([]any, 0, to-from)
		for i := from; i < to; i++ {
			items = append(items, map[string]any{
				"clusterArn":  fmt.Sprintf("arn:aws:kafka:%s:%s:cluster/events-%d/uuid-%d", req.Region, req.Account, i, i),
				"clusterName": fmt.Sprintf("events-%d", i), "clusterType": "PROVISIONED", "state": "ACTIVE",
				"tags": map[string]any{"team": fmt.Sprintf("team-%d", i%50)},
				"provisioned": map[string]any{
					"numberOfBrokerNodes": 3, "enhancedMonitoring": []string{"PER_BROKER", "DEFAULT"}[i%4/3],
					"clientAuthentication": map[string]any{"sasl": map[string]any{"iam": map[string]any{"enabled": true}}},
					"encryptionInfo":       map[string]any{"encryptionInTransit": map[string]any{"clientBroker": "TLS", "inCluster": true}},
				},
			})
		}
		body := map[string]any{"clusterInfoList": items}
		if next != "" {
			body["nextToken"] = next
		}
		return &Reply{Body: body}
	})
}
