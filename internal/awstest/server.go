package awstest

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"gopkg.in/yaml.v3"
)

// Request is a decoded API call, as handlers see it.
type Request struct {
	API      string // service:Operation
	Service  string
	Op       string
	Account  string
	Region   string
	Params   map[string]string
	Protocol Protocol
}

// Reply is a handler's answer: a body rendered for the protocol, or an
// error code.
type Reply struct {
	Status  int
	Body    any    // rendered like a fixture's YAML mapping; a string is sent verbatim
	Error   string // error code
	Message string
	Headers map[string]string
}

// HandlerFunc answers one API programmatically (generated estates).
type HandlerFunc func(*Request) *Reply

// Server is a running replay server.
type Server struct {
	// URL is the endpoint to give the SDK (AWS_ENDPOINT_URL).
	URL string

	sc       *Scenario
	routes   []*Route
	handlers map[string]HandlerFunc
	fallback HandlerFunc // answers what nothing else does (generated estates)
	http     *httptest.Server
	seq      atomic.Uint64

	mu     sync.Mutex
	calls  map[string]int
	misses []string
	faults map[string]int
}

// Start serves sc on a loopback port. Close it when done.
func Start(sc *Scenario) *Server {
	s := &Server{sc: sc, handlers: map[string]HandlerFunc{}, calls: map[string]int{}, faults: map[string]int{}}
	for _, r := range Routes() {
		r.compile()
		s.routes = append(s.routes, r)
	}
	s.http = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.http.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.http.Close() }

// Handle answers api ("service:Operation") with fn instead of fixtures.
// Call it before the first request.
func (s *Server) Handle(api string, fn HandlerFunc) { s.handlers[api] = fn }

// Calls returns how many requests each API received (faults included).
func (s *Server) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// Faults returns how many injected errors each kind produced
// ("throttle", "denied").
func (s *Server) Faults() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.faults))
	for k, v := range s.faults {
		out[k] = v
	}
	return out
}

// Misses lists requests no fixture or handler answered: a test that
// expects full coverage asserts this is empty.
func (s *Server) Misses() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]string(nil), s.misses...)
	sort.Strings(out)
	return out
}

func (s *Server) serve(w http.ResponseWriter, hr *http.Request) {
	body, err := io.ReadAll(io.LimitReader(hr.Body, 8<<20))
	if err != nil {
		writeError(w, Query, 400, "InvalidRequest", err.Error())
		return
	}
	key, region, service, ok := parseAuth(hr.Header.Get("Authorization"))
	if !ok {
		writeError(w, Query, 403, "MissingAuthenticationToken", "request is not SigV4-signed")
		return
	}
	req := &Request{Service: service, Region: region, Account: s.accountOf(key), Params: map[string]string{}}
	if !s.decode(hr, body, req) {
		s.miss(fmt.Sprintf("%s %s %s (service %s): no route", hr.Method, hr.URL.Path, hr.URL.RawQuery, service))
		writeError(w, RESTJSON, 404, "UnknownOperationException", "awstest: no route for "+hr.Method+" "+hr.URL.Path)
		return
	}
	req.API = req.Service + ":" + req.Op
	s.mu.Lock()
	s.calls[req.API]++
	s.mu.Unlock()

	if !s.regionUsable(req) {
		code := map[Protocol]string{EC2Query: "AuthFailure", JSON: "UnrecognizedClientException", RESTJSON: "UnrecognizedClientException"}[req.Protocol]
		if code == "" {
			code = "InvalidClientTokenId"
		}
		writeError(w, req.Protocol, 403, code, "The security token included in the request is invalid.")
		return
	}
	if s.denied(req) {
		s.fault("denied")
		writeError(w, req.Protocol, 403, deniedCode(req.Protocol), fmt.Sprintf("User: arn:aws:sts::%s:assumed-role/vigil/scan is not authorized to perform: %s", req.Account, req.API))
		return
	}
	if s.throttled(req) {
		s.fault("throttle")
		status, code := throttleCode(req.Protocol, req.Service)
		writeError(w, req.Protocol, status, code, "Rate exceeded")
		return
	}
	if fn := s.handlers[req.API]; fn != nil {
		s.reply(w, req, fn(req))
		return
	}
	// A scenario that declares an organization answers for it itself,
	// whatever included fixtures say.
	if s.sc.Organization != "" && (req.API == "organizations:DescribeOrganization" || req.API == "organizations:ListAccounts") {
		s.reply(w, req, s.builtin(req))
		return
	}
	if r := s.sc.match(req.API, req.Account, req.Region, req.Params); r != nil {
		s.fixture(w, req, r)
		return
	}
	if rep := s.builtin(req); rep != nil {
		s.reply(w, req, rep)
		return
	}
	if s.fallback != nil {
		s.reply(w, req, s.fallback(req))
		return
	}
	s.miss(fmt.Sprintf("%s account=%s region=%s params=%v", req.API, req.Account, req.Region, req.Params))
	writeError(w, req.Protocol, 400, "VigilNoRecordedResponse", "awstest: no recorded response for "+req.API)
}

