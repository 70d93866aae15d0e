package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/server/api"
)

// TestAdmissionDecisions: an operator's token records a webhook's
// decision (a retry changes nothing), a viewer cannot, malformed ones
// are 400 naming the field, and decisions are listed by a finding's
// fingerprint, a scoped principal seeing only its namespaces'.
func TestAdmissionDecisions(t *testing.T) {
	each(t, func(t *testing.T, st api.Store) {
		e := newEnv(t, st, nil)
		fp := strings.Repeat("ab", 16)
		decision := func(uid, ns string) map[string]any {
			return map[string]any{"uid": uid, "time": time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), "cluster": "prod", "operation": "CREATE",
				"kind": "Pod", "namespace": ns, "name": "web", "user": "alice", "allowed": false, "reason": "judged",
				"message":  "vigil denied Pod " + ns + "/web: 1 enforced rule(s) violated:\n- k8s-privileged-container (critical)",
				"verdicts": []map[string]any{{"fingerprint": fp, "rule_id": "k8s-privileged-container", "severity": "critical", "mode": "enforce", "result": "denied"}}}
		}
		for _, d := range []map[string]any{decision("u1", "shop"), decision("u2", "payments"), decision("u1", "shop")} {
			if code, b := e.call("op", "POST", "/api/v1/admission/decisions", d); code != http.StatusCreated {
				t.Fatalf("record as operator: %d %s", code, b)
			}
		}
		if code, _ := e.call("viewer", "POST", "/api/v1/admission/decisions", decision("u3", "shop")); code != http.StatusForbidden {
			t.Errorf("a viewer recorded a decision: %d", code)
		}
		if code, _ := e.call("shop", "POST", "/api/v1/admission/decisions", decision("u4", "payments")); code != http.StatusForbidden {
			t.Errorf("a principal scoped to shop recorded a decision in payments: %d", code)
		}
		for field, bad := range map[string]any{"uid": "", "operation": "PATCH", "verdicts": []map[string]any{{"fingerprint": "x", "rule_id": "r", "severity": "high", "mode": "enforce", "result": "denied"}}} {
			d := decision("u5", "shop")
			d[field] = bad
			code, b := e.call("op", "POST", "/api/v1/admission/decisions", d)
			if code != http.StatusBadRequest || !strings.Contains(problem(t, b).Error, strings.TrimSuffix(field, "s")) {
				t.Errorf("bad %s: %d %s", field, code, b)
			}
		}
		var list struct {
			Items []struct {
				UID, Namespace string
				Allowed        bool
				Verdicts       []struct{ Fingerprint, Mode, Result string }
			}
		}
		e.get("viewer", "/api/v1/admission/decisions?fingerprint="+fp, &list)
		if len(list.Items) != 2 || list.Items[0].Verdicts[0].Fingerprint != fp || list.Items[0].Verdicts[0].Result != "denied" || list.Items[0].Allowed {
			t.Fatalf("decisions of %s = %+v", fp, list)
		}
		e.get("shop", "/api/v1/admission/decisions", &list)
		if len(list.Items) != 1 || list.Items[0].Namespace != "shop" {
			b, _ := json.Marshal(list)
			t.Errorf("as shop: %s", b)
		}
	})
}
