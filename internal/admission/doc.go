// Package admission is Vigil's validating admission webhook: a thin
// front-end over the scan pipeline. It decodes an AdmissionReview
// (admission.k8s.io/v1), normalizes its object with package kube exactly
// as a manifest or a live object is, and judges it with scan.Evaluate —
// the same library, rule parameters, exceptions, controller
// de-duplication and fingerprints as a scan — reading the objects that
// cross-object rules need from a cache of exactly the related kinds
// (Cache, kept by list and watch, each object converted to rule input
// once, when the watch delivers it). Exceptions are the file's and, with
// a vigil serve configured, its approved set (ServiceExceptions, read
// again every refresh; the last good set is kept while the service
// cannot be read). Each finding then takes a mode:
// enforce denies, warn allows with an admission warning, audit allows
// and records. The cluster floor (vigil.yaml's admission section) sets
// the modes; namespace labels vigil.dev/enforce|warn|audit=<framework>|all
// can only raise them.
//
// Invariants: a kind Vigil does not model, an exempt namespace, user,
// group or service account, and an UPDATE that leaves what rules read
// unchanged are allowed without evaluation; only workloads (bare pods and
// controllers) are denied — a pod a controller created and every other
// kind get warnings at most, so a user sees a denial on the object they
// applied; a dry-run request gets the same answer and records nothing;
// the decoder never panics on hostile input (FuzzDecodeReview), nor
// the reader of the service's exceptions (FuzzParseServiceExceptions);
// decisions queued for the service when the webhook stops are sent
// within a deadline (Sender.Flush), and what is not is counted.
package admission
