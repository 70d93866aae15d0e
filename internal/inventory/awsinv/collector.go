package awsinv

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/smithy-go"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// Collector gathers one family of resources of one service.
type Collector struct {
	// Service is the name --services selects (s3, iam, ec2 …).
	Service string
	// Global collectors run once per account (in the home region);
	// the others once per enabled region.
	Global bool
	// Types are the resource types it produces: its coverage scopes.
	Types []string
	// Actions are the IAM actions it may call; `vigil aws permissions`
	// prints their union and a test fails when a call is missing here.
	Actions []string
	// Collect reads and emits.
	Collect func(ctx context.Context, s *Session) error
}

// Session is one collector's run in one account and region.
type Session struct {
	// Config holds the account's credentials and the region.
	Config  aws.Config
	Account string
	// Region is the region collected (the home region for global
	// collectors).
	Region string
	Log    *slog.Logger

	acct *accountState
	sink func(*model.Resource)
	ctx  context.Context // the collector's, for lookups New makes

	mu       sync.Mutex
	problems []problem
}

type problem struct {
	api    string
	status string
	reason string
}

// Emit streams a resource.
func (s *Session) Emit(r *model.Resource) { s.sink(r) }

// New builds a resource of type typ in this session's account and
// region.
func (s *Session) New(typ, id, name string, tags map[string]string, unread []string, shape any) *model.Resource {
	t, ok := awsmodel.Lookup(typ)
	if !ok {
		panic("awsinv: unmodelled type " + typ) // a programming error caught by every test
	}
	region := s.Region
	if t.Global {
		region = "" // the collector sets it when the resource has one
	} else if tags == nil && s.ctx != nil {
		tags = s.regionTags(s.ctx)[id]
	}
	return awsmodel.NewResource(t, awsmodel.Base{ID: id, Account: s.Account, Region: region, Name: name, Tags: tags, Unread: unread}, shape)
}

// Fail records that api could not be read for this session's scope;
// the collector goes on with what it has, and the scope's coverage
// record carries the API and the classified reason.
func (s *Session) Fail(api string, err error) {
	status, reason := Classify(err)
	s.mu.Lock()
	s.problems = append(s.problems, problem{api: api, status: status, reason: reason})
	s.mu.Unlock()
	s.Log.Debug("aws call failed", "account", s.Account, "region", s.Region, "api", api, "status", status, "reason", reason)
}

// Shared returns the account-wide value of key, computing it once per
// account (the S3 account block, the IAM credential report …) for
// collectors that need it.
func (s *Session) Shared(key string, compute func() (any, error)) (any, error) {
	return s.acct.shared(key, compute)
}

// IsNotFound reports whether err says the thing asked for is absent (a
// bucket without a policy, an unconfigured setting): not a failure.
func IsNotFound(err error, codes ...string) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	code := ae.ErrorCode()
	for _, c := range codes {
		if code == c {
			return true
		}
	}
	return strings.HasPrefix(code, "NoSuch") || strings.HasSuffix(code, "NotFoundException") || strings.HasSuffix(code, "NotFound") || code == "ResourceNotFoundException"
}

// Denial codes.
var deniedCodes = map[string]bool{
	"AccessDenied": true, "AccessDeniedException": true, "UnauthorizedOperation": true,
	"UnauthorizedAccess": true, "AuthorizationError": true, "AuthorizationErrorException": true,
	"OptInRequired": true, "SubscriptionRequiredException": true, "Forbidden": true,
	"AccessDeniedForDependencyException": true,
}

var regionCodes = map[string]bool{
	"AuthFailure": true, "UnrecognizedClientException": true, "InvalidClientTokenId": true,
}

var throttleCodes = map[string]bool{
	"Throttling": true, "ThrottlingException": true, "RequestLimitExceeded": true, "SlowDown": true,
	"TooManyRequestsException": true, "RequestThrottled": true, "ProvisionedThroughputExceededException": true,
	"ThrottledException": true, "RequestThrottledException": true, "BandwidthLimitExceeded": true,
}

// Classify turns an API error into a coverage status and a reason a
// user can act on.
func Classify(err error) (status, reason string) {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		code := ae.ErrorCode()
		msg := ae.ErrorMessage()
		switch {
		case deniedCodes[code]:
			if code == "OptInRequired" || code == "SubscriptionRequiredException" {
				return model.CoverageDenied, code + ": the account is not subscribed to this service"
			}
			return model.CoverageDenied, code + ": grant the permission printed by `vigil aws permissions`"
		case regionCodes[code]:
			return model.CoverageDenied, code + ": the region is not enabled for the account, or the credentials are not valid there"
		case throttleCodes[code]:
			return model.CoverageError, code + ": still throttled after the retry budget; raise --max-attempts or lower --rate"
		}
		return model.CoverageError, fmt.Sprintf("%s: %s", code, msg)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return model.CoverageError, "cancelled: " + err.Error()
	}
	return model.CoverageError, err.Error()
}

// accountState is what an account's collectors share.
type accountState struct {
	mu   sync.Mutex
	once map[string]*sharedValue
	cfg  aws.Config
	id   string
	home string
}

type sharedValue struct {
	once sync.Once
	v    any
	err  error
}

func (a *accountState) shared(key string, compute func() (any, error)) (any, error) {
	a.mu.Lock()
	sv := a.once[key]
	if sv == nil {
		sv = &sharedValue{}
		a.once[key] = sv
	}
	a.mu.Unlock()
	sv.once.Do(func() { sv.v, sv.err = compute() })
	return sv.v, sv.err
}

// Actions returns the sorted union of the collectors' IAM actions and
// those the runner itself needs.
func Actions(cs []Collector, org bool) []string {
	set := map[string]bool{"sts:GetCallerIdentity": true, "ec2:DescribeRegions": true, "tag:GetResources": true}
	if org {
		set["organizations:ListAccounts"] = true
		set["organizations:DescribeOrganization"] = true
		set["sts:AssumeRole"] = true
	}
	for _, c := range cs {
		for _, a := range c.Actions {
			set[a] = true
		}
	}
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}
