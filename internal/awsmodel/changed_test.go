package awsmodel

import (
	"testing"
	"time"
)

type embedded struct{ CreateDate *time.Time }

type withEmbedded struct {
	*embedded
	Name string
}

// TestChangedAt: the creation field is found at the top level or
// embedded, the preferred one first; none, a nil one or an embedded
// nil pointer give nil without panicking.
func TestChangedAt(t *testing.T) {
	launch := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	created := time.Date(2026, 1, 1, 9, 0, 0, 0, time.FixedZone("x", 3600))
	cases := []struct {
		name  string
		shape any
		want  *time.Time
	}{
		{"launch time first", struct {
			CreateDate *time.Time
			LaunchTime *time.Time
		}{&created, &launch}, &launch},
		{"embedded", &withEmbedded{embedded: &embedded{CreateDate: &created}}, &created},
		{"embedded nil", &withEmbedded{}, nil},
		{"nil field", struct{ CreateDate *time.Time }{}, nil},
		{"value field", struct{ CreationDate time.Time }{created}, &created},
		{"none", struct{ Name string }{"x"}, nil},
		{"not a struct", "x", nil},
		{"nil pointer", (*withEmbedded)(nil), nil},
	}
	for _, c := range cases {
		got := ChangedAt(c.shape)
		switch {
		case c.want == nil && got != nil:
			t.Errorf("%s: %v, want none", c.name, got)
		case c.want != nil && (got == nil || !got.Equal(*c.want) || got.Location() != time.UTC):
			t.Errorf("%s: %v, want %v in UTC", c.name, got, c.want)
		}
	}
}
