package terraform

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

func TestDump(t *testing.T) {
	dir := os.Getenv("TFDIR")
	if dir == "" {
		t.Skip()
	}
	insts, errs := ParseDir(dir, Options{})
	for _, e := range errs {
		fmt.Println("ERR", e.Error())
	}
	for _, in := range insts {
		b, _ := json.Marshal(in.Values)
		fmt.Printf("%s %s:%d call=%s:%d %s\n  lines=%v\n", in.Address, in.File, in.Line, in.CallFile, in.CallLine, b, in.Lines)
	}
}
