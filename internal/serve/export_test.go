package serve

import (
	"context"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/inventory/awsinv"
	"github.com/vigil-cspm/vigil/internal/jobs"
)

// ManifestConnectorForTest is a manifest connector without a schedule.
func ManifestConnectorForTest(name, dir string) []Connector {
	return []Connector{manifestConnector(name, jobs.Schedule{Every: time.Hour}, dir)}
}

// CompactNow applies the retention policy as the daily tick does.
func (s *Service) CompactNow(ctx context.Context) { s.compact(ctx) }

// OrgConnectorForTest is the demo's organization connector, run on
// demand only, against the replay server at endpoint with the access key
// of the management account.
func OrgConnectorForTest(name, endpoint, key string) Connector {
	base := awsinv.Config{Endpoint: endpoint, Credentials: staticCredentials(key, "replay-secret"), HomeRegion: "us-east-1", ExternalID: DemoExternalID}
	return awsConnector(name, jobs.Schedule{}, &config.AWSConnector{Organization: DemoOrganization, RoleName: DemoRole, Regions: []string{"all"}}, base, nil)
}
