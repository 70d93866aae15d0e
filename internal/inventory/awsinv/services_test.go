package awsinv

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/model"
)

var servicesNames = []string{"lambda", "sqs", "secretsmanager", "glacier", "ecr", "opensearch", "events", "elb", "elbv2", "cloudfront", "apigateway",
	"ecs", "codebuild", "stepfunctions", "elasticache", "redshift", "msk"}

// servicesScopes is the coverage every services scan must report
// complete.
func servicesScopes(account string) []string {
	var out []string
	for _, t := range []string{"aws.lambda.function", "aws.sqs.queue", "aws.secretsmanager.secret", "aws.glacier.vault",
		"aws.ecr.repository", "aws.opensearch.domain", "aws.events.event_bus", "aws.elb.load_balancer", "aws.elbv2.load_balancer", "aws.apigateway.stage", "aws.apigatewayv2.stage",
		"aws.ecs.cluster", "aws.ecs.service", "aws.ecs.task_definition", "aws.codebuild.project", "aws.stepfunctions.state_machine",
		"aws.elasticache.replication_group", "aws.elasticache.cache_cluster", "aws.redshift.cluster",
		"aws.msk.cluster"} {
		for _, r := range []string{"eu-west-1", "us-east-1"} {
			out = append(out, t+"@"+account+"/"+r+"=complete")
		}
	}
	out = append(out, "aws.cloudfront.distribution@"+account+"=complete")
	sort.Strings(out)
	return out
}

// scanServices replays a scenario for the services family and checks
// what every run must satisfy: no unanswered request, complete
// coverage, and only declared IAM actions called.
func scanServices(t *testing.T, scenario, account string) map[string]*model.Resource {
	t.Helper()
	srv := replay(t, scenario)
	sc, res := scan(t, Config{Services: servicesNames})
	if m := srv.Misses(); len(m) > 0 {
		t.Fatalf("requests without a recorded response:\n%s", strings.Join(m, "\n"))
	}
	if res.Status != model.ScanComplete {
		t.Errorf("status %s, coverage %v", res.Status, res.Coverage)
	}
	var scopes []string
	for _, c := range res.Coverage {
		if c.Status != model.CoverageComplete {
			t.Errorf("coverage %s: %s %s %s", c.Scope, c.Status, c.API, c.Reason)
		}
		scopes = append(scopes, c.Scope+"="+c.Status)
	}
	sort.Strings(scopes)
	if got, want := strings.Join(scopes, " "), strings.Join(servicesScopes(account), " "); got != want {
		t.Errorf("coverage\n got %s\nwant %s", got, want)
	}
	checkDeclared(t, sc, servicesCollectors())
	return byID(res)
}

