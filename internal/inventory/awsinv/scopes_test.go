package awsinv

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/model"
)

// TestScopeSize: no scope holds more than the scope size, even when one
// collector reads more in a region, and the parts hold what the whole
// region does.
func TestScopeSize(t *testing.T) {
	serveEstate(t, awstest.Estate{Account: "999999999999", Regions: []string{"us-east-1", "eu-west-1"}, Resources: 1500})
	ctx := context.Background()
	ids := func(size int) (all []string, largest int) {
		s, err := New(ctx, Config{Rate: 1e6, Burst: 1e6}, Collectors())
		if err != nil {
			t.Fatal(err)
		}
		s.scopeSize = size
		var mu sync.Mutex // emit may be called from several goroutines
		err = s.Scopes(ctx, func(sc *model.Scope) error {
			mu.Lock()
			defer mu.Unlock()
			largest = max(largest, len(sc.Resources))
			for _, r := range sc.Resources {
				all = append(all, r.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(all)
		return all, largest
	}
	whole, largest := ids(0)
	if largest <= 100 {
		t.Fatalf("the largest region scope holds %d resources: the test needs one collector to read more than 100", largest)
	}
	parts, largest := ids(100)
	if largest > 100 {
		t.Errorf("a scope holds %d resources, over the size of 100", largest)
	}
	if !slices.Equal(whole, parts) {
		t.Errorf("%d resources in parts of 100, %d whole", len(parts), len(whole))
	}
}
