package iac_test

import (
	"path/filepath"
	"testing"

	"github.com/vigil-cspm/vigil/internal/benchgen"
	"github.com/vigil-cspm/vigil/internal/iac"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
)

// BenchmarkScanIaCTF110 scans a Terraform project of 110 resource
// blocks (modules, variables, tfvars).
func BenchmarkScanIaCTF110(b *testing.B) { benchmarkScanIaCShape(b, "TF110") }

// BenchmarkScanIaCCFN60 scans a CloudFormation stack of 60 resources.
func BenchmarkScanIaCCFN60(b *testing.B) { benchmarkScanIaCShape(b, "CFN60") }

// BenchmarkScanIaCModLib130 scans a module library of 130 resource
// blocks nested four module levels deep.
func BenchmarkScanIaCModLib130(b *testing.B) { benchmarkScanIaCShape(b, "ModLib130") }

// BenchmarkScanIaCTF5000 scans a Terraform project of 5,000 resources in
// 500 files.
func BenchmarkScanIaCTF5000(b *testing.B) { benchmarkScanIaCShape(b, "TF5000") }

// benchmarkScanIaCShape writes a benchgen corpus once, then times whole
// scans of it as `vigil scan iac` does them: reading and evaluating the
// files, adaptation, the embedded rule library, findings and evidence
// lines (the report writer excepted).
func benchmarkScanIaCShape(b *testing.B, name string) {
	var shape benchgen.IaCShape
	for _, s := range benchgen.IaCShapes() {
		if s.Name == name {
			shape = s
		}
	}
	dir := b.TempDir()
	if err := benchgen.WriteIaC(dir, shape, 1); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, shape.Path)
	lib := scantest.Library(b)
	fs, res := scanIaC(b, lib, path, iac.CloudOptions{})
	if len(res.Errors) > 0 {
		b.Fatalf("input errors: %v", res.Errors)
	}
	if len(res.Resources) != shape.AWSResources {
		b.Fatalf("%d aws resources, want %d", len(res.Resources), shape.AWSResources)
	}
	if len(fs) == 0 {
		b.Fatal("no findings: the benchmark measured nothing")
	}
	b.ResetTimer()
	for b.Loop() {
		scanIaC(b, lib, path, iac.CloudOptions{})
	}
	b.ReportMetric(float64(shape.Resources), "resources/op")
	b.ReportMetric(b.Elapsed().Seconds()*1e6/float64(b.N*shape.Resources), "µs/resource")
}
