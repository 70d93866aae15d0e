package admission_test

import (
	"errors"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"

	"github.com/vigil-cspm/vigil/internal/admission"
)

// TestDecode: a review decodes with its objects; each malformed one is
// an ErrReview naming what is wrong.
func TestDecode(t *testing.T) {
	rv, err := admission.Decode(review(t, admissionv1.Update, privilegedPod("a", "p"), privilegedPod("a", "p"), true))
	if err != nil {
		t.Fatal(err)
	}
	if rv.Object["kind"] != "Pod" || rv.OldObject == nil || !rv.DryRun() || rv.Request.UID != "uid-1" {
		t.Errorf("decoded %+v", rv)
	}
	for body, want := range map[string]string{
		`{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","object":{}}}`: "admissionReviewVersions",
		`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}`:                                                             "no request",
		`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"operation":"CREATE","object":{}}}`:                "uid",
		`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"PATCH","object":{}}}`:       "operation",
		`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE"}}`:                  "request.object",
		`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","object":[1]}}`:     "not a JSON object",
		`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"UPDATE","object":{}}}`:      "oldObject",
		`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","object":{}}} {}`:   "after",
	} {
		_, err := admission.Decode([]byte(body))
		if !errors.Is(err, admission.ErrReview) || !strings.Contains(err.Error(), want) {
			t.Errorf("Decode(%s) = %v, want an ErrReview about %q", body, err, want)
		}
	}
}

// FuzzDecodeReview: Decode never panics, and what it accepts has a
// request with a uid and, for CREATE and UPDATE, an object.
func FuzzDecodeReview(f *testing.F) {
	f.Add(review(f, admissionv1.Create, privilegedPod("a", "p"), nil, false))
	f.Add(review(f, admissionv1.Update, privilegedDeployment("a", "d", 2), privilegedDeployment("a", "d", 3), true))
	f.Add([]byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"DELETE"}}`))
	f.Add([]byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","operation":"CREATE","object":{"a":[[[[1e999]]]]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rv, err := admission.Decode(data)
		if err != nil {
			if !errors.Is(err, admission.ErrReview) {
				t.Fatalf("error %v does not wrap ErrReview", err)
			}
			return
		}
		if rv.Request == nil || rv.Request.UID == "" {
			t.Fatalf("accepted a review without a uid")
		}
		if op := rv.Request.Operation; (op == admissionv1.Create || op == admissionv1.Update) && rv.Object == nil {
			t.Fatalf("accepted a %s without an object", op)
		}
	})
}
