package kube

import (
	"reflect"

	corev1 "k8s.io/api/core/v1"
)

var (
	podSpecType    = reflect.TypeOf(corev1.PodSpec{})
	nodeStatusType = reflect.TypeOf(corev1.NodeStatus{})
)
