package awsinv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	orgtypes "github.com/aws/aws-sdk-go-v2/service/organizations/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/model"
)

// Config is what a scan covers and how hard it may push.
type Config struct {
	// Profile of the shared config; "" uses the default chain.
	Profile string
	// Regions to scan; empty means every region enabled for the account.
	Regions []string
	// Services to scan (Collector.Service names); empty means all.
	Services []string
	// Org scans every active account of the organization, assuming
	// RoleName in each member account.
	Org         bool
	RoleName    string
	ExternalID  string
	SessionName string
	// Accounts narrows an organization scan.
	Accounts []string
	// AccountConcurrency bounds accounts scanned at once; Concurrency
	// bounds collectors running at once in one account.
	AccountConcurrency int
	Concurrency        int
	// Rate and Burst are the token bucket per account, region and
	// service (requests per second); InFlight caps requests in flight
	// on the same key.
	Rate     float64
	Burst    int
	InFlight int
	// MaxAttempts and MaxBackoff bound the SDK's retries (throttling
	// included) before a call becomes a coverage record.
	MaxAttempts int
	MaxBackoff  time.Duration
	// HomeRegion is where global services are called (default: the
	// configured region, else us-east-1).
	HomeRegion string
	// RoleARN, for a single account, is a role assumed (with ExternalID
	// and SessionName) before anything is read: the account scanned is
	// the role's.
	RoleARN string
	// Endpoint and Credentials, when set, replace the SDK's endpoint
	// resolution and credential chain (the demo's in-process replay
	// server); otherwise AWS_ENDPOINT_URL and the default chain apply.
	Endpoint    string
	Credentials aws.CredentialsProvider
	Log         *slog.Logger
}

func (c *Config) defaults() {
	if c.AccountConcurrency <= 0 {
		c.AccountConcurrency = 4
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 16
	}
	if c.Rate <= 0 {
		c.Rate = 25
	}
	if c.Burst <= 0 {
		c.Burst = int(c.Rate)
	}
	if c.InFlight <= 0 {
		c.InFlight = 8
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 10
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 20 * time.Second
	}
	if c.SessionName == "" {
		c.SessionName = "vigil-scan"
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// Scanner collects one account or an organization.
type Scanner struct {
	cfg        Config
	base       aws.Config
	collectors []Collector
	lim        *limiter

	caller string // the account of the credentials
	org    string // the organization ID in org mode
	// http is the connection pool of every account's requests: it keeps
	// as many idle connections per endpoint as requests may be in flight
	// to it, where http.DefaultTransport keeps two and so opened (and,
	// over TLS, handshook) a connection for most requests of a busy
	// service.
	http *http.Transport

	// Progress, when set, is told of each account done.
	Progress inventory.ProgressFunc

	// scopeSize is the most resources a scope holds: scopeSize unless a
	// test sets it.
	scopeSize int

	// members is the organization's account list, read once per
	// scanner: Organizations allows few requests a second, and the
	// service asks a scanner for peers before it scans.
	membersMu sync.Mutex
	members   []Member
}

var _ inventory.Source = (*Scanner)(nil)

// New loads credentials through the SDK's default chain (environment,
// shared config and profiles, SSO, web identity, container and instance
// roles) and selects the collectors of cfg.Services. AWS_ENDPOINT_URL
// and AWS_ENDPOINT_URL_<SERVICE> are honoured by the SDK.
func New(ctx context.Context, cfg Config, all []Collector) (*Scanner, error) {
	cfg.defaults()
	selected, err := Select(all, cfg.Services)
	if err != nil {
		return nil, err
	}
	lim := newLimiter(cfg.Rate, cfg.Burst, cfg.InFlight)
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = cfg.MaxAttempts
				o.MaxBackoff = cfg.MaxBackoff
				// Pacing is the limiter's job; the SDK's client-side retry
				// quota would turn a throttled burst into hard failures.
				o.RateLimiter = ratelimit.None
			})
		}),
		config.WithAPIOptions([]func(*smithyStack) error{lim.opMiddleware}),
		config.WithLogger(sdkLogger{cfg.Log}),
	}
	if cfg.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(cfg.Profile))
	}
	if cfg.Endpoint != "" {
		opts = append(opts, config.WithBaseEndpoint(cfg.Endpoint))
	}
	if cfg.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(cfg.Credentials))
	}
	base, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w (check --profile, AWS_PROFILE and ~/.aws/config)", err)
	}
	if cfg.HomeRegion == "" {
		cfg.HomeRegion = base.Region
	}
	if cfg.HomeRegion == "" {
		cfg.HomeRegion = "us-east-1"
	}
	base.Region = cfg.HomeRegion
	if cfg.RoleARN != "" && !cfg.Org {
		prov := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(base), cfg.RoleARN, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = cfg.SessionName
			if cfg.ExternalID != "" {
				o.ExternalID = aws.String(cfg.ExternalID)
			}
		})
		base.Credentials = aws.NewCredentialsCache(prov)
	}
	pool := http.DefaultTransport.(*http.Transport).Clone()
	pool.MaxIdleConns = 0 // no cap across endpoints
	pool.MaxIdleConnsPerHost = cfg.InFlight * cfg.AccountConcurrency
	return &Scanner{cfg: cfg, base: base, collectors: selected, lim: lim, http: pool}, nil
}

