package awstest

import (
	"fmt"
	"strconv"
	"strings"
)

// registerStepFunctions generates counts["states:ListStateMachines"]
// state machines per region; one in four logs nothing.
func (e Estate) registerStepFunctions(s *Server, counts map[string]int) {
	n := counts["states:ListStateMachines"]
	arnOf := func(req *Request, i int) string {
		return fmt.Sprintf("arn:aws:states:%s:%s:stateMachine:flow-%d", req.Region, req.Account, i)
	}
	s.Handle("states:ListStateMachines", func(req *Request) *Reply {
		from, _ := strconv.Atoi(strings.TrimPrefix(req.Params["nextToken"], "t"))
		to := min(from+1000, n)
		items := make([]any, 0, to-from)
		for i := from; i < to; i++ {
			items = append(items, map[string]any{"stateMachineArn": arnOf(req, i), "name": fmt.Sprintf("flow-%d", i), "type": "STANDARD", "creationDate": 1704067200})
		}
		body := map[string]any{"stateMachines": items}
		if to < n {
			body["nextToken"] = "t" + strconv.Itoa(to)
		}
		return &Reply{Body: body}
	})
	s.Handle("states:DescribeStateMachine", func(req *Request) *Reply {
		arn := req.Params["stateMachineArn"]
		i, _ := strconv.Atoi(arn[strings.LastIndex(arn, "-")+1:])
		logging := map[string]any{"level": "OFF"}
		if i%4 != 0 {
			logging = map[string]any{"level": "ERROR", "destinations": []any{map[string]any{"cloudWatchLogsLogGroup": map[string]any{
				"logGroupArn": fmt.Sprintf("arn:aws:logs:%s:%s:log-group:/aws/vendedlogs/states/flow-%d:*", req.Region, req.Account, i)}}}}
		}
		return &Reply{Body: map[string]any{"stateMachineArn": arn, "name": arn[strings.LastIndex(arn, ":")+1:], "status": "ACTIVE", "type": "STANDARD",
			"creationDate": 1704067200, "roleArn": "arn:aws:iam::" + req.Account + ":role/flow", "definition": "{}", "loggingConfiguration": logging}}
	})
}
