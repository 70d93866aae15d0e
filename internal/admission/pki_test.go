package admission_test

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/kubetest"
)

// servingCert writes a fresh CA and a certificate it signed for
// 127.0.0.1 into dir (tls.crt, tls.key) and returns the CA's PEM.
func servingCert(t testing.TB, dir, cn string) []byte {
	t.Helper()
	ca, err := kubetest.WriteServingCert(dir, cn)
	if err != nil {
		t.Fatal(err)
	}
	return ca
}
