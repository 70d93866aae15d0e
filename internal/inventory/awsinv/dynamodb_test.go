package awsinv

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/awstest"
)

const (
	ordersTable   = "arn:aws:dynamodb:us-east-1:111111111111:table/orders"
	sessionsTable = "arn:aws:dynamodb:us-east-1:111111111111:table/sessions"
	ledgerTable   = "arn:aws:dynamodb:eu-west-1:222222222222:table/ledger"
)

func dynamodbRules() map[string][]string {
	return map[string][]string{
		"aws-dynamodb-point-in-time-recovery": {ordersTable},
		"aws-dynamodb-deletion-protection":    {ordersTable, sessionsTable},
	}
}

func TestMisconfiguredDynamoDB(t *testing.T) {
	rs := scanTypes(t, "misconfigured", "111111111111", []string{"dynamodb"}, "aws.dynamodb.table")
	if len(rs) != 2 {
		t.Errorf("%d tables, want 2 (both pages)", len(rs))
	}
	o := mustGet(t, rs, ordersTable)
	if attr(o, "point_in_time_recovery") != false || attr(o, "deletion_protected") != false ||
		attr(o, "continuous_backups", "point_in_time_recovery_description", "point_in_time_recovery_status") != "DISABLED" {
		t.Errorf("orders: %v", o.Attributes)
	}
	s := mustGet(t, rs, sessionsTable)
	if attr(s, "point_in_time_recovery") != true || attr(s, "sse_description", "sse_type") != "KMS" {
		t.Errorf("sessions: %v", s.Attributes)
	}
	got, _ := firedOn(t, rs)
	checkFired(t, got, dynamodbRules())
}

func TestHardenedDynamoDB(t *testing.T) {
	rs := scanTypes(t, "hardened", "222222222222", []string{"dynamodb"}, "aws.dynamodb.table")
	l := mustGet(t, rs, ledgerTable)
	if attr(l, "point_in_time_recovery") != true || attr(l, "deletion_protected") != true {
		t.Errorf("ledger: %v", l.Attributes)
	}
	got, sev := firedOn(t, rs)
	checkQuiet(t, got, sev)
	for id := range dynamodbRules() {
		if len(got[id]) > 0 {
			t.Errorf("%s fires in the hardened scenario on %v", id, got[id])
		}
	}
}

// A denied DescribeContinuousBackups leaves point-in-time recovery
// unread: the table is still collected and the rule stays silent.
func TestDynamoDBDeniedBackups(t *testing.T) {
	srv := replay(t, "misconfigured")
	srv.Handle("dynamodb:DescribeContinuousBackups", func(*awstest.Request) *awstest.Reply {
		return &awstest.Reply{Status: 400, Error: "AccessDeniedException", Message: "not authorized"}
	})
	_, res := scan(t, Config{Services: []string{"dynamodb"}})
	rs := byID(res)
	o := mustGet(t, rs, ordersTable)
	if u, _ := attr(o, "unread").([]any); len(u) != 2 || attr(o, "deletion_protected") != false {
		t.Errorf("orders: %v", o.Attributes)
	}
	denied := false
	for _, c := range res.Coverage {
		if c.Scope == "aws.dynamodb.table@111111111111/us-east-1" && c.Status == "denied" {
			denied = true
		}
	}
	if !denied {
		t.Errorf("coverage does not say denied: %v", res.Coverage)
	}
	got, _ := firedOn(t, rs)
	if len(got["aws-dynamodb-point-in-time-recovery"]) > 0 {
		t.Errorf("point-in-time recovery judged without being read: %v", got["aws-dynamodb-point-in-time-recovery"])
	}
	if len(got["aws-dynamodb-deletion-protection"]) != 2 {
		t.Errorf("deletion protection is still judged: %v", got["aws-dynamodb-deletion-protection"])
	}
}
