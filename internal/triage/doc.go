// Package triage judges, when findings are read, what a team needs to
// act on them: who owns each finding, when it is due and whether it is
// overdue (Apply), and which findings are one problem seen twice — an
// IaC finding and a live finding of the same rule on the resource the
// IaC declares (Link).
//
// Owners come from the resource's tags or labels (vigil.yaml
// owners.tag_keys), else the first owners.map entry that matches it
// (account, cluster, namespace, region, path prefix); each finding says
// which. A finding is due its severity's due_dates duration after it was
// first seen, and overdue when it is open (not resolved, not excepted)
// and the clock has passed its due date.
//
// A live resource is declared by the IaC resource its address tag names
// (links.address_tag_keys: the address, or file#address), else by the
// IaC resource of the same type and name (links.by_name; for Kubernetes
// kind, namespace and name, a manifest without a namespace taken as
// links.manifest_namespace) when exactly one live and one IaC resource
// have them. The live finding is canonical: it names the declaration
// (Triage.DeclaredIn) and the IaC findings that repeat it
// (Triage.Duplicates); each of those names it (Triage.DuplicateOf).
//
// Invariants: nothing is stored — a changed vigil.yaml or the clock
// takes effect on the next read without a scan; a resource never links
// to one of another type, and a name two resources share links neither;
// a resolved finding is neither canonical nor a duplicate.
package triage
