package exceptions

import (
	"sort"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/wildcard"
)

// Exception is one accepted risk of an exceptions file.
type Exception struct {
	ID         string    `json:"id"`
	Rule       string    `json:"rule"`
	Resource   Selector  `json:"resource"`
	Reason     string    `json:"reason"`
	Owner      string    `json:"owner"`
	ApprovedBy string    `json:"approved_by"`
	Created    time.Time `json:"created"`
	Expires    time.Time `json:"expires"`
	// File and Line are where the exception was written.
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	// Origin is who manages it in the store: store.ExceptionFromFile
	// or store.ExceptionFromAPI ("" before it is stored).
	Origin string `json:"origin,omitempty"`
}

// Selector picks resources; empty fields pick any.
type Selector struct {
	ID        string            `json:"id,omitempty"`
	Type      string            `json:"type,omitempty"`
	Provider  string            `json:"provider,omitempty"`
	Account   string            `json:"account,omitempty"`
	Region    string            `json:"region,omitempty"`
	Namespace string            `json:"namespace,omitempty"`
	Labels    map[string]string `json:"labels,omitempty"`
}

// End is the instant the exception stops holding: the day after its
// expires date.
func (e *Exception) End() time.Time { return e.Expires.AddDate(0, 0, 1) }

// Expired reports whether the exception no longer holds at now.
func (e *Exception) Expired(now time.Time) bool { return !now.Before(e.End()) }

// DaysLeft is how many days remain from now's date (UTC) to the
// expires date: 0 on the last day it holds, negative once it expired.
func (e *Exception) DaysLeft(now time.Time) int { return DaysUntil(e.Expires, now) }

// DaysUntil is how many calendar days (UTC) lie between now's date and
// day.
func DaysUntil(day, now time.Time) int {
	today := now.UTC().Truncate(24 * time.Hour)
	return int(day.UTC().Truncate(24*time.Hour).Sub(today) / (24 * time.Hour))
}

// Matches reports whether the exception's rule and selector pick f,
// expired or not.
func (e *Exception) Matches(f *model.Finding) bool {
	if !wildcard.Match(e.Rule, f.RuleID) {
		return false
	}
	r := f.Resource
	if r == nil {
		return false
	}
	s := &e.Resource
	for _, p := range [][2]string{{s.ID, r.ID}, {s.Type, r.Type}, {s.Provider, r.Provider}, {s.Account, r.Account}, {s.Region, r.Region}, {s.Namespace, r.Namespace}} {
		if p[0] != "" && !wildcard.Match(p[0], p[1]) {
			return false
		}
	}
	for k, v := range s.Labels {
		got, ok := r.Labels[k]
		if !ok || !wildcard.Match(v, got) {
			return false
		}
	}
	return true
}

// Apply judges each open finding against set at now: the first
// unexpired exception (by id) matching it makes it excepted and is named
// on it; one matched only by expired exceptions stays open and names the
// one that expired last. An unexpired inline exception keeps priority;
// resolved findings are left alone.
func Apply(fs []model.Finding, set []Exception, now time.Time) {
	if len(set) == 0 {
		return
	}
	for i := range fs {
		ApplyOne(&fs[i], set, now)
	}
}

// ApplyOne is Apply for one finding.
func ApplyOne(f *model.Finding, set []Exception, now time.Time) {
	if f.Status == model.StatusResolved || f.Status == model.StatusExcepted {
		return
	}
	var lapsed *Exception
	for i := range set {
		e := &set[i]
		if !e.Matches(f) {
			continue
		}
		if !e.Expired(now) {
			f.Status = model.StatusExcepted
			f.Exception = e.named(false)
			return
		}
		if lapsed == nil || e.Expires.After(lapsed.Expires) {
			lapsed = e
		}
	}
	if lapsed != nil && f.Exception == nil {
		f.Exception = lapsed.named(true)
	}
}

// model.Exception.Source of the store's set: an exception of a file, or
// one approved through the service's API.
const (
	SourceFile = store.ExceptionFromFile
	SourceAPI  = store.ExceptionFromAPI
)

func (e *Exception) named(expired bool) *model.Exception {
	end := e.End()
	src := SourceFile
	if e.Origin == SourceAPI {
		src = SourceAPI
	}
	return &model.Exception{Source: src, ID: e.ID, Owner: e.Owner, Reason: e.Reason, Expires: &end, Expired: expired, File: e.File, Line: e.Line}
}

// sortByID orders a set by id.
func sortByID(set []Exception) {
	sort.Slice(set, func(i, j int) bool { return set[i].ID < set[j].ID })
}
