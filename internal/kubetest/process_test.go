package kubetest

import (
	"strings"
	"testing"
	"time"
)

// TestPortTaken: a server that exits saying its address is in use is
// told apart from one that fails otherwise, or still runs.
func TestPortTaken(t *testing.T) {
	for _, tc := range []struct {
		script string
		want   bool
	}{
		{`echo 'listen tcp 127.0.0.1:4001: bind: address already in use' >&2; exit 1`, true},
		{`echo 'some other failure' >&2; exit 1`, false},
		{`echo 'bind: address already in use'; sleep 30`, false}, // still running
	} {
		p, err := startProcess("sh", t.TempDir(), "/bin/sh", "-c", tc.script)
		if err != nil {
			t.Fatal(err)
		}
		if tc.want || strings.Contains(tc.script, "exit 1") {
			<-p.done
		} else {
			time.Sleep(200 * time.Millisecond)
		}
		if got := p.portTaken(); got != tc.want {
			t.Errorf("%q: portTaken = %v, want %v", tc.script, got, tc.want)
		}
		p.stop(time.Second)
	}
}
