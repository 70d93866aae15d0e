// Package metrics computes Vigil's service-level indicators from the
// store: inventory coverage (M1), critical-policy compliance (M2), mean
// time to detect (M3) and to remediate (M4), alert-to-action (M5, from
// vigil serve's delivery log), policy drift (M7), the false-positive
// rate (M8), scan latency (M9) and audit readiness (M10, the time
// evidence bundles took), each for a window, the window of the same
// length before it, and week by week. M6 (remediation success) is named
// as not measured until remediation exists.
//
// Compute reads the store once and judges everything against the clock
// it is given, so a report of a past window is reproducible and the
// server can call it as the CLI does. docs/metrics.md defines each
// indicator, its formula and its limits.
//
// Invariants: metrics only read; a metric with nothing to measure in a
// span has no value (null), never zero.
package metrics
