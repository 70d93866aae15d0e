package awstest

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// registerECS generates ECS clusters, services and task definitions:
// counts["ecs:ListServices"] services per region spread over a cluster
// per fifty, and counts["ecs:ListTaskDefinitions"] task definition
// families with one active revision each. One service in ten assigns a
// public IP; one task definition in five runs a privileged container.
func (e Estate) registerECS(s *Server, counts map[string]int) {
	services, families := counts["ecs:ListServices"], counts["ecs:ListTaskDefinitions"]
	clusters := 0
	if services > 0 {
		clusters = (services + 49) / 50
	}
	clusterARN := func(req *Request, i int) string {
		return fmt.Sprintf("arn:aws:ecs:%s:%s:cluster/bench-%d", req.Region, req.Account, i)
	}
	page := func(req *Request, total, size int) (from, to int, next string) {
		from, _ = strconv.Atoi(strings.TrimPrefix(req.Params["nextToken"], "t"))
		to = min(from+size, total)
		if to < total {
			next = "t" + strconv.Itoa(to)
		}
		return from, to, next
	}
	list := func(key string, items []string, next string) *Reply {
		body := map[string]any{key: items}
		if next != "" {
			body["nextToken"] = next
		}
		return &Reply{Body: body}
	}
	s.Handle("ecs:ListClusters", func(req *Request) *Reply {
		from, to, next := page(req, clusters, 100)
		var arns []string
		for i := from; i < to; i++ {
			arns = append(arns, clusterARN(req, i))
		}
		return list("clusterArns", arns, next)
	})
	s.Handle("ecs:DescribeClusters", func(req *Request) *Reply {
		var arns []string
		_ = json.Unmarshal([]byte(req.Params["clusters"]), &arns)
		out := make([]any, 0, len(arns))
		for _, a := range arns {
			out = append(out, map[string]any{"clusterArn": a, "clusterName": a[strings.LastIndex(a, "/")+1:], "status": "ACTIVE",
				"settings": []any{map[string]any{"name": "containerInsights", "value": "enabled"}}})
		}
		return &Reply{Body: map[string]any{"clusters": out}}
	})
	// Cluster i holds services i*50 … i*50+49.
	s.Handle("ecs:ListServices", func(req *Request) *Reply {
		c := req.Params["cluster"]
		ci, _ := strconv.Atoi(c[strings.LastIndex(c, "-")+1:])
		n := min(50, services-ci*50)
		from, to, next := page(req, n, 100)
		var arns []string
		for i := from; i < to; i++ {
			arns = append(arns, fmt.Sprintf("arn:aws:ecs:%s:%s:service/bench-%d/svc-%d", req.Region, req.Account, ci, ci*50+i))
		}
		return list("serviceArns", arns, next)
	})
	s.Handle("ecs:DescribeServices", func(req *Request) *Reply {
		var arns []string
		_ = json.Unmarshal([]byte(req.Params["services"]), &arns)
		out := make([]any, 0, len(arns))
		for _, a := range arns {
			i, _ := strconv.Atoi(a[strings.LastIndex(a, "-")+1:])
			public := "DISABLED"
			if i%10 == 0 {
				public = "ENABLED"
			}
			out = append(out, map[string]any{"serviceArn": a, "serviceName": a[strings.LastIndex(a, "/")+1:], "clusterArn": req.Params["cluster"],
				"status": "ACTIVE", "launchType": "FARGATE", "platformVersion": "LATEST", "desiredCount": 2,
				"taskDefinition":       fmt.Sprintf("arn:aws:ecs:%s:%s:task-definition/td-%d:1", req.Region, req.Account, i%max(families, 1)),
				"networkConfiguration": map[string]any{"awsvpcConfiguration": map[string]any{"subnets": []any{"subnet-1"}, "assignPublicIp": public}}})
		}
		return &Reply{Body: map[string]any{"services": out}}
	})
	s.Handle("ecs:ListTaskDefinitions", func(req *Request) *Reply {
		from, to, next := page(req, families, 100)
		var arns []string
		for i := from; i < to; i++ {
			arns = append(arns, fmt.Sprintf("arn:aws:ecs:%s:%s:task-definition/td-%d:1", req.Region, req.Account, i))
		}
		return list("taskDefinitionArns", arns, next)
	})
	s.Handle("ecs:DescribeTaskDefinition", func(req *Request) *Reply {
		arn := req.Params["taskDefinition"]
		family := arn[strings.LastIndex(arn, "/")+1 : strings.LastIndex(arn, ":")]
		i, _ := strconv.Atoi(strings.TrimPrefix(family, "td-"))
		return &Reply{Body: map[string]any{"taskDefinition": map[string]any{
			"taskDefinitionArn": arn, "family": family, "revision": 1, "status": "ACTIVE", "networkMode": "awsvpc",
			"containerDefinitions": []any{map[string]any{"name": "app", "image": "app:1", "user": "1000", "readonlyRootFilesystem": true,
				"privileged": i%5 == 0, "environment": []any{map[string]any{"name": "LOG_LEVEL", "value": "info"}},
				"logConfiguration": map[string]any{"logDriver": "awslogs"}}},
		}}}
	})
}
