package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/benchgen"
)

// BenchmarkScanIaC10k measures `vigil scan iac` end to end — loading the
// library, reading and normalizing 10,000 manifests (one object per file),
// evaluating them and writing the JSON report — in process.
func BenchmarkScanIaC10k(b *testing.B) { benchmarkScanIaC(b, 10_000) }

// BenchmarkScanIaC20 is the pre-commit case: a 20-manifest directory,
// where start-up dominates.
func BenchmarkScanIaC20(b *testing.B) { benchmarkScanIaC(b, 20) }

// benchmarkScanIaC writes files one-object manifests once, then times
// whole scans of them.
func benchmarkScanIaC(b *testing.B, files int) {
	dir := filepath.Join(b.TempDir(), "manifests")
	if err := benchgen.WriteManifests(dir, files, 1, 1); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "report.json")
	args := []string{"scan", "iac", dir, "--format", "json", "--output", out, "--quiet"}
	var stderr bytes.Buffer
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		stderr.Reset()
		code := Main(ctx, args, IO{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &stderr})
		if code != ExitOK && code != ExitGate {
			b.Fatalf("vigil %s: exit code %d: %s", strings.Join(args, " "), code, stderr.String())
		}
	}
	b.StopTimer()
	data, err := os.ReadFile(out)
	if err != nil {
		b.Fatal(err)
	}
	var report struct {
		Summary struct {
			Resources int `json:"resources"`
			Findings  int `json:"findings"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(data, &report); err != nil {
		b.Fatalf("report is not JSON: %v", err)
	}
	if report.Summary.Resources != files {
		b.Fatalf("report counts %d resources, want %d", report.Summary.Resources, files)
	}
	if report.Summary.Findings == 0 {
		b.Fatal("scan reported no findings: the benchmark measured nothing")
	}
	b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "objects/s")
}