func (s *Server) miss(m string) {
	s.mu.Lock()
	s.misses = append(s.misses, m)
	s.mu.Unlock()
}

func (s *Server) fault(kind string) {
	s.mu.Lock()
	s.faults[kind]++
	s.mu.Unlock()
}

// parseAuth reads the access key, region and service of a SigV4
// Authorization header.
func parseAuth(h string) (key, region, service string, ok bool) {
	i := strings.Index(h, "Credential=")
	if i < 0 {
		return "", "", "", false
	}
	cred := h[i+len("Credential="):]
	if j := strings.IndexAny(cred, ", "); j >= 0 {
		cred = cred[:j]
	}
	parts := strings.Split(cred, "/")
	if len(parts) != 5 {
		return "", "", "", false
	}
	return parts[0], parts[2], parts[3], true
}

// AccessKeyFor returns the access key ID the server mints for
// credentials of account (AssumeRole answers carry the same shape).
func AccessKeyFor(account string) string { return "ASIA" + account }

func (s *Server) accountOf(key string) string {
	if a, ok := s.sc.Credentials[key]; ok {
		return a
	}
	if strings.HasPrefix(key, "ASIA") && len(key) >= 16 {
		return key[4:16]
	}
	return s.sc.Accounts[0].ID
}

func (s *Server) decode(hr *http.Request, body []byte, req *Request) bool {
	if t := hr.Header.Get("X-Amz-Target"); t != "" {
		req.Protocol = JSON
		req.Op = t[strings.LastIndex(t, ".")+1:]
		jsonParams(body, req.Params)
		return true
	}
	if hr.Method == http.MethodPost && strings.HasPrefix(hr.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		form, err := url.ParseQuery(string(body))
		if err == nil && form.Get("Action") != "" {
			req.Op = form.Get("Action")
			req.Protocol = Query
			if p, ok := serviceProtocols[req.Service]; ok {
				req.Protocol = p
			}
			if n, ok := queryVersionNames[req.Service+"@"+form.Get("Version")]; ok {
				req.Service = n
			}
			for k, v := range form {
				req.Params[k] = strings.Join(v, ",")
			}
			return true
		}
	}
	q := hr.URL.Query()
	path := hr.URL.EscapedPath()
	for _, r := range s.routes {
		if r.Service != req.Service || r.Method != hr.Method {
			continue
		}
		m := r.re.FindStringSubmatch(path)
		if m == nil {
			continue
		}
		missing := false
		for _, k := range r.Query {
			if !q.Has(k) {
				missing = true
				break
			}
		}
		if missing {
			continue
		}
		for i, name := range r.names {
			v, err := url.PathUnescape(m[i+1])
			if err != nil {
				v = m[i+1]
			}
			req.Params[name] = v
		}
		for k, v := range q {
			if _, taken := req.Params[k]; !taken {
				req.Params[k] = strings.Join(v, ",")
			}
		}
		if r.Protocol == RESTJSON {
			jsonParams(body, req.Params)
		}
		req.Op, req.Protocol = r.Op, r.Protocol
		if r.Name != "" {
			req.Service = r.Name
		}
		return true
	}
	return false
}

