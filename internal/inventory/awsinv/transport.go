package awsinv

import (
	"context"
	"net/http"
	"strings"
	"sync"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	"golang.org/x/time/rate"

	"github.com/vigil-cspm/vigil/internal/model"
)

// ServiceHealth is the scan record's per-service call count.
type ServiceHealth = model.ServiceHealth

// limiter paces requests per account, region and service: a token
// bucket and a cap on requests in flight. It also counts them.
type limiter struct {
	rate     rate.Limit
	burst    int
	inflight int

	mu      sync.Mutex
	buckets map[string]*bucket
	health  map[string]*ServiceHealth
	ops     map[string]int // "ServiceID:Operation" -> operations started
}

type bucket struct {
	lim *rate.Limiter
	sem chan struct{}
}

func newLimiter(perSecond float64, burst, inflight int) *limiter {
	return &limiter{rate: rate.Limit(perSecond), burst: burst, inflight: inflight,
		buckets: map[string]*bucket{}, health: map[string]*ServiceHealth{}, ops: map[string]int{}}
}

func (l *limiter) bucket(key string) *bucket {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(l.rate, l.burst), sem: make(chan struct{}, l.inflight)}
		l.buckets[key] = b
	}
	return b
}

func (l *limiter) count(service string, f func(*ServiceHealth)) {
	l.mu.Lock()
	h := l.health[service]
	if h == nil {
		h = &ServiceHealth{Service: service}
		l.health[service] = h
	}
	f(h)
	l.mu.Unlock()
}

// transport applies the limiter to one account's requests.
type transport struct {
	base    http.RoundTripper
	account string
	l       *limiter
}

// scopeOf reads region and service from the SigV4 credential scope.
func scopeOf(r *http.Request) (region, service string) {
	h := r.Header.Get("Authorization")
	i := strings.Index(h, "Credential=")
	if i < 0 {
		return "", "unsigned"
	}
	cred := h[i+len("Credential="):]
	if j := strings.IndexAny(cred, ", "); j >= 0 {
		cred = cred[:j]
	}
	parts := strings.Split(cred, "/")
	if len(parts) != 5 {
		return "", "unsigned"
	}
	return parts[2], parts[3]
}

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	region, service := scopeOf(r)
	b := t.l.bucket(t.account + "/" + region + "/" + service)
	ctx := r.Context()
	select {
	case b.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-b.sem }()
	if err := b.lim.Wait(ctx); err != nil {
		return nil, err
	}
	resp, err := t.base.RoundTrip(r)
	throttled := err == nil && (resp.StatusCode == 429 || resp.StatusCode == 503 || (resp.StatusCode == 400 && looksThrottled(resp)))
	t.l.count(service, func(h *ServiceHealth) {
		h.Calls++
		if throttled {
			h.Throttled++
		}
	})
	return resp, err
}

// looksThrottled peeks at headers only (bodies belong to the SDK): JSON
// services name the error in X-Amzn-ErrorType.
func looksThrottled(resp *http.Response) bool {
	et := resp.Header.Get("X-Amzn-ErrorType")
	return strings.Contains(et, "Throttl") || strings.Contains(et, "TooManyRequests")
}

// opMiddleware counts operations by service ID and name, and failures
// by service, for the permissions test and connector health.
func (l *limiter) opMiddleware(stack *middleware.Stack) error {
	return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("VigilOperationCounter",
		func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
			svc := awsmiddleware.GetServiceID(ctx)
			op := awsmiddleware.GetOperationName(ctx)
			l.mu.Lock()
			l.ops[svc+":"+op]++
			l.mu.Unlock()
			out, md, err := next.HandleInitialize(ctx, in)
			if err != nil && !IsNotFound(err) {
				l.count(serviceHealthName(svc), func(h *ServiceHealth) { h.Errors++ })
			}
			return out, md, err
		}), middleware.After)
}

// serviceHealthName maps an SDK service ID to the signing name used in
// the health counts, so calls and errors land on one line.
func serviceHealthName(serviceID string) string {
	if a, ok := iamPrefix[serviceID]; ok {
		return a
	}
	return strings.ToLower(strings.ReplaceAll(serviceID, " ", ""))
}