// dig follows a dotted path through attribute maps.
func dig(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func TestMisconfiguredServices(t *testing.T) {
	rs := scanServices(t, "misconfigured", "111111111111")
	want := map[string]string{
		"aws.lambda.function": "3", "aws.sqs.queue": "2", "aws.secretsmanager.secret": "2", "aws.glacier.vault": "2",
		"aws.events.event_bus": "3", "aws.elb.load_balancer": "1", "aws.elbv2.load_balancer": "2", "aws.cloudfront.distribution": "2",
		"aws.apigateway.stage": "2", "aws.apigatewayv2.stage": "1", "aws.ecr.repository": "2",
		"aws.opensearch.domain": "6",
		"aws.ecs.cluster":       "2", "aws.ecs.service": "11", "aws.ecs.task_definition": "3",
		"aws.elasticache.replication_group": "2", "aws.elasticache.cache_cluster": "6", "aws.redshift.cluster": "2", "aws.msk.cluster": "3",
	}
	count := map[string]int{}
	for _, r := range rs {
		count[r.Type]++
	}
	for typ, n := range want {
		if fmt.Sprint(count[typ]) != n {
			t.Errorf("%s: %d resources, want %s (pagination?)", typ, count[typ], n)
		}
	}

	web := mustGet(t, rs, "arn:aws:ecr:us-east-1:111111111111:repository/web-images").Attributes
	if web["tags_immutable"] != false || web["scans_on_push"] != false || dig(web, "policy.analysis.public") != true || web["registry_scan_type"] != "ENHANCED" {
		t.Errorf("web-images: %v", web)
	}
	base := mustGet(t, rs, "arn:aws:ecr:us-east-1:111111111111:repository/base-images").Attributes
	if base["tags_immutable"] != false || base["scans_on_push"] != false || dig(base, "image_scanning_configuration.scan_on_push") != true || base["policy"] != nil {
		t.Errorf("base-images: exclusion of every tag and an ignored repository setting: %v", base)
	}

	lp := mustGet(t, rs, "arn:aws:es:us-east-1:111111111111:domain/logs-public").Attributes
	if lp["public"] != true || lp["in_vpc"] != false || lp["encrypted_at_rest"] != false || lp["node_to_node_encrypted"] != false ||
		lp["https_enforced"] != false || lp["tls_below_1_2"] != true || lp["engine_version"] != "Elasticsearch_7.10" {
		t.Errorf("logs-public: %v", lp)
	}
	if m := mustGet(t, rs, "arn:aws:es:us-east-1:111111111111:domain/metrics").Attributes; m["public"] != false || m["in_vpc"] != true || dig(m, "policy.analysis.public") != true {
		t.Errorf("metrics: an open policy in a VPC is not public: %v", m)
	}

	ses := mustGet(t, rs, "arn:aws:elasticache:us-east-1:111111111111:replicationgroup:sessions").Attributes
	if ses["engine_version"] != "5.0.6" || ses["before_rbac"] != true || ses["auth_enabled"] != false || ses["automatic_failover_enabled"] != false ||
		ses["at_rest_encryption_enabled"] != false || ses["transit_encryption_enabled"] != false || ses["snapshot_retention_limit"] != int64(0) {
		t.Errorf("sessions replication group: %v", ses)
	}
	if q := mustGet(t, rs, "arn:aws:elasticache:us-east-1:111111111111:replicationgroup:queue").Attributes; q["engine_version"] != "7.1.0" ||
		q["before_rbac"] != false || q["automatic_failover_enabled"] != true || q["at_rest_encryption_enabled"] != true {
		t.Errorf("queue replication group (second page, versions from the second page of clusters): %v", q)
	}
	if m := mustGet(t, rs, "arn:aws:elasticache:us-east-1:111111111111:cluster:sessions-001").Attributes; m["default_subnet_group"] != true ||
		m["auto_minor_version_upgrade"] != false || m["backup_capable"] != false {
		t.Errorf("sessions-001: %v", m)
	}
	if r := mustGet(t, rs, "arn:aws:elasticache:us-east-1:111111111111:cluster:rate-limits").Attributes; r["backup_capable"] != true || r["snapshot_retention_limit"] != int64(0) {
		t.Errorf("rate-limits: %v", r)
	}
	if c := mustGet(t, rs, "arn:aws:elasticache:us-east-1:111111111111:cluster:catalog").Attributes; c["backup_capable"] != false || c["default_subnet_group"] != true {
		t.Errorf("catalog (memcached): %v", c)
	}

	an := mustGet(t, rs, "arn:aws:redshift:us-east-1:111111111111:cluster:analytics")
	if a := an.Attributes; a["publicly_accessible"] != true || a["require_ssl"] != false || a["audit_logging_enabled"] != false ||
		a["default_admin_username"] != true || a["default_database_name"] != true || a["default_port"] != true || a["encrypted_with_kms"] != false ||
		a["multi_az_enabled"] != false || an.Labels["team"] != "data" {
		t.Errorf("analytics: %v %v", a, an.Labels)
	}
	if a := mustGet(t, rs, "arn:aws:redshift:us-east-1:111111111111:cluster:reporting").Attributes; a["require_ssl"] != false ||
		a["audit_logging_enabled"] != true || a["encrypted_with_kms"] != true || a["automated_snapshot_retention_period"] != int64(0) ||
		fmt.Sprint(dig(a, "logging.log_exports")) != "[connectionlog userlog useractivitylog]" {
		t.Errorf("reporting (second page, its own parameter group): %v", a)
	}

	ev := mustGet(t, rs, "arn:aws:kafka:us-east-1:111111111111:cluster/events/0a1b2c3d-1111-2222-3333-444455556666-1")
	if a := ev.Attributes; a["in_cluster_encrypted"] != false || a["client_tls_only"] != false || a["public_access"] != true ||
		a["unauthenticated_access"] != true || a["enhanced_monitoring_enabled"] != false || ev.Labels["team"] != "platform" {
		t.Errorf("events: %v %v", a, ev.Labels)
	}
	if a := mustGet(t, rs, "arn:aws:kafka:us-east-1:111111111111:cluster/orders-stream/1a1b2c3d-1111-2222-3333-444455556666-1").Attributes; a["unauthenticated_access"] != true ||
		a["public_access"] != false || a["in_cluster_encrypted"] != true {
		t.Errorf("orders-stream (second page, no client authentication): %v", a)
	}
	if a := mustGet(t, rs, "arn:aws:kafka:us-east-1:111111111111:cluster/analytics/2a1b2c3d-1111-2222-3333-444455556666-s1").Attributes; a["unauthenticated_access"] != false ||
		a["cluster_type"] != "SERVERLESS" {
		t.Errorf("analytics (serverless): %v", a)
	}

	lw := mustGet(t, rs, "arn:aws:lambda:us-east-1:111111111111:function:legacy-worker").Attributes
	if lw["runtime"] != "python3.7" || lw["runtime_deprecated"] != true || lw["runtime_deprecation_date"] != "2023-12-04" {
		t.Errorf("legacy-worker runtime: %v %v %v", lw["runtime"], lw["runtime_deprecated"], lw["runtime_deprecation_date"])
	}
	creds, _ := lw["credentials"].([]any)
	if len(creds) != 2 || dig(creds[0], "key") != "AWS_ACCESS_KEY_ID" || dig(creds[0], "kind") != "aws_access_key_id" || dig(creds[1], "key") != "DB_PASSWORD" {
		t.Errorf("legacy-worker credentials: %v", creds)
	}
	if v := dig(lw, "environment.variables.LOG_LEVEL"); v != "debug" {
		t.Errorf("non-secret variables are kept: LOG_LEVEL = %v", v)
	}
	if v, _ := dig(lw, "environment.variables.AWS_ACCESS_KEY_ID").(string); !strings.Contains(v, "REDACTED") {
		t.Errorf("AWS_ACCESS_KEY_ID not redacted: %q", v)
	}
	if _, ok := lw["policy"]; ok {
		t.Errorf("legacy-worker has no policy: %v", lw["policy"])
	}
	pa := mustGet(t, rs, "arn:aws:lambda:us-east-1:111111111111:function:public-api").Attributes
	if pa["public_url"] != true || dig(pa, "policy.analysis.public") != true {
		t.Errorf("public-api: public_url %v, policy %v", pa["public_url"], pa["policy"])
	}
	oh := mustGet(t, rs, "arn:aws:lambda:us-east-1:111111111111:function:orders-handler").Attributes
	if dig(oh, "policy.analysis.public") != false || oh["runtime_deprecated"] != false {
		t.Errorf("orders-handler: %v", oh)
	}

	q := mustGet(t, rs, "arn:aws:sqs:us-east-1:111111111111:orders-public").Attributes
	if dig(q, "policy.analysis.public") != true || q["encrypted"] != true || q["sqs_managed_sse_enabled"] != true || q["visibility_timeout"] != int64(30) {
		t.Errorf("orders-public: %v", q)
	}
	if pq := mustGet(t, rs, "arn:aws:sqs:us-east-1:111111111111:plain-queue").Attributes; pq["encrypted"] != false {
		t.Errorf("plain-queue encrypted: %v", pq["encrypted"])
	}

	db := mustGet(t, rs, "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-master-AbCdEf").Attributes
	if db["rotation_enabled"] != false || dig(db, "resource_policy.analysis.public") != true {
		t.Errorf("db-master: %v", db)
	}
	if d, _ := db["rotation_age_days"].(int64); d < 365 || db["last_rotated_days"] != nil {
		t.Errorf("db-master rotation age %v, last rotated %v", db["rotation_age_days"], db["last_rotated_days"])
	}
	ak := mustGet(t, rs, "arn:aws:secretsmanager:us-east-1:111111111111:secret:api-key-shared-GhIjKl").Attributes
	if d, _ := ak["last_rotated_days"].(int64); d < 90 || ak["rotation_enabled"] != true {
		t.Errorf("api-key-shared: %v", ak)
	}
	if rs["arn:aws:secretsmanager:us-east-1:111111111111:secret:db-master-AbCdEf"].Labels["team"] != "data" {
		t.Errorf("db-master tags")
	}

	if v := mustGet(t, rs, "arn:aws:glacier:us-east-1:111111111111:vaults/archive-public").Attributes; dig(v, "policy.analysis.public") != true || v["vault_name"] != "archive-public" {
		t.Errorf("archive-public: %v", v)
	}
	if v := mustGet(t, rs, "arn:aws:glacier:us-east-1:111111111111:vaults/archive-private").Attributes; v["policy"] != nil {
		t.Errorf("archive-private has no policy: %v", v["policy"])
	}

	if b := mustGet(t, rs, "arn:aws:events:us-east-1:111111111111:event-bus/default").Attributes; dig(b, "policy.analysis.public") != true {
		t.Errorf("us-east-1 default bus: %v", b)
	}
	if b := mustGet(t, rs, "arn:aws:events:us-east-1:111111111111:event-bus/partner-bus").Attributes; dig(b, "policy.analysis.public") != false {
		t.Errorf("partner-bus is narrowed to the organisation: %v", b)
	}

	alb := mustGet(t, rs, "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web-alb/50dc6c495c0c9188").Attributes
	if alb["access_logs_enabled"] != false || alb["type"] != "application" || fmt.Sprint(alb["plain_http_listener_ports"]) != "[80]" {
		t.Errorf("web-alb: %v", alb)
	}
	if rs["arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web-alb/50dc6c495c0c9188"].Labels["team"] != "web" {
		t.Errorf("web-alb tags")
	}
	clb := mustGet(t, rs, "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/legacy-web")
	if clb.Attributes["access_logs_enabled"] != false || clb.Attributes["tls_listener"] != false ||
		fmt.Sprint(clb.Attributes["plain_listener_ports"]) != "[80]" || clb.Labels["team"] != "web" {
		t.Errorf("legacy-web: %v %v", clb.Attributes, clb.Labels)
	}
	nlb := mustGet(t, rs, "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/internal-nlb/73e2d6bc24d8a067").Attributes
	if nlb["access_logs_enabled"] != true || nlb["deletion_protection_enabled"] != true || nlb["plain_http_listener_ports"] != nil {
		t.Errorf("internal-nlb: %v", nlb)
	}

	cf := mustGet(t, rs, "arn:aws:cloudfront::111111111111:distribution/E1PUBLICSITE").Attributes
	if cf["logging_enabled"] != false || cf["allows_http"] != true || cf["minimum_protocol_version"] != "TLSv1" {
		t.Errorf("E1PUBLICSITE: %v", cf)
	}
	if r := rs["arn:aws:cloudfront::111111111111:distribution/E1PUBLICSITE"]; r.Region != "" {
		t.Errorf("distribution region %q", r.Region)
	}
	cf2 := mustGet(t, rs, "arn:aws:cloudfront::111111111111:distribution/E2STATICSITE").Attributes
	if cf2["logging_enabled"] != true || cf2["allows_http"] != false || dig(cf2, "distribution_config.web_acl_id") == nil {
		t.Errorf("E2STATICSITE: %v", cf2)
	}

	st := mustGet(t, rs, "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod").Attributes
	if st["access_logging_enabled"] != false || st["execution_logging_level"] != "OFF" || st["rest_api_name"] != "orders-api" {
		t.Errorf("orders-api prod: %v", st)
	}
	if c, _ := st["credentials"].([]any); len(c) != 1 || dig(c[0], "key") != "dbPassword" {
		t.Errorf("orders-api prod credentials: %v", st["credentials"])
	}
	live := mustGet(t, rs, "arn:aws:apigateway:us-east-1::/restapis/f6g7h8i9j0/stages/live").Attributes
	if live["access_logging_enabled"] != true || live["execution_logging_level"] != "INFO" {
		t.Errorf("billing-api live: %v", live)
	}
	ws := mustGet(t, rs, "arn:aws:apigateway:us-east-1::/apis/k1l2m3n4o5/stages/production").Attributes
	if ws["access_logging_enabled"] != false || ws["protocol_type"] != "WEBSOCKET" {
		t.Errorf("chat-api production: %v", ws)
	}

	// No secret value from the fixtures survives anywhere.
	all := make([]*model.Resource, 0, len(rs))
	for _, r := range rs {
		all = append(all, r)
	}
	b, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"AKIAIOSFODNN7EXAMPLE", "hunter2-Sup3rS3cret", "Tr0ub4dor-and-3"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("secret %q leaked into the collected resources", secret)
		}
	}
}