// Select returns the collectors of the named services.
func Select(all []Collector, services []string) ([]Collector, error) {
	if len(services) == 0 {
		return all, nil
	}
	known := map[string]bool{}
	for _, c := range all {
		known[c.Service] = true
	}
	want := map[string]bool{}
	for _, s := range services {
		s = strings.ToLower(strings.TrimSpace(s))
		if !known[s] {
			return nil, fmt.Errorf("--services: unknown service %q; known: %s", s, strings.Join(ServiceNames(all), ", "))
		}
		want[s] = true
	}
	var out []Collector
	for _, c := range all {
		if want[c.Service] {
			out = append(out, c)
		}
	}
	return out, nil
}

// ServiceNames lists the services collectors cover.
func ServiceNames(cs []Collector) []string {
	set := map[string]bool{}
	for _, c := range cs {
		set[c.Service] = true
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// Identify asks STS who the credentials are and, in org mode, which
// organization; it returns the account key of the scan: the account ID,
// or the organization ID.
func (s *Scanner) Identify(ctx context.Context) (string, error) {
	out, err := sts.NewFromConfig(s.base).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", fmt.Errorf("identify the AWS credentials: %w; configure credentials (aws configure, AWS_PROFILE, SSO login) or pass --profile", err)
	}
	s.caller = aws.ToString(out.Account)
	if !s.cfg.Org {
		return s.caller, nil
	}
	org, err := organizations.NewFromConfig(s.base).DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		return "", fmt.Errorf("--org: describe the organization of account %s: %w; run from the management account or a delegated administrator", s.caller, err)
	}
	s.org = aws.ToString(org.Organization.Id)
	return s.org, nil
}

// Health returns per-service call counts of the scan so far.
func (s *Scanner) Health() []ServiceHealth {
	s.lim.mu.Lock()
	defer s.lim.mu.Unlock()
	out := make([]ServiceHealth, 0, len(s.lim.health))
	for _, h := range s.lim.health {
		out = append(out, *h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Service < out[j].Service })
	return out
}

// Operations returns how many times each SDK operation was started, as
// "ServiceID:Operation".
func (s *Scanner) Operations() map[string]int {
	s.lim.mu.Lock()
	defer s.lim.mu.Unlock()
	out := make(map[string]int, len(s.lim.ops))
	for k, v := range s.lim.ops {
		out[k] = v
	}
	return out
}

// Account names the scan: the account ID, or the organization ID.
func (s *Scanner) Account() string {
	if s.org != "" {
		return s.org
	}
	return s.caller
}

type target struct {
	id  string
	cfg aws.Config
}

