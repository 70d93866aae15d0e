package awsinv

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/model"
)

func TestStepFunctionsScenarios(t *testing.T) {
	rs := scanServices(t, "misconfigured", "111111111111")
	const arn = "arn:aws:states:us-east-1:111111111111:stateMachine:"
	for name, want := range map[string]string{"orders-flow": "OFF false", "etl": "FATAL false", "reports": "ERROR true"} {
		a := mustGet(t, rs, arn+name).Attributes
		if got := fmt.Sprint(a["log_level"], " ", a["logging_enabled"]); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
		if _, ok := a["definition"]; ok {
			t.Errorf("%s: the definition is not kept", name)
		}
	}
	rs = scanServices(t, "hardened", "222222222222")
	if a := mustGet(t, rs, "arn:aws:states:us-east-1:222222222222:stateMachine:orders").Attributes; a["logging_enabled"] != true || a["log_level"] != "ALL" {
		t.Errorf("hardened orders: %v", a)
	}
}

// A denied DescribeStateMachine leaves the logging unread, not off.
func TestStepFunctionsDeniedDescribe(t *testing.T) {
	srv := replay(t, "misconfigured")
	srv.Handle("states:DescribeStateMachine", func(*awstest.Request) *awstest.Reply {
		return &awstest.Reply{Status: 400, Error: "AccessDeniedException", Message: "not authorized"}
	})
	_, res := scan(t, Config{Services: []string{"stepfunctions"}})
	a := mustGet(t, byID(res), "arn:aws:states:us-east-1:111111111111:stateMachine:orders-flow").Attributes
	if u := fmt.Sprint(a["unread"]); !strings.Contains(u, "logging_enabled") {
		t.Errorf("orders-flow unread %s", u)
	}
	for _, c := range res.Coverage {
		if c.Scope == "aws.stepfunctions.state_machine@111111111111/us-east-1" && (c.Status != model.CoverageDenied || c.API != "states:DescribeStateMachine") {
			t.Errorf("coverage %s %s %s", c.Scope, c.Status, c.API)
		}
	}
}
