package tfjson

import (
	"testing"
)

func TestGolden(t *testing.T) {
	for _, name := range []string{"plan.json", "terraform.tfstate"} {
		t.Run(name, func(t *testing.T) {
			ins, errs := Parse(name, readTestdata(t, name))
			if len(errs) != 0 {
				t.Fatalf("errors: %v", errs)
			}
			golden(t, name+".golden", render(ins))
		})
	}
}
