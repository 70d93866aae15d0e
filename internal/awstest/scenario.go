package awstest

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Scenario is what the server plays back.
type Scenario struct {
	// Accounts of the estate; the first is the caller's unless
	// Credentials says otherwise.
	Accounts []Account `yaml:"accounts"`
	// Organization, when set, makes Organizations answer for the
	// accounts; the management account is the one marked Management.
	Organization string `yaml:"organization"`
	// Credentials maps static access key IDs to accounts.
	Credentials map[string]string `yaml:"credentials"`
	// Faults to inject.
	Faults Faults `yaml:"faults"`
	// Include names sibling scenario directories whose response files
	// are loaded too (this scenario's own files win on equal matches).
	Include []string `yaml:"include"`

	responses map[string][]*Response // by service:Operation
	added     int
}

// Account is one AWS account of the scenario.
type Account struct {
	ID              string   `yaml:"id"`
	Name            string   `yaml:"name"`
	Email           string   `yaml:"email"`
	Status          string   `yaml:"status"` // ACTIVE (default) or SUSPENDED
	Management      bool     `yaml:"management"`
	Regions         []string `yaml:"regions"`
	DisabledRegions []string `yaml:"disabled_regions"`
	// Roles may be assumed from any account of the scenario; an
	// external ID, when set, must be presented.
	Roles []Role `yaml:"roles"`
}

// Role is an IAM role that AssumeRole accepts.
type Role struct {
	Name       string `yaml:"name"`
	ExternalID string `yaml:"external_id"`
}

// Faults are injected errors.
type Faults struct {
	// Throttle is the share of requests (0..1) answered with the
	// protocol's throttling error. Which ones is decided by a seeded
	// hash of a request counter, so runs are repeatable.
	Throttle float64 `yaml:"throttle"`
	Seed     uint64  `yaml:"seed"`
	// Deny lists "service:Operation" patterns (* allowed, e.g. "kms:*")
	// answered with AccessDenied, optionally for one account.
	Deny []Denial `yaml:"deny"`
}

// Denial is one access-denied fault.
type Denial struct {
	API     string `yaml:"api"`
	Account string `yaml:"account"`
	Region  string `yaml:"region"`
}

// Response is one recorded answer.
type Response struct {
	// API is "<service>:<Operation>", service being the SigV4 signing
	// name (iam, s3, ec2, lambda …).
	API     string `yaml:"api"`
	Account string `yaml:"account"`
	Region  string `yaml:"region"`
	// Params must all equal the request's parameters (form values for
	// the query protocols, top-level body fields for JSON, path
	// captures and query string for REST). The most specific match wins.
	Params map[string]string `yaml:"params"`
	// Status defaults to 200 (or 400 for an error).
	Status int `yaml:"status"`
	// Error, when set, answers with this error code instead of Body.
	Error string `yaml:"error"`
	// Message of the error.
	Message string `yaml:"message"`
	// Body is the response: a string is sent verbatim, a mapping is
	// rendered for the protocol. A scalar tagged !base64 is encoded
	// (blobs such as the IAM credential report); ${ago:Nd} anywhere in a
	// file is the time N days ago.
	Body yaml.Node `yaml:"body"`
	// Headers to set (REST protocols put some outputs in headers).
	Headers map[string]string `yaml:"headers"`

	file  string
	line  int
	order int
}

// Load reads a scenario directory.
func Load(fsys fs.FS, dir string) (*Scenario, error) {
	sc := &Scenario{responses: map[string][]*Response{}}
	data, err := fs.ReadFile(fsys, path.Join(dir, "scenario.yaml"))
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", dir, err)
	}
	if err := yaml.Unmarshal(data, sc); err != nil {
		return nil, fmt.Errorf("%s/scenario.yaml: %w", dir, err)
	}
	if len(sc.Accounts) == 0 {
		return nil, fmt.Errorf("%s/scenario.yaml: no accounts", dir)
	}
	for i := range sc.Accounts {
		if sc.Accounts[i].Status == "" {
			sc.Accounts[i].Status = "ACTIVE"
		}
	}
	for _, inc := range sc.Include {
		if err := sc.loadResponses(fsys, path.Join(path.Dir(dir), inc)); err != nil {
			return nil, err
		}
	}
	if err := sc.loadResponses(fsys, dir); err != nil {
		return nil, err
	}
	return sc, nil
}

// loadResponses adds every response file of dir but scenario.yaml.
func (sc *Scenario) loadResponses(fsys fs.FS, dir string) error {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") || e.Name() == "scenario.yaml" {
			continue
		}
		file := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return err
		}
		data = expandDates(data, time.Now())
		var rs []*Response
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		if err := doc.Decode(&rs); err != nil {
			return fmt.Errorf("%s: want a list of responses: %w", file, err)
		}
		var lines []int
		if len(doc.Content) > 0 {
			for _, n := range doc.Content[0].Content {
				lines = append(lines, n.Line)
			}
		}
		for i, r := range rs {
			if r == nil {
				return fmt.Errorf("%s: response %d is empty", file, i+1)
			}
			if !strings.Contains(r.API, ":") {
				return fmt.Errorf("%s: response %d: api %q must be service:Operation", file, i+1, r.API)
			}
			r.file = file
			if i < len(lines) {
				r.line = lines[i]
			}
			r.order = sc.added
			sc.added++
			sc.Add(r)
		}
	}
	return nil
}

// Add registers a response.
func (sc *Scenario) Add(r *Response) {
	if sc.responses == nil {
		sc.responses = map[string][]*Response{}
	}
	sc.responses[r.API] = append(sc.responses[r.API], r)
}

// APIs lists the service:Operation keys that have responses.
func (sc *Scenario) APIs() []string {
	out := make([]string, 0, len(sc.responses))
	for k := range sc.responses {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (sc *Scenario) account(id string) *Account {
	for i := range sc.Accounts {
		if sc.Accounts[i].ID == id {
			return &sc.Accounts[i]
		}
	}
	return nil
}

// match finds the most specific response for a request.
func (sc *Scenario) match(api, account, region string, params map[string]string) *Response {
	var best *Response
	bestScore := -1
	for _, r := range sc.responses[api] {
		if r.Account != "" && r.Account != account {
			continue
		}
		if r.Region != "" && r.Region != region {
			continue
		}
		score := 0
		ok := true
		for k, v := range r.Params {
			if params[k] != v {
				ok = false
				break
			}
			score += 2
		}
		if !ok {
			continue
		}
		if r.Account != "" {
			score++
		}
		if r.Region != "" {
			score++
		}
		if score > bestScore || (score == bestScore && best != nil && r.order > best.order) {
			best, bestScore = r, score
		}
	}
	return best
}

var agoRE = regexp.MustCompile(`\$\{ago:(\d{1,5})d(:epoch)?\}`)

// expandDates replaces ${ago:Nd} with the time N days before now
// (RFC 3339, UTC, whole hours) and ${ago:Nd:epoch} with it in epoch
// seconds (the JSON protocols' timestamps), so fixtures about credential
// age or last use do not go stale.
func expandDates(data []byte, now time.Time) []byte {
	base := now.UTC().Truncate(time.Hour)
	return agoRE.ReplaceAllFunc(data, func(m []byte) []byte {
		sub := agoRE.FindSubmatch(m)
		n, _ := strconv.Atoi(string(sub[1]))
		t := base.AddDate(0, 0, -n)
		if len(sub[2]) > 0 {
			return []byte(strconv.FormatInt(t.Unix(), 10))
		}
		return []byte(t.Format(time.RFC3339))
	})
}
