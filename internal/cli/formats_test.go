package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/report"
)

// TestScanFormatsEndToEnd: vigil scan iac examples/ writes every format
// Formats lists, each parses, and the machine-read ones hold every
// finding the JSON contract holds, named by the same fingerprints.
func TestScanFormatsEndToEnd(t *testing.T) {
	dir := examples(t)
	want := parseDoc(t, run(t, "", "scan", "iac", dir, "--format", "json").stdout)
	ids := map[string]bool{}
	for _, f := range want.Findings {
		ids[f.ID] = true
	}
	for _, format := range []string{"ocsf", "asff", "csv", "junit", "html"} {
		t.Run(format, func(t *testing.T) {
			r := run(t, "", "scan", "iac", dir, "--format", format)
			if r.code != ExitOK {
				t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
			}
			got := map[string]bool{}
			switch format {
			case "ocsf":
				for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
					var e struct {
						FindingInfo struct{ UID string } `json:"finding_info"`
					}
					if err := json.Unmarshal([]byte(line), &e); err != nil {
						t.Fatalf("not JSON Lines: %v\n%s", err, line)
					}
					got[e.FindingInfo.UID] = true
				}
			case "asff":
				var fs []map[string]any
				if err := json.Unmarshal([]byte(r.stdout), &fs); err != nil {
					t.Fatalf("not a JSON array: %v", err)
				}
				// Infrastructure as code names no AWS account: every
				// finding is skipped, and stderr says so, by reason.
				if len(fs) != 0 || !strings.Contains(r.stderr, "findings left out of the output") || !strings.Contains(r.stderr, "format=asff") {
					t.Errorf("%d ASFF findings from IaC; stderr %q", len(fs), r.stderr)
				}
				return
			case "csv":
				rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
				if err != nil {
					t.Fatal(err)
				}
				for _, row := range rows[1:] {
					got[row[0]] = true
				}
			case "junit":
				// An open finding is a failure, an excepted one skipped.
				outcomes, byStatus := map[string]int{}, map[string]int{}
				for _, f := range want.Findings {
					byStatus[f.Status]++
				}
				dec := xml.NewDecoder(strings.NewReader(r.stdout))
				for {
					tok, err := dec.Token()
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatalf("not XML: %v", err)
					}
					if el, ok := tok.(xml.StartElement); ok {
						outcomes[el.Name.Local]++
					}
				}
				if outcomes["failure"] != byStatus["open"] || outcomes["skipped"] != byStatus["excepted"] || outcomes["testcase"] != len(want.Findings) {
					t.Errorf("JUnit %v for findings %v", outcomes, byStatus)
				}
				return
			case "html":
				if !strings.HasPrefix(r.stdout, "<!DOCTYPE html>") || !strings.HasSuffix(r.stdout, "</html>\n") {
					t.Fatal("not one HTML document")
				}
				for id := range ids {
					if strings.Contains(r.stdout, id) {
						got[id] = true
					}
				}
			}
			if len(got) != len(ids) {
				t.Errorf("%d findings, want the JSON contract's %d", len(got), len(ids))
			}
			for id := range ids {
				if !got[id] {
					t.Errorf("finding %s missing", id)
				}
			}
		})
	}
}

// TestScanAWSASFF: a live AWS scan's findings all go to ASFF, each in
// its account's custom-integration product, none skipped.
func TestScanAWSASFF(t *testing.T) {
	awsReplay(t, "misconfigured")
	r := run(t, "", "scan", "aws", "--store", filepath.Join(t.TempDir(), "v.db"), "--format", "asff")
	if r.code != ExitOK && r.code != ExitGate {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	var fs []struct {
		Id, AwsAccountId, ProductArn string
		Resources                    []struct{ Type, Id string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &fs); err != nil || len(fs) == 0 {
		t.Fatalf("ASFF: %v, %d findings", err, len(fs))
	}
	typed := 0
	for _, f := range fs {
		if f.AwsAccountId != "111111111111" || !strings.HasSuffix(f.ProductArn, ":111111111111:product/111111111111/default") {
			t.Errorf("%s: account %s, product %s", f.Id, f.AwsAccountId, f.ProductArn)
		}
		if f.Resources[0].Type != "Other" {
			typed++
		}
	}
	if typed == 0 {
		t.Error("no resource was given a Security Hub resource type")
	}
	if strings.Contains(r.stderr, "left out") {
		t.Errorf("a live AWS scan skipped findings: %s", r.stderr)
	}
}

// TestFormatFlagListsFormats: --format's help and shell completion name
// every format.
func TestFormatFlagListsFormats(t *testing.T) {
	help := run(t, "", "scan", "iac", "--help").stdout
	complete := run(t, "", "__complete", "scan", "iac", "--format", "").stdout
	for _, f := range report.Formats() {
		if !strings.Contains(help, f.Name+" (") {
			t.Errorf("--help lacks %s", f.Name)
		}
		if !bytes.Contains([]byte(complete), []byte("\n"+f.Name+"\n")) && !strings.HasPrefix(complete, f.Name+"\n") {
			t.Errorf("completion lacks %s:\n%s", f.Name, complete)
		}
	}
}
