package k8s

import "fmt"

const lastAppliedKey = "kubectl.kubernetes.io/last-applied-configuration"

func toString(v any) string { return fmt.Sprintf("%v", v) }
