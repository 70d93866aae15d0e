package serve

import (
	"time"

	"github.com/vigil-cspm/vigil/internal/jobs"
)

// ManifestConnectorForTest is a manifest connector without a schedule.
func ManifestConnectorForTest(name, dir string) []Connector {
	return []Connector{manifestConnector(name, jobs.Schedule{Every: time.Hour}, dir)}
}
