//go:build !unix

package kubetest

import (
	"os"
	"syscall"
)

func sysProcAttr() *syscall.SysProcAttr { return nil }

// terminate kills p; without process groups there is no gentler option.
func terminate(p *os.Process, _ bool) {
	_ = p.Kill()
}
