package serve

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/inventory/awsinv"
	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/notify"
)

// estate is the demo's bundled estate: copies of examples/aws/organization
// (with the misconfigured account it includes) and of the example
// manifests (TestEstateMatchesExamples keeps them equal).
//
//go:embed estate
var estate embed.FS

// DemoOrganization, DemoRole and DemoExternalID are the recorded
// organization the demo scans and how it gets into member accounts.
const (
	DemoOrganization = "o-vigil0example"
	DemoRole         = "VigilAudit"
	DemoExternalID   = "vigil-ext-1"
	demoEvery        = 5 * time.Minute
)

// Demo is the bundled estate, served and unpacked for the demo's
// connectors.
type Demo struct {
	replay *awstest.Server
	dir    string
	// Connectors are the demo's connectors: the recorded organization,
	// the bundled manifests, and the local test cluster when it answers.
	Connectors []Connector
	// Notifications route as the defaults do — page toxic
	// combinations and exposed high findings, ticket medium and above,
	// a daily digest of low — to local sinks the dashboards show.
	Notifications Notifications
}

// StartDemo serves the recorded AWS organization on loopback and unpacks
// the manifests into a temporary directory. Close releases both.
func StartDemo(ctx context.Context, log *slog.Logger) (*Demo, error) {
	sc, err := awstest.Load(estate, "estate/aws/organization")
	if err != nil {
		return nil, fmt.Errorf("demo estate: %w", err)
	}
	d := &Demo{replay: awstest.Start(sc)}
	if d.dir, err = os.MkdirTemp("", "vigil-demo-"); err != nil {
		d.Close()
		return nil, err
	}
	manifests, _ := fs.Sub(estate, "estate/manifests")
	if err := os.CopyFS(d.dir, manifests); err != nil {
		d.Close()
		return nil, fmt.Errorf("unpack the demo manifests: %w", err)
	}
	sched := jobs.Schedule{Every: demoEvery, Jitter: 20 * time.Second}
	base := awsinv.Config{Endpoint: d.replay.URL, Credentials: staticCredentials(awstest.AccessKeyFor(sc.Accounts[0].ID), "replay-secret"),
		HomeRegion: "us-east-1", ExternalID: DemoExternalID}
	d.Connectors = []Connector{
		awsConnector("demo-aws", sched, &config.AWSConnector{Organization: DemoOrganization, RoleName: DemoRole, Regions: []string{"all"}}, base, log),
		manifestConnector("demo-manifests", sched, d.dir),
	}
	d.Notifications = Notifications{
		Routes: []config.Route{
			{Match: config.RouteMatch{Toxic: true}, Action: config.ActionPage, Channel: "demo-pager"},
			{Match: config.RouteMatch{Exposed: true, MinSeverity: model.SeverityHigh}, Action: config.ActionPage, Channel: "demo-pager"},
			{Match: config.RouteMatch{MinSeverity: model.SeverityMedium}, Action: config.ActionTicket, Channel: "demo-tickets"},
			{Match: config.RouteMatch{MinSeverity: model.SeverityLow}, Action: config.ActionDigest, Channel: "demo-digest", DigestEvery: config.Duration(24 * time.Hour)},
		},
		Destinations:       []*notify.Destination{notify.Local("demo-pager"), notify.Local("demo-tickets"), notify.Local("demo-digest")},
		AnnounceFirstScans: true,
	}
	if k, ok := testCluster(ctx, sched); ok {
		d.Connectors = append(d.Connectors, k)
	}
	return d, nil
}

// Close stops the replay server and removes the unpacked manifests.
func (d *Demo) Close() {
	if d.replay != nil {
		d.replay.Close()
	}
	if d.dir != "" {
		os.RemoveAll(d.dir)
	}
}

// testCluster is the local test API server (scripts/kube-testenv.sh up)
// when its admin kubeconfig exists and the server answers.
func testCluster(ctx context.Context, sched jobs.Schedule) (Connector, bool) {
	dir := os.Getenv("VIGIL_TESTENV_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "vigil-testenv")
	}
	path := filepath.Join(dir, "admin.kubeconfig")
	raw, err := clientcmd.LoadFromFile(path)
	if err != nil || raw.CurrentContext == "" {
		return Connector{}, false
	}
	rc, err := clientcmd.NewDefaultClientConfig(*raw, nil).ClientConfig()
	if err != nil {
		return Connector{}, false
	}
	rc.Timeout = 2 * time.Second
	hc, err := rest.HTTPClientFor(rc)
	if err != nil {
		return Connector{}, false
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(rc.Host, "/")+"/version", nil)
	if err != nil {
		return Connector{}, false
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Connector{}, false
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Connector{}, false
	}
	c, err := kubeConnector("demo-cluster", sched, &config.KubernetesConnector{Kubeconfig: path, Context: raw.CurrentContext}, func(p string) string { return p })
	return c, err == nil
}
