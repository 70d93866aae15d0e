//go:build unix

package kubetest

import (
	"os"
	"syscall"
)

// sysProcAttr puts the child in its own process group so that it and any
// children it spawns can be signalled together.
func sysProcAttr() *syscall.SysProcAttr {
	attr := &syscall.SysProcAttr{Setpgid: true}
	setPdeathsig(attr)
	return attr
}

// terminate signals the process group led by p: SIGKILL when kill is set,
// SIGTERM otherwise.
func terminate(p *os.Process, kill bool) {
	sig := syscall.SIGTERM
	if kill {
		sig = syscall.SIGKILL
	}
	// The group outlives its leader only while members remain; ESRCH just
	// means there is nothing left to signal.
	if err := syscall.Kill(-p.Pid, sig); err != nil {
		_ = p.Signal(sig)
	}
}
