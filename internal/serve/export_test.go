package serve

import (
	"context"
	"time"

	"github.com/vigil-cspm/vigil/internal/jobs"
)

// ManifestConnectorForTest is a manifest connector without a schedule.
func ManifestConnectorForTest(name, dir string) []Connector {
	return []Connector{manifestConnector(name, jobs.Schedule{Every: time.Hour}, dir)}
}

// CompactNow applies the retention policy as the daily tick does.
func (s *Service) CompactNow(ctx context.Context) { s.compact(ctx) }