func TestHardenedServices(t *testing.T) {
	// The fixture's last rotation (2026-01-01) is recent for this clock.
	rs := scanServices(t, "hardened", "222222222222")
	fn := mustGet(t, rs, "arn:aws:lambda:us-east-1:222222222222:function:orders").Attributes
	if fn["runtime_deprecated"] != false || fn["public_url"] != false || fn["credentials"] != nil || dig(fn, "policy.analysis.public") != false {
		t.Errorf("orders function: %v", fn)
	}
	q := mustGet(t, rs, "arn:aws:sqs:us-east-1:222222222222:orders").Attributes
	if q["encrypted"] != true || q["kms_master_key_id"] == nil || dig(q, "policy.analysis.public") != false {
		t.Errorf("orders queue: %v", q)
	}
	repo := mustGet(t, rs, "arn:aws:ecr:us-east-1:222222222222:repository/api").Attributes
	if repo["tags_immutable"] != true || repo["scans_on_push"] != true || repo["registry_scan_frequency"] != "SCAN_ON_PUSH" || dig(repo, "policy.analysis.public") != false {
		t.Errorf("api repository: %v", repo)
	}
	dom := mustGet(t, rs, "arn:aws:es:us-east-1:222222222222:domain/search").Attributes
	if dom["public"] != false || dom["in_vpc"] != true || dom["encrypted_at_rest"] != true || dom["node_to_node_encrypted"] != true ||
		dom["https_enforced"] != true || dom["tls_below_1_2"] != false {
		t.Errorf("search domain: %v", dom)
	}
	sec := mustGet(t, rs, "arn:aws:secretsmanager:us-east-1:222222222222:secret:db-master-MnOpQr").Attributes
	if sec["rotation_enabled"] != true || sec["last_rotated_days"] == nil || dig(sec, "resource_policy.analysis.public") != false {
		t.Errorf("db-master: %v", sec)
	}
	if d, _ := sec["last_rotated_days"].(int64); d > 90 {
		t.Errorf("hardened secret rotated %d days ago; the fixture must rotate relative to now", d)
	}
	v := mustGet(t, rs, "arn:aws:glacier:us-east-1:222222222222:vaults/backups").Attributes
	if dig(v, "policy.analysis.public") != false {
		t.Errorf("backups vault: %v", v)
	}
	bus := mustGet(t, rs, "arn:aws:events:us-east-1:222222222222:event-bus/default").Attributes
	if dig(bus, "policy.analysis.public") != false {
		t.Errorf("default bus: %v", bus)
	}
	lb := mustGet(t, rs, "arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/app/web/1a2b3c4d5e6f7a8b").Attributes
	if lb["access_logs_enabled"] != true || lb["drop_invalid_header_fields_enabled"] != true || lb["plain_http_listener_ports"] != nil {
		t.Errorf("web alb: %v", lb)
	}
	clb := mustGet(t, rs, "arn:aws:elasticloadbalancing:us-east-1:222222222222:loadbalancer/legacy-web").Attributes
	if clb["access_logs_enabled"] != true || clb["tls_listener"] != true || clb["plain_listener_ports"] != nil {
		t.Errorf("classic load balancer: %v", clb)
	}
	cf := mustGet(t, rs, "arn:aws:cloudfront::222222222222:distribution/E3SECURESITE").Attributes
	if cf["logging_enabled"] != true || cf["allows_http"] != false || cf["minimum_protocol_version"] != "TLSv1.2_2021" {
		t.Errorf("distribution: %v", cf)
	}
	st := mustGet(t, rs, "arn:aws:apigateway:us-east-1::/restapis/s1t2u3v4w5/stages/prod").Attributes
	if st["access_logging_enabled"] != true {
		t.Errorf("rest stage: %v", st)
	}
	st2 := mustGet(t, rs, "arn:aws:apigateway:us-east-1::/apis/h1i2j3k4l5/stages/$default").Attributes
	if st2["access_logging_enabled"] != true {
		t.Errorf("http stage: %v", st2)
	}
	rg := mustGet(t, rs, "arn:aws:elasticache:us-east-1:222222222222:replicationgroup:sessions").Attributes
	if rg["auth_enabled"] != true || rg["automatic_failover_enabled"] != true || rg["engine_version"] != nil || rg["before_rbac"] != false {
		t.Errorf("sessions replication group (AUTH on: versions not read): %v", rg)
	}
	if m := mustGet(t, rs, "arn:aws:elasticache:us-east-1:222222222222:cluster:sessions-001").Attributes; m["default_subnet_group"] != false {
		t.Errorf("sessions-001: %v", m)
	}
	if w := mustGet(t, rs, "arn:aws:redshift:us-east-1:222222222222:cluster:warehouse").Attributes; w["require_ssl"] != true ||
		w["audit_logging_enabled"] != true || w["multi_az_enabled"] != true || w["default_port"] != false {
		t.Errorf("warehouse: %v", w)
	}
	if a := mustGet(t, rs, "arn:aws:kafka:us-east-1:222222222222:cluster/events/0e1f2a3b-1111-2222-3333-444455556666-1").Attributes; a["unauthenticated_access"] != false ||
		a["public_access"] != false || a["client_tls_only"] != true || a["enhanced_monitoring_enabled"] != true {
		t.Errorf("events (hardened): %v", a)
	}
	for id, r := range rs {
		if _, ok := r.Attributes["unread"]; ok {
			t.Errorf("%s: nothing should be unread: %v", id, r.Attributes["unread"])
		}
	}
}