// Scopes streams the scan: a first scope with what listing the
// organization's accounts found (skipped and unassumable accounts), then
// for each account what listing its regions found, its global services
// (IAM, S3 listing, CloudFront, Organizations, Account: read once per
// account) and each enabled region, collector by collector, and last the
// type-wide coverage of types read in full everywhere.
// Accounts run AccountConcurrency at once, collectors Concurrency at
// once per account; a collector waiting for its scope to be taken does
// not stop the others.
func (s *Scanner) Scopes(ctx context.Context, emit func(*model.Scope) error) error {
	if s.caller == "" {
		if _, err := s.Identify(ctx); err != nil {
			return err
		}
	}
	var (
		mu      sync.Mutex
		all     []model.Coverage
		failed  error
		done    int
		account = s.Account()
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	record := func(sc *model.Scope) error {
		mu.Lock()
		all = append(all, sc.Coverage...)
		mu.Unlock()
		if err := emit(sc); err != nil {
			mu.Lock()
			if failed == nil {
				failed = err
			}
			mu.Unlock()
			cancel()
			return err
		}
		return nil
	}
	head := &model.Scope{Name: "aws " + account}
	targets, err := s.targets(ctx, func(c model.Coverage) { head.Coverage = append(head.Coverage, c) })
	if err != nil {
		return err
	}
	if err := record(head); err != nil {
		return err
	}
	bounded(ctx, len(targets), s.cfg.AccountConcurrency, func(i int) {
		s.collectAccount(ctx, targets[i], record)
		mu.Lock()
		done++
		if s.Progress != nil {
			s.Progress(done, len(targets), "accounts")
		}
		mu.Unlock()
	})
	if failed != nil {
		return failed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return emit(&model.Scope{Name: "aws " + account + " coverage", Coverage: typeCoverage(all)})
}

// typeCoverage returns a type-wide "complete" record for every type read
// in full in every account and region it was collected in, when no
// account or region was left unread: frameworks ask whether a rule's
// types were covered, not per partition.
func typeCoverage(cov []model.Coverage) []model.Coverage {
	ok := map[string]bool{}
	for _, c := range cov {
		typ, _, scoped := strings.Cut(c.Scope, "@")
		if !scoped {
			continue
		}
		if typ == "aws" && c.Status != model.CoverageComplete && c.Status != model.CoverageSkipped {
			return nil // an account or region was not read: nothing is covered everywhere
		}
		if _, seen := ok[typ]; !seen {
			ok[typ] = true
		}
		if c.Status != model.CoverageComplete {
			ok[typ] = false
		}
	}
	types := make([]string, 0, len(ok))
	for t, complete := range ok {
		if complete && t != "aws" {
			types = append(types, t)
		}
	}
	sort.Strings(types)
	out := make([]model.Coverage, 0, len(types))
	for _, t := range types {
		out = append(out, model.Coverage{Scope: t, Status: model.CoverageComplete, Reason: "read in every scanned account and region"})
	}
	return out
}

// bounded runs fn(0..n-1) with at most limit running at once; it stops
// starting new ones when ctx is done.
func bounded(ctx context.Context, n, limit int, fn func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, limit)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()
			fn(i)
		}()
	}
	wg.Wait()
}

// accountConfig gives an account's requests their own transport so the
// limiter keys on the account.
func (s *Scanner) accountConfig(base aws.Config, account string) aws.Config {
	cfg := base.Copy()
	cfg.HTTPClient = &http.Client{Transport: &transport{base: s.http, account: account, l: s.lim}}
	return cfg
}

// targets lists the accounts to scan with their credentials; accounts
// that are not scanned are recorded with cover.
func (s *Scanner) targets(ctx context.Context, cover func(model.Coverage)) ([]target, error) {
	if !s.cfg.Org {
		return []target{{id: s.caller, cfg: s.accountConfig(s.base, s.caller)}}, nil
	}
	// want narrows the scan; missing is what of it the organization
	// has not listed yet.
	want, missing := map[string]bool{}, map[string]bool{}
	for _, a := range s.cfg.Accounts {
		want[strings.TrimSpace(a)] = true
		missing[strings.TrimSpace(a)] = true
	}
	members, err := s.Members(ctx)
	if err != nil {
		return nil, err
	}
	var out []target
	for _, a := range members {
		id := a.ID
		if len(want) > 0 && !want[id] {
			continue
		}
		delete(missing, id)
		if !a.Active {
			cover(model.Coverage{Scope: "aws@" + id, Status: model.CoverageSkipped, Account: id,
				Reason: fmt.Sprintf("account is %s in the organization; not scanned", a.State)})
			continue
		}
		if id == s.caller {
			out = append(out, target{id: id, cfg: s.accountConfig(s.base, id)})
			continue
		}
		if s.cfg.RoleName == "" {
			return nil, fmt.Errorf("--org needs --role-name: the role Vigil assumes in each member account")
		}
		arn := fmt.Sprintf("arn:%s:iam::%s:role/%s", partitionOf(s.base.Region), id, s.cfg.RoleName)
		prov := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(s.base), arn, func(o *stscreds.AssumeRoleOptions) {
			o.RoleSessionName = s.cfg.SessionName
			if s.cfg.ExternalID != "" {
				o.ExternalID = aws.String(s.cfg.ExternalID)
			}
		})
		cfg := s.base.Copy()
		cfg.Credentials = aws.NewCredentialsCache(prov)
		if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
			status, reason := Classify(err)
			cover(model.Coverage{Scope: "aws@" + id, Status: status, Account: id, API: "sts:AssumeRole",
				Reason: "assume " + arn + ": " + reason})
			continue
		}
		out = append(out, target{id: id, cfg: s.accountConfig(cfg, id)})
	}
	for id := range missing {
		cover(model.Coverage{Scope: "aws@" + id, Status: model.CoverageError, Account: id,
			Reason: "--accounts names an account that is not in the organization"})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out, nil
}

