package k8s

import "fmt"

const lastAppliedKey = "kubectl.kubernetes.io/last-applied-configuration"

func toString(v any) string { return fmt.Sprintf("%v", v) }

// docReader is one of the two ways a file's documents are read.
type docReader struct {
	name string
	read func(name string, data []byte) ([]document, bool)
}

func readers() []docReader {
	return []docReader{
		{"yaml.v3", func(name string, data []byte) ([]document, bool) { return readYAML(name, data), true }},
	}
}
