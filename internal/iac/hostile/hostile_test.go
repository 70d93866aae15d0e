package hostile

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestInvalidUTF8(t *testing.T) {
	for in, want := range map[string]int{"": 0, "héllo": 6, "ab\xffcd": 2, "a\xc3": 1} {
		if got := InvalidUTF8([]byte(in)); got != want {
			t.Errorf("InvalidUTF8(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestDepth(t *testing.T) {
	var n yaml.Node
	src := strings.Repeat("[", 50) + strings.Repeat("]", 50)
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	if d := Depth(&n, 0, 100); d < 50 || d > 52 {
		t.Errorf("depth %d, want about 50", d)
	}
	if d := Depth(&n, 0, 10); d != 11 {
		t.Errorf("depth past the limit %d, want 11 (stops counting)", d)
	}
}
