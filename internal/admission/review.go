package admission

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	utiljson "k8s.io/apimachinery/pkg/util/json"
)

// MaxReviewBytes bounds an AdmissionReview body: the API server's own
// request limit (3 MiB) with room for the old object of an UPDATE.
const MaxReviewBytes = 7 << 20

// Review is a decoded admission request with its objects as JSON maps.
type Review struct {
	Request *admissionv1.AdmissionRequest
	// Object and OldObject are the request's objects (nil when absent:
	// OldObject on CREATE, Object on DELETE).
	Object, OldObject map[string]any
}

// DryRun reports whether the request is a dry run.
func (r *Review) DryRun() bool { return r.Request.DryRun != nil && *r.Request.DryRun }

// ErrReview marks a body that is not a usable AdmissionReview.
var ErrReview = errors.New("not an admission.k8s.io/v1 AdmissionReview")

// Decode reads an AdmissionReview request. A body that is not one is an
// error wrapping ErrReview that says what is wrong.
func Decode(data []byte) (*Review, error) {
	if len(data) > MaxReviewBytes {
		return nil, fmt.Errorf("%w: the body is %d bytes, more than the %d allowed", ErrReview, len(data), MaxReviewBytes)
	}
	var ar admissionv1.AdmissionReview
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&ar); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrReview, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: data after the review object", ErrReview)
	}
	if ar.APIVersion != admissionv1.SchemeGroupVersion.String() || ar.Kind != "AdmissionReview" {
		return nil, fmt.Errorf("%w: apiVersion %q kind %q; register the webhook with admissionReviewVersions: [v1]", ErrReview, ar.APIVersion, ar.Kind)
	}
	req := ar.Request
	if req == nil {
		return nil, fmt.Errorf("%w: no request", ErrReview)
	}
	if req.UID == "" {
		return nil, fmt.Errorf("%w: request.uid is empty", ErrReview)
	}
	switch req.Operation {
	case admissionv1.Create, admissionv1.Update, admissionv1.Delete, admissionv1.Connect:
	default:
		return nil, fmt.Errorf("%w: request.operation %q is not CREATE, UPDATE, DELETE or CONNECT", ErrReview, req.Operation)
	}
	rv := &Review{Request: req}
	var err error
	if rv.Object, err = object("object", req.Object.Raw); err != nil {
		return nil, err
	}
	if rv.OldObject, err = object("oldObject", req.OldObject.Raw); err != nil {
		return nil, err
	}
	if (req.Operation == admissionv1.Create || req.Operation == admissionv1.Update) && rv.Object == nil {
		return nil, fmt.Errorf("%w: a %s request without request.object", ErrReview, req.Operation)
	}
	if req.Operation == admissionv1.Update && rv.OldObject == nil {
		return nil, fmt.Errorf("%w: an UPDATE request without request.oldObject", ErrReview)
	}
	return rv, nil
}

// object decodes an embedded object as the dynamic client does (whole
// numbers as int64), nil when absent.
func object(field string, raw []byte) (map[string]any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	var m map[string]any
	if err := utiljson.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%w: request.%s is not a JSON object: %v", ErrReview, field, err)
	}
	return m, nil
}

// Response is the AdmissionReview answering uid.
func Response(uid string, allowed bool, message string, code int32, warnings []string) *admissionv1.AdmissionReview {
	resp := &admissionv1.AdmissionResponse{UID: types.UID(uid), Allowed: allowed, Warnings: warnings}
	if message != "" || !allowed {
		resp.Result = &metav1.Status{Message: message, Code: code}
		if !allowed {
			resp.Result.Status = metav1.StatusFailure
			resp.Result.Reason = metav1.StatusReasonForbidden
		}
	}
	return &admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: admissionv1.SchemeGroupVersion.String(), Kind: "AdmissionReview"},
		Response: resp,
	}
}
