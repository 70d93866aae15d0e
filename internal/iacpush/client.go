package iacpush

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Result is the server's verdict on a pushed IaC scan.
type Result struct {
	Repo   string `json:"repo"`
	Ref    string `json:"ref"`
	Commit string `json:"commit,omitempty"`
	// Lifecycle says whether the scan entered the findings lifecycle (a
	// default branch: scan_id is its stored scan) or is a check
	// (check_id, url).
	Lifecycle bool   `json:"lifecycle"`
	ScanID    string `json:"scan_id,omitempty"`
	CheckID   string `json:"check_id,omitempty"`
	URL       string `json:"url,omitempty"`
	Resources int    `json:"resources"`
	// Counts are open findings by severity.
	Counts   map[string]int `json:"counts"`
	Findings []Finding      `json:"findings"`
	// Errors are inputs the CI scan could not read, as it reported them.
	Errors []model.InputError `json:"errors,omitempty"`
}

// Finding is one finding of a pushed scan.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Status   string `json:"status"`
	Resource string `json:"resource"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Message  string `json:"message"`
	Risk     int    `json:"risk,omitempty"`
}

// Push sends a payload to the server at base with a ci token and
// returns its verdict. The error says what the server answered.
func Push(ctx context.Context, base, token string, body io.Reader) (*Result, error) {
	url := strings.TrimSuffix(base, "/") + "/api/v1/iac/scans"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, body)
	if err != nil {
		return nil, fmt.Errorf("--push %s: %w", base, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := (&http.Client{Timeout: 15 * time.Minute}).Do(req)
	if err != nil {
		return nil, fmt.Errorf("push to %s: %w (is vigil serve running there?)", url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("push to %s: read the answer: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		var p struct{ Error, Hint string }
		if json.Unmarshal(data, &p) == nil && p.Error != "" {
			return nil, fmt.Errorf("push to %s: %s: %s (%s)", url, resp.Status, p.Error, p.Hint)
		}
		return nil, fmt.Errorf("push to %s: %s", url, resp.Status)
	}
	var out Result
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("push to %s: the answer is not a push result: %w", url, err)
	}
	return &out, nil
}
