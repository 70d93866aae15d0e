package terraform

import (
	"strings"
	"testing"
)

// TestLongOperatorChain: a chain of operators is an expression tree as
// deep as it is long; a file with too many is refused before it can
// overflow the stack.
func TestLongOperatorChain(t *testing.T) {
	src := "locals {\n  x = 1" + strings.Repeat("+1", 300_000) + "\n}\n"
	dir := writeTree(t, map[string]string{"main.tf": src})
	_, errs := ParseDir(dir, Options{})
	if !strings.Contains(errText(errs), "Too many operators") {
		t.Fatalf("errors:\n%s", errText(errs))
	}
}
