package kubetest

import "syscall"

// setPdeathsig makes the kernel kill the child if the test binary dies
// without calling Env.Stop.
func setPdeathsig(attr *syscall.SysProcAttr) {
	attr.Pdeathsig = syscall.SIGKILL
}