// Member is an account of the organization as Organizations lists it.
type Member struct {
	ID, Name string
	// Active is false for suspended accounts and accounts leaving or
	// being closed: they are not scanned.
	Active bool
	// State is the account's state in lower case ("active",
	// "suspended", "pending_closure").
	State string
}

// Members lists the organization's accounts through the scanner's own
// credentials (those of the management account or a delegated
// administrator), in the order Organizations returns them. It needs
// Config.Org.
func (s *Scanner) Members(ctx context.Context) ([]Member, error) {
	if !s.cfg.Org {
		return nil, errors.New("list the organization's accounts: the scanner is not in organization mode (Config.Org)")
	}
	s.membersMu.Lock()
	defer s.membersMu.Unlock()
	if s.members != nil {
		return slices.Clone(s.members), nil
	}
	out := []Member{}
	p := organizations.NewListAccountsPaginator(organizations.NewFromConfig(s.base), &organizations.ListAccountsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("--org: list the organization's accounts: %w; run from the management account or a delegated administrator", err)
		}
		for _, a := range page.Accounts {
			m := Member{ID: aws.ToString(a.Id), Name: aws.ToString(a.Name),
				Active: a.State == orgtypes.AccountStateActive || a.Status == orgtypes.AccountStatusActive}
			m.State = strings.ToLower(string(a.State) + string(a.Status))
			if a.State != "" {
				m.State = strings.ToLower(string(a.State))
			}
			out = append(out, m)
		}
	}
	s.members = out
	return slices.Clone(out), nil
}

func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	default:
		return "aws"
	}
}

// regions lists the account's regions to scan; asked-for regions that
// are not enabled become coverage records, given to cover.
func (s *Scanner) regions(ctx context.Context, t target, cover func(model.Coverage)) []string {
	client := ec2.NewFromConfig(t.cfg)
	all := len(s.cfg.Regions) > 0
	out, err := client.DescribeRegions(ctx, &ec2.DescribeRegionsInput{AllRegions: aws.Bool(all)})
	if err != nil {
		status, reason := Classify(err)
		cover(model.Coverage{Scope: "aws@" + t.id, Status: status, Account: t.id, Region: s.cfg.HomeRegion, API: "ec2:DescribeRegions",
			Reason: "list enabled regions: " + reason + "; scanning the home region only"})
		if all {
			return s.cfg.Regions
		}
		return []string{s.cfg.HomeRegion}
	}
	enabled := map[string]bool{}
	for _, r := range out.Regions {
		st := aws.ToString(r.OptInStatus)
		if st == "" || st == "opt-in-not-required" || st == "opted-in" {
			enabled[aws.ToString(r.RegionName)] = true
		}
	}
	if !all {
		var rs []string
		for r := range enabled {
			rs = append(rs, r)
		}
		sort.Strings(rs)
		return rs
	}
	var rs []string
	for _, r := range s.cfg.Regions {
		if enabled[r] {
			rs = append(rs, r)
			continue
		}
		cover(model.Coverage{Scope: "aws@" + t.id + "/" + r, Status: model.CoverageSkipped, Account: t.id, Region: r,
			Reason: "region is not enabled for the account (opt-in region not opted in, or unknown); not scanned"})
	}
	return rs
}

type task struct {
	c      Collector
	region string
	buf    *scopeBuf
}

// scopeSize is how many resources an account-region gathers before
// they go out as a scope: a region of a large account goes out in
// parts, so memory holds at most this much of each region being read,
// while small regions go out whole (a scope per collector made an
// organization scan's thousands of scopes cost more than their
// resources).
const scopeSize = 2500

// collectAccount collects one account: its global services once, and
// each region, each emitted as a scope when its collectors are done or,
// for a large region, in parts of scopeSize resources. (Rules read
// other types of the account through the scan's resource index, so a
// region may go out in parts.)
func (s *Scanner) collectAccount(ctx context.Context, t target, emit func(*model.Scope) error) {
	size := s.scopeSize
	if size <= 0 {
		size = scopeSize
	}
	global := &scopeBuf{name: "aws " + t.id + " global", emit: emit, size: size}
	regions := s.regions(ctx, t, func(c model.Coverage) { global.coverage = append(global.coverage, c) })
	acct := &accountState{once: map[string]*sharedValue{}, cfg: t.cfg, id: t.id, home: s.cfg.HomeRegion}
	bufs := map[string]*scopeBuf{}
	for _, r := range regions {
		bufs[r] = &scopeBuf{name: "aws " + t.id + "/" + r, emit: emit, size: size}
	}
	var tasks []task
	for _, c := range s.collectors {
		if c.Global {
			tasks = append(tasks, task{c: c, region: s.cfg.HomeRegion, buf: global})
			global.pending++
			continue
		}
		for _, r := range regions {
			tasks = append(tasks, task{c: c, region: r, buf: bufs[r]})
			bufs[r].pending++
		}
	}
	if global.pending == 0 {
		global.pending = 1
		global.done(nil) // the account's own records still go out
	}
	bounded(ctx, len(tasks), s.cfg.Concurrency, func(i int) {
		tasks[i].buf.done(s.runTask(ctx, acct, tasks[i])) // an emit error cancels ctx (Scopes)
	})
}