// globalServices sign in us-east-1 whatever the account's regions.
var globalServices = map[string]bool{"iam": true, "sts": true, "organizations": true, "cloudfront": true, "route53": true, "account": true, "s3": true}

func (s *Server) regionUsable(req *Request) bool {
	a := s.sc.account(req.Account)
	if a == nil {
		return true
	}
	for _, r := range a.DisabledRegions {
		if r == req.Region {
			return false
		}
	}
	if globalServices[req.Service] || len(a.Regions) == 0 {
		return true
	}
	for _, r := range a.Regions {
		if r == req.Region {
			return true
		}
	}
	// DescribeRegions is answered from any region.
	return req.API == "ec2:DescribeRegions"
}

func (s *Server) denied(req *Request) bool {
	for _, d := range s.sc.Faults.Deny {
		if d.Account != "" && d.Account != req.Account {
			continue
		}
		if d.Region != "" && d.Region != req.Region {
			continue
		}
		if globMatch(d.API, req.API) {
			return true
		}
	}
	return false
}

func globMatch(pattern, s string) bool {
	if strings.HasSuffix(pattern, "*") {
		return strings.HasPrefix(s, strings.TrimSuffix(pattern, "*"))
	}
	return pattern == s
}

// throttled decides from a seeded hash of the request number whether to
// inject a throttling error. STS is never throttled (credential setup is
// retried by the SDK outside the collectors' budget).
func (s *Server) throttled(req *Request) bool {
	if s.sc.Faults.Throttle <= 0 || req.Service == "sts" {
		return false
	}
	n := s.seq.Add(1)
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%d", s.sc.Faults.Seed, n)
	return float64(h.Sum64()%10000) < s.sc.Faults.Throttle*10000
}

func (s *Server) fixture(w http.ResponseWriter, req *Request, r *Response) {
	s.send(w, req, r.Status, r.Error, r.Message, &r.Body, r.Headers, fmt.Sprintf("%s:%d: ", r.file, r.line))
}

func (s *Server) reply(w http.ResponseWriter, req *Request, rep *Reply) {
	var node yaml.Node
	switch b := rep.Body.(type) {
	case string:
		node = yaml.Node{Kind: yaml.ScalarNode, Value: b}
	case nil:
	default:
		if err := node.Encode(b); err != nil {
			writeError(w, req.Protocol, 500, "InternalFailure", err.Error())
			return
		}
	}
	s.send(w, req, rep.Status, rep.Error, rep.Message, &node, rep.Headers, "")
}

// send answers with an error code, or with body rendered for the
// request's protocol. status 0 means 400 for errors, 200 otherwise.
func (s *Server) send(w http.ResponseWriter, req *Request, status int, errCode, msg string, body *yaml.Node, headers map[string]string, origin string) {
	if errCode != "" {
		if status == 0 {
			status = 400
		}
		writeError(w, req.Protocol, status, errCode, msg)
		return
	}
	b, ct, err := render(req.Protocol, req.Op, body)
	if err != nil {
		s.miss(fmt.Sprintf("%srender %s: %v", origin, req.API, err))
		writeError(w, req.Protocol, 500, "InternalFailure", err.Error())
		return
	}
	for k, v := range headers {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", ct)
	if status == 0 {
		status = 200
	}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// jsonParams adds a JSON body's top-level fields to params (strings as
// they are, anything else as JSON) unless a path or query parameter of
// the same name is set.
func jsonParams(body []byte, params map[string]string) {
	var m map[string]any
	if len(body) == 0 || json.Unmarshal(body, &m) != nil {
		return
	}
	for k, v := range m {
		if _, taken := params[k]; taken {
			continue
		}
		switch x := v.(type) {
		case string:
			params[k] = x
		default:
			b, _ := json.Marshal(x)
			params[k] = string(b)
		}
	}
}