// A denied per-resource read marks the attribute unread, makes the
// scope's coverage denied, and the resource is still emitted.
func TestServicesDeniedSubCalls(t *testing.T) {
	srv := replay(t, "misconfigured")
	deny := func(*awstest.Request) *awstest.Reply {
		return &awstest.Reply{Status: 403, Error: "AccessDeniedException", Message: "not authorized"}
	}
	srv.Handle("lambda:GetPolicy", deny)
	srv.Handle("sqs:GetQueueAttributes", deny)
	srv.Handle("ecr:GetRegistryScanningConfiguration", deny)
	srv.Handle("redshift:DescribeLoggingStatus", func(*awstest.Request) *awstest.Reply {
		return &awstest.Reply{Status: 403, Error: "AccessDenied", Message: "not authorized"}
	})
	srv.Handle("redshift:DescribeClusterParameters", func(*awstest.Request) *awstest.Reply {
		return &awstest.Reply{Status: 403, Error: "AccessDenied", Message: "not authorized"}
	})
	srv.Handle("elasticache:DescribeCacheClusters", func(*awstest.Request) *awstest.Reply {
		return &awstest.Reply{Status: 403, Error: "AccessDenied", Message: "not authorized"}
	})
	srv.Handle("cloudfront:GetDistributionConfig", func(*awstest.Request) *awstest.Reply {
		return &awstest.Reply{Status: 403, Error: "AccessDenied", Message: "not authorized"}
	})
	_, res := scan(t, Config{Services: []string{"lambda", "sqs", "ecr", "cloudfront", "elasticache", "redshift"}})
	rs := byID(res)
	fn := mustGet(t, rs, "arn:aws:lambda:us-east-1:111111111111:function:public-api").Attributes
	if fmt.Sprint(fn["unread"]) != "[policy]" || fn["policy"] != nil || fn["public_url"] != true {
		t.Errorf("public-api with GetPolicy denied: unread %v policy %v", fn["unread"], fn["policy"])
	}
	q := mustGet(t, rs, "arn:aws:sqs:us-east-1:111111111111:plain-queue").Attributes
	if _, ok := q["encrypted"]; !ok || !strings.Contains(fmt.Sprint(q["unread"]), "encrypted") {
		t.Errorf("plain-queue with attributes denied: %v", q)
	}
	repo := mustGet(t, rs, "arn:aws:ecr:us-east-1:111111111111:repository/base-images").Attributes
	if u := fmt.Sprint(repo["unread"]); u != "[registry_scan_frequency registry_scan_type scans_on_push]" || repo["tags_immutable"] != false {
		t.Errorf("base-images with registry scanning denied: unread %v", u)
	}
	cf := mustGet(t, rs, "arn:aws:cloudfront::111111111111:distribution/E1PUBLICSITE").Attributes
	if !strings.Contains(fmt.Sprint(cf["unread"]), "distribution_config") {
		t.Errorf("distribution with config denied: %v", cf)
	}
	ses := mustGet(t, rs, "arn:aws:elasticache:us-east-1:111111111111:replicationgroup:sessions").Attributes
	if fmt.Sprint(ses["unread"]) != "[before_rbac engine_version]" || ses["before_rbac"] != false || ses["auth_enabled"] != false {
		t.Errorf("sessions with cache clusters denied: %v", ses)
	}
	if rp := mustGet(t, rs, "arn:aws:redshift:us-east-1:111111111111:cluster:reporting").Attributes; fmt.Sprint(rp["unread"]) != "[audit_logging_enabled logging require_ssl]" {
		t.Errorf("reporting with logging status and parameters denied: %v", rp)
	}
	if an := mustGet(t, rs, "arn:aws:redshift:us-east-1:111111111111:cluster:analytics").Attributes; an["require_ssl"] != false {
		t.Errorf("analytics uses a default parameter group, read without a call: %v", an)
	}
	denied := map[string]string{}
	for _, c := range res.Coverage {
		if c.Status == model.CoverageDenied {
			denied[c.Scope] = c.API
		}
	}
	for scope, api := range map[string]string{
		"aws.lambda.function@111111111111/us-east-1":               "lambda:GetPolicy",
		"aws.sqs.queue@111111111111/us-east-1":                     "sqs:GetQueueAttributes",
		"aws.ecr.repository@111111111111/us-east-1":                "ecr:GetRegistryScanningConfiguration",
		"aws.cloudfront.distribution@111111111111":                 "cloudfront:GetDistributionConfig",
		"aws.elasticache.replication_group@111111111111/us-east-1": "elasticache:DescribeCacheClusters",
		"aws.elasticache.cache_cluster@111111111111/us-east-1":     "elasticache:DescribeCacheClusters",
		"aws.redshift.cluster@111111111111/us-east-1":              "redshift:DescribeClusterParameters",
	} {
		if denied[scope] != api {
			t.Errorf("coverage %s: denied by %q, want %q (all denied: %v)", scope, denied[scope], api, denied)
		}
	}
}

func TestQueueARN(t *testing.T) {
	for u, want := range map[string]string{
		"https://sqs.us-east-1.amazonaws.com/111111111111/orders":     "arn:aws:sqs:us-east-1:111111111111:orders",
		"https://sqs.cn-north-1.amazonaws.com.cn/111111111111/q.fifo": "arn:aws-cn:sqs:cn-north-1:111111111111:q.fifo",
		"not a url/%zz": "not a url/%zz",
		"https://sqs.us-east-1.amazonaws.com/only-one-part": "https://sqs.us-east-1.amazonaws.com/only-one-part",
	} {
		region := strings.Split(strings.TrimPrefix(u, "https://sqs."), ".")[0]
		if got := queueARN(u, region); got != want {
			t.Errorf("queueARN(%q) = %q, want %q", u, got, want)
		}
	}
}

func FuzzQueueARN(f *testing.F) {
	f.Add("https://sqs.us-east-1.amazonaws.com/111111111111/orders", "us-east-1")
	f.Add("://", "")
	f.Fuzz(func(t *testing.T, u, region string) {
		got := queueARN(u, region)
		if got != u && !strings.HasPrefix(got, "arn:") {
			t.Fatalf("queueARN(%q) = %q", u, got)
		}
	})
}