// scopeBuf gathers one account-region while its collectors run, and
// emits it in parts of size resources.
type scopeBuf struct {
	name     string
	emit     func(*model.Scope) error
	size     int
	mu       sync.Mutex
	pending  int // collectors still running
	parts    int
	res      []*model.Resource
	coverage []model.Coverage
}

// add takes one resource a collector emitted, and emits a part of the
// region when enough are gathered; the collector waits while the scan
// takes it.
func (b *scopeBuf) add(r *model.Resource) {
	b.mu.Lock()
	b.res = append(b.res, r)
	if len(b.res) < b.size {
		b.mu.Unlock()
		return
	}
	b.cut()
}

// done takes the coverage of a collector that finished, and emits what
// the region has gathered when it was the last.
func (b *scopeBuf) done(cov []model.Coverage) {
	b.mu.Lock()
	b.coverage = append(b.coverage, cov...)
	b.pending--
	if b.pending > 0 {
		b.mu.Unlock()
		return
	}
	b.cut()
}

// cut emits what is gathered as a scope; b.mu is held and released.
func (b *scopeBuf) cut() {
	b.parts++
	sc := &model.Scope{Name: b.name, Resources: b.res, Coverage: b.coverage}
	if b.pending > 0 || b.parts > 1 {
		sc.Name = fmt.Sprintf("%s part %d", b.name, b.parts)
	}
	b.res, b.coverage = nil, nil
	b.mu.Unlock()
	_ = b.emit(sc)
}

// runTask runs one collector in one region, handing the resources it
// emits to the region's buffer, and returns the coverage of its types
// there.
func (s *Scanner) runTask(ctx context.Context, acct *accountState, tk task) []model.Coverage {
	cfg := acct.cfg.Copy()
	cfg.Region = tk.region
	var cov []model.Coverage
	sess := &Session{Config: cfg, Account: acct.id, Region: tk.region, Log: s.cfg.Log, acct: acct, sink: tk.buf.add, ctx: ctx}
	err := safeCollect(ctx, tk.c, sess)
	if err != nil {
		api := tk.c.Service
		var oe *smithy.OperationError
		if errors.As(err, &oe) {
			api = iamPrefixOr(oe.ServiceID, tk.c.Service) + ":" + oe.OperationName
		}
		sess.Fail(api, err)
	}
	region := tk.region
	for _, typ := range tk.c.Types {
		t, _ := awsmodel.Lookup(typ)
		scope := typ + "@" + acct.id
		reg := ""
		if !t.Global {
			scope += "/" + region
			reg = region
		}
		c := model.Coverage{Scope: scope, Status: model.CoverageComplete, Account: acct.id, Region: reg, Service: tk.c.Service}
		if len(sess.problems) > 0 {
			p := sess.problems[0]
			c.Status, c.API = p.status, p.api
			c.Reason = p.reason
			if n := len(sess.problems); n > 1 {
				c.Reason += fmt.Sprintf(" (and %d more failed calls)", n-1)
			}
		}
		cov = append(cov, c)
	}
	return cov
}

func iamPrefixOr(serviceID, fallback string) string {
	if p, ok := iamPrefix[serviceID]; ok {
		return p
	}
	return fallback
}

// safeCollect runs a collector, turning a panic (an API answer shaped in
// a way the collector did not expect) into an error for its scope: one
// bad answer must not end the scan.
func safeCollect(ctx context.Context, c Collector, s *Session) (err error) {
	defer func() {
		if r := recover(); r != nil {
			s.Log.Error("collector panicked; its scope is recorded as not read", "service", c.Service, "types", c.Types,
				"account", s.Account, "region", s.Region, "panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("collector for %s failed unexpectedly (%v); please report this with the debug log", strings.Join(c.Types, ", "), r)
		}
	}()
	return c.Collect(ctx, s)
}
